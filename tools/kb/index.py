"""A persisted search index, so ``kb find`` answers at once on a big vault.

``.kb/index.sqlite`` (beside mkdocs.yml) keeps, per note: its file's size and mtime, title,
aliases, date, tags and the normalised text that words are matched in. Each query first
refreshes it incrementally: one ``stat`` per file; only new or changed notes are parsed again
(through :mod:`kb.parse`, like everywhere else); deleted ones are dropped. Words are matched by
SQLite scanning the stored text (C speed); tags, dates and the boolean structure by the same
:class:`kb.query.Matcher` the in-memory path uses, so both give the same answers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .query import Matcher, Term
from .text import key

SCHEMA_VERSION = 4
_SEP = "\x1f"  # between aliases / tag names in one column


@dataclass(slots=True)
class IndexedNote:
    """What the index keeps of a note: enough to match a query and print a result."""

    path: str
    title: str
    aliases: list[str]
    date: str | None
    day: dt.date | None
    tag_keys: list[str]
    tag_names: list[str]


class Index:
    def __init__(self, vault_root: Path, db_path: Path):
        self.root = Path(vault_root)
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.db_path))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self.db.executescript("""
                DROP TABLE IF EXISTS notes;
                DROP TABLE IF EXISTS tag_names;
                CREATE TABLE notes (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,
                    title TEXT, aliases TEXT, date TEXT, day TEXT, tags TEXT, tag_names TEXT,
                    text TEXT);
                CREATE TABLE tag_names (key TEXT PRIMARY KEY, name TEXT);
            """)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.db.commit()
        self.parsed = 0  # notes parsed by the last refresh

    def close(self) -> None:
        self.db.close()

    def refresh(self) -> int:
        """Bring the index up to date with the files; returns how many notes were parsed."""
        from .files import NOTE_SUFFIXES, iter_files

        known = {p: (m, s) for p, m, s in self.db.execute("SELECT path, mtime_ns, size FROM notes")}
        seen: set[str] = set()
        changed: list[str] = []
        for rel, entry in iter_files(self.root):
            if not rel.lower().endswith(NOTE_SUFFIXES):
                continue
            seen.add(rel)
            try:
                st = entry.stat()
            except OSError:
                continue
            if known.get(rel) != (st.st_mtime_ns, st.st_size):
                changed.append(rel)
        gone = [p for p in known if p not in seen]
        rows = []
        if changed:
            from .vault import read_note
        for rel in changed:
            note = read_note(self.root, rel)
            try:
                st = (self.root / rel).stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = (0, 0)
            seen_tags: dict[str, str] = {}
            for use in note.tags:
                seen_tags.setdefault(use.key, use.name)
            rows.append((rel, stamp[0], stamp[1], note.title, _SEP.join(note.aliases),
                         note.date_json(), note.day.isoformat() if note.day else None,
                         " ".join(seen_tags), _SEP.join(seen_tags.values()),
                         key("\n".join([note.title, *note.aliases, rel, note.body]))))
        if rows or gone:
            with self.db:
                self.db.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in gone])
                self.db.executemany("INSERT OR REPLACE INTO notes VALUES (?,?,?,?,?,?,?,?,?,?)",
                                    rows)
                self.db.execute("DELETE FROM tag_names")
                self.db.executemany("INSERT INTO tag_names VALUES (?, ?)",
                                    self._count_tag_names().items())
        self.parsed = len(rows)
        return len(rows)

    def notes(self) -> list[IndexedNote]:
        return [IndexedNote(p, t, a.split(_SEP) if a else [], d,
                            dt.date.fromisoformat(day) if day else None,
                            tags.split() if tags else [], names.split(_SEP) if names else [])
                for p, t, a, d, day, tags, names in self.db.execute(
                    "SELECT path, title, aliases, date, day, tags, tag_names FROM notes")]

    def _word_hits(self, words: Iterable[str]) -> dict[str, set[str]]:
        return {w: {p for (p,) in self.db.execute(
            "SELECT path FROM notes WHERE instr(text, ?) > 0", (w,))} for w in set(words)}

    def find(self, query: str) -> list[IndexedNote]:
        """Notes matching ``query`` (the kb find language), newest first."""
        matcher = Matcher(query)
        words = [t.value for t in _terms(matcher.tree) if t.kind == "word"]
        hits = self._word_hits(words)
        found = [n for n in self.notes() if matcher(n, word=lambda w, n=n: n.path in hits[w])]
        found.sort(key=lambda n: n.path)
        found.sort(key=lambda n: (n.date is not None, n.date or ""), reverse=True)
        return found

    def tag_display(self) -> dict[str, str]:
        """Tag key -> most frequent spelling, over the whole index (kept by refresh)."""
        return dict(self.db.execute("SELECT key, name FROM tag_names"))

    def _count_tag_names(self) -> dict[str, str]:
        counts: dict[str, dict[str, int]] = {}
        for tags, names in self.db.execute("SELECT tags, tag_names FROM notes"):
            for k, name in zip(tags.split() if tags else [], names.split(_SEP) if names else []):
                counts.setdefault(k, {}).setdefault(name, 0)
                counts[k][name] += 1
        return {k: min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, v in counts.items()}


def _terms(node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    inner = getattr(node, "parts", None)
    if inner is not None:
        return [t for p in inner for t in _terms(p)]
    return _terms(node.inner)


def default_db(vault_root: Path) -> Path:
    """``index.sqlite`` in :func:`kb.config.cache_dir` (``.kb/`` beside mkdocs.yml, or in the
    vault: hidden folders are not part of it)."""
    from .config import cache_dir

    return cache_dir(Path(vault_root)) / "index.sqlite"
