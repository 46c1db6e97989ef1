"""What an importer produces before anything is written: drafts of notes and an account of
every input line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ImportError_(ValueError):
    """Input an importer can't use; the message names the file (and line). Nothing is written."""


@dataclass
class Draft:
    """A note to write: front matter fields, a Markdown body, and the input lines it holds."""

    title: str
    date: dt.datetime | dt.date | None
    tags: list[str]
    body: str
    source: str
    lines: list[int] = field(default_factory=list)  # 1-based input lines this note holds
    extra: dict = field(default_factory=dict)  # more front matter (url, excerpt, …)
    notes: list[str] = field(default_factory=list)  # what was repaired, for the report
    kind: str = "note"  # or "daily"


@dataclass
class Parsed:
    """An importer's reading of one input file."""

    path: str
    drafts: list[Draft]
    daily: Draft | None = None
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, kind)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, title it repeats)
    suggested_tags: list[str] = field(default_factory=list)
    total_lines: int = 0

    def accounted(self) -> set[int]:
        seen = {line for d in self.drafts for line in d.lines}
        if self.daily is not None:
            seen.update(self.daily.lines)
        seen.update(line for line, _ in self.dropped)
        return seen


def input_lines(path: str, text: str, what: str) -> list[str]:
    """The lines of an input file, or ImportError_ for empty or binary input."""
    if not text.strip():
        raise ImportError_(f"{path}: the file is empty")
    if "\x00" in text:
        raise ImportError_(f"{path}: this is a binary file, not {what}")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
