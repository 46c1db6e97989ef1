"""The folder explorer's data: the vault's folders and notes as one small static file
(``assets/kb/explorer.json``), fetched once and drawn in the sidebar by ``kb-explorer.js``, so
no page grows with the size of the vault.

The tree, in Obsidian's order (folders first, then notes, by name with numbers by value)::

    {"v": 1, "root": [name, folder page URL], "tree": children}
    folder: [name, folder page URL, children]
    note:   "stem"                 (shown as its file name, at <folder>/<stem>/)
            [title, URL tail]      (otherwise; the tail is relative to the folder's path
                                    when the URL starts with it, else it starts with "/")

URLs are relative to the site root, not percent-encoded (the script encodes them).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from ..core.vault import Vault
from .pages import folder_page_path

FILE = "assets/kb/explorer.json"


def tree(vault: Vault, url_of: Callable[[str], str]) -> dict:
    """``url_of``: a page's URL by its source path (as mkdocs writes it, quoted)."""
    folders = vault.folders()

    def children(folder: str) -> list:
        subs, notes = folders.get(folder, ([], []))
        out: list = [[f.rsplit("/", 1)[-1], unquote(url_of(folder_page_path(f))), children(f)]
                     for f in subs]
        prefix = folder + "/" if folder else ""
        for path in notes:
            note = vault.notes[path]
            url = unquote(url_of(path))
            stem = posixpath.splitext(path.rsplit("/", 1)[-1])[0]
            if url.startswith(prefix):
                tail = url[len(prefix):]
            else:
                tail = "/" + url
            if note.title == stem and tail == stem + "/":
                out.append(stem)
            else:
                out.append([note.title, tail])
        return out

    name = vault.root.name or "vault"
    return {"v": 1, "root": [name, unquote(url_of(folder_page_path("")))], "tree": children("")}


def write(vault: Vault, site_dir: Path, url_of: Callable[[str], str]) -> Path:
    target = Path(site_dir) / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(tree(vault, url_of), ensure_ascii=False, separators=(",", ":"))
    # the file is fetched as JSON and drawn as text; "</" is escaped anyway, for any reader
    # that would take it for markup
    target.write_text(data.replace("</", "<\\/"), encoding="utf-8")
    return target
