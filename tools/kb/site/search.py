"""mkdocs-material's search entries: reused when a page did not change, made on another core
when it did.

Material's search plugin parses every page's HTML and segments its Chinese with jieba, one page
after the other: on a big vault the largest single cost of a build. kb takes that work over,
page by page, keeping material's own indexer for it:

* a page whose HTML, table of contents, URL and search metadata are as they were at the last
  build gets the same entries back (``.kb/cache/search/``, keyed by a hash of all of that; jieba's
  vocabulary, the search settings and the versions are in the version of the store);
* the other pages are indexed by material's indexer in a worker process (forked, so it has the
  same jieba dictionary and settings) while mkdocs goes on rendering on the main one: on a
  machine with two cores or more the search costs about nothing more than the pages;
* under ``kb serve`` the entries of every page are kept in memory and the search plugin is
  handed the whole index after a rebuild (material's own dirty-reload merge only replaces the
  first rebuilt page's entries).

Entries come out in page order and identical to material's own (the tests compare them).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..store import SEARCH, code_version
from ..store import shards as store



def find_search_plugin(config: Any) -> Any | None:
    """The search plugin instance of this build, if it is material's (it has a search index)."""
    for plugin in config["plugins"].values():
        index = getattr(plugin, "search_index", None)
        # material's indexer (mkdocs' own keeps its entries elsewhere: left to itself)
        if hasattr(index, "add_entry_from_context") and isinstance(
                getattr(index, "entries", None), list):
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
    settings = {k: v for k, v in dict(search_plugin.config).items()}
    text = json.dumps([settings, sorted(words)], sort_keys=True, default=str,
                      ensure_ascii=False)
    text += code_version("site/search.py", libraries=("mkdocs-material", "jieba"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Page:
    """What the search indexer reads of a page, as a plain object a worker process can take."""

    __slots__ = ("url", "content", "toc", "meta", "title")

    def __init__(self, page: Any):
        self.url, self.content, self.title = page.url, page.content, page.title
        self.toc = _TocItem.list_of(page.toc)
        meta = page.meta or {}
        self.meta = {k: meta[k] for k in ("title", "tags", "search") if k in meta}


class _TocItem:
    __slots__ = ("id", "url", "title", "children")

    @classmethod
    def list_of(cls, toc: Any) -> list:
        out = []
        for item in toc or ():
            copy = cls()
            copy.id, copy.url, copy.title = item.id, item.url, item.title
            copy.children = cls.list_of(item.children)
            out.append(copy)
        return out


_worker_index: Any = None


def _worker_start(index_type: type, config: dict) -> None:
    global _worker_index
    _worker_index = index_type(**config)


def _worker_entries(page: _Page) -> list:
    _worker_index.entries = []
    _worker_index.add_entry_from_context(page)
    return _worker_index.entries


def _workers() -> int:
    """Worker processes for the search index: one core is mkdocs' own."""
    import multiprocessing

    from ..core.system import usable_cores

    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(usable_cores() - 1, 4)


class SearchEntries:
    def __init__(self, folder: Path | None, parallel: bool = True):
        self.folder = folder / SEARCH if folder is not None else None
        self.parallel = parallel
        self.version = ""
        self.stored: dict[str, list] = {}   # key -> entries, as read from disk
        self.used: dict[str, list] = {}     # key -> entries of the pages of this build
        self.pages: dict[str, list] = {}    # page URL -> its entries (kept across kb serve)
        self.pending: list[tuple[str, Any, Any]] = []  # (key, page, entries or a future)
        self.hits = self.misses = 0
        self.search_plugin: Any = None
        self.pool: Any = None
        self._original: Any = None

    def attach(self, search_plugin: Any, words: list[str], dirty: bool) -> None:
        """Take over this build's search index (its plugin makes a new one for every build).
        ``dirty``: a kb serve rebuild of a few pages (indexed here, no workers)."""
        version = context_version(search_plugin, words)
        if version != self.version:
            self.version = version
            self.rejected: list[int] = []
            self.stored = store.read(self.folder, version, rejected=self.rejected) \
                if self.folder else {}
            self.pages = {}
        self.used, self.pending = {}, []
        self.hits = self.misses = 0
        self.search_plugin = search_plugin
        index = search_plugin.search_index
        self._original = index.add_entry_from_context
        workers = _workers() if self.parallel and not dirty else 0

        def add_entry_from_context(page: Any) -> None:
            k = page_key(page)
            entries = self.used.get(k, self.stored.get(k))
            if entries is not None:
                self.hits += 1
            else:
                self.misses += 1
                if workers and self.pool is None:
                    self._start_pool(index, workers)
                entries = (self.pool.submit(_worker_entries, _Page(page)) if self.pool
                           else self._index_here(page))
            self.used[k] = entries
            self.pending.append((k, page, entries))

        index.add_entry_from_context = add_entry_from_context

    def _start_pool(self, index: Any, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start, initargs=(type(index), dict(index.config)))
        except (OSError, ValueError):
            self.pool = None

    def _index_here(self, page: Any) -> list:
        """The page's entries from material's indexer in this process."""
        index = self.search_plugin.search_index
        kept, index.entries = index.entries, []
        try:
            self._original(page)
            return index.entries
        finally:
            index.entries = kept

    def _resolve(self, page: Any, entries: Any) -> list:
        if isinstance(entries, list):
            return entries
        try:
            return entries.result()
        except Exception:  # noqa: BLE001 - a worker that failed: index the page here
            return self._index_here(page)

    def finish(self, dirty: bool, urls: list[str]) -> None:
        """After the pages are built, before the search plugin writes its index: give it every
        entry in page order (``urls``: the pages of the site now), and keep them for next time."""
        if self.search_plugin is None:
            return
        # the pages are done: this process takes the worker's queue from its far end
        local: dict[int, list] = {}
        for i in range(len(self.pending) - 1, -1, -1):
            future = self.pending[i][2]
            if isinstance(future, list):
                continue
            if not future.cancel():
                break
            local[i] = self._index_here(self.pending[i][1])
        made: dict[str, list] = {}
        for i, (k, page, entries) in enumerate(self.pending):
            made[k] = local[i] if i in local else self._resolve(page, entries)
            self.pages[page.url] = made[k]
        self.used.update(made)
        self.pending = []
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        current = set(urls)
        self.pages = {u: e for u, e in self.pages.items() if u in current}
        self.search_plugin.search_index.entries = [e for u in urls for e in self.pages.get(u, ())]
        if dirty:
            self.search_plugin.search_index_prev = None
            return
        if self.folder is not None:
            store.write(self.folder, self.version, self.used, self.stored,
                        rejected=getattr(self, "rejected", ()))
            self.rejected = []
            self.stored = self.used
