"""The Vault: every note of a folder, loaded once, with the indexes the outputs need.

Titles, aliases and file names (for link resolution), tags with counts and hierarchy, links
resolved to notes, backlinks, unresolved links, notes per day and duplicate titles are all
built in one pass over the notes plus one pass over their links: nothing here grows with the
square of the number of notes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator

from .note import Link, Note, Problem
from .files import NOTE_SUFFIXES, is_note, iter_files
from .parse import parse_bytes
from .text import display_spelling, heading_key, key, natural_key



CONFLICT_SUFFIX = ".kb-new"  # what an import writes beside a note a person edited


@dataclass(slots=True)
class TagInfo:
    """A tag across the vault: its identity ``key``, spellings seen, and the notes that carry it."""

    key: str
    spellings: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # paths, each once, vault order

    @property
    def name(self) -> str:
        """The most frequent spelling (ties: the first in code-point order)."""
        return display_spelling(self.spellings, self.key)

    @property
    def count(self) -> int:
        return len(self.notes)

    @property
    def parent(self) -> str | None:
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None


@dataclass(slots=True)
class ResolvedLink:
    """A link of ``source`` with what it points to (``target`` is None when unresolved)."""

    source: str
    link: Link
    target: str | None  # a note path, an attachment path, or None
    is_note: bool = True


def stamps_of(note: Note) -> tuple[int, int]:
    """(mtime in ns, size) of the file a note was read from."""
    return note.mtime_ns, note.size


def read_note(root: Path, rel: str) -> Note:
    """Read and parse one note file; an unreadable file gives a broken note, never an exception."""
    full = root / rel
    try:
        stat = full.stat()  # before reading: a save while we read shows as a change next time
        data = full.read_bytes()
    except OSError as err:
        stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return Note(path=rel, title=stem, title_source="file-name",
                    kind="notebook" if rel.lower().endswith(".ipynb") else "markdown",
                    problems=[Problem(rel, 1, "unreadable", f"cannot read: {err.strerror}")])
    note = parse_bytes(rel, data)
    note.mtime_ns = stat.st_mtime_ns
    return note


@contextlib.contextmanager
def no_cycle_collection():
    """Python's cycle collector off while a vault is built: loading makes millions of objects
    and none of them cyclic garbage, yet each full collection walks them all (two thirds of a
    10,000-note load went to it). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Vault:
    """All notes under ``root`` and the indexes built from them."""

    parsed = 0  # how many notes the last load parsed (the rest came from the cache)
    parsed_paths: tuple[str, ...] = ()  # which ones
    entries: dict[str, tuple[int, int, Note]] = {}  # path -> (mtime_ns, size, note) of the load
    skipped: list[tuple[str, str]] = []  # (path, why): symbolic links kb does not follow

    def __init__(self, root: Path | str, notes: Iterable[Note], attachments: Iterable[str] = ()):
        self.root = Path(root)
        self.notes: dict[str, Note] = {n.path: n for n in sorted(notes, key=lambda n: n.path)}
        self.attachments: list[str] = sorted(attachments)
        self._build()

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path | str, progress: Callable[[int, int], None] | None = None,
             reuse: dict[str, tuple[int, int, Note]] | None = None,
             previous: Vault | None = None) -> Vault:
        """Load every ``.md`` and ``.ipynb`` note under ``root`` (hidden folders skipped).

        ``reuse`` (path -> (mtime_ns, size, Note), what :mod:`kb.store.notes` kept): a note whose
        file has the same size and mtime is taken from it instead of being parsed again; the
        entries of this load are left in ``vault.entries`` for the store to keep.
        With ``previous`` (the same vault loaded earlier in this process: ``kb serve``), its
        notes are reused the same way.
        """
        with no_cycle_collection():
            return cls._load(Path(root), progress, reuse, previous)

    @classmethod
    def _load(cls, root: Path, progress: Callable[[int, int], None] | None,
              reuse: dict | None, previous: Vault | None) -> Vault:
        if not root.is_dir():
            raise FileNotFoundError(f"vault folder not found: {root}")
        note_paths, attachments = [], []
        stamps: dict[str, tuple[int, int]] = {}
        skipped: list[tuple[str, str]] = []
        for rel, entry in iter_files(root, skipped=skipped):
            if is_note(rel):
                note_paths.append(rel)
                if reuse is not None or previous is not None:
                    try:
                        st = entry.stat()
                        stamps[rel] = (st.st_mtime_ns, st.st_size)
                    except OSError:
                        pass
            else:
                attachments.append(rel)
        if previous is not None:
            cached = {p: (*stamps_of(n), n) for p, n in previous.notes.items()}
        else:
            cached = reuse or {}
        notes = []
        fresh: dict[str, tuple[int, int, Note]] = {}
        total = len(note_paths)
        parsed = 0
        parsed_paths = []
        for i, rel in enumerate(note_paths):
            hit = cached.get(rel)
            if hit is not None and rel in stamps and hit[:2] == stamps[rel]:
                note = hit[2]
                fresh[rel] = hit  # the same entry: its shard need not be written again
            else:
                note = read_note(root, rel)
                parsed += 1
                parsed_paths.append(rel)
                if rel in stamps:
                    fresh[rel] = (*stamps[rel], note)
            notes.append(note)
            if progress is not None and (i % 200 == 0 or i + 1 == total):
                progress(i + 1, total)
        vault = cls(root, notes, attachments)
        vault.entries = fresh
        vault.skipped = skipped
        vault.parsed = parsed
        vault.parsed_paths = tuple(parsed_paths)
        if previous is not None:
            vault._previous = previous
        return vault

    # -- indexes ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.by_title: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_path: dict[str, str] = {}  # key of path without extension -> path
        self.by_file: dict[str, list[str]] = defaultdict(list)  # attachment names
        self.tags: dict[str, TagInfo] = {}
        self.days: dict[dt.date, list[str]] = defaultdict(list)

        for path, note in self.notes.items():
            self.by_title[key(note.title)].append(path)
            for alias in note.aliases:
                self.by_alias[key(alias)].append(path)
            self.by_stem[key(note.stem)].append(path)
            self.by_path[key(path.rsplit(".", 1)[0])] = path
            self.by_path[key(path)] = path
            for use in note.tags:
                info = self.tags.get(use.key)
                if info is None:
                    info = self.tags[use.key] = TagInfo(use.key)
                info.spellings[use.name] += 1
                if not info.notes or info.notes[-1] != path:
                    info.notes.append(path)
            if note.day is not None:
                self.days[note.day].append(path)
        for rel in self.attachments:
            self.by_file[key(rel.rsplit("/", 1)[-1])].append(rel)
            self.by_path[key(rel)] = rel

        # implicit parents of nested tags (#ml/rnn makes #ml exist, with no notes of its own)
        for tag_key in list(self.tags):
            parts = tag_key.split("/")
            for i in range(1, len(parts)):
                parent = "/".join(parts[:i])
                if parent not in self.tags:
                    child = self.tags[tag_key]
                    info = self.tags[parent] = TagInfo(parent)
                    info.spellings["/".join(child.name.split("/")[:i])] += 0
        self.children: dict[str, list[str]] = defaultdict(list)
        for tag_key in sorted(self.tags):
            info = self.tags[tag_key]
            if info.parent is not None:
                self.children[info.parent].append(tag_key)

        for day in self.days:
            self.days[day].sort(key=lambda p: (self.notes[p].sort_stamp(), p))
        self.duplicate_titles = {k: v for k, v in self.by_title.items() if len(v) > 1}

        self._links: tuple | None = None  # resolved on first use (kb extract, find need none)
        self._previous: Vault | None = None  # the vault this one was loaded over (kb serve)

    def _same_names_as(self, old: Vault) -> bool:
        """Would every link resolve in this vault as it did in ``old``? True when the same notes
        and files exist and the notes parsed again kept their titles and aliases."""
        if self.notes.keys() != old.notes.keys() or self.attachments != old.attachments:
            return False
        return all(self.notes[p].title == old.notes[p].title and
                   self.notes[p].aliases == old.notes[p].aliases for p in self.parsed_paths)

    def _resolve_links(self) -> tuple:
        if self._links is None:
            with no_cycle_collection():
                self._links = self._resolved_links()
        return self._links

    def _resolved_links(self) -> tuple:
        old, self._previous = self._previous, None
        reuse = old is not None and old._links is not None and self._same_names_as(old)
        changed = set(self.parsed_paths)
        links: dict[str, list[ResolvedLink]] = {}
        backlinks: dict[str, list[ResolvedLink]] = defaultdict(list)
        unresolved: list[ResolvedLink] = []
        for path, note in self.notes.items():
            if reuse and path not in changed:
                resolved_links = old.links[path]  # the same note, the same names: as before
            else:
                resolved_links = []
                for link in note.links:
                    target, is_note = self._resolve(link, path)
                    resolved_links.append(ResolvedLink(path, link, target, is_note))
            for rl in resolved_links:
                if rl.target is None:
                    unresolved.append(rl)
                elif rl.is_note and rl.target != path:
                    backlinks[rl.target].append(rl)
            links[path] = resolved_links
        return links, backlinks, unresolved

    @property
    def links(self) -> dict[str, list[ResolvedLink]]:
        """Note path -> its links, each resolved (``target`` None when nothing matches)."""
        return self._resolve_links()[0]

    @property
    def backlinks(self) -> dict[str, list[ResolvedLink]]:
        """Note path -> the links from other notes that point to it."""
        return self._resolve_links()[1]

    @property
    def unresolved(self) -> list[ResolvedLink]:
        """Every link that matches no note or file."""
        return self._resolve_links()[2]

    @staticmethod
    def _pick(candidates: list[str]) -> str:
        """Among notes of the same name, the one nearest the root, then the first by path."""
        if len(candidates) == 1:
            return candidates[0]
        return min(candidates, key=lambda p: (p.count("/"), p))

    def candidates(self, target: str) -> list[str]:
        """Every note a wikilink target could name when it names one by file name, title or
        alias and no path decides (more than one: the link is ambiguous)."""
        k = key(target)
        if not target.strip() or (k.endswith((".md", ".ipynb")) and k in self.by_path):
            return []
        bare = k[:-3] if k.endswith(".md") else k[:-6] if k.endswith(".ipynb") else k
        if bare in self.by_path or "/" in bare:
            return []
        for index in (self.by_stem, self.by_title, self.by_alias):
            found = index.get(bare) or index.get(k)
            if found:
                return list(dict.fromkeys(found))
        return []

    def resolve(self, target: str, source: str | None = None) -> str | None:
        """The note a wikilink target names (path, file name, title or alias), or None."""
        if not target.strip():
            return source
        k = key(target)
        if k.endswith((".md", ".ipynb")) and k in self.by_path:
            return self.by_path[k]
        bare = k[:-3] if k.endswith(".md") else k[:-6] if k.endswith(".ipynb") else k
        if bare in self.by_path and self.by_path[bare].lower().endswith(NOTE_SUFFIXES):
            return self.by_path[bare]
        if "/" in bare:  # a partial path: "rnn/lstm" matches "topics/rnn/lstm.md"
            name = bare.rsplit("/", 1)[-1]
            found = [p for p in self.by_stem.get(name, ()) if key(p).rsplit(".", 1)[0]
                     .endswith("/" + bare)]
            if found:
                return self._pick(found)
        for index in (self.by_stem, self.by_title, self.by_alias):
            found = index.get(bare) or index.get(k)
            if found:
                return self._pick(found)
        return None

    def _resolve_markdown(self, rel: str, source: str) -> str | None:
        """A Markdown link's note, as Obsidian finds it: ``""`` is the note itself; then the
        path relative to the note's folder, from the vault's root, and by file name alone
        (its "shortest path" form; the nearest of several of that name)."""
        if not rel:
            return source
        if not rel.startswith("/"):
            found = self.by_path.get(key(posixpath.normpath(
                posixpath.join(posixpath.dirname(source), rel))))
            if found is not None:
                return found
        found = self.by_path.get(key(posixpath.normpath(rel.lstrip("/"))))
        if found is not None:
            return found
        name = key(rel.rsplit("/", 1)[-1])
        stem = name.rsplit(".", 1)[0]
        candidates = [p for p in self.by_stem.get(stem, ()) if key(p).endswith("/" + name)
                      or key(p) == name]
        if "/" in rel.strip("/"):  # a partial path: it must end the note's path
            tail = key(rel.strip("/"))
            candidates = [p for p in candidates if key(p).endswith(tail)]
        return self._pick(candidates) if candidates else None

    def _resolve_file(self, rel: str, source: str) -> str | None:
        """A Markdown link to a file that is not a note (a picture, a PDF), found as Obsidian
        finds it: the note's folder, the vault root, the file name."""
        files = self._attachment_keys()
        if not rel.startswith("/"):
            found = files.get(key(posixpath.normpath(posixpath.join(posixpath.dirname(source),
                                                                     rel))))
            if found is not None:
                return found
        found = files.get(key(posixpath.normpath(rel.lstrip("/"))))
        if found is not None:
            return found
        name = key(rel.rsplit("/", 1)[-1])
        return self._pick(self.by_file[name]) if name in self.by_file else None

    def _attachment_keys(self) -> dict[str, str]:
        cache = self.__dict__.get("_attachments_by_key")
        if cache is None:
            cache = self.__dict__["_attachments_by_key"] = {key(a): a for a in self.attachments}
        return cache

    def _resolve(self, link: Link, source: str) -> tuple[str | None, bool]:
        if link.kind == "markdown":
            if link.target.lower().endswith(NOTE_SUFFIXES) or not link.target:
                return self._resolve_markdown(link.target, source), True
            return self._resolve_file(link.target, source), False
        if link.embed or "." in link.target.rsplit("/", 1)[-1]:
            note = self.resolve(link.target, source)
            if note is not None:
                return note, True
            k = key(link.target)
            if k in self.by_path:
                return self.by_path[k], False
            name = k.rsplit("/", 1)[-1]
            if name in self.by_file:
                return self._pick(self.by_file[name]), False
            return None, not link.embed
        return self.resolve(link.target, source), True

    # -- queries ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.notes)

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes.values())

    def get(self, name: str) -> Note | None:
        """A note by vault path (with or without extension), file name, title or alias."""
        rel = name.replace(os.sep, "/")
        root = self.root.as_posix().rstrip("/") + "/"
        if rel.startswith(root):
            rel = rel[len(root):]
        path = self.by_path.get(key(rel)) or self.resolve(rel)
        return self.notes.get(path) if path else None

    def tag(self, name: str) -> TagInfo | None:
        return self.tags.get(key(name.lstrip("#")))

    def tag_name(self, tag_key: str) -> str:
        info = self.tags.get(tag_key)
        return info.name if info else tag_key

    def folders(self) -> dict[str, tuple[list[str], list[str]]]:
        """Every folder that holds notes, the root as ``""``: (its subfolders, its notes), each
        in the order Obsidian's file explorer shows them (by name, numbers by value)."""
        cached = self.__dict__.get("_folders")
        if cached is not None:
            return cached
        subs: dict[str, set[str]] = {"": set()}
        notes: dict[str, list[str]] = {"": []}
        for path in self.notes:
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            notes.setdefault(folder, []).append(path)
            while folder:
                parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
                subs.setdefault(parent, set()).add(folder)
                notes.setdefault(folder, [])
                folder = parent
        out = {f: (sorted(subs.get(f, ()), key=natural_key),
                   sorted(notes.get(f, []), key=natural_key)) for f in notes}
        self.__dict__["_folders"] = out
        return out

    def notes_below(self, folder: str) -> list[str]:
        """Every note in a folder and its subfolders (the whole vault for ``""``), walking
        the folder tree, not the vault."""
        tree = self.folders()
        out: list[str] = []
        stack = [folder]
        while stack:
            subs, notes = tree.get(stack.pop(), ([], []))
            out.extend(notes)
            stack.extend(subs)
        return out

    def tag_total(self, tag_key: str) -> int:
        """Notes carrying the tag or any tag nested under it."""
        return len(self.notes_with_tag(tag_key))

    def notes_with_tag(self, tag_key: str, nested: bool = True) -> set[str]:
        info = self.tags.get(tag_key)
        found = set(info.notes) if info else set()
        if nested:
            for child in self.children.get(tag_key, ()):
                found |= self.notes_with_tag(child)
        return found

    def newest_first(self, paths: Iterable[str]) -> list[Note]:
        notes = [self.notes[p] for p in paths]
        notes.sort(key=lambda n: n.path)
        notes.sort(key=lambda n: n.sort_stamp(), reverse=True)
        return notes

    def recent(self, paths: Iterable[str], limit: int) -> list[Note]:
        """The ``limit`` most recent notes: by date where a note has one, else by when its file
        was last modified (a note written today without a date is recent too)."""
        import heapq

        def when(note: Note) -> float:
            d = note.date
            if d is None:
                return note.mtime_ns / 1e9
            if not isinstance(d, dt.datetime):
                d = dt.datetime(d.year, d.month, d.day)
            if d.tzinfo is None:
                d = d.replace(tzinfo=dt.UTC)
            return d.timestamp()

        notes = (self.notes[p] for p in paths)
        return heapq.nlargest(limit, notes, key=lambda n: (when(n), n.path))

    def heading_keys(self, path: str) -> frozenset[str]:
        """The identities of a note's headings (for ``[[Note#Heading]]``), made once a note."""
        cache = self.__dict__.setdefault("_heading_keys", {})
        found = cache.get(path)
        if found is None:
            found = cache[path] = frozenset(heading_key(h.text) for h in self.notes[path].headings)
        return found

    def _is_slug_of_heading(self, anchor: str, path: str) -> bool:
        """``[x](note.md#heading-two)``: an anchor written as a heading's slug."""
        from .text import slugify

        return any(slugify(h.text) == anchor.lower() for h in self.notes[path].headings)

    def problems(self) -> list[Problem]:
        """Every problem in the vault, sorted by path and line."""
        out: list[Problem] = [Problem(path, 1, "symlink", why) for path, why in self.skipped]
        out += [Problem(path, 1, "import-conflict",
                        f"a newer import of {path[:-len(CONFLICT_SUFFIX)]} waits here (you had "
                        "edited the note): compare the two, keep what you want, delete this file")
                for path in self.attachments if path.endswith(CONFLICT_SUFFIX)]
        for note in self.notes.values():
            out.extend(note.problems)
        for rl in self.unresolved:
            link = rl.link
            what = "embed" if link.embed else "link"
            out.append(Problem(rl.source, link.line, "broken-link",
                               f"broken {what}: {link.raw} (no note or file "
                               f"named {link.target!r})"))
        for path, links in self.links.items():
            for rl in links:
                if rl.target is None or not rl.is_note:
                    continue
                target = self.notes[rl.target]
                link = rl.link
                if link.heading:
                    if heading_key(link.heading) not in self.heading_keys(rl.target) and \
                            not self._is_slug_of_heading(link.heading, rl.target):
                        out.append(Problem(path, link.line, "broken-heading",
                                           f"{link.raw}: {target.path} has no heading "
                                           f"{link.heading!r}"))
                if link.block and link.block not in target.blocks:
                    out.append(Problem(path, link.line, "broken-block",
                                       f"{link.raw}: {target.path} has no block "
                                       f"^{link.block}"))
        # Notes may share a file name or a title (two README.md): Obsidian allows it. A link
        # that could mean either is the problem, at its own line.
        for path, links in self.links.items():
            for rl in links:
                link = rl.link
                if link.kind != "wiki" or rl.target is None or not rl.is_note:
                    continue
                could = self.candidates(link.target)
                if len(could) > 1:
                    others = ", ".join(c for c in could if c != rl.target)
                    out.append(Problem(path, link.line, "ambiguous-link",
                                       f"{link.raw} could mean {rl.target} (shown) or {others}: "
                                       "write the folder to choose"))
        out.sort(key=lambda pr: (pr.path, pr.line, pr.kind))
        return out
