"""``kb extract``: every note's runnable code into ``snippets/<note>.py``, incrementally.

Writes only files whose text changed, removes snippets whose note lost its code (only files
kb wrote: they carry the snippet header), and with ``check=True`` writes nothing and reports
what is stale.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .note import Problem
from .snippets import Snippet, SnippetError, cells_of, is_snippet, render, snippet_name
from .vault import Vault


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
         render_files: bool = True) -> tuple[dict[str, str], list[Problem], set[str]]:
    """Snippet file name -> text for every note with runnable code; problems; names to keep.

    ``render_files=False`` only checks the code blocks (``kb check``): no text is rendered."""
    files: dict[str, str] = {}
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
        shown = shown_path(vault, note.path, project_root)
        try:
            cells = cells_of(note, shown)
        except SnippetError as err:
            problems.append(Problem(note.path, err.line, "code-block", err.message))
            keep.add(name)
            used[name.casefold()] = note.path
            continue
        used[name.casefold()] = note.path
        if not any(c.runs for c in cells):
            continue
        files[name] = render(Snippet(note=shown, title=note.title, cells=cells)) \
            if render_files else ""
    return files, problems, keep


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def extract(vault: Vault, out_dir: Path, project_root: Path, check: bool = False,
            progress: Callable[[int, int], None] | None = None) -> ExtractResult:
    """Bring ``out_dir`` up to date with the vault (or, with ``check``, say what is stale)."""
    result = ExtractResult()
    files, result.problems, keep = plan(vault, project_root, progress)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        path = out_dir / name
        text = files[name]
        try:
            old = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            old = None
        if old == text:
            result.unchanged.append(name)
            continue
        result.written.append(name)
        if not check:
            _write_atomic(path, text)
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
                    path.unlink()
    return result
