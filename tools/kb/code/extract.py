"""``kb extract``: every note's runnable code into ``snippets/<note>.py``, incrementally.

Writes only files whose text changed, removes snippets whose note lost its code (only files
kb wrote: they carry the snippet header), and with ``check=True`` writes nothing and reports
what is stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from ..core.note import Note, Problem
from .snippets import Snippet, SnippetError, cells_of, is_snippet, render, snippet_name
from ..core.vault import Vault
from ..store import EXTRACT_LOCK, EXTRACT_STATE, atomic_write, code_version, json_loads, lock


@dataclass
class ExtractResult:
    written: list[str] = field(default_factory=list)  # snippet files created or changed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return bool(self.written or self.removed)

    def to_json(self) -> dict:
        return {"written": self.written, "unchanged": len(self.unchanged),
                "removed": self.removed, "problems": [p.to_json() for p in self.problems]}


def shown_path(vault: Vault, note_path: str, project_root: Path) -> str:
    """A note's path as people see it from the project root (``notes/rnn/lstm.md``)."""
    full = (vault.root / note_path).resolve()
    try:
        return full.relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def plan(vault: Vault, project_root: Path,
         progress: Callable[[int, int], None] | None = None,
         render_files: bool = True,
         reuse: Callable[[str, Note], bool | None] | None = None,
         owners: dict[str, str] | None = None,
         ) -> tuple[dict[str, str | None], list[Problem], set[str]]:
    """Snippet file name -> text for every note with runnable code; problems; names to keep.

    ``render_files=False`` only checks the code blocks (``kb check``): no text is rendered.
    ``reuse(name, note)`` may say a note is as it was at the last extract: True (its snippet
    file is up to date: its text is given as None, not rendered), False (it had no runnable
    code), None (look). ``owners`` (if given) receives snippet name -> note path for every note."""
    files: dict[str, str | None] = {}
    problems: list[Problem] = []
    keep: set[str] = set()  # names of notes we could not extract: their old snippets stay
    used: dict[str, str] = {}
    total = len(vault)
    for i, note in enumerate(vault):
        if progress is not None and (i % 500 == 0 or i + 1 == total):
            progress(i + 1, total)
        name = snippet_name(note.path)
        if name.casefold() in used and used[name.casefold()] != note.path:
            stem = name[:-3]
            n = 2
            while f"{stem}-{n}.py".casefold() in used:
                n += 1
            name = f"{stem}-{n}.py"
        if owners is not None:
            owners[name] = note.path
        known = reuse(name, note) if reuse is not None else None
        if known is not None:
            used[name.casefold()] = note.path
            if known:
                files[name] = None
            continue
        shown = shown_path(vault, note.path, project_root)
        try:
            cells = cells_of(note, shown)
        except SnippetError as err:
            problems.append(Problem(note.path, err.line, "code-block", err.message))
            keep.add(name)
            used[name.casefold()] = note.path
            continue
        used[name.casefold()] = note.path
        if not render_files:  # kb check: a block that does not parse is a problem at its line
            problems += _syntax_problems(note.path, cells)
        if not any(c.runs for c in cells):
            continue
        files[name] = render(Snippet(note=shown, title=note.title, cells=cells)) \
            if render_files else ""
    return files, problems, keep




def _syntax_problems(path: str, cells: list) -> list[Problem]:
    """A problem for each running block that is not Python (a full-width comma, a cut-off
    call); blocks marked skip are the person's (or an import's) known exceptions."""
    from .verdict import parse_error

    out = []
    for cell in cells:
        if not cell.runs or "skip" in cell.options:
            continue
        error = parse_error(cell.code, cell.code_line)
        if error is not None:
            out.append(Problem(path, error[0], "syntax",
                               f"the code block at line {cell.line} does not parse: {error[1]}"))
    return out


def _state_version(out_dir: Path, project_root: Path) -> str:
    """Changes with the code that makes snippets and with where they go."""
    return code_version("core/parse.py", "core/note.py", "core/text.py", "code/snippets.py",
                        "code/extract.py", libraries=("PyYAML",),
                        extra=f"{out_dir.resolve()}\0{project_root.resolve()}")


class _State:
    """What the last extract left, per snippet name: the note (path, mtime, size) and the snippet
    file it was checked against (mtime, size; None when the note had no runnable code). A note
    and file that still match need no rendering: most runs touch only the notes edited since."""

    def __init__(self, folder: Path | None, out_dir: Path, project_root: Path):
        self.path = folder / EXTRACT_STATE if folder is not None else None
        self.version = _state_version(out_dir, project_root)
        self.out_dir = out_dir
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}
        if self.path is not None:
            try:
                data = json_loads(self.path.read_bytes())
                if data.get("version") == self.version:
                    self.old = data["files"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self.old = {}

    def _file_stamp(self, name: str) -> list[int] | None:
        try:
            st = (self.out_dir / name).stat()
        except OSError:
            return None
        return [st.st_mtime_ns, st.st_size]

    def reuse(self, name: str, note: Note) -> bool | None:
        entry = self.old.get(name)
        if entry is None or entry[:3] != [note.path, note.mtime_ns, note.size] or not note.mtime_ns:
            return None
        if entry[3] is None:
            self.new[name] = entry
            return False
        if self._file_stamp(name) != entry[3]:
            return None
        self.new[name] = entry
        return True

    def wrote(self, name: str) -> bool:
        """Whether the last extract wrote the snippet file ``name`` (so it is kb's to replace,
        even if someone edited it since)."""
        entry = self.old.get(name)
        return entry is not None and entry[3] is not None

    def record(self, name: str, note: Note, has_file: bool) -> None:
        stamp = self._file_stamp(name) if has_file else None
        if has_file and stamp is None:
            return
        self.new[name] = [note.path, note.mtime_ns, note.size, stamp]

    def save(self) -> None:
        if self.path is None or self.new == self.old:
            return
        try:
            atomic_write(self.path, json.dumps({"version": self.version, "files": self.new}))
        except OSError:  # a read-only place: the next run renders everything again
            pass


def extract(vault: Vault, out_dir: Path, project_root: Path, check: bool = False,
            progress: Callable[[int, int], None] | None = None,
            state_dir: Path | None = None) -> ExtractResult:
    """Bring ``out_dir`` up to date with the vault (or, with ``check``, say what is stale).

    ``state_dir``: where to remember what this run verified (``.kb/``), so the next run renders
    only the notes that changed; two extracts of one project at once take turns (a lock there).
    A file in ``out_dir`` that kb did not write (no snippet header, not written by the last
    extract) is never overwritten nor removed: the note whose snippet would replace it gets a
    problem instead."""
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} is a file, not a folder for snippets")
    if state_dir is None or check:
        return _extract(vault, out_dir, project_root, check, progress, state_dir)
    with lock(state_dir / EXTRACT_LOCK):
        return _extract(vault, out_dir, project_root, check, progress, state_dir)


def _extract(vault: Vault, out_dir: Path, project_root: Path, check: bool,
             progress: Callable[[int, int], None] | None, state_dir: Path | None
             ) -> ExtractResult:
    result = ExtractResult()
    state = _State(state_dir, out_dir, project_root)
    owners: dict[str, str] = {}
    files, result.problems, keep = plan(vault, project_root, progress, reuse=state.reuse,
                                        owners=owners)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        path = out_dir / name
        text = files[name]
        if text is None:  # the note and the file are as the last run left them
            result.unchanged.append(name)
            continue
        try:
            old = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = None
        except (OSError, UnicodeDecodeError):
            old = ""  # there, but not a snippet kb wrote
        if old is not None and old != text and not is_snippet(old) and not state.wrote(name):
            result.problems.append(Problem(
                owners[name], 1, "snippet-conflict",
                f"{path.as_posix()} exists and was not written by kb extract: not overwritten "
                "(rename the note or move that file)"))
            continue
        if old == text:
            result.unchanged.append(name)
        else:
            result.written.append(name)
            if check:
                continue
            atomic_write(path, text, durable=False)  # made again from the notes: no fsync
        state.record(name, vault.notes[owners[name]], has_file=True)
    if out_dir.is_dir():
        for path in sorted(out_dir.glob("*.py")):
            if path.name in files or path.name in keep:
                continue
            try:
                head = path.read_text(encoding="utf-8")[:2000]
            except (OSError, UnicodeDecodeError):
                continue
            if is_snippet(head):  # never remove a file kb did not write
                result.removed.append(path.name)
                if not check:
                    path.unlink(missing_ok=True)
    for name, path in owners.items():  # notes without runnable code
        if name not in files and name not in keep and name not in state.new:
            state.record(name, vault.notes[path], has_file=False)
    state.save()
    return result
