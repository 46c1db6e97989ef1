"""A persisted search index, so ``kb find`` answers at once on a big vault.

``.kb/index.sqlite`` (beside mkdocs.yml) keeps, per note: its file's size and mtime, title,
aliases, date, tags and the normalised text that words are matched in. Each query first
refreshes it incrementally: one ``stat`` per file; only new or changed notes are parsed again
(through :mod:`kb.parse`, like everywhere else); deleted ones are dropped.

A query is then answered by SQLite alone: :func:`sql_where` turns the query tree of
:mod:`kb.query` into one ``WHERE`` clause with the same meaning as :class:`kb.query.Matcher`
(tags and their nested tags through an indexed table, words by scanning the stored text, dates by
their ISO prefix), and only the matching rows are read. The test suite checks both agree.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from pathlib import Path

from .files import note_stamps
from .machine import usable_cores
from .query import And, Matcher, Not, Or, Term
from .text import key

SCHEMA_VERSION = 6
_SEP = "\x1f"  # between aliases / tag names in one column


class IndexedNote:
    """What the index keeps of a note: enough to print a result."""

    __slots__ = ("path", "title", "aliases", "date", "tag_keys", "tag_names")

    def __init__(self, path: str, title: str, aliases: list[str], date: str | None,
                 tag_keys: list[str], tag_names: list[str]):
        self.path, self.title, self.aliases, self.date = path, title, aliases, date
        self.tag_keys, self.tag_names = tag_keys, tag_names

    def __repr__(self) -> str:
        return f"IndexedNote({self.path!r})"


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
                DROP TABLE IF EXISTS note_tags;
                DROP TABLE IF EXISTS texts;
                DROP TABLE IF EXISTS tag_names;
                DROP TABLE IF EXISTS meta;
                CREATE TABLE notes (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,
                    title TEXT, aliases TEXT, date TEXT, day TEXT, tags TEXT, tag_names TEXT,
                    title_key TEXT, path_key TEXT);
                CREATE TABLE note_tags (key TEXT, path TEXT, PRIMARY KEY (key, path))
                    WITHOUT ROWID;
                CREATE INDEX note_tags_path ON note_tags (path);
                CREATE TABLE texts (path TEXT PRIMARY KEY, text TEXT);
                CREATE TABLE tag_names (key TEXT PRIMARY KEY, name TEXT);
                CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
            """)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.db.commit()
        self.parsed = 0  # notes parsed by the last refresh

    def close(self) -> None:
        self.db.close()

    def _stamps(self, share: tuple[int, int] = (0, 1)) -> dict[str, tuple[int, int]]:
        """(mtime_ns, size) of every note file now; with ``share`` ``(k, n)`` only the files
        whose :func:`_share` is ``k``."""
        part, ways = share
        return note_stamps(self.root, None if ways == 1 else
                           (lambda rel: _share(rel, ways) == part))

    def _known(self) -> dict[str, tuple[int, int]]:
        """The stamps the index was last refreshed with (one stored blob: cheaper than a row
        per note)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'stamps'").fetchone()
        if row is not None:
            try:
                return marshal.loads(row[0])
            except (ValueError, EOFError, TypeError):
                pass
        return {p: (m, s) for p, m, s in self.db.execute("SELECT path, mtime_ns, size FROM notes")}

    def start_check(self, ways: int | None = None) -> "PendingCheck":
        """Begin comparing the files with the index in child processes (where the system can
        fork), so the caller can answer from the index meanwhile and learn afterwards whether
        it was fresh: see :meth:`refresh`. ``ways``: how many children (default: by cores)."""
        return PendingCheck(self, ways)

    def diff(self, known: dict | None = None, share: tuple[int, int] = (0, 1)
             ) -> tuple[list[str], list[str]]:
        """(new or changed paths, deleted paths) since the index was last refreshed."""
        if known is None:
            known = self._known()
        part, ways = share
        now = self._stamps(share)
        if ways > 1:
            known = {p: v for p, v in known.items() if _share(p, ways) == part}
        if now == known:
            return [], []
        return ([p for p, stamp in now.items() if known.get(p) != stamp],
                [p for p in known if p not in now])

    def refresh(self, diff: tuple[list[str], list[str]] | None = None) -> int:
        """Bring the index up to date with the files; returns how many notes were parsed.
        ``diff``: what :meth:`diff` (or :meth:`start_check`) found, if already known."""
        changed, gone_paths = self.diff() if diff is None else diff
        if not changed and not gone_paths:
            self.parsed = 0
            return 0
        changed = sorted(changed)
        gone = [(p,) for p in gone_paths]
        from .vault import no_cycle_collection

        with no_cycle_collection():
            notes, tags, texts = self._parse_rows(changed)
        if notes or gone:
            with self.db:
                stale = gone + [(p,) for p in changed]
                for table in ("notes", "note_tags", "texts"):
                    self.db.executemany(f"DELETE FROM {table} WHERE path = ?", stale)
                self.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
                self.db.executemany("INSERT INTO note_tags VALUES (?, ?)", tags)
                self.db.executemany("INSERT INTO texts VALUES (?, ?)", texts)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)", (
                    marshal.dumps({p: (m, s) for p, m, s in self.db.execute(
                        "SELECT path, mtime_ns, size FROM notes")}),))
                self.db.execute("DELETE FROM tag_names")
                self.db.executemany("INSERT INTO tag_names VALUES (?, ?)",
                                    self._count_tag_names().items())
        self.parsed = len(notes)
        return len(notes)

    def _parse_rows(self, changed: list[str]) -> tuple[list, list, list]:
        """Rows of the notes table, the note_tags table and the texts table for these notes."""
        from .vault import read_note

        notes, tags, texts = [], [], []
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
            notes.append((rel, stamp[0], stamp[1], note.title, _SEP.join(note.aliases),
                          note.date_json(), note.day.isoformat() if note.day else None,
                          " ".join(seen_tags), _SEP.join(seen_tags.values()),
                          # key() never leaves a newline, so no query value spans two names
                          "\n".join(key(t) for t in (note.title, *note.aliases)), key(rel)))
            tags.extend((k, rel) for k in seen_tags)
            texts.append((rel, key("\n".join([note.title, *note.aliases, rel, note.body]))))
        return notes, tags, texts

    def find(self, query: str | Matcher) -> list[IndexedNote]:
        """Notes matching ``query`` (the kb find language), newest first."""
        tree = (query if isinstance(query, Matcher) else Matcher(query)).tree
        params: list = []
        where = sql_where(tree, params)
        rows = self.db.execute(
            "SELECT path, title, aliases, date, tags, tag_names FROM notes "
            f"WHERE {where} ORDER BY date IS NULL, date DESC, path", params)
        return [IndexedNote(p, t, a.split(_SEP) if a else [], d,
                            tags.split() if tags else [], names.split(_SEP) if names else [])
                for p, t, a, d, tags, names in rows]

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


def _share(path: str, ways: int) -> int:
    """Which of ``ways`` children checks ``path`` (forked children share the hash seed)."""
    return hash(path) % ways


class PendingCheck:
    """:meth:`Index.diff` in forked children while the caller works: one child on a machine of
    up to three cores (the caller keeps one busy), else two, each walking the vault and stating
    every other file (the ``stat`` calls are most of the cost). :meth:`result` waits for them.
    Where there is no ``fork`` (or it fails) the check simply happens in :meth:`result`."""

    def __init__(self, index: Index, ways: int | None = None):
        self.index = index
        self.known = index._known()
        self.ways = ways or (2 if usable_cores() >= 4 else 1)
        self.children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
        if not hasattr(os, "fork"):
            return
        for part in range(self.ways):
            try:
                read_fd, write_fd = os.pipe()
                pid = os.fork()
            except OSError:
                break
            if pid == 0:  # the child: check, send, leave without running any exit handlers
                status = 1
                try:
                    os.close(read_fd)
                    data = memoryview(marshal.dumps(index.diff(self.known, (part, self.ways))))
                    while data:
                        data = data[os.write(write_fd, data):]
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_fd)
            self.children.append((pid, read_fd))

    def result(self) -> tuple[list[str], list[str]]:
        """(changed, gone), as :meth:`Index.diff` gives them."""
        complete = len(self.children) == self.ways
        changed: list[str] = []
        gone: list[str] = []
        for pid, fd in self.children:
            chunks = []
            try:
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
            finally:
                os.close(fd)
                _, status = os.waitpid(pid, 0)
            if status != 0 or not chunks:
                complete = False
                continue
            c, g = marshal.loads(b"".join(chunks))
            changed += c
            gone += g
        self.children = []
        if not complete:
            return self.index.diff(self.known)
        return changed, gone


def sql_where(node: object, params: list) -> str:
    """The query tree as an SQL condition on ``notes`` (its values appended to ``params``), with
    the meaning :func:`kb.query._compile` gives it."""
    if isinstance(node, And):
        return "(" + " AND ".join(sql_where(p, params) for p in node.parts) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(sql_where(p, params) for p in node.parts) + ")"
    if isinstance(node, Not):
        return f"(NOT {sql_where(node.inner, params)})"
    assert isinstance(node, Term)
    v = node.value
    if node.kind == "tag":  # the tag itself or one nested under it: v/… sorts in [v/, v0)
        params.extend((v, v + "/", v + "0"))
        return ("path IN (SELECT path FROM note_tags WHERE key = ? OR (key >= ? AND key < ?))")
    if node.kind == "word":
        params.append(v)
        return "path IN (SELECT path FROM texts WHERE instr(text, ?) > 0)"
    if node.kind == "title":
        params.append(v)
        return "instr(title_key, ?) > 0"
    if node.kind == "path":
        params.append(v)
        return "instr(path_key, ?) > 0"
    if node.kind == "date":
        return _date_sql(v, params)
    return "0"


def _date_sql(spec: str, params: list) -> str:
    """``kb.query._date_match`` in SQL: the day's ISO form, cut to the value's length, compared."""

    def head(op: str, value: str) -> str:
        params.extend((len(value), value))
        return f"substr(day, 1, ?) {op} ?"

    if ".." in spec:
        lo, _, hi = spec.partition("..")
        parts = ["day IS NOT NULL"]
        if lo:
            parts.append(head(">=", lo))
        if hi:
            parts.append(head("<=", hi))
        return "(" + " AND ".join(parts) + ")"
    for op in (">=", "<=", ">", "<"):
        if spec.startswith(op):
            return f"(day IS NOT NULL AND {head(op, spec[len(op):])})"
    return f"(day IS NOT NULL AND {head('=', spec)})"


def default_db(vault_root: Path) -> Path:
    """``index.sqlite`` in :func:`kb.config.cache_dir` (``.kb/`` beside mkdocs.yml, or in the
    vault: hidden folders are not part of it)."""
    from .config import cache_dir

    return cache_dir(Path(vault_root)) / "index.sqlite"
