"""Repairs for text that lost its Markdown on the way out of a notes app or a web page.

Each function takes lines and gives lines back (plus what it did), so an importer can say
what it changed: unfenced code fenced (Python whose indentation was stripped re-indented until
it compiles, and marked), math delimiters restored where the text is clearly LaTeX, chat
residue recognised, half-lost lists rebuilt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_STRINGS = re.compile(r"""("([^"\\]|\\.)*"|'([^'\\]|\\.)*')""")

_PY_STRONG = re.compile(
    r"^(import [\w.]+|from [\w.]+ import |class \w+.*:$|(async )?def \w+\s*\(.*\)\s*(->.*)?:$|"
    r"return\b|for .+ in .+:$|while .+:$|if .+:$|elif .+:$|else\s*:$|try\s*:$|except\b.*:$|"
    r"finally\s*:$|with .+:$|@[\w.]+|raise\b|assert\b|pass$|break$|continue$|yield\b|"
    r"global |nonlocal |del )")
_PY_ASSIGN = re.compile(r"^[A-Za-z_][\w.]*(\[[^\]]*\])?(\s*,\s*[A-Za-z_][\w.]*)*\s*"
                        r"([+\-*/%@&|^]|//|\*\*)?=(?!=)\s*\S")
_PY_CALL = re.compile(r"^[A-Za-z_][\w.]*(\(.*\))?(\.[A-Za-z_]\w*(\(.*\))?)*\(.*\)\s*$")
# a compound statement whose body was flattened onto its line: "for x in y:print(x)"
_PY_FLAT = re.compile(r"^(for \w.* in .+|while .+|if .+|with .+|def \w+\(.*\)|class \w+.*):\S")
_SHELL = re.compile(r"^(\$ |pip3? install |conda |git |apt(-get)? |python3? -m |npm |cd |ls\b|"
                    r"mkdir |export \w+=)")
_BLOCK_OPENER = re.compile(r":\s*(#.*)?$")
_DEDENT_KEYWORDS = re.compile(r"^(elif\b|else\s*:|except\b|finally\s*:)")
_ENDS_BLOCK = re.compile(r"^(return\b|raise\b|pass$|break$|continue$)")

RECONSTRUCTED_NOTE = "# kb import: indentation reconstructed; please review"


def has_cjk_outside_strings(line: str) -> bool:
    code, _, comment = _STRINGS.sub("''", line).partition("#")
    return bool(_CJK.search(code))


def code_kind(line: str) -> str | None:
    """'python' or 'bash' when a line looks like code, None for prose."""
    s = line.strip()
    if not s or has_cjk_outside_strings(s):
        return None
    if _SHELL.match(s):
        return "bash"
    if _PY_STRONG.match(s) or _PY_ASSIGN.match(s) or _PY_CALL.match(s) or _PY_FLAT.match(s):
        return "python"
    if s.startswith("self.") or s in (")", "]", "}"):
        return "python"
    return None


@dataclass
class CodeRegion:
    start: int  # index in the lines
    end: int  # exclusive
    lang: str
    reconstructed: bool = False
    compiles: bool = True


def find_code_regions(lines: list[str]) -> list[CodeRegion]:
    """Runs of code-like lines (comments and blank lines inside a run stay in it)."""
    regions: list[CodeRegion] = []
    i = 0
    n = len(lines)
    while i < n:
        kind = code_kind(lines[i])
        if kind is None:
            i += 1
            continue
        start, end = i, i + 1
        strong = bool(_PY_STRONG.match(lines[i].strip())) or kind == "bash"
        j = i + 1
        while j < n:
            s = lines[j].strip()
            k = code_kind(lines[j])
            if k is not None:
                strong = strong or bool(_PY_STRONG.match(s)) or k == "bash"
                end = j + 1
                j += 1
                continue
            if s.startswith("# ") or s == "":  # a comment or a gap: code if code follows
                look = j + 1
                while look < n and (lines[look].strip() == "" or
                                    lines[look].strip().startswith("# ")):
                    look += 1
                if look < n and code_kind(lines[look]) is not None and look - j <= 3:
                    j = look
                    continue
            break
        size = end - start
        if strong or size >= 2:
            regions.append(CodeRegion(start, end, kind))
        i = max(end, i + 1)
    return regions


def reindent_python(lines: list[str]) -> tuple[list[str], bool]:
    """Re-indent Python whose leading white space was stripped; (lines, compiles).

    Rules: after a line ending in ':' the next line goes one level in; ``elif``/``else``/
    ``except``/``finally`` go back to their opener (also one a ``return``/``raise`` closed);
    ``return`` after a loop goes to the function body and ends the function, inside an
    ``if``/``try`` branch it ends that branch; ``pass``/``break``/``continue``/``raise`` end the
    innermost block; a ``def`` in a class is a method; a statement that calls a function or
    class still being defined is outside it (``net = Net(3)``). Where none of these says
    otherwise a block goes on, so the result is marked for a person to review.
    """
    partners = {"elif": ("if", "elif"), "else": ("if", "elif", "for", "while", "try", "except"),
                "except": ("try", "except"), "finally": ("try", "except", "else")}
    loops = ("for", "while")
    stack: list[tuple[str, int, str]] = []  # (keyword, level of the opener, name if def/class)
    closed: list[tuple[str, int, str]] = []  # blocks ended by return/raise/pass…, newest last
    level = 0
    after_method = False
    opener_at: int | None = None  # index in out of the last block-opening line
    out: list[str] = []
    for raw in lines:
        s = raw.strip()
        if not s:
            out.append("")
            continue
        if s.startswith("#"):
            out.append("    " * level + s)
            continue
        word = re.split(r"[\s:(]", s, maxsplit=1)[0]
        in_def = any(kw == "def" for kw, _, _ in stack)
        if word in partners:
            open_partner = next((i for i in range(len(stack) - 1, -1, -1)
                                 if stack[i][0] in partners[word]), None)
            shut = next((c for c in reversed(closed) if c[0] in partners[word]), None)
            if shut is not None and (open_partner is None or shut[1] >= stack[open_partner][1]):
                level = shut[1]  # e.g. the if whose branch ended with return
                while stack and stack[-1][1] >= level:
                    stack.pop()
            elif open_partner is not None:
                level = stack[open_partner][1]
                del stack[open_partner:]
            closed.clear()
        elif word in ("def", "async") or s.startswith("@"):
            if any(kw == "class" for kw, _, _ in stack):
                while stack[-1][0] != "class":
                    stack.pop()
                level = stack[-1][1] + 1
            elif not in_def:
                stack.clear()
                level = 0
            closed.clear()
        elif word == "class":
            stack.clear()
            closed.clear()
            level = 0
        elif word == "return":
            if stack and stack[-1][0] in loops + ("finally", "with"):
                while stack and stack[-1][0] != "def":
                    stack.pop()
                if stack:
                    level = stack[-1][1] + 1
        elif after_method:
            stack.clear()
            level = 0
        else:
            # a statement that uses a function or class being defined is outside of it
            for i, (_kw, lvl, name) in enumerate(stack):
                if name and re.search(rf"(?<![.\w]){re.escape(name)}\s*\(", s):
                    if opener_at is not None and opener_at == len(out) - 1 and stack and \
                            stack[-1][1] == level - 1 and len(stack) - 1 > i:
                        # the first line of a block: its opener leaves the function too
                        head = stack.pop()
                        del stack[i:]
                        out[-1] = "    " * lvl + out[-1].lstrip(" ")
                        stack.append((head[0], lvl, head[2]))
                        level = lvl + 1
                    else:
                        del stack[i:]
                        level = lvl
                    break
        out.append("    " * level + s)
        after_method = False
        if _BLOCK_OPENER.search(s):
            opener_at = len(out) - 1
            m = re.match(r"^(?:async\s+)?(?:def|class)\s+(\w+)", s)
            stack.append(("def" if word in ("def", "async") else word, level,
                          m.group(1) if m else ""))
            level += 1
        elif word == "return":
            if stack and stack[-1][0] == "def":
                level = stack.pop()[1]
                after_method = any(kw == "class" for kw, _, _ in stack)
            elif stack:  # the end of an if/else/try branch
                closed.append(stack.pop())
                level = closed[-1][1]
        elif word in ("pass", "break", "continue", "raise") and stack:
            closed.append(stack.pop())
            level = closed[-1][1]
    return out, _compiles("\n".join(out))


def _compiles(text: str) -> bool:
    try:
        compile(text, "<import>", "exec")
        return True
    except (SyntaxError, ValueError):
        return False


def fence_code(lines: list[str]) -> tuple[list[str], list[CodeRegion]]:
    """Fence every code region; re-indent stripped Python. Returns new lines and the regions."""
    regions = find_code_regions(lines)
    out: list[str] = []
    last = 0
    for region in regions:
        out.extend(lines[last:region.start])
        block = [ln.rstrip() for ln in lines[region.start:region.end]]
        while block and not block[-1]:
            block.pop()
        info = region.lang
        if region.lang == "python":
            stripped = all(not ln[:1].isspace() for ln in block if ln)
            needs = stripped and any(_BLOCK_OPENER.search(ln.strip()) and not ln.startswith("#")
                                     for ln in block)
            if needs:
                block, ok = reindent_python(block)
                region.reconstructed = True
                region.compiles = ok
                block = [RECONSTRUCTED_NOTE] + block
                info = "python reconstructed"
            else:
                region.compiles = _compiles("\n".join(block))
            if not region.compiles:
                info = "python skip=\"kb import: this code does not compile; fix it\""
        out.extend(["", f"```{info}", *block, "```", ""])
        last = region.end
    out.extend(lines[last:])
    return _squeeze_blank(out), regions


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        if ln == "" and out and out[-1] == "":
            continue
        out.append(ln)
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return out


# ---------------------------------------------------------------------------------------------
# math

_LATEXY = re.compile(r"\\[A-Za-z]+|[A-Za-z0-9}\)]\s*[_^]\s*[{A-Za-z0-9\\]")
_DISPLAY = re.compile(r"^\s*\[\s(.+)\s\]\s*$")
_INLINE = re.compile(r"\(\s((?:[^()]|\([^()]*\))+?)\s\)")


def is_latex(text: str) -> bool:
    return bool(_LATEXY.search(text))


def restore_math(line: str) -> tuple[str, int]:
    """``[ a_t = \\sigma(x) ]`` -> ``$$ … $$``; ``( \\hat{y} )`` -> ``$\\hat{y}$`` (LaTeX only)."""
    m = _DISPLAY.match(line)
    if m and is_latex(m.group(1)):
        return f"$$\n{m.group(1).strip()}\n$$", 1
    count = 0

    def inline(mm: re.Match) -> str:
        nonlocal count
        inner = mm.group(1).strip()
        if is_latex(inner):
            count += 1
            return f"${inner}$"
        return mm.group(0)

    return _INLINE.sub(inline, line), count


# ---------------------------------------------------------------------------------------------
# lists

_LONE_MARKER = re.compile(r"^\s*([-*•]|\d{1,3}[.)])\s*$")


def rebuild_lists(lines: list[str]) -> tuple[list[str], int]:
    """``-`` alone on a line + the item on the next -> ``- item``; ``a - b`` items split."""
    out: list[str] = []
    fixed = 0
    i = 0
    while i < len(lines):
        m = _LONE_MARKER.match(lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].strip() and not _LONE_MARKER.match(
                lines[i + 1]):
            marker = "-" if m.group(1) in ("-", "*", "•") else m.group(1)
            text = lines[i + 1].strip()
            parts = split_run_together(text) if marker == "-" else [text]
            if not out or out[-1].strip() and not out[-1].lstrip().startswith(("-", "1")):
                if out and out[-1].strip():
                    out.append("")
            out.extend(f"{marker} {p}" for p in parts)
            fixed += 1
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out, fixed


def split_run_together(text: str) -> list[str]:
    """Items flattened onto one line with `` - ``: split where the next part starts a phrase
    (a letter or CJK), not where it is arithmetic (``3 - 2``, ``x - y``)."""
    parts = re.split(r"\s-\s(?=[A-Za-z\u3400-\u9fff])", text)
    good = [p.strip() for p in parts if p.strip()]
    if len(good) > 1 and all(len(p) > 2 for p in good):
        # "a - b" with single letters on both sides is arithmetic, keep it
        return good
    return [text]


# ---------------------------------------------------------------------------------------------
# chat residue

_SHORTCUTS = re.compile(r"^\s*Shortcuts for Next Step:?\s*$", re.I)
_SHORTCUT_ITEM = re.compile(r"^\s*-\s*input\s*[“\"'‘].*?[”\"'’]\s*for\b", re.I)
_CONTINUE = re.compile(r"^\s*Or,? you can just type\s*[“\"'‘]continue[”\"'’].*continue "
                       r"automatically\.?\s*$", re.I)


def residue_lines(lines: list[str]) -> set[int]:
    """Indexes of chat-assistant UI lines (``Shortcuts for Next Step:`` and what follows)."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        if _SHORTCUTS.match(lines[i]):
            found.add(i)
            j = i + 1
            while j < len(lines) and (_SHORTCUT_ITEM.match(lines[j]) or not lines[j].strip()):
                found.add(j)
                j += 1
            i = j
            continue
        if _CONTINUE.match(lines[i]):
            found.add(i)
        i += 1
    return found


def first_sentence(text: str, limit: int) -> str:
    """A title from text: its first sentence (Chinese or Latin punctuation), cut to ``limit``."""
    text = re.sub(r"\s+", " ", text).strip()
    m = re.match(r"(.+?[。!?])|(.+?[.!?])(\s|$)", text)
    first = ((m.group(1) or m.group(2)) if m else text).strip().rstrip("。.")
    return first if len(first) <= limit else first[: limit - 1] + "…"
