"""A persisted search index, so ``kb find`` answers at once on a big vault.

``.kb/cache/index.sqlite`` (beside mkdocs.yml) keeps, per note: its file's size and mtime, title,
aliases, date, tags and the normalised text that words are matched in. Each query first
refreshes it incrementally: one ``stat`` per file; only new or changed notes are parsed again
(through :mod:`kb.core.parse`, like everywhere else); deleted ones are dropped.

A query is then answered by SQLite alone: :func:`sql_where` turns the query tree of
:mod:`kb.core.query` into one ``WHERE`` clause with the same meaning as :class:`kb.core.query.Matcher`
(tags and their nested tags through an indexed table, words by scanning the stored text, dates by
their ISO prefix), and only the matching rows are read. The test suite checks both agree.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from array import array
from pathlib import Path
from stat import S_ISREG

from ..core.files import note_stamps
from ..core.system import fork_child, usable_cores
from ..core.query import And, Matcher, Not, Or, Term
from ..core.text import display_spelling, key
from . import INDEX, cache_path, code_version, prepare_cache

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


def index_version() -> str:
    """The find index's version: the code that fills it (the parser, the Note model and this
    module) and PyYAML, so an upgrade or a parser change rebuilds it."""
    return code_version("core/parse.py", "core/note.py", "core/text.py", "core/files.py",
                        "store/index.py", libraries=("PyYAML",))


_TABLES = {"notes", "note_tags", "texts", "tag_names", "meta"}
_SCHEMA = """
    CREATE TABLE notes (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,
        title TEXT, aliases TEXT, date TEXT, day TEXT, tags TEXT, tag_names TEXT,
        title_key TEXT, path_key TEXT, card BLOB);
    CREATE TABLE note_tags (key TEXT, path TEXT, PRIMARY KEY (key, path)) WITHOUT ROWID;
    CREATE INDEX note_tags_path ON note_tags (path);
    CREATE TABLE texts (path TEXT PRIMARY KEY, text TEXT);
    CREATE TABLE tag_names (key TEXT PRIMARY KEY, name TEXT);
    CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
"""


def _notice(message: str) -> None:
    import sys

    print(f"kb: {message}", file=sys.stderr)


class Index:
    """``kb find``'s index of a vault in an SQLite file. A file that is damaged, not SQLite,
    made by other kb code or holding anything but kb's own tables is replaced (one line on
    stderr says so): it is a cache, and a shared vault's ``.kb/`` is not trusted."""

    def __init__(self, vault_root: Path, db_path: Path):
        self.root = Path(vault_root)
        self.db_path = Path(db_path)
        self.parsed = 0  # notes parsed by the last refresh
        try:
            self._open()
        except sqlite3.DatabaseError as err:
            self.rebuild(f"the find index {self.db_path} could not be read ({err}); rebuilding it")

    def _open(self) -> None:
        prepare_cache(self.db_path.parent)
        fresh = not self.db_path.exists()
        self.db = sqlite3.connect(str(self.db_path))
        db = self.db
        db.execute("PRAGMA trusted_schema=OFF")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        objects = db.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        version = None
        if objects and all(t in ("table", "index") and tbl in _TABLES
                           for t, _, tbl in objects):
            row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() \
                if any(n == "meta" for _, n, _ in objects) else None
            version = row[0] if row else None
        if version == index_version():
            return
        if not fresh and objects:
            _notice(f"the find index {self.db_path} was made by other kb code; rebuilding it")
        db.close()
        self._remove_files()
        self.db = db = sqlite3.connect(str(self.db_path))
        db.execute("PRAGMA trusted_schema=OFF")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (index_version(),))
        db.commit()

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.db_path}{suffix}")
            except OSError:
                pass

    def rebuild(self, message: str) -> None:
        """Start again from an empty index (after a damaged file showed itself)."""
        _notice(message)
        try:
            self.db.close()
        except Exception:
            pass
        self._remove_files()
        self._open()

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass

    def _known_lists(self) -> tuple[list[str], array]:
        """The stamps the index was last refreshed with: the paths, and their mtime_ns and size
        one after the other. One stored blob, a list and packed integers: read in a fraction of
        the time a dict of tuples takes."""
        db = self.db
        row = db.execute("SELECT value FROM meta WHERE name = 'stamps'").fetchone()
        if row is not None:
            try:
                joined, packed = row[0].split(b"\0\0", 1)
                paths = joined.decode("utf-8", "surrogatepass").split("\0") if joined else []
                numbers = array("q")
                numbers.frombytes(packed)
                if len(numbers) == 2 * len(paths):
                    return paths, numbers
            except (ValueError, AttributeError, TypeError):
                pass
        rows = db.execute("SELECT path, mtime_ns, size FROM notes").fetchall()
        return [r[0] for r in rows], array("q", [n for r in rows for n in r[1:]])

    def _known(self) -> dict[str, tuple[int, int]]:
        """:meth:`_known_lists` as path -> (mtime_ns, size)."""
        return _as_dict(*self._known_lists())

    def _store_stamps(self) -> None:
        rows = self.db.execute("SELECT path, mtime_ns, size FROM notes").fetchall()
        packed = array("q", [n for r in rows for n in r[1:]]).tobytes()
        joined = "\0".join(r[0] for r in rows).encode("utf-8", "surrogatepass")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)",
                        (joined + b"\0\0" + packed,))

    def start_check(self, children: int | None = None,
                    split: tuple[int, list[tuple[int, ...]]] | None = None) -> PendingCheck:
        """Begin comparing the files with the index in forked child processes (where the system
        can fork), so the caller can answer from the index meanwhile and learn afterwards whether
        it was fresh: see :meth:`refresh`. ``children``: how many (default: by cores);
        ``split``: see :class:`PendingCheck`."""
        return PendingCheck(self, children, split)

    def diff(self, known: dict | None = None, share: tuple[int, int] = (0, 1)
             ) -> tuple[list[str], list[str]]:
        """(new or changed paths, deleted paths) since the index was last refreshed; with
        ``share`` ``(k, n)`` only among the paths whose :func:`_share` is ``k``."""
        return self._diff_parts(known, (share[0],), share[1])

    def _diff_parts(self, known: dict | None, parts: tuple[int, ...], ways: int,
                    new: bool | None = None) -> tuple[list[str], list[str]]:
        """:meth:`diff` among the paths in ``parts`` (of ``ways``, by :func:`_share`), found by
        walking the vault. Files the index does not know: with ``new`` true, all of them,
        whatever their part; with ``new`` false, none (another walker reports them)."""
        if known is None:
            known = self._known()
        if ways == 1:
            now = note_stamps(self.root)
        else:
            mine = set(parts)
            if new is None:
                select = lambda rel: hash(rel) % ways in mine
            elif new:
                select = lambda rel: hash(rel) % ways in mine or rel not in known
            else:
                select = lambda rel: hash(rel) % ways in mine and rel in known
            now = note_stamps(self.root, select)
            known = {p: v for p, v in known.items() if hash(p) % ways in mine}
        if now == known:
            return [], []
        return ([p for p, stamp in now.items() if known.get(p) != stamp],
                [p for p in known if p not in now])

    def _check_known(self, paths: list[str], numbers: array, parts: set[int], ways: int
                     ) -> tuple[list[str], list[str]]:
        """(changed, gone) among the known paths in ``parts`` (``paths`` and ``numbers`` from
        :meth:`_known_lists`): a ``stat`` each, no walk (files the index does not know are a
        walker's to find)."""
        changed: list[str] = []
        gone: list[str] = []
        folder = str(self.root) + os.sep
        stat, regular = os.stat, S_ISREG
        for i, p in enumerate(paths):
            if hash(p) % ways not in parts:
                continue
            try:
                st = stat(folder + p)
            except OSError:
                gone.append(p)
                continue
            if not regular(st.st_mode):
                gone.append(p)
            elif st.st_mtime_ns != numbers[2 * i] or st.st_size != numbers[2 * i + 1]:
                changed.append(p)
        return changed, gone

    def refresh(self, diff: tuple[list[str], list[str]] | None = None) -> int:
        """Bring the index up to date with the files; returns how many notes were parsed.
        ``diff``: what :meth:`diff` (or :meth:`start_check`) found, if already known."""
        changed, gone_paths = self.diff() if diff is None else diff
        if not changed and not gone_paths:
            self.parsed = 0
            return 0
        changed = sorted(changed)
        gone = [(p,) for p in gone_paths]
        from ..core.vault import no_cycle_collection

        with no_cycle_collection():
            notes, tags, texts = self._parse_rows(changed)
        if notes or gone:
            with self.db:
                stale = gone + [(p,) for p in changed]
                for table in ("notes", "note_tags", "texts"):
                    self.db.executemany(f"DELETE FROM {table} WHERE path = ?", stale)
                self.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL)", notes)
                self.db.executemany("INSERT INTO note_tags VALUES (?, ?)", tags)
                self.db.executemany("INSERT INTO texts VALUES (?, ?)", texts)
                self._store_stamps()
                self._update_cards(changed)
        self.parsed = len(notes)
        return len(notes)

    def _update_cards(self, changed: list[str]) -> None:
        """Keep each note's ``kb find --json`` entry ready (its ``card``): made again for the
        changed notes and for every note carrying a tag whose most frequent spelling changed."""
        before = self.tag_display()
        names = self._count_tag_names()
        respelled = [k for k, name in names.items() if before.get(k) != name]
        self.db.execute("DELETE FROM tag_names")
        self.db.executemany("INSERT INTO tag_names VALUES (?, ?)", names.items())
        paths = set(changed)
        for i in range(0, len(respelled), 500):
            chunk = respelled[i:i + 500]
            paths.update(p for (p,) in self.db.execute(
                f"SELECT DISTINCT path FROM note_tags WHERE key IN ({','.join('?' * len(chunk))})",
                chunk))
        rows = []
        for path in paths:
            row = self.db.execute("SELECT title, date, tags FROM notes WHERE path = ?",
                                  (path,)).fetchone()
            if row is not None:
                title, date, tags = row
                card = result_json(path, title, date,
                                   [names.get(k, k) for k in tags.split()] if tags else [])
                rows.append((card.encode("utf-8"), path))
        self.db.executemany("UPDATE notes SET card = ? WHERE path = ?", rows)

    def _parse_rows(self, changed: list[str]) -> tuple[list, list, list]:
        """Rows of the notes table, the note_tags table and the texts table for these notes."""
        from ..core.vault import read_note

        notes, tags, texts = [], [], []
        for rel in changed:
            note = read_note(self.root, rel)
            # the stamp read_note took before reading: a save during the read is seen next time
            stamp = (note.mtime_ns, note.size)
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

    def find_json(self, query: str | Matcher, limit: int = 0) -> bytes:
        """What ``kb find --json`` prints for ``query`` (UTF-8, no final newline): the stored
        entries of the matching notes, newest first, at most ``limit`` of them (0: all)."""
        tree = (query if isinstance(query, Matcher) else Matcher(query)).tree
        params: list = []
        where = sql_where(tree, params)
        tail = ""
        if limit > 0:
            tail = " LIMIT ?"
            params.append(limit)
        cards = [c for (c,) in self.db.execute(
            f"SELECT card FROM notes WHERE {where} ORDER BY date IS NULL, date DESC, path{tail}",
            params)]
        return b"[\n" + b",\n".join(cards) + b"\n]" if cards else b"[]"

    def tag_display(self) -> dict[str, str]:
        """Tag key -> most frequent spelling, over the whole index (kept by refresh)."""
        return dict(self.db.execute("SELECT key, name FROM tag_names"))

    def _count_tag_names(self) -> dict[str, str]:
        counts: dict[str, dict[str, int]] = {}
        for tags, names in self.db.execute("SELECT tags, tag_names FROM notes"):
            for k, name in zip(tags.split() if tags else [], names.split(_SEP) if names else []):
                counts.setdefault(k, {}).setdefault(name, 0)
                counts[k][name] += 1
        return {k: display_spelling(v, k) for k, v in counts.items()}


def result_json(path: str, title: str, date: str | None, tags: list[str]) -> str:
    """One ``kb find --json`` entry, as ``json.dumps([entry], ensure_ascii=False, indent=2)``
    writes it inside the list (the tests check they agree); joined by hand from the C string
    encoder of the json module, whose indented output is otherwise written in pure Python."""
    enc = _encode_string
    return ('  {\n    "path": ' + enc(path) + ',\n    "title": ' + enc(title)
            + ',\n    "date": ' + ("null" if date is None else enc(date))
            + ',\n    "tags": ' + ("[\n      " + ",\n      ".join(map(enc, tags)) + "\n    ]"
                                  if tags else "[]") + "\n  }")


try:
    from _json import encode_basestring as _encode_string  # what the json module uses
except ImportError:  # pragma: no cover - Pythons without the C part of json
    from json.encoder import py_encode_basestring as _encode_string


def _as_dict(paths: list[str], numbers: array) -> dict[str, tuple[int, int]]:
    pairs = iter(numbers)
    return dict(zip(paths, zip(pairs, pairs)))


def _share(path: str, ways: int) -> int:
    """Which of ``ways`` parts of the check ``path`` falls in (forked children share the hash
    seed, so they agree). :meth:`Index._diff_parts` and :meth:`Index._check_known` write it out
    inline (``hash(p) % ways``: a call per file costs more than the rule): change all three."""
    return hash(path) % ways


class PendingCheck:
    """:meth:`Index.diff` split between forked children and the caller. The known paths fall
    in parts by :func:`_share`. Each child walks the vault at once and states the files of its
    parts (the first child also reports every file the index does not know); the caller, in
    :meth:`result`, after it has answered from the index, states the known files of its own
    parts without walking. Where there is no ``fork`` (or it fails, or a child does) the whole
    check happens in :meth:`result`.

    ``split``: ``(ways, parts of each child)``; by default each child takes one part and the
    caller two: on two or three cores one child checks a third (it also lists every folder, and
    a forked child ran slower than its parent in the measurements), from four cores two children
    a quarter each; on one core there is no child."""

    def __init__(self, index: Index, children: int | None = None,
                 split: tuple[int, list[tuple[int, ...]]] | None = None):
        self.index = index
        if split is None:
            if children is None:
                cores = usable_cores()
                children = 0 if cores < 2 else 1 if cores < 4 else 2
            split = (children + 2, [(c + 1,) for c in range(children)])
        self.ways, shares = split
        self.mine = set(range(self.ways)).difference(*shares)
        self.children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
        self.wanted = len(shares)
        # the stamps are read before anything is answered (and the children inherit them): if
        # another kb refreshes the index meanwhile, what it changed shows as changed here too
        self.known = index._known_lists()
        if not hasattr(os, "fork") or not shares:
            return
        for child, parts in enumerate(shares):
            def check(write_fd: int, parts: tuple[int, ...] = parts, new: bool = child == 0):
                data = memoryview(marshal.dumps(index._diff_parts(
                    self._known_dict(), parts, self.ways, new=new)))
                while data:
                    data = data[os.write(write_fd, data):]

            started = fork_child(check)
            if started is None:
                break
            self.children.append(started)

    def result(self) -> tuple[list[str], list[str]]:
        """(changed, gone), as :meth:`Index.diff` gives them."""
        paths, numbers = self.known
        if not self.wanted or len(self.children) != self.wanted:  # check everything here
            self._reap()
            return self.index.diff(self._known_dict())
        changed, gone = self.index._check_known(paths, numbers, self.mine, self.ways)
        for data in self._reap():
            if data is None:
                return self.index.diff(self._known_dict())
            c, g = data
            changed += c
            gone += g
        return changed, gone

    def _known_dict(self) -> dict[str, tuple[int, int]]:
        return _as_dict(*self.known)

    def _reap(self) -> list[tuple[list[str], list[str]] | None]:
        """What each child sent (``None`` where one failed); waits for them."""
        out = []
        for pid, fd in self.children:
            chunks = []
            try:
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
            finally:
                os.close(fd)
                _, status = os.waitpid(pid, 0)
            try:
                out.append(marshal.loads(b"".join(chunks)) if status == 0 and chunks else None)
            except (ValueError, EOFError, TypeError):
                out.append(None)
        self.children = []
        return out


def sql_where(node: object, params: list) -> str:
    """The query tree as an SQL condition on ``notes`` (its values appended to ``params``), with
    the meaning :func:`kb.core.query._compile` gives it."""
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
    """``kb.core.query._date_match`` in SQL: the day's ISO form, cut to the value's length, compared."""

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
    """``index.sqlite`` in the vault's cache folder (:func:`kb.store.cache_dir`)."""
    return cache_path(Path(vault_root), INDEX)
