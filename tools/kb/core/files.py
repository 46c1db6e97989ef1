"""Which files make up a vault: one walk, shared by the Vault, the index and the importers."""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable, Iterator

NOTE_SUFFIXES = (".md", ".ipynb")
SKIP_DIRS = {"node_modules", "__pycache__", "site"}

# scandir on an open folder: each entry's stat() is then a lookup relative to it (shorter)
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


def iter_files(root: Path, sort: bool = True) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below ``root`` as (vault-relative POSIX path, entry), skipping hidden folders
    and :data:`SKIP_DIRS`; in name order unless ``sort`` is false. Use the entry while the walk
    is on it (its ``stat()`` may be relative to the open folder)."""
    stack = [("", str(root))]
    while stack:
        rel, folder = stack.pop()
        fd = -1
        try:
            if _BY_FD:
                fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            with os.scandir(fd if _BY_FD else folder) as it:
                entries = sorted(it, key=lambda e: e.name) if sort else it
                for entry in entries:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if name not in SKIP_DIRS:
                            stack.append((f"{rel}{name}/", f"{folder}/{name}"))
                    elif entry.is_file():
                        yield rel + name, entry
        except OSError:
            continue
        finally:
            if fd >= 0:
                os.close(fd)


def is_note(path: str) -> bool:
    return path.lower().endswith(NOTE_SUFFIXES)


def note_stamps(root: Path, select: Callable[[str], bool] | None = None
                ) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every note file (of those ``select`` accepts), in one walk."""
    out: dict[str, tuple[int, int]] = {}
    for rel, entry in iter_files(root, sort=False):
        if is_note(rel) and (select is None or select(rel)):
            try:
                st = entry.stat()
            except OSError:
                continue
            out[rel] = (st.st_mtime_ns, st.st_size)
    return out
