"""Link previews: each note's title, tags and first paragraph, in small JSON files fetched on
demand (``assets/kb/previews/NN.json``, by a hash of the page's URL), never embedded in pages.
``kb-preview.js`` shows them when a link is pointed at or focused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from collections.abc import Callable

from ..core.text import markdown_text
from ..core.vault import Vault

SHARDS = 64
FOLDER = "assets/kb/previews"


def shard_of(url: str) -> int:
    """djb2 over the UTF-16 code units of a page URL (what the browser's strings hold), so the
    script finds the same file."""
    h = 5381
    data = url.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h * 33) + (data[i] | data[i + 1] << 8)) & 0xFFFFFFFF
    return h % SHARDS


def first_paragraph(body: str, limit: int = 280) -> str:
    """The note's first paragraph of prose, as plain text (no headings, code or markup)."""
    lines, fence = [], False
    for line in body.split("\n"):
        s = line.strip()
        if s.startswith(("```", "~~~")):
            fence = not fence
            if lines:
                break
            continue
        if fence or s.startswith(("#", "|", "$$", "---", "%%", "<!--", "^")):
            if lines and not s:
                break
            continue
        if not s:
            if lines:
                break
            continue
        lines.append(s.lstrip("> -*+").strip())
    text = markdown_text(" ".join(lines))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write(vault: Vault, site_dir: Path, url_of: Callable[[str], str],
          only: set[str] | None = None) -> int:
    """Write the notes' previews (with ``only``, a kb serve rebuild: just the files holding
    those pages' notes); returns how many files were written."""
    urls = {note.path: url_of(note.path) for note in vault}
    wanted = None if only is None else {shard_of(urls[p]) for p in only if p in urls}
    shards: dict[int, dict] = {}
    for note in vault:
        url = urls[note.path]
        n = shard_of(url)
        if wanted is not None and n not in wanted:
            continue
        shards.setdefault(n, {})[url] = {
            "title": note.title, "tags": [vault.tag_name(k) for k in note.tag_keys][:8],
            "date": note.day.isoformat() if note.day else None,
            "text": first_paragraph(note.body)}
    folder = Path(site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    numbers = range(SHARDS) if wanted is None else sorted(wanted)
    for n in numbers:
        data = json.dumps(shards.get(n, {}), ensure_ascii=False, separators=(",", ":"))
        (folder / f"{n:02d}.json").write_text(data, encoding="utf-8")
    return len(numbers)
