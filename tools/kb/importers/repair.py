"""Repairs for text that lost its Markdown on the way out of a notes app or a web page.

Each function takes lines and gives lines back (plus what it did), so an importer can say
what it changed: unfenced code fenced (Python whose indentation was stripped re-indented until
it compiles, and marked), math delimiters restored where the text is clearly LaTeX, chat
residue recognised, half-lost lists rebuilt.
"""

from __future__ import annotations

import re

from . import pycode

RECONSTRUCTED_NOTE = "# kb import: indentation reconstructed; please review"
UNCERTAIN_NOTE = ("# kb import: indentation reconstructed, and another nesting was about as "
                  "likely; check where blocks end")

STRINGS_NOTE = ("# kb import: indentation reconstructed; the lines inside a multi-line string "
                "lost theirs in the export: check its text")
LONG_NOTE = ("# kb import: indentation reconstructed; a block this long and deep rarely comes "
             "back whole: check where blocks end")
DOUBT_NOTE = "# kb import: is this line nested right? (another nesting was about as likely)"

CodeRegion = pycode.Region


def code_kind(line: str) -> str | None:
    """'python' or 'bash' when one line is code by Python's grammar (see
    :mod:`kb.importers.pycode`), None for prose."""
    kind = pycode.line_kind(line)
    if kind in ("strong", "header"):
        return "python"
    return "bash" if kind == "bash" else None


def find_code_regions(lines: list[str]) -> list[CodeRegion]:
    return pycode.find_regions(lines)


def reindent_python(lines: list[str]) -> tuple[list[str], bool]:
    """Re-indent Python whose leading white space was stripped: (lines, compiles)."""
    fixed = pycode.reindent(lines)
    return fixed.lines, fixed.compiles


def _compiles(text: str) -> bool:
    return pycode._compiles(text)


def fence_code(lines: list[str]) -> tuple[list[str], list[CodeRegion]]:
    """Fence every code region; re-indent stripped Python (marked for review, and said so
    when another nesting was about as likely). Returns new lines and the regions."""
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
            needs = stripped and any(pycode._header(ln.strip()) for ln in block
                                     if ln and not ln.startswith("#"))
            if needs:
                try:
                    fixed = pycode.reindent(block)
                except Exception:  # noqa: BLE001 - a bug of ours must not lose the person's code
                    # the block as it came, marked for review: the import goes on
                    fixed = pycode.Reindented(block, _compiles("\n".join(block)), True)
                block = list(fixed.lines)
                if fixed.doubt is not None:
                    at = fixed.doubt
                    pad = block[at][:len(block[at]) - len(block[at].lstrip())]
                    block.insert(at, pad + DOUBT_NOTE)
                region.reconstructed, region.compiles = True, fixed.compiles
                region.uncertain, region.strings = fixed.uncertain, fixed.strings
                region.long = fixed.long
                block = [LONG_NOTE if fixed.long else UNCERTAIN_NOTE if fixed.uncertain
                         else STRINGS_NOTE if fixed.strings else RECONSTRUCTED_NOTE] + (
                    [STRINGS_NOTE] if fixed.uncertain and fixed.strings else []) + block
                info = "python reconstructed"
            else:
                region.compiles = _compiles("\n".join(block))
            if not region.compiles:
                info = "python skip=\"kb import: this code does not compile; fix it\""
        region.code = block
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
