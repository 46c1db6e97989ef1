"""mkdocs-material's search entries, page by page, kept between builds.

Material's search plugin parses every page's HTML and segments its Chinese with jieba: on a
big vault the largest single cost of a build. A page whose HTML, table of contents, URL and
search metadata are as they were at the last build gets the same entries, so kb keeps them
(``.kb/search/``, keyed by a hash of all of that, with jieba's vocabulary and the search
settings in the version) and gives them back instead of indexing the page again.

Under ``kb serve`` it also keeps the entries of every page in memory and hands the search plugin
the whole index after a rebuild (material's own dirty-reload merge only replaces the first
rebuilt page's entries).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import store

_FOLDER = "search"


def find_search_plugin(config: Any) -> Any | None:
    """The search plugin instance of this build, if it is material's (it has a search index)."""
    for plugin in config["plugins"].values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index,
                                                       "add_entry_from_context"):
            return plugin
    return None


def _toc_items(toc: Any) -> list:
    out = []
    for item in toc or ():
        out.append((getattr(item, "id", None), getattr(item, "url", None),
                    getattr(item, "title", None), _toc_items(getattr(item, "children", ()))))
    return out


def page_key(page: Any) -> str:
    """What the search entries of a page depend on."""
    meta = page.meta or {}
    parts = [page.url, page.content or "", str(page.title), repr(_toc_items(page.toc)),
             json.dumps({k: meta.get(k) for k in ("title", "tags", "search")}, sort_keys=True,
                        default=str, ensure_ascii=False)]
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def context_version(search_plugin: Any, words: list[str]) -> str:
    """The search settings, the indexer's and jieba's versions and the words kb taught jieba:
    entries made under other ones are not reused."""
    from importlib import metadata

    versions = []
    for dist in ("mkdocs-material", "jieba"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("-")
    settings = {k: v for k, v in dict(search_plugin.config).items()}
    text = json.dumps([versions, settings, sorted(words)], sort_keys=True, default=str,
                      ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SearchCache:
    def __init__(self, folder: Path | None):
        self.folder = folder / _FOLDER if folder is not None else None
        self.version = ""
        self.stored: dict[str, list] = {}   # key -> entries, as read from disk
        self.used: dict[str, list] = {}     # key -> entries of the pages of this build
        self.pages: dict[str, list] = {}    # page URL -> its entries (kept across kb serve)
        self.hits = self.misses = 0
        self.search_plugin: Any = None

    def attach(self, search_plugin: Any, words: list[str]) -> None:
        """Wrap this build's search index (its plugin makes a new one for every build)."""
        version = context_version(search_plugin, words)
        if version != self.version:
            self.version = version
            self.stored = store.read(self.folder, version) if self.folder else {}
            self.pages = {}
        self.used = {}
        self.hits = self.misses = 0
        self.search_plugin = search_plugin
        index = search_plugin.search_index
        original = index.add_entry_from_context

        def add_entry_from_context(page: Any) -> None:
            k = page_key(page)
            entries = self.used.get(k) or self.stored.get(k)
            if entries is not None:
                self.hits += 1
                index.entries.extend(entries)
            else:
                self.misses += 1
                start = len(index.entries)
                original(page)
                entries = index.entries[start:]
            self.used[k] = entries
            self.pages[page.url] = entries

        index.add_entry_from_context = add_entry_from_context

    def finish(self, dirty: bool, urls: list[str]) -> None:
        """After the pages are built. ``dirty`` (a kb serve rebuild of some pages): give the
        search plugin every page's entries, ``urls`` being the pages of the site now."""
        if self.search_plugin is None:
            return
        if dirty:
            current = set(urls)
            self.pages = {u: e for u, e in self.pages.items() if u in current}
            self.search_plugin.search_index.entries = [e for u in urls
                                                       for e in self.pages.get(u, ())]
            self.search_plugin.search_index_prev = None
            return
        if self.folder is not None:
            store.write(self.folder, self.version, self.used, self.stored)
            self.stored = self.used
