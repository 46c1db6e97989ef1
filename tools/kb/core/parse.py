"""Parse one note: front matter, title, date, tags, links, headings and code blocks, with lines.

This is the only place that reads Markdown syntax. Everything else (the vault, the site plugin,
``kb extract``, the importers) works from the :class:`~kb.core.note.Note` it returns.

The rules follow Obsidian where the notes come from:

* Front matter is YAML between a first line ``---`` and the next ``---`` (or ``...``).
* Hashtags: ``#`` at the start of a line or after white space or opening punctuation, then
  letters of any script, digits, ``_``, ``-`` and ``/`` (nested tags), with at least one
  character that is not a digit. Never inside fenced code, inline code, math blocks, link
  targets or URLs; ``# heading``, ``C#`` and ``#123`` are not tags.
* Wikilinks ``[[Note]]``, ``[[Note|text]]``, ``[[Note#Heading]]``, ``[[Note#^block]]``,
  ``[[#Heading]]``, embeds ``![[...]]``, and Markdown links to ``.md``/``.ipynb`` files.
* Fenced code blocks (backticks or tildes), also inside list items, quotes and callouts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml

from .note import CodeBlock, Heading, Link, Math, Note, Problem, TagUse

# ---------------------------------------------------------------------------------------------
# Front matter: YAML read as Obsidian reads it (YAML 1.2's core schema), never raising


def _front_matter_loader(base: Any) -> Any:
    """A safe loader with YAML 1.2's plain scalars: only ``true``/``false`` are booleans
    (``no``, ``yes``, ``on``, ``off`` are strings, as in Obsidian), ``0o17``/``0x1F`` are
    integers and ``1:20`` or ``0777``-style octal are not special. A date or time that does not
    exist (``2024-02-30``, an offset of ``+25:00``) stays the string it was, so the note can
    report it; a value that cannot be built under an explicit tag (``!!int 0xZZ``) becomes a
    YAML error at its line."""
    import binascii

    class Loader(base):
        yaml_implicit_resolvers: dict = {}

    def resolver(tag: str, pattern: str, first: str) -> None:
        Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))

    resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
    resolver("tag:yaml.org,2002:int",
             r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
    resolver("tag:yaml.org,2002:float",
             r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
                 |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", "-+0123456789.")
    resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
    for pattern, chars in yaml.resolver.Resolver.yaml_implicit_resolvers.get("2", ()):
        if pattern == "tag:yaml.org,2002:timestamp":  # YAML 1.1's dates, as PyYAML builds them
            Loader.add_implicit_resolver(pattern, chars, list("0123456789"))
    for tag, first in (("merge", "<"), ("value", "=")):
        for pattern, chars in yaml.resolver.Resolver.yaml_implicit_resolvers.get(first, ()):
            if pattern == f"tag:yaml.org,2002:{tag}":
                Loader.add_implicit_resolver(pattern, chars, [first])

    def int12(loader: Any, node: yaml.Node) -> int:
        text = loader.construct_scalar(node).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        if text.startswith("0o"):
            return sign * int(text[2:], 8)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        return sign * int(text, 10)

    def guarded(construct: Any, lenient: bool = False) -> Any:
        def build(loader: Any, node: yaml.Node) -> Any:
            try:
                return construct(loader, node)
            except (ValueError, TypeError, OverflowError, AttributeError, binascii.Error) as err:
                if lenient and isinstance(node, yaml.ScalarNode):
                    return node.value
                kind = node.tag.rsplit(":", 1)[-1]
                raise yaml.constructor.ConstructorError(
                    None, None, f"not a valid {kind}: {node.value!r} ({err})",
                    node.start_mark) from None
        return build

    safe = yaml.constructor.SafeConstructor
    Loader.add_constructor("tag:yaml.org,2002:int", guarded(int12))
    Loader.add_constructor("tag:yaml.org,2002:float", guarded(safe.construct_yaml_float))
    Loader.add_constructor("tag:yaml.org,2002:binary", guarded(safe.construct_yaml_binary))
    Loader.add_constructor("tag:yaml.org,2002:timestamp",
                           guarded(safe.construct_yaml_timestamp, lenient=True))
    return Loader


# libyaml is ~10x faster (PyYAML wheels ship it); its composer recurses in C, so text that may
# nest deeply goes to the pure-Python loader, whose recursion Python bounds
_YAML_LOADER: Any = _front_matter_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_YAML_LOADER_PY: Any = _front_matter_loader(yaml.SafeLoader)
MAX_FRONT_MATTER_DEPTH = 100
MAX_BODY_NESTING = 50  # quote and list levels: Python-Markdown recurses once a level


def nesting_of(line: str) -> tuple[int, int]:
    """(quote levels, list levels by indentation) at the start of a body line."""
    at, quotes = quote_prefix(line)
    rest = line[at:]
    lead = rest[:len(rest) - len(rest.lstrip(" \t"))]
    return quotes, (len(lead) + 3 * lead.count("\t")) // 4


def deepest_line(lines: list[str], code: list, first_line: int = 1
                 ) -> tuple[int, int] | None:
    """(index, depth) of the first line nested deeper than :data:`MAX_BODY_NESTING`, code
    excepted (``first_line``: the file line of ``lines[0]``); None when there is none."""
    in_code: set[int] | None = None
    limit = MAX_BODY_NESTING
    for i, line in enumerate(lines):
        # a level costs at least one character of the line's prefix ('>' or indentation)
        if len(line) <= limit or line[0] not in " \t>" \
                or len(line) - len(line.lstrip(" \t>")) <= limit:
            continue
        if in_code is None:
            in_code = {n for block in code for n in range(block.line, block.end_line + 1)}
        if (first_line + i) in in_code:
            continue
        quotes, lists = nesting_of(line)
        if quotes + lists > MAX_BODY_NESTING:
            return i, quotes + lists
    return None


def nesting_estimate(text: str) -> int:
    """An upper bound on how deeply YAML text nests: open flow brackets, plus block levels by
    indentation and ``- ``/``? `` chains (a guess that errs high: it only picks a loader)."""
    deepest = text.count("[") + text.count("{")  # a bound, good enough when small
    if deepest > MAX_FRONT_MATTER_DEPTH // 2:
        depth = deepest = 0
        for ch in text:
            if ch in "[{":
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif ch in "]}":
                depth -= 1 if depth else 0
    block = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        level = len(line) - len(stripped)
        while stripped[:2] in ("- ", "? ", "-\t"):
            level += 2
            stripped = stripped[2:].lstrip(" ")
        block = max(block, level)
    return deepest + block


def load_front_matter(fm_text: str) -> Any:
    """The front matter's YAML as Python data; raises ``yaml.YAMLError`` (with a mark where it
    can) for anything wrong, including nesting deeper than :data:`MAX_FRONT_MATTER_DEPTH`."""
    if nesting_estimate(fm_text) <= MAX_FRONT_MATTER_DEPTH:
        return yaml.load(fm_text, Loader=_YAML_LOADER)
    depth = _node_depth(fm_text)
    if depth > MAX_FRONT_MATTER_DEPTH:
        raise yaml.YAMLError(f"nested {depth} levels deep (kb reads at most "
                             f"{MAX_FRONT_MATTER_DEPTH})")
    return yaml.load(fm_text, Loader=_YAML_LOADER_PY)


def _node_depth(fm_text: str) -> int:
    """How deeply the YAML nests, counted from its events (the parser does not recurse)."""
    depth = deepest = 0
    for event in yaml.parse(fm_text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_FRONT_MATTER_DEPTH:
                return deepest
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return deepest

from .files import NOTE_SUFFIXES  # noqa: E402  (parse decides what a note is)

# ---------------------------------------------------------------------------------------------
# Hashtags

# Combining marks (Devanagari vowel signs, Thai tone marks, ...) belong to a word but are not
# matched by ``\w``; collect them from the blocks where scripts keep them.
def _mark_class() -> str:
    spans: list[tuple[int, int]] = []
    blocks = [(0x300, 0x1100), (0x1780, 0x1800), (0x1AB0, 0x1B80), (0x1DC0, 0x1E00),
              (0x20D0, 0x2100), (0x3099, 0x309B), (0xA8E0, 0xA900), (0xFE00, 0xFE10),
              (0xFE20, 0xFE30)]
    for lo, hi in blocks:
        for cp in range(lo, hi):
            if unicodedata.category(chr(cp))[0] == "M":
                if spans and spans[-1][1] == cp - 1:
                    spans[-1] = (spans[-1][0], cp)
                else:
                    spans.append((cp, cp))
    return "".join(
        f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in spans
    )


def _symbol_class() -> str:
    """Currency and other symbols (``£``, ``™``, emoji), which Obsidian keeps in a tag."""
    spans: list[tuple[int, int]] = []
    for lo, hi in ((0xA0, 0x3000), (0xFF00, 0xFFF0), (0x1F000, 0x1FB00)):
        for cp in range(lo, hi):
            if unicodedata.category(chr(cp)) in ("Sc", "So"):
                if spans and spans[-1][1] == cp - 1:
                    spans[-1] = (spans[-1][0], cp)
                else:
                    spans.append((cp, cp))
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


TAG_CHARS = r"\w\-/\u200d" + _mark_class() + _symbol_class()
# What may stand before the '#': start of line, white space, opening brackets and quotes,
# emphasis, and CJK punctuation (Chinese text puts tags right after ,。:、 without a space).
_TAG_PRECEDE = (
    r"\s(\[{*«‹‘“|"
    r"\u3000-\u303f\uff01-\uff02\uff04-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
HASHTAG = re.compile(rf"(?<![^{_TAG_PRECEDE}])#([{TAG_CHARS}]+)")
# a tag needs one character that is not a digit ("#1984" is no tag; "#1_2" and "#1-2" are)
_TAG_NOT_ONLY = re.compile(r"[\d/\u200d]+")
VALID_TAG = re.compile(rf"[{TAG_CHARS}]+")


def clean_tag(name: str) -> str | None:
    """A tag name as kb keeps it (no ``#``, no outer ``/``), or None if it is not a valid tag."""
    name = name.strip().lstrip("#").strip("/")
    name = re.sub(r"/{2,}", "/", name)
    if not name or not VALID_TAG.fullmatch(name) or _TAG_NOT_ONLY.fullmatch(name):
        return None
    return name


def iter_hashtags(text: str):
    """(name, start, end) of each tag in one line of prose whose code and links are masked;
    ``text[start:end]`` is the ``#name`` as written."""
    for m in HASHTAG.finditer(text):
        name = clean_tag(m.group(1))
        if name:
            yield name, m.start(), m.start() + 1 + len(m.group(1).rstrip("/"))


# ---------------------------------------------------------------------------------------------
# Masking: blank out what can't hold tags, keeping every other character's position.

def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s<>()\[\]]*|<[a-zA-Z][^<>\s]*>")
_MD_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_WIKILINK_ANY = re.compile(r"!?\[\[[^\[\]\n]*\]\]")
_INLINE_MATH = re.compile(r"(?<![\\$])\$\$(?=\S)[^$\n]+?(?<=\S)\$\$"
                          r"|(?<![\\$])\$(?=[^\s$])[^$\n]*?(?<=[^\s$\\])\$(?!\d)")
_BACKTICKS = re.compile(r"`+")


def mask_code_spans(line: str) -> str:
    """Blank out inline code (`` `x` ``, ``` ``x`` ```) on one line, CommonMark-style."""
    if "`" not in line:
        return line
    out = []
    pos = 0
    runs = list(_BACKTICKS.finditer(line))
    i = 0
    while i < len(runs):
        opener = runs[i]
        n = len(opener.group(0))
        for j in range(i + 1, len(runs)):
            if len(runs[j].group(0)) == n:
                out.append(line[pos:opener.start()])
                out.append(" " * (runs[j].end() - opener.start()))
                pos = runs[j].end()
                i = j + 1
                break
        else:
            i += 1
    out.append(line[pos:])
    return "".join(out)


# CommonMark's HTML blocks that run to a blank line (its kind 6), which Obsidian shows as HTML
_HTML_BLOCK = re.compile(
    r"[ ]{0,3}</?(?:address|article|aside|blockquote|body|center|details|dialog|dd|div|dl|dt|"
    r"fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|iframe|legend|li|main|menu|"
    r"nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)(?:[\s/>]|$)", re.I)
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_DISPLAY_MATH_INLINE = re.compile(r"(?<![\\$])\$\$[^$\n]+?\$\$")


def _mask_for_tags(line: str) -> str:
    if "<" in line:  # comments and HTML tags, with their attributes (style="color: #fff")
        line = _INLINE_HTML.sub(_blank, line)
    line = _WIKILINK_ANY.sub(_blank, line)
    line = _MD_LINK_TARGET.sub(_blank, line)
    line = _URL.sub(_blank, line)
    if "$" in line:
        line = _DISPLAY_MATH_INLINE.sub(_blank, line)
        line = _INLINE_MATH.sub(_blank, line)
    return line


# ---------------------------------------------------------------------------------------------
# Links

_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*"
    # Obsidian also takes raw spaces in a link to a note: [x](My Note.md#Some heading)
    r"|[^()\n]*?\.(?:md|ipynb)(?:#[^()\n]*)?(?=\s*\))|#[^()\n]+?(?=\s*\)))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def parse_wikilink(inner: str, line: int, embed: bool) -> Link:
    """``Note#Heading|text`` (the part between the brackets) to a :class:`Link`."""
    inner = inner.replace("\\|", "|")  # escaped pipes, as written inside tables
    target, bar, text = inner.partition("|")
    target, hash_, anchor = target.partition("#")
    heading = block = None
    if hash_:
        anchor = anchor.strip()
        if anchor.startswith("^"):
            block = anchor[1:]
        else:
            heading = anchor.split("#")[-1].strip()  # [[Note#H1#H2]] links to H2
    return Link(target=target.strip(), line=line, kind="wiki", embed=embed,
                heading=heading, block=block, text=text.strip() if bar else None)


def _markdown_link(m: re.Match, line: int) -> Link | None:
    dest = m.group(3)
    if dest.startswith("<"):
        dest = dest[1:-1]
    if _SCHEME.match(dest):
        return None
    path, hash_, anchor = dest.partition("#")
    path = unquote(path.partition("?")[0]).strip()
    if path and not path.lower().endswith(NOTE_SUFFIXES):
        # a link to a file of the vault (a picture, a PDF): checked like embeds are
        if path.startswith("//") or path.endswith("/"):
            return None
        return Link(target=path, line=line, kind="markdown", embed=bool(m.group(1)),
                    text=m.group(2))
    if not path and not (hash_ and anchor):
        return None
    anchor = unquote(anchor).strip() if hash_ else ""
    block = anchor[1:] if anchor.startswith("^") else None
    return Link(target=path, line=line, kind="markdown", embed=bool(m.group(1)),
                heading=anchor or None if block is None else None, block=block,
                text=m.group(2))


# ---------------------------------------------------------------------------------------------
# Block structure

_QUOTE_PREFIX = re.compile(r"[ ]{0,3}>[ ]?")
_LIST_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)+")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_BLOCK_ID = re.compile(r"\s\^([A-Za-z0-9\-]+)\s*$")
_INFO_TOKEN = re.compile(r"""([^\s=]+)=(?:"([^"]*)"|'([^']*)'|(\S*))|(\S+)""")


def quote_prefix(line: str, depth: int | None = None) -> tuple[int, int]:
    """(where the line's ``>`` quote/callout markers end, how many there are); ``depth``
    limits how many are taken. The one reading of quote markers (the renderer uses it too)."""
    at = n = 0
    while depth is None or n < depth:
        m = _QUOTE_PREFIX.match(line, at)
        if not m:
            break
        at = m.end()
        n += 1
    return at, n


def _strip_quotes(line: str, depth: int | None = None) -> tuple[str, int]:
    """Remove ``>`` quote/callout prefixes; ``depth`` limits how many."""
    at, n = quote_prefix(line, depth)
    return line[at:], n


def _indent_width(s: str) -> int:
    width = 0
    for ch in s:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _dedent(line: str, width: int) -> str:
    """Remove up to ``width`` columns of leading white space."""
    col = 0
    i = 0
    while i < len(line) and col < width:
        ch = line[i]
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
        i += 1
    return line[i:]


def parse_info(info: str) -> tuple[str, list[str], dict[str, str]]:
    """Split an info string: ``python test title="a b.py"`` -> ("python", ["test"], {...}).

    Braces are allowed around the options (``python {test timeout=5}``), and a leading dot on
    the language (``{.python}``) is dropped, as Pandoc writes it.
    """
    info = info.strip()
    text = info.replace("{", " ").replace("}", " ")
    lang = ""
    flags: list[str] = []
    options: dict[str, str] = {}
    for m in _INFO_TOKEN.finditer(text):
        if m.group(5) is not None:
            word = m.group(5)
            if not lang and not flags and not options:
                lang = word.lstrip(".")
            else:
                flags.append(word.lstrip("."))
        else:
            value = next(v for v in m.group(2, 3, 4) if v is not None)
            options[m.group(1)] = value
    return lang.lower(), flags, options


class _BodyScanner:
    """One pass over the body's lines collecting tags, links, headings and code blocks."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.tags: list[TagUse] = []
        self.links: list[Link] = []
        self.headings: list[Heading] = []
        self.code: list[CodeBlock] = []
        self.blocks: list[str] = []
        self.math: list[Math] = []
        self.problems: list[Problem] = []

    def scan(self, lines: list[str]) -> None:
        fence: tuple[str, int, int, int] | None = None  # char, length, indent, quote depth
        fence_start = 0
        fence_info = ""
        code_lines: list[str] = []
        in_math = False
        math_start = 0
        math_lines: list[str] = []
        in_comment = False
        in_html = False
        number = self.first_line - 1
        for raw in lines:
            number += 1
            if fence is not None:
                char, length, indent, depth = fence
                content, _ = _strip_quotes(raw, depth) if depth else (raw, 0)
                stripped = content.strip()
                if stripped.startswith(char * length) and not stripped.strip(char):
                    self._add_code(fence_info, code_lines, fence_start, number, True)
                    fence = None
                else:
                    code_lines.append(_dedent(content, indent))
                continue

            content, depth = _strip_quotes(raw) if ">" in raw[:8] else (raw, 0)
            prefix = len(raw) - len(content)  # columns below are columns of ``raw``
            if "`" in content or "~" in content:
                lm = _LIST_MARKERS.match(content)
                lead = lm.end() if lm else 0
                body = content[lead:]
                ws = _indent_width(body)
                fm = _FENCE_OPEN.match(body.lstrip(" \t"))
                if fm and not (fm.group(1)[0] == "`" and "`" in fm.group(2)):
                    indent = len(content[:lead].expandtabs(4)) + ws
                    fence = (fm.group(1)[0], len(fm.group(1)), indent, depth)
                    fence_start = number
                    fence_info = fm.group(2)
                    code_lines = []
                    continue

            stripped = content.strip()
            if in_comment:
                if "-->" in content or "%%" in content:
                    in_comment = False
                continue
            if in_math:
                if "$$" in stripped:
                    in_math = False
                    math_lines.append(stripped[:stripped.index("$$")])
                    self.math.append(Math("\n".join(math_lines).strip(), True, math_start, number))
                else:
                    math_lines.append(content)
                continue
            if stripped.startswith("$$"):
                if stripped.count("$$") == 1:
                    in_math, math_start, math_lines = True, number, [stripped[2:]]
                    continue
                if stripped.endswith("$$") and len(stripped) > 4:
                    self.math.append(Math(stripped[2:-2].strip(), True, number, number))
                    continue
            if stripped.startswith(("<!--", "%%")):
                closer = "-->" if stripped.startswith("<!--") else "%%"
                if closer not in stripped[4 if closer == "-->" else 2:]:
                    in_comment = True
                continue
            if not stripped:
                in_html = False
                continue
            if not in_html and depth == 0 and _HTML_BLOCK.match(content):
                in_html = True  # a raw HTML block, to the next blank line: its text is HTML

            if depth == 0 and content.lstrip(" ").startswith("#"):
                hm = _ATX.match(content)
                if hm and (hm.group(2) is not None or content.strip() == hm.group(1)):
                    text = (hm.group(2) or "").strip()
                    if text:
                        self.headings.append(Heading(len(hm.group(1)), text, number))
                    # a heading's own '#' marks are not tags, but tags may follow in its text
                    content = " " * (content.index("#") + len(hm.group(1))) + content[
                        content.index("#") + len(hm.group(1)):]

            if "^" in content:
                bm = _BLOCK_ID.search(content)
                if bm:
                    self.blocks.append(bm.group(1))

            if "`" in content:
                content = mask_code_spans(content)
            if "$" in content:
                for m in _INLINE_MATH.finditer(content):
                    text = m.group(0)
                    display = text.startswith("$$")
                    self.math.append(Math(text[2:-2] if display else text[1:-1], display, number,
                                          number, prefix + m.start(), prefix + m.end()))
            if "[" in content:
                for m in _WIKILINK.finditer(content):
                    link = parse_wikilink(m.group(2), number, bool(m.group(1)))
                    link.col, link.end_col = prefix + m.start(), prefix + m.end()
                    self.links.append(link)
                if "](" in content:
                    for m in _MD_LINK.finditer(content):
                        link = _markdown_link(m, number)
                        if link is not None:
                            link.col, link.end_col = prefix + m.start(), prefix + m.end()
                            self.links.append(link)
            if "#" in content and not in_html:
                for name, start, end in iter_hashtags(_mask_for_tags(content)):
                    self.tags.append(TagUse(name, number, "inline", prefix + start, prefix + end))

        if fence is not None:
            self._add_code(fence_info, code_lines, fence_start, number, False)
            self.problems.append(Problem(
                self.path, fence_start, "unclosed-fence",
                "code block is never closed (it runs to the end of the note)"))

    def _add_code(self, info: str, lines: list[str], start: int, end: int, closed: bool) -> None:
        lang, flags, options = parse_info(info)
        code = "\n".join(lines)
        if lines:
            code += "\n"
        self.code.append(CodeBlock(lang=lang, info=info.strip(), code=code, line=start,
                                   code_line=start + 1, end_line=end, flags=flags,
                                   options=options, closed=closed))


# ---------------------------------------------------------------------------------------------
# Front matter


def _split_front_matter(text: str) -> tuple[str | None, str, int, int | None]:
    """Return (front matter text or None, body, body's first line, unclosed-at line)."""
    if not text.startswith("---"):
        return None, text, 1, None
    first_nl = text.find("\n")
    first = text[:first_nl] if first_nl >= 0 else text
    if first.rstrip() != "---":
        return None, text, 1, None
    pos = first_nl + 1
    line = 2
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = nl if nl >= 0 else len(text)
        if text[pos:end].rstrip() in ("---", "..."):
            body_start = end + 1 if nl >= 0 else len(text)
            return text[first_nl + 1:pos], text[body_start:], line + 1, None
        if nl < 0:
            break
        pos = nl + 1
        line += 1
    return None, text, 1, 1


def _yaml_problem(path: str, fm_text: str, err: yaml.YAMLError) -> Problem:
    """A YAML error as a problem on the file's line (front matter starts on line 2)."""
    mark = getattr(err, "problem_mark", None)
    context = getattr(err, "context_mark", None)
    fm_lines = fm_text.count("\n")
    if mark is None or (mark.line >= fm_lines and context is not None):
        mark = context or mark  # the error surfaced at the end: point at where it began
    line = 2 + (mark.line if mark is not None else 0)
    what = getattr(err, "problem", None) or str(err).split("\n")[0]
    ctx = getattr(err, "context", None)
    detail = f"{what} ({ctx})" if ctx else what
    return Problem(path, line, "front-matter", f"invalid YAML front matter: {detail}")


def _key_line(fm_text: str, names: tuple[str, ...]) -> int:
    """Line (1-based, within the file) of the first front-matter key among ``names``."""
    for i, line in enumerate(fm_text.split("\n")):
        for name in names:
            if line.startswith(name + ":"):
                return i + 2
    return 1


_NOT_LINK_PROPERTIES = {"title", "tags", "tag", "aliases", "alias", "date"}


def _property_links(meta: dict[str, Any], fm_text: str) -> list[Link]:
    """Front-matter properties that hold wikilinks (``related: "[[Note]]"``, or a list of
    them) are links, as in Obsidian: they get backlinks and are checked, at the key's line."""
    out: list[Link] = []
    for name, value in meta.items():
        if name in _NOT_LINK_PROPERTIES:
            continue
        values = value if isinstance(value, list) else [value]
        line = 0
        for item in values:
            if isinstance(item, list) and len(item) == 1 and isinstance(item[0], str):
                item = f"[[{item[0]}]]"  # related: [[Note]] unquoted: YAML read a list
            if not isinstance(item, str) or "[[" not in item:
                continue
            line = line or _key_line(fm_text, (name,))
            for m in _WIKILINK.finditer(item):
                out.append(parse_wikilink(m.group(2), line, bool(m.group(1))))
    return out


def _value_text(fm_text: str, line: int, value: Any) -> str:
    """A front-matter value as the person wrote it (the text after ``key:`` on its line), for
    messages; a Python repr is no help to someone who wrote YAML."""
    lines = fm_text.split("\n")
    if 2 <= line < len(lines) + 2:
        written = lines[line - 2].partition(":")[2].strip()
        if written:
            return written if len(written) <= 80 else written[:77] + "..."
    return str(value)[:80]


def _as_date(value: Any) -> dt.datetime | dt.date | None:
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, dict):  # mkdocs-material blog: date: {created: ..., updated: ...}
        return _as_date(value.get("created"))
    if isinstance(value, str):
        s = value.strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
                return dt.date.fromisoformat(s)
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:  # a day or time that does not exist
            return None
    return None


def _string_list(value: Any, split: bool) -> list[str] | None:
    """Front-matter list or string to a list of strings (None when of a wrong type)."""
    if value is None:
        return []
    if isinstance(value, str):
        if split:
            return [t for t in re.split(r"[,\s,、]+", value) if t]
        return [value] if value.strip() else []
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, list):
        out = []
        for item in value:
            if item is None:
                continue
            if isinstance(item, (str, int, float)):
                out.append(str(item))
            else:
                return None
        return out
    return None


_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_from_filename(stem: str) -> dt.date | None:
    m = _FILE_DATE.match(stem)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Entry points


def decode(path: str, data: bytes) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 with or without BOM, CRLF or LF. Other encodings give a problem."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(Problem(
            path, line, "encoding",
            f"not UTF-8: byte 0x{data[err.start]:02x} at offset {err.start} cannot be decoded "
            "(save the file as UTF-8; undecodable bytes are shown as \ufffd)"))
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def parse_markdown(path: str, text: str) -> Note:
    """Parse the text of a Markdown note whose vault-relative path is ``path``."""
    problems: list[Problem] = []
    fm_text, body, body_line, unclosed = _split_front_matter(text)
    meta: dict[str, Any] = {}
    if unclosed:
        problems.append(Problem(path, 1, "front-matter",
                                "front matter starts with '---' but is never closed"))
    if fm_text is not None and fm_text.strip():
        try:
            loaded = load_front_matter(fm_text)
        except yaml.YAMLError as err:
            problems.append(_yaml_problem(path, fm_text, err))
        except (RecursionError, MemoryError, ValueError, TypeError) as err:  # never fatal
            problems.append(Problem(path, 2, "front-matter",
                                    f"invalid YAML front matter: {type(err).__name__}: {err}"))
        else:
            if isinstance(loaded, dict):
                meta = {str(k): v for k, v in loaded.items()}
            elif loaded is not None:
                problems.append(Problem(path, 2, "front-matter",
                                        "front matter is not a mapping of keys to values"))

    scanner = _BodyScanner(path, body_line)
    lines = body.split("\n")
    if lines and lines[-1] == "":  # the final newline ends a line; it does not start one
        lines.pop()
    scanner.scan(lines)
    problems.extend(scanner.problems)
    deep = deepest_line(lines, scanner.code, body_line)
    if deep is not None:
        index, depth = deep
        problems.append(Problem(path, body_line + index, "nesting",
                                f"quotes or lists nested {depth} levels deep (the site shows "
                                f"at most {MAX_BODY_NESTING}; deeper ones as plain text)"))

    tags: list[TagUse] = []
    fm = fm_text or ""
    for tag_key in ("tags", "tag"):
        if tag_key not in meta:
            continue
        line = _key_line(fm, (tag_key,))
        names = _string_list(meta[tag_key], split=True)
        if names is None:
            problems.append(Problem(path, line, "invalid-tag",
                                    f"'{tag_key}' must be a list of tags or a string"))
            continue
        for name in names:
            clean = clean_tag(name)
            if clean is None:
                problems.append(Problem(path, line, "invalid-tag",
                                        f"not a valid tag: {name!r} (tags hold letters, digits,"
                                        " _ - and /, and not only digits)"))
            else:
                tags.append(TagUse(clean, line, "front-matter"))
    tags.extend(scanner.tags)

    aliases: list[str] = []
    for alias_key in ("aliases", "alias"):
        if alias_key in meta:
            names = _string_list(meta[alias_key], split=False)
            if names is None:
                problems.append(Problem(path, _key_line(fm, (alias_key,)), "front-matter",
                                        f"'{alias_key}' must be a list of names or a string"))
            else:
                aliases.extend(n.strip() for n in names if n.strip())

    stem = PurePosixPath(path).stem
    title_value = meta.get("title")
    if isinstance(title_value, (str, int, float)) and str(title_value).strip():
        title, title_source = str(title_value).strip(), "front-matter"
        title_line = _key_line(fm, ("title",))
    else:
        h1 = next((h for h in scanner.headings if h.level == 1), None)
        if h1 is not None:
            title, title_source, title_line = h1.text, "heading", h1.line
        else:
            title, title_source, title_line = stem, "file-name", 1

    date: dt.datetime | dt.date | None = None
    date_source = None
    if "date" in meta and meta["date"] is not None:
        date = _as_date(meta["date"])
        if date is None:
            line = _key_line(fm, ("date",))
            problems.append(Problem(path, line, "bad-date",
                                    f"date not understood: {_value_text(fm, line, meta['date'])} "
                                    "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00)"))
        else:
            date_source = "front-matter"
    if date is None:
        date = date_from_filename(stem)
        if date is not None:
            date_source = "file-name"

    return Note(path=path, title=title, title_source=title_source, title_line=title_line,
                date=date,
                date_source=date_source, aliases=aliases, tags=tags,
                links=_property_links(meta, fm) + scanner.links,
                code=scanner.code, headings=scanner.headings, blocks=scanner.blocks,
                math=scanner.math,
                meta=meta, body=body, body_line=body_line, problems=problems)


def _cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def parse_notebook(path: str, text: str) -> Note:
    """Parse a Jupyter notebook: its markdown cells as the note's text, code cells as code.

    Line numbers of a notebook's tags, links and code are cell numbers (1-based).
    """
    stem = PurePosixPath(path).stem
    try:
        nb = json.loads(text)
        if not isinstance(nb, dict) or not isinstance(nb.get("cells", []), list):
            raise ValueError("not a notebook: no list of cells")
    except (json.JSONDecodeError, ValueError) as err:
        line = getattr(err, "lineno", 1)
        msg = getattr(err, "msg", str(err))
        return Note(path=path, title=stem, title_source="file-name", kind="notebook",
                    date=date_from_filename(stem), body="",
                    problems=[Problem(path, line, "unreadable", f"invalid notebook JSON: {msg}")])
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    kbmeta = metadata.get("kb") if isinstance(metadata.get("kb"), dict) else {}
    lang = "python"
    kernelspec, language_info = metadata.get("kernelspec"), metadata.get("language_info")
    if isinstance(kernelspec, dict) and isinstance(kernelspec.get("language"), str):
        lang = kernelspec["language"]
    elif isinstance(language_info, dict) and isinstance(language_info.get("name"), str):
        lang = language_info["name"]

    # Build a Markdown rendition (markdown cells as they are, code cells fenced) and parse it
    # with the same scanner, then map line numbers back to cells.
    parts: list[str] = []
    cell_of_line: list[int] = []
    code_cells: list[int] = []
    for index, cell in enumerate(c for c in nb.get("cells", []) if isinstance(c, dict)):
        src = _cell_source(cell).rstrip("\n")
        kind = cell.get("cell_type")
        if kind == "code":
            fence = "```"
            while fence in src:
                fence += "`"
            block = f"{fence}{lang}\n{src}\n{fence}" if src else f"{fence}{lang}\n{fence}"
            code_cells.append(index + 1)
        elif kind == "markdown":
            block = src
        else:
            continue
        lines = block.split("\n")
        parts.extend(lines)
        parts.append("")
        cell_of_line.extend([index + 1] * (len(lines) + 1))
    body = "\n".join(parts)
    meta = {k: v for k, v in {**metadata, **kbmeta}.items()
            if k in ("title", "date", "tags", "tag", "aliases", "alias")}
    fm = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    note = parse_markdown(path, f"---\n{fm}---\n{body}" if fm else body)
    offset = note.body_line

    def cell(line: int) -> int:
        i = line - offset
        return cell_of_line[i] if 0 <= i < len(cell_of_line) else 1

    note.kind = "notebook"
    if note.title_source == "front-matter":
        note.title_source = "notebook-metadata"
    for use in note.tags:
        use.line = 1 if use.source == "front-matter" else cell(use.line)
    for link in note.links:
        link.line = cell(link.line)
    for h in note.headings:
        h.line = cell(h.line)
    for block in note.code:
        block.cell = cell(block.line)
        block.line = block.code_line = block.end_line = block.cell
    for problem in note.problems:
        problem.line = cell(problem.line) if problem.line >= offset else 1
    note.body = body
    note.body_line = 1
    note.meta = metadata
    return note


def parse_text(path: str, text: str) -> Note:
    """Parse a note's text; ``path`` (vault-relative, POSIX) decides Markdown or notebook."""
    if path.lower().endswith(".ipynb"):
        return parse_notebook(path, text)
    return parse_markdown(path, text)


def parse_bytes(path: str, data: bytes) -> Note:
    """Parse a note from its bytes, reporting encoding problems instead of raising."""
    text, problems = decode(path, data)
    note = parse_text(path, text)
    note.problems[:0] = problems
    note.size = len(data)
    return note
