"""Which files make up a vault: one walk, shared by the Vault, the index and the importers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

NOTE_SUFFIXES = (".md", ".ipynb")
SKIP_DIRS = {"node_modules", "__pycache__", "site"}


def iter_files(root: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below ``root`` as (vault-relative POSIX path, entry), skipping hidden folders."""
    stack = [("", root)]
    while stack:
        rel, folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{rel}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    stack.append((path + "/", Path(entry.path)))
            elif entry.is_file():
                yield path, entry
