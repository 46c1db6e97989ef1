"""The Note model: everything kb knows about one note, with line numbers.

A :class:`Note` is plain data produced by :mod:`kb.core.parse`; it holds no reference to other notes
(that is the :class:`kb.core.vault.Vault`'s job); :mod:`kb.store.notes` stores it as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .text import key


# Problem kinds that make a note "broken": it is still listed and indexed as far as possible.
BREAKING = frozenset({"front-matter", "encoding", "unreadable"})


@dataclass(slots=True)
class Problem:
    """Something wrong in a note, reported as ``path:line: message``."""

    path: str
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "message": self.message}


@dataclass(slots=True)
class TagUse:
    """One occurrence of a tag: ``name`` as written (without ``#``), where, and from what."""

    name: str
    line: int
    source: str  # "front-matter" or "inline"
    col: int = -1  # inline tags: where "#name" starts and ends on its line (0-based, end excl.)
    end_col: int = -1

    @property
    def key(self) -> str:
        return key(self.name)


@dataclass(slots=True)
class Link:
    """A wikilink, embed or Markdown link to another note (or a file, for embeds).

    ``target`` is the note part as written (``""`` for ``[[#Heading]]``, a link inside the note);
    ``heading`` and ``block`` the ``#Heading`` / ``#^block`` part; ``text`` the shown text.
    """

    target: str
    line: int
    kind: str  # "wiki" or "markdown"
    embed: bool = False
    heading: str | None = None
    block: str | None = None
    text: str | None = None
    col: int = -1  # where the link's source text starts and ends on its line (0-based)
    end_col: int = -1

    @property
    def raw(self) -> str:
        """The link written back in Obsidian form, for messages."""
        inner = self.target
        if self.block is not None:
            inner += "#^" + self.block
        elif self.heading is not None:
            inner += "#" + self.heading
        if self.kind == "markdown":
            return f"[{self.text or ''}]({inner})"
        shown = f"|{self.text}" if self.text is not None else ""
        return f"{'!' if self.embed else ''}[[{inner}{shown}]]"


@dataclass(slots=True)
class CodeBlock:
    """A fenced code block (or a notebook code cell).

    ``line`` is the opening fence's line in the note (for a notebook: the cell number),
    ``code_line`` the first line of code, ``end_line`` the closing fence. ``info`` is the whole
    info string; ``lang`` its first word; ``options`` its ``key=value`` pairs and ``flags`` its
    bare words after the language (``python test skip title="lstm.py"`` gives flags
    ``["test", "skip"]`` and options ``{"title": "lstm.py"}``).
    """

    lang: str
    info: str
    code: str
    line: int
    code_line: int
    end_line: int
    flags: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    closed: bool = True
    cell: int | None = None


@dataclass(slots=True)
class Math:
    """A formula: inline ``$…$`` (``col``/``end_col`` on ``line``) or a ``$$…$$`` block
    (``line`` to ``end_line``, whole lines)."""

    tex: str
    display: bool
    line: int
    end_line: int
    col: int = -1
    end_col: int = -1


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(slots=True)
class Note:
    """One note of the vault (a Markdown file or a Jupyter notebook)."""

    path: str  # POSIX path relative to the vault root, e.g. "rnn/lstm.md"
    title: str
    title_source: str  # "front-matter", "heading", "notebook-metadata" or "file-name"
    title_line: int = 1
    kind: str = "markdown"  # or "notebook"
    date: dt.datetime | dt.date | None = None
    date_source: str | None = None  # "front-matter", "file-name" or None
    aliases: list[str] = field(default_factory=list)
    tags: list[TagUse] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code: list[CodeBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)  # ^block ids
    math: list[Math] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where ``body`` starts
    problems: list[Problem] = field(default_factory=list)
    size: int = 0  # bytes on disk
    mtime_ns: int = 0

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def broken(self) -> bool:
        return any(p.kind in BREAKING for p in self.problems)

    @property
    def day(self) -> dt.date | None:
        """The calendar day of the note, as written (a time's UTC offset does not move it)."""
        if isinstance(self.date, dt.datetime):
            return self.date.date()
        return self.date

    @property
    def tag_keys(self) -> list[str]:
        """The note's tags, one per identity (case and width folded), in order of first use."""
        seen: dict[str, None] = {}
        for use in self.tags:
            seen.setdefault(use.key, None)
        return list(seen)

    def sort_stamp(self) -> tuple:
        """Key for "newest first": dated notes by date and time, undated last."""
        d = self.date
        if d is None:
            return (0, "")
        # a date without a time sorts as the start of its day
        return (1, d.isoformat())

    def date_json(self) -> str | None:
        return None if self.date is None else self.date.isoformat()
