from __future__ import annotations

from pathlib import Path

import pytest

from site_build import write_files

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "notes"


@pytest.fixture
def make_vault(tmp_path):
    """Write {relative path: text or bytes} under a fresh folder and return the folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        return write_files(root, files)

    return make
