"""Which files make up a vault: one walk, shared by the Vault, the index and the importers."""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable, Iterator

NOTE_SUFFIXES = (".md", ".ipynb")
SKIP_DIRS = {"node_modules", "__pycache__", "site"}

# scandir on an open folder: each entry's stat() is then a lookup relative to it (shorter)
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


def link_kind(path: str, root_real: str, ancestors: frozenset[str] = frozenset()
              ) -> tuple[str, str]:
    """What a symbolic link at ``path`` is to kb, and its resolved target: ``"file"`` or
    ``"dir"`` (inside the vault: followed), ``"outside"`` (leaves the vault), ``"dangling"``
    (nothing there) or ``"loop"`` (a folder that contains the link, or a cycle of links)."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as err:
        return ("loop" if getattr(err, "errno", None) == 40 else "dangling"), ""
    if target != root_real and not target.startswith(root_real.rstrip("/") + "/"):
        return "outside", target
    if os.path.isdir(target):
        if target in ancestors or target == root_real:
            return "loop", target
        return "dir", target
    return ("file" if os.path.isfile(target) else "dangling"), target


LINK_PROBLEMS = {
    "outside": "a symbolic link to {target}, outside the vault: not read",
    "dangling": "a symbolic link to nothing: not read",
    "loop": "a symbolic link to a folder that contains it: not followed",
}


def iter_files(root: Path, sort: bool = True, skipped: list[tuple[str, str]] | None = None
               ) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below ``root`` as (vault-relative POSIX path, entry), skipping hidden folders
    and :data:`SKIP_DIRS`; in name order unless ``sort`` is false. Use the entry while the walk
    is on it (its ``stat()`` may be relative to the open folder).

    Symbolic links are followed only inside the vault (:func:`link_kind`); the others are left
    out, and with ``skipped`` listed there as (path, message) for ``kb check``."""
    root_real = os.path.realpath(root)
    stack = [("", str(root), root_real, frozenset((root_real,)))]
    while stack:
        rel, folder, real, ancestors = stack.pop()
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
                    if entry.is_symlink():
                        kind, target = link_kind(f"{folder}/{name}", root_real, ancestors)
                        if kind == "dir" and name not in SKIP_DIRS:
                            stack.append((f"{rel}{name}/", f"{folder}/{name}", target,
                                          ancestors | {target}))
                        elif kind == "file":
                            yield rel + name, entry
                        elif kind in LINK_PROBLEMS and skipped is not None:
                            skipped.append((rel + name,
                                            LINK_PROBLEMS[kind].format(target=target)))
                    elif entry.is_dir(follow_symlinks=False):
                        if name not in SKIP_DIRS:
                            sub = f"{real}/{name}"
                            stack.append((f"{rel}{name}/", f"{folder}/{name}", sub,
                                          ancestors | {sub}))
                    elif entry.is_file(follow_symlinks=False):
                        yield rel + name, entry
        except OSError:
            continue
        finally:
            if fd >= 0:
                os.close(fd)


def safe_walk(top: str, topdown: bool = True, onerror=None, followlinks: bool = False):
    """``os.walk`` for the site build, with kb's rule for symbolic links (:func:`link_kind`):
    a link is followed, or listed as a file, only when its target is inside ``top`` and is no
    folder containing it; links that leave the vault, dangle or loop are left out."""
    root_real = os.path.realpath(top)
    stack = [(str(top), frozenset((root_real,)), root_real)]
    while stack:
        folder, ancestors, real = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as err:
            if onerror is not None:
                onerror(err)
            continue
        dirs, files, walk_into = [], [], []
        for entry in entries:
            if entry.is_symlink():
                kind, target = link_kind(entry.path, root_real, ancestors)
                if kind == "dir":
                    dirs.append(entry.name)
                    walk_into.append((entry.name, target))
                elif kind == "file":
                    files.append(entry.name)
            elif entry.is_dir(follow_symlinks=False):
                dirs.append(entry.name)
                walk_into.append((entry.name, f"{real}/{entry.name}"))
            else:
                files.append(entry.name)
        yield folder, dirs, files
        targets = dict(walk_into)
        for name in reversed(dirs):  # the caller may have pruned or sorted ``dirs``
            if name in targets:
                stack.append((os.path.join(folder, name), ancestors | {targets[name]},
                              targets[name]))


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
