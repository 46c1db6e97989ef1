"""A note's Markdown as the site shows it, built from the Note's recorded positions.

Nothing here parses Markdown: :mod:`kb.core.parse` recorded where every tag, link, formula and code
fence is; this module rewrites those places:

* ``#tag`` -> a link to the tag's page (so a line of tags never becomes an ``<h1>``),
* ``[[Note#Heading|text]]`` -> a Markdown link to the note's file and the heading's anchor
  (mkdocs turns it into a URL and checks it); unresolved links -> a marked ``<span>``,
* ``![[Note]]`` -> the note's body inlined; ``![[image.png|300]]`` -> an image,
* ``$…$`` / ``$$…$$`` -> placeholders that :func:`fill_math` replaces with MathML after
  Markdown ran (so ``_`` and ``*`` in formulas are never read as emphasis),
* code fences: info strings reduced to what the highlighter knows, ``setup`` blocks hidden,
  a badge with the block's last test result after each tested block.

Every title, tag and link text that goes into HTML is escaped.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from collections.abc import Callable
from urllib.parse import quote

from ..core.note import Note
from ..core.parse import MAX_BODY_NESTING, nesting_of, quote_prefix
from ..core.vault import Vault

_MATH_TOKEN = "KBMATH{:05d}X"
_MATH_FIND = re.compile(r"(<p>)?KBMATH(\d{5})X(</p>)?")
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
_LINE_START_HASH = re.compile(r"^(\s{0,3}(?:>\s?)*)#(?=[^\s#])")
_FENCE_LANG_DROP = re.compile(r"[^\w+#.-]")  # a language name, nothing that ends the info
_FENCE_LINE = re.compile(r"^(.*?)(`{3,}|~{3,})(.*)$")
BADGE = {"passed": ("✓", "passed"), "failed": ("✗", "failed"),
         "skipped": ("–", "skipped"), "xfailed": ("✓", "fails as expected"),
         "xpassed": ("!", "passed unexpectedly"), "needs": ("○", "needs"),
         "fragment": ("…", "fragment"), "unparsable": ("✗", "does not parse"),
         "depends": ("–", "not run")}


def badge_html(result: dict) -> str:
    """A block's last result as a badge: what happened, in words; the whole message on hover."""
    verdict = result.get("verdict", "")
    icon, word = BADGE.get(verdict, ("?", verdict))
    message = result.get("message", "")
    lines = [ln.strip() for ln in message.strip().split("\n") if ln.strip()]
    # a failure's last line is the exception (an output mismatch: its first line says so)
    first = "" if verdict != "failed" or not lines else (
        lines[0].split(": ", 1)[-1] if "printed output differs" in lines[0] else lines[-1])
    if verdict == "needs":
        word = "needs " + ", ".join(result.get("needs") or ()) if result.get("needs") else word
    elif verdict == "failed" and first:
        word = f"failed: {first if len(first) <= 80 else first[:79] + '…'}"
    elif verdict in ("skipped", "depends") and message:
        short = message.split("\n")[0]
        word = f"{word}: {short if len(short) <= 80 else short[:79] + '…'}"
    # one line of Markdown: line breaks in the tooltip are character references
    title = html.escape(f"last test run: {verdict}" + (f"\n{message}" if message else ""),
                        quote=True).replace("\n", "&#10;").replace("\r", "")
    return (f'<span class="kb-badge kb-{html.escape(verdict, quote=True)}" title="{title}">'
            f"{icon} {md_text(word)}</span>")  # Markdown takes nothing in it as markup


# what can start markup inside a line (Markdown, attr_list, HTML, pymdownx, formulas, tables);
# link text is never at the start of a line, so list and heading markers need nothing
_MD_ACTIVE = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~^=$<>\"&"}
_MD_ACTIVE_TABLE = str.maketrans(_MD_ACTIVE)


def md_text(text: str) -> str:
    """Text that Markdown and its extensions show as the characters it is: every character
    that could start markup (emphasis, links, attribute lists ``{…}``, HTML, formulas, tables)
    becomes a numeric character reference, which no Markdown extension reads as syntax."""
    return text.translate(_MD_ACTIVE_TABLE)


def md_target(path: str) -> str:
    """A relative path as a Markdown link target: percent-encoded (UTF-8), so no character of a
    file name can end the target, start a scheme (``javascript:``) or break the URL."""
    return quote(path, safe="/")


def md_fragment(name: str) -> str:
    """An anchor name (a heading's slug, a block id) for after ``#``: letters of any script,
    digits and ``-_.~^`` kept, everything else percent-encoded."""
    return "".join(ch if ch.isalnum() or ch in "-_.~^" else quote(ch, safe="") for ch in name)


@dataclass
class MathStore:
    """Formulas taken out before Markdown runs, put back as MathML after."""

    items: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, tex: str, display: bool) -> str:
        self.items.append((tex, display))
        return _MATH_TOKEN.format(len(self.items) - 1)


def tex_to_mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    tex = _ALIGNED.sub(r"\\\1{split}", tex)  # latex2mathml knows split, not aligned
    try:
        return convert(tex, display="block" if display else "inline").replace(
            ">&<", ">&amp;<")
    except Exception:  # noqa: BLE001 - an unsupported command must not break the page
        cls = "kb-math-error"
        return f'<code class="{cls}" title="formula not rendered">{html.escape(tex)}</code>'


def fill_math(page_html: str, store: MathStore) -> str:
    """Replace math placeholders in rendered HTML with MathML."""
    if not store.items:
        return page_html

    def sub(m: re.Match) -> str:
        tex, display = store.items[int(m.group(2))]
        mathml = tex_to_mathml(tex, display)
        if display:
            return f'<div class="kb-math">{mathml}</div>'
        return (m.group(1) or "") + mathml + (m.group(3) or "")

    return _MATH_FIND.sub(sub, page_html)


@dataclass
class Context:
    """What rendering one page needs from the site: how to link to notes, tags and files."""

    vault: Vault
    tag_md_path: Callable[[str], str]  # tag key -> generated page path (docs-relative)
    slugify: Callable[[str], str]  # heading text -> anchor, as the toc extension makes it
    results: dict[str, dict[int, dict]] = field(default_factory=dict)  # note -> line -> result
    note_shown_path: Callable[[str], str] = lambda p: p  # vault path -> results key
    warn: Callable[[str], None] = lambda message: None


@functools.lru_cache(maxsize=4096)
def _parts(folder: str) -> tuple[str, ...]:
    return tuple(p for p in folder.split("/") if p and p != ".")


def rel(target: str, base_dir: str) -> str:
    """``posixpath.relpath(target, base_dir)`` for the vault's own (normalised) paths,
    without normalising them again for every link of every note."""
    start, parts = _parts(base_dir), target.split("/")
    if ".." in start or ".." in parts or "." in parts or "" in parts:
        return posixpath.relpath(target, base_dir or ".")
    i = 0
    for a, b in zip(start, parts):
        if a != b:
            break
        i += 1
    return "/".join([".."] * (len(start) - i) + parts[i:]) or "."


class Rewrite:
    """One note's body being rewritten: its lines and the edits the passes record.

    Edits are recorded against the original lines, so passes never see each other's output:
    ``spans`` replace a column range of a line, ``lines_to`` a whole line (None drops it),
    ``after`` adds lines after one, ``embeds`` inline a note after a line, and ``verbatim``
    lines keep a leading ``#`` (code, formulas, dropped headings)."""

    def __init__(self, note: Note, ctx: Context, base_dir: str, math: MathStore,
                 depth: int, report: bool):
        self.note, self.ctx, self.base_dir, self.math = note, ctx, base_dir, math
        self.depth, self.report = depth, report
        self.lines = note.body.split("\n")
        self.offset = note.body_line  # file line of lines[0]
        self.spans: dict[int, list[tuple[int, int, str]]] = {}
        self.lines_to: dict[int, list[str] | None] = {}
        self.after: dict[int, list[str]] = {}
        self.verbatim: set[int] = set()
        self.embeds: dict[int, str] = {}

    def index(self, file_line: int) -> int:
        return file_line - self.offset

    def span(self, file_line: int, col: int, end: int, text: str) -> None:
        self.spans.setdefault(self.index(file_line), []).append((col, end, text))

    def indent_of(self, i: int) -> str:
        """The blank and ``>`` prefix of line ``i`` (so inserted lines stay in a quote)."""
        return re.match(r"^[\s>]*", self.lines[i]).group(0) if 0 <= i < len(self.lines) else ""


Pass = Callable[[Rewrite], None]


def code_fences(rw: Rewrite) -> None:
    """Info strings reduced to what the highlighter knows; ``setup``/``hidden`` blocks dropped;
    a badge with the last test result after each tested block."""
    if rw.note.kind != "markdown":
        return
    outcomes = rw.ctx.results.get(rw.ctx.note_shown_path(rw.note.path), {})
    lines = rw.lines
    for block in rw.note.code:
        first, last = rw.index(block.line), rw.index(block.end_line)
        rw.verbatim.update(range(first, last + 1))
        if {"setup", "hidden"} & set(block.flags):
            for i in range(first, min(last, len(lines) - 1) + 1):
                rw.lines_to[i] = None
            continue
        m = _FENCE_LINE.match(lines[first]) if 0 <= first < len(lines) else None
        if m:
            info = _FENCE_LANG_DROP.sub("", block.lang) if block.lang != "output" else "text"
            if "title" in block.options:  # superfences takes title="…": no quote inside
                title = "".join(ch for ch in block.options["title"] if ch.isprintable())
                info += f' title="{title.replace(chr(34), chr(39))}"'
            lines[first] = f"{m.group(1)}{m.group(2)}{info}"
        result = outcomes.get(block.line)
        if result and block.closed:
            indent = rw.indent_of(last)
            rw.after[last] = [indent, indent + badge_html(result), indent]


def embedded_title(rw: Rewrite) -> None:
    """An embedded note's own ``<h1>`` is dropped: its host shows the title."""
    if rw.depth == 0:
        return
    for h in rw.note.headings:
        if h.level == 1:
            rw.lines_to[rw.index(h.line)] = None
            rw.verbatim.add(rw.index(h.line))


def formulas(rw: Rewrite) -> None:
    """``$…$`` and ``$$…$$`` -> placeholders, MathML after Markdown ran (:func:`fill_math`)."""
    for formula in rw.note.math:
        if formula.col >= 0:
            rw.span(formula.line, formula.col, formula.end_col,
                    rw.math.add(formula.tex, formula.display))
            continue
        first, last = rw.index(formula.line), rw.index(formula.end_line)
        rw.lines_to[first] = ["", rw.indent_of(first) + rw.math.add(formula.tex, True), ""]
        for i in range(first + 1, last + 1):
            rw.lines_to[i] = None
        rw.verbatim.update(range(first, last + 1))


def tags(rw: Rewrite) -> None:
    """``#tag`` -> a link to the tag's page (so a line of tags never becomes a heading)."""
    for use in rw.note.tags:
        if use.col < 0:
            continue
        target = rel(rw.ctx.tag_md_path(use.key), rw.base_dir)
        rw.span(use.line, use.col, use.end_col,
                f"[#{md_text(use.name)}]({md_target(target)}){{ .kb-tag }}")


def wikilinks(rw: Rewrite) -> None:
    """``[[Note#Heading|text]]`` -> a Markdown link to the note's file and the heading's anchor;
    unresolved -> a marked span; ``![[image|300]]`` -> an image; ``![[Note]]`` -> inlined."""
    ctx, note = rw.ctx, rw.note
    for rl in ctx.vault.links.get(note.path, []):
        link = rl.link
        if link.col < 0:
            continue
        if link.kind == "markdown":
            _markdown_link(rw, rl)
            continue
        if link.kind != "wiki":
            continue
        shown = link.text if link.text is not None else (
            link.target + (f" › {link.heading}" if link.heading else "") if link.target else
            (link.heading or ""))
        if rl.target is None:
            if rw.report:
                ctx.warn(f"{note.path}:{link.line}: unresolved link {link.raw}")
            rw.span(link.line, link.col, link.end_col,
                    f'<span class="kb-unresolved" title="no note named '
                    f'{html.escape(link.target, quote=True)}">{html.escape(shown)}</span>')
            continue
        if link.embed and not rl.is_note:
            # ![[pic.png|300]], ![[pic.png|300x200]], ![[pic.png|a caption|300]]
            sized = re.fullmatch(r"(?:(.*)\|)?(\d{1,5})(?:x(\d{1,5}))?", link.text or "")
            width = ""
            caption = link.text
            if sized:
                caption = sized.group(1)
                width = f'{{ width="{sized.group(2)}"' + (
                    f' height="{sized.group(3)}"' if sized.group(3) else "") + " }"
            alt = md_text(caption or rl.target.rsplit("/", 1)[-1])
            rw.span(link.line, link.col, link.end_col,
                    f"![{alt}]({md_target(rel(rl.target, rw.base_dir))}){width}")
            continue
        anchor = ""
        if link.heading:
            anchor = "#" + md_fragment(ctx.slugify(link.heading))
        elif link.block:
            anchor = "#" + md_fragment("^" + link.block)
        if link.embed and rw.depth < 2:
            rw.embeds[rw.index(link.line)] = rl.target
            rw.span(link.line, link.col, link.end_col, "")
            continue
        target_note = ctx.vault.notes[rl.target]
        if link.text is None and link.target and not link.heading:
            shown = target_note.title if link.target.casefold() == target_note.stem.casefold() \
                else link.target
        href = anchor if rl.target == note.path and anchor else \
            md_target(rel(rl.target, rw.base_dir)) + anchor
        rw.span(link.line, link.col, link.end_col, f"[{md_text(shown)}]({href}){{ .kb-link }}")


def deep_nesting(rw: Rewrite) -> None:
    """Quotes and lists nested deeper than the Markdown library can take (it recurses once a
    level) keep :data:`~kb.core.parse.MAX_BODY_NESTING` levels; the rest of the line's
    markers show as text. The parser reported the line."""
    if not any(p.kind == "nesting" for p in rw.note.problems):
        return
    limit = MAX_BODY_NESTING
    for i, line in enumerate(rw.lines):
        if i in rw.verbatim or len(line) <= limit:
            continue
        quotes, lists = nesting_of(line)
        if quotes + lists <= limit:
            continue
        text = line.lstrip(" \t>")
        kept_quotes = min(quotes, limit)
        indent = "    " * max(0, min(lists, limit - kept_quotes))
        excess = "\\>" * (quotes - kept_quotes)
        rw.lines_to[i] = ["> " * kept_quotes + indent + excess + text]


_CALLOUT = re.compile(r"\[!([\w-]+)\]([+-]?)[ \t]*")


def _quote_prefix(line: str, depth: int) -> int | None:
    """The end of the first ``depth`` quote markers of a line, or None if it has fewer."""
    at, n = quote_prefix(line, depth)
    return at if n == depth else None


def callouts(rw: Rewrite) -> None:
    """Obsidian's callouts (``> [!tip] Title``, folded ``[!tip]-``, open ``[!tip]+``, nested)
    -> Material's admonitions (``<div class="admonition tip">`` or ``<details class="tip">``,
    whose content stays Markdown); a plain quote stays a quote."""
    lines = rw.lines

    def convert(start: int, stop: int, depth: int) -> None:
        """Lines [start, stop) lie inside callouts down to ``depth - 1``; find the callouts
        that begin at ``depth`` there."""
        i = start
        while i < stop:
            if i in rw.verbatim:
                i += 1
                continue
            at = _quote_prefix(lines[i], depth)
            m = _CALLOUT.match(lines[i], at) if at is not None else None
            if m is None:
                i += 1
                continue
            end = i + 1
            while end < stop and end not in rw.verbatim and \
                    _quote_prefix(lines[end], depth) is not None:
                end += 1
            kind = m.group(1).lower()
            fold = m.group(2)
            title = lines[i][m.end():].strip()
            cls = html.escape(kind, quote=True)
            if fold:
                opening = (f'<details class="{cls}"{" open" if fold == "+" else ""} '
                           f'markdown="1">\n<summary markdown="span">')
                closing_title, closing = "</summary>\n", "</details>"
            else:
                opening = (f'<div class="admonition {cls}" markdown="1">\n'
                           f'<p class="admonition-title" markdown="span">')
                closing_title, closing = "</p>\n", "</div>"
            # the marker line: "> [!tip]- " becomes the opening and the title's element
            rw.span(rw.offset + i, 0, m.end(), "\n" + opening)
            rw.span(rw.offset + i, len(lines[i]), len(lines[i]),
                    ("" if title else html.escape(kind.capitalize())) + closing_title)
            for j in range(i + 1, end):  # the content: one level of quote less
                cut = _quote_prefix(lines[j], depth)
                inner = _quote_prefix(lines[j], depth - 1) or 0
                rw.span(rw.offset + j, inner, cut, "")
            rw.after.setdefault(end - 1, []).extend(["", closing, ""])
            convert(i + 1, end, depth + 1)
            i = end

    if any(ln.lstrip(" \t").startswith(">") for ln in lines):
        convert(0, len(lines), 1)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_BLOCK_START = re.compile(r"[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||```|~~~|<)")


def list_after_text(rw: Rewrite) -> None:
    """A list right after a line of text, with no blank line between: Obsidian (and
    CommonMark) show a list; Python-Markdown would keep ``- item`` as text. A blank line (in
    the same quote) goes before the list."""
    lines = rw.lines
    fence_starts = {rw.index(b.line) for b in rw.note.code} if rw.note.kind == "markdown" \
        else set()
    for i in range(1, len(lines)):
        if i in fence_starts and (i - 1) not in rw.verbatim and lines[i - 1].strip() \
                and not lines[i][:1].isspace():
            # a fence interrupts a paragraph or a list item, as in Obsidian: a blank line first
            rw.span(rw.offset + i, 0, 0, ">" * _quote_depth(lines[i]) + "\n")
            continue
        if i in rw.verbatim:
            continue
        if (i - 1) in rw.verbatim:  # right after a code block: a blank line, then anything
            if lines[i].strip() and rw.lines_to.get(i - 1, ...) is not None:
                q = _quote_depth(lines[i])
                rw.span(rw.offset + i, 0, 0, ">" * q + "\n")
            continue
        prev, line = lines[i - 1], lines[i]
        q = _quote_depth(line)
        if q != _quote_depth(prev):
            continue
        body, prev_body = line[_quote_prefix(line, q) or 0:], prev[_quote_prefix(prev, q) or 0:]
        if not _LIST_ITEM.match(body) or not prev_body.strip():
            continue
        kind, prev_kind = _marker(body), _marker(prev_body)
        if prev_kind is not None and kind is not None and kind != prev_kind \
                and _indent(body) == _indent(prev_body):
            # "- a" then "1. b" (or "* c"): two lists in Obsidian, one in Python-Markdown
            # unless something stands between them
            rw.span(rw.offset + i, 0, 0, ">" * q + "\n" + ">" * q + "<!-- -->\n" + ">" * q + "\n")
            continue
        if _BLOCK_START.match(prev_body) or prev_body.startswith(("    ", "\t")):
            continue  # already a list, a heading, a table...: nothing to separate
        rw.span(rw.offset + i, 0, 0, ">" * q + "\n")


def _marker(body: str) -> str | None:
    """A list item's kind: its bullet character, or "1." / "1)" for an ordered item."""
    m = _LIST_ITEM.match(body)
    if not m:
        return None
    mark = body.lstrip(" \t")[0]
    if mark.isdigit():
        return "1" + body.lstrip(" \t0123456789")[0]
    return mark


def _indent(body: str) -> int:
    return len(body) - len(body.lstrip(" \t"))


def _quote_depth(line: str) -> int:
    return quote_prefix(line)[1]


_SIZED_IMAGE = re.compile(r"!\[([^\]\n|]*)\|(\d{1,5})(?:x(\d{1,5}))?\]\(([^()\s]+)\)")


def image_sizes(rw: Rewrite) -> None:
    """Obsidian's sized Markdown images, ``![alt|300](x.png)`` and ``![alt|300x200](x.png)``:
    the size becomes the picture's width (and height), not part of its alt text."""
    for i, line in enumerate(rw.lines):
        if i in rw.verbatim or "|" not in line or "![" not in line:
            continue
        taken = rw.spans.get(i, ())
        for m in _SIZED_IMAGE.finditer(line):
            if any(c < m.end() and m.start() < e for c, e, _ in taken):
                continue
            size = f'width="{m.group(2)}"' + (f' height="{m.group(3)}"' if m.group(3) else "")
            rw.span(rw.offset + i, m.start(), m.end(),
                    f"![{m.group(1)}]({m.group(4)}){{ {size} }}")


# the passes, in order; each records edits against the original lines
PASSES: tuple[Pass, ...] = (code_fences, embedded_title, formulas, tags, wikilinks, deep_nesting,
                            callouts, list_after_text, image_sizes)


def heading_anchor(ctx: Context, target: Note, heading: str) -> str:
    """The anchor of ``#heading`` in a link to ``target``: the slug of the heading it names
    (by its text, as Obsidian writes it), or the text as given when it already is a slug."""
    from ..core.text import heading_key

    wanted = heading_key(heading)
    for h in target.headings:
        if heading_key(h.text) == wanted:
            return ctx.slugify(h.text)
    return heading if any(ctx.slugify(h.text) == heading for h in target.headings) \
        else ctx.slugify(heading)


def _markdown_link(rw: Rewrite, rl) -> None:
    """``[text](Note.md#Heading)``, ``[text](#Heading)``, ``[text](Other%20Note.md#^id)``,
    resolved as Obsidian resolves them (the note's folder, the vault root, the file name):
    the target becomes the page's relative path and the heading's anchor. The text is the
    note's own Markdown, kept as it is."""
    link = rl.link
    if rl.target is None:
        return
    if not rl.is_note:  # a picture or a file of the vault: its path from this page
        text, size = link.text or "", ""
        sized = re.fullmatch(r"([^|]*)\|(\d{1,5})(?:x(\d{1,5}))?", text) if link.embed else None
        if sized:
            text = sized.group(1)
            size = f'{{ width="{sized.group(2)}"' + (
                f' height="{sized.group(3)}"' if sized.group(3) else "") + " }"
        rw.span(link.line, link.col, link.end_col,
                f"{'!' if link.embed else ''}[{text}]({md_target(rel(rl.target, rw.base_dir))})"
                + size)
        return
    if link.embed:
        return
    target = rw.ctx.vault.notes[rl.target]
    anchor = ""
    if link.heading:
        anchor = "#" + md_fragment(heading_anchor(rw.ctx, target, link.heading))
    elif link.block:
        anchor = "#" + md_fragment("^" + link.block)
    href = anchor if rl.target == rw.note.path and anchor else \
        md_target(rel(rl.target, rw.base_dir)) + anchor
    rw.span(link.line, link.col, link.end_col, f"[{link.text or ''}]({href})")


# Python-Markdown tries every '[' as the start of a link, to the end of the paragraph: a line
# with thousands of them costs the square of its length. Past this many, the note's own
# brackets on that line are shown as text (kb's links on it still work).
MAX_BRACKETS = 200


def _escape_brackets(text: str) -> str:
    return text.replace("[", "\\[")


def assemble(rw: Rewrite) -> str:
    """The lines with every recorded edit applied; embedded notes rendered in place."""
    out: list[str] = []
    for i, line in enumerate(rw.lines):
        if i in rw.lines_to:
            new = rw.lines_to[i]
            if new is not None:
                out.extend(new)
            continue
        spans = rw.spans.get(i)
        brackets = line.count("[") > MAX_BRACKETS and i not in rw.verbatim
        if spans or brackets:  # in one pass: a line of thousands of links stays linear
            own = _escape_brackets if brackets else str
            pieces, at = [], 0
            for col, end, text in sorted(spans or ()):
                pieces += (own(line[at:col]), text)
                at = end
            pieces.append(own(line[at:]))
            line = "".join(pieces)
        if i not in rw.verbatim:
            line = _LINE_START_HASH.sub(r"\1\\#", line)
        if i in rw.embeds:
            target = rw.ctx.vault.notes[rw.embeds[i]]
            inner = render_body(target, rw.ctx, rw.base_dir, rw.math, rw.depth + 1,
                                report=False)
            href = md_target(rel(target.path, rw.base_dir))
            out.extend(["", '<div class="kb-embed" markdown="1">', "",
                        f"[{md_text(target.title)}]({href}){{ .kb-embed-title }}", "",
                        inner, "", "</div>", ""])
            if line.strip():
                out.append(line)
        else:
            out.append(line)
        out.extend(rw.after.get(i, ()))
    return "\n".join(out)


def render_body(note: Note, ctx: Context, base_dir: str, math: MathStore,
                depth: int = 0, report: bool = True) -> str:
    """The note's body with kb's syntax turned into Markdown mkdocs understands: each of
    :data:`PASSES` records its edits, then :func:`assemble` applies them.

    ``base_dir`` is the folder of the page being built (links are relative to it; an embedded
    note is rendered with its host page's folder).
    """
    rw = Rewrite(note, ctx, base_dir, math, depth, report)
    for rewrite in PASSES:
        rewrite(rw)
    return assemble(rw)
