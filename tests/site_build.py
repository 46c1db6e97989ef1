"""Helpers to build a site with the real mkdocs (shared by the site tests)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

MKDOCS_YML = """\
site_name: test vault
docs_dir: notes
theme:
  name: material
  language: zh
  font: false
plugins:
  - kb
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""


def build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site),
                           *extra], cwd=project, capture_output=True, text=True, env=env,
                          timeout=600)


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text (dedented) or bytes} under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def make_project(root: Path, notes: dict[str, str | bytes], yml: str = MKDOCS_YML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    write_files(root / "notes", notes)
    return root
