"""Small text helpers shared by every module: normalised keys, slugs, safe file names, display width.

One place decides when two spellings are "the same" (a tag, a title, a heading), so the
parser, the vault, the CLI and the importers agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACE_RUN = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The identity of a title, alias, file name or tag: NFKC, case-folded, spaces collapsed.

    NFKC folds full-width Latin and punctuation (``LSTM``, ``Q,K``) onto their ASCII forms, so a
    note typed with a Chinese input method resolves the same as one typed without it.
    """
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def ranked_spellings(counts: dict[str, int]) -> list[str]:
    """The spellings of one tag (or name), most used first; ties in code-point order. The first
    is how kb shows the tag everywhere (site, ``kb tags``, ``kb find``, the index)."""
    return sorted((s for s, c in counts.items() if c), key=lambda s: (-counts[s], s))


def display_spelling(counts: dict[str, int], fallback: str) -> str:
    """The first of :func:`ranked_spellings`, or ``fallback`` when there is none."""
    best = None
    for s, c in counts.items():
        if c and (best is None or c > counts[best] or (c == counts[best] and s < best)):
            best = s
    return fallback if best is None else best


_HEADING_DROP = re.compile(r"[#|^:%\[\]\\*_`=~]")


def heading_key(text: str) -> str:
    """Identity of a heading for ``[[Note#Heading]]``: like :func:`key`, markup characters ignored."""
    return key(_HEADING_DROP.sub(" ", text))


_SLUG_DROP = re.compile(r"[^\w\- ]+")


def slugify(text: str, sep: str = "-") -> str:
    """A unicode-preserving slug: ``"LSTM 的遗忘门 (forget gate)"`` -> ``"lstm-的遗忘门-forget-gate"``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SLUG_DROP.sub(" ", text)
    text = _SPACE_RUN.sub(sep, text.strip())
    return re.sub(re.escape(sep) + "{2,}", sep, text).strip(sep)


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """How Obsidian's file explorer orders names: case folded, numbers by value
    (``note 2`` before ``note 10``)."""
    return tuple(int(part) if part.isdigit() else part
                 for part in _DIGITS.split(text.rsplit("/", 1)[-1].casefold()))


def distinct_slug(text: str) -> str:
    """:func:`slugify`, made distinct where the slug lost something: ``deep--learning`` and
    ``-deep-learning`` slug to ``deep-learning`` like ``deep-learning`` does, so they get a short
    hash of the text after it (``deep-learning-3f2a1c``). Two different texts never share one."""
    slug = slugify(text)
    if slug == text:
        return slug
    import hashlib

    return f"{slug or '_'}-{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:6]}"


# Characters refused by at least one common file system (Windows is the strictest).
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_filename(title: str, max_bytes: int = 180) -> str:
    """A file name stem from a title that every common file system accepts.

    Keeps CJK and spaces; replaces ``/ ? : " < > | * \\`` and control characters; trims dots and
    spaces at the ends (Windows); cuts at a character boundary so the UTF-8 length stays within
    ``max_bytes`` (ext4 and APFS allow 255 bytes; the margin leaves room for a date prefix, a
    counter and the extension).
    """
    name = unicodedata.normalize("NFC", title)
    name = _UNSAFE_FILENAME.sub("-", name)
    name = _SPACE_RUN.sub(" ", name).strip(" .")
    name = re.sub(r"-{2,}", "-", name)
    encoded = name.encode("utf-8")
    if len(encoded) > max_bytes:
        name = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip(" .-")
    if not name:
        name = "untitled"
    if name.split(".")[0].casefold() in _WINDOWS_RESERVED:
        name = "_" + name
    return name


_MARKUP = re.compile(r"!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]|!?\[([^\]]*)\]\([^)]*\)"
                     r"|<[^>]*>|[*`~]+|(?<!\w)_+|_+(?!\w)|\$+|^\s{0,3}#{1,6}\s+|^\s*>+\s?", re.M)


def markdown_text(text: str) -> str:
    """Markdown as it reads: links as their text (a wikilink's alias, else its target), no
    emphasis, code or math marks, no HTML tags, no heading or quote markers. White space is
    left as it was (a tag becomes a space)."""
    def one(m: re.Match) -> str:
        found = m.group(0)
        if found.startswith(("[", "!")):
            return m.group(2) or m.group(1) or m.group(3) or ""
        return " " if found.startswith("<") else ""

    return _MARKUP.sub(one, text)


_BREAK = re.compile(r"[\s\-_,.;:!?，。；：！？、）)\]」』]")


def short_filename(title: str, limit: int = 60) -> str:
    """:func:`safe_filename`, cut near ``limit`` characters where a title is longer: at the last
    space or punctuation after two thirds of it (Latin), else at a character (Chinese), with a
    short hash of the whole title so two titles that start alike keep two names, the same on
    every import. The whole title stays in the note's front matter."""
    name = safe_filename(title, 1 << 20)
    if len(name) <= limit:
        return safe_filename(name)
    import hashlib

    head = name[:limit]
    cut = max((m.end() for m in _BREAK.finditer(head) if m.end() >= limit * 2 // 3), default=0)
    head = (head[:cut] if cut else head).rstrip(" .-_,;:，。；：、")
    digest = hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return safe_filename(f"{head}-{digest}", 200)


@functools.cache
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns a string takes: CJK ideographs and full-width forms take two."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (CJK-aware)."""
    return text + " " * max(0, width - display_width(text))


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` terminal columns, ending in an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
