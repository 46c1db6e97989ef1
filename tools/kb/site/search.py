"""The site's search: kb's own static, sharded index of the notes, read by ``kb-search.js`` in
Material's header search box.

Material's own search loads one index of the whole site on every page and builds it in the
browser (27 MB and 9 s per page at 5,000 notes), and ORs jieba's words, so ``扩散模型`` lists every
note with ``模型``. Here a query fetches only the few small files holding its words, and every
word of it is required:

* **Words.** Latin words are lower-cased, and identifiers also give their parts
  (``MultiheadAttention`` → ``multihead``, ``attention``; ``hidden_size`` → ``hidden``,
  ``size``); the browser matches them by prefix, so ``atten`` finds ``attention``, and drops
  English endings from the query (``attentions`` → ``attention``). Every ending of three
  characters or more of a word is a term too (``~stance`` of ``isinstance``), so a word is
  found inside another, ranked below words that begin with it. Chinese, Japanese and
  Korean runs are indexed as every character and every pair of neighbouring characters: a word
  of any length anywhere in a sentence is found by requiring all its pairs, then checked
  against the note's text before it is shown; no dictionary can split it the wrong way.
* **Fields.** Each posting says whether the word is in the note's title or aliases, its tags,
  or its text, and how often (capped): titles rank first, then tags, then text; ties go to the
  newest note (documents are numbered newest first). ``#tag`` is a term of its own, nested tags
  included by prefix.
* **Files** (under ``assets/kb/search/``): ``meta.json`` (the first term of every chunk), ``t/N.json``
  (terms in UTF-16 order, cut into chunks of about 16 KB: ``{term: postings}``, postings as
  comma-separated ``delta * 32 + tf * 8 + fields``), ``d/N.json`` (one note: URL, title,
  tags, date and its text, fetched only for the results shown).

Everything is built from the :class:`~kb.core.vault.Vault` (no HTML is parsed); the postings
of a note are kept in memory between ``kb serve`` rebuilds and only changed notes are
tokenized again.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core.text import markdown_text
from ..core.vault import Vault

FOLDER = "assets/kb/search"
VERSION = 1
CHUNK_BYTES = 16_000
TEXT_LIMIT = 60_000  # characters of a note kept for excerpts
TITLE, TAG, TEXT = 1, 2, 4

_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
        "\U00020000-\U0002ffff")
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(text: str) -> Iterable[str]:
    """The terms of a text (with repeats): see the module's docstring."""
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        run = match.group()
        if _IS_CJK.match(run):
            yield from run
            for i in range(len(run) - 1):
                yield run[i:i + 2]
            continue
        lower = run.lower()
        yield lower
        # the ends of longer words, marked "~", so a query finds a word inside another
        # (instance in isinstance): ranked below words that begin with it
        if len(lower) <= 30 and not lower.isdigit():  # not for numbers, hashes, keys
            for i in range(1, len(lower) - 2):
                yield "~" + lower[i:]
        parts = [p for p in run.split("_") if p]
        if len(parts) > 1:
            yield from (part.lower() for part in parts)
        if run.isascii() and not (run.islower() or run.isupper()):
            for part in parts:
                pieces = _CAMEL.findall(part)
                if len(pieces) > 1:
                    yield from (piece.lower() for piece in pieces)


def terms_of(texts: dict[int, Iterable[str]]) -> dict[str, int]:
    """term -> tf * 8 + fields, for texts by field (TITLE, TAG, TEXT)."""
    counts: dict[str, int] = {}
    fields: dict[str, int] = {}
    for field, parts in texts.items():
        for text in parts:
            for w in _words(text):
                fields[w] = fields.get(w, 0) | field
                if field == TEXT:
                    counts[w] = counts.get(w, 0) + 1
    return {w: min(counts.get(w, 0), 3) * 8 + f for w, f in fields.items()}


def note_terms(vault: Vault, path: str) -> dict[str, int]:
    note = vault.notes[path]
    tags = [vault.tag_name(k) for k in note.tag_keys]
    out = terms_of({TITLE: [note.title, *note.aliases], TAG: [t.replace("/", " ") for t in tags],
                    TEXT: [note.body]})
    for k in note.tag_keys:
        out["#" + k] = out.get("#" + k, 0) | TAG
    return out


def plain_text(body: str) -> str:
    """A note's text as read (for excerpts): links as their text, no markup characters."""
    text = re.sub(r"[ \t]+", " ", markdown_text(body))
    text = re.sub(r" ?\n\s*", "\n", text).strip()
    return text[:TEXT_LIMIT]


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


class SearchIndex:
    """The postings of every note (kept between kb serve rebuilds) and the writer of the
    site's ``search/`` folder."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[Any, dict[str, int]]] = {}  # path -> (note, its terms)
        self.written: dict[str, int] = {}  # relative path -> hash of what was written

    def _terms(self, vault: Vault, path: str) -> dict[str, int]:
        note = vault.notes[path]
        kept = self.terms.get(path)
        tags = tuple(vault.tag_name(k) for k in note.tag_keys)
        if kept is not None and kept[0] == (note.title, tuple(note.aliases), tags, note.body):
            return kept[1]
        made = note_terms(vault, path)
        self.terms[path] = ((note.title, tuple(note.aliases), tags, note.body), made)
        return made

    def files(self, vault: Vault, url_of: Callable[[str], str]) -> dict[str, str]:
        """The contents of ``assets/kb/search/``: relative path -> text."""
        # documents are numbered oldest first: a new note takes the next number and the files
        # of the others stay as they were (kb serve rewrites only what changed)
        order = [n.path for n in reversed(vault.newest_first(vault.notes))]
        self.terms = {p: v for p, v in self.terms.items() if p in vault.notes}
        # term -> [the last document holding it, then each holder as the step from the one
        # before it: step * 32 + tf * 8 + fields]
        postings: dict[str, list[int]] = {}
        for doc, path in enumerate(order):
            for term, value in self._terms(vault, path).items():
                found = postings.get(term)
                if found is None:
                    postings[term] = [doc, doc * 32 + value]
                else:
                    found.append((doc - found[0]) * 32 + value)
                    found[0] = doc
        out: dict[str, str] = {}
        firsts: list[str] = []
        chunk: dict[str, str] = {}
        size = 0

        def flush() -> None:
            if chunk:
                out[f"t/{len(firsts) - 1}.json"] = json.dumps(
                    chunk, ensure_ascii=False, separators=(",", ":"))

        for term in sorted(postings, key=_utf16):
            text = ",".join(map(str, postings[term][1:]))
            if not chunk or size + len(text) + len(term) > CHUNK_BYTES:
                flush()
                chunk, size = {}, 0
                firsts.append(term)
            chunk[term] = text
            size += len(text) + len(term.encode("utf-8")) + 6
        flush()
        for doc, path in enumerate(order):
            note = vault.notes[path]
            data = {"u": url_of(path), "t": note.title, "a": list(note.aliases)[:8],
                    "g": [vault.tag_name(k) for k in note.tag_keys],
                    "d": note.day.isoformat() if note.day else None,
                    "x": plain_text(note.body)}
            out[f"d/{doc}.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        out["meta.json"] = json.dumps({"v": VERSION, "docs": len(order), "chunks": firsts},
                                      ensure_ascii=False, separators=(",", ":"))
        return out

    def write(self, vault: Vault, site_dir: Path, url_of: Callable[[str], str],
              fresh: bool = True) -> dict:
        """Write ``assets/kb/search/`` into the site; without ``fresh`` (a kb serve rebuild) only the
        files that changed since the last write. Returns what was written."""
        folder = Path(site_dir) / FOLDER
        files = self.files(vault, url_of)
        before = {} if fresh else self.written
        if fresh and folder.exists():
            shutil.rmtree(folder)
        for sub in ("t", "d"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        changed = 0
        for rel, text in files.items():
            digest = hash(text)
            if before.get(rel) != digest:
                (folder / rel).write_text(text, encoding="utf-8")
                changed += 1
        for rel in set(before) - set(files):
            (folder / rel).unlink(missing_ok=True)
        self.written = {rel: hash(text) for rel, text in files.items()}
        chunks = sum(1 for rel in files if rel.startswith("t/"))
        return {"docs": len(files) - chunks - 1, "chunks": chunks, "files_written": changed,
                "index_bytes": sum(len(t.encode("utf-8")) for r, t in files.items()
                                   if r.startswith("t/"))}


def find_search_plugin(config: Any) -> Any | None:
    """The search plugin instance of this build, if it is material's (it has a search index)."""
    for plugin in config["plugins"].values():
        index = getattr(plugin, "search_index", None)
        if hasattr(index, "add_entry_from_context") and isinstance(
                getattr(index, "entries", None), list):
            return plugin
    return None


def silence(search_plugin: Any) -> None:
    """Material's search plugin still draws the header's search box and writes its (now empty)
    index; kb's index answers the queries, so material indexes nothing."""
    search_plugin.search_index.add_entry_from_context = lambda page: None


def _haystack(vault: Vault, path: str) -> str:
    note = vault.notes[path]
    return unicodedata.normalize("NFKC", "\n".join(
        [note.title, *note.aliases, *(vault.tag_name(k) for k in note.tag_keys), note.body]
    )).casefold()


def literal_matches(vault: Vault, query: str) -> set[str]:
    """The notes a query must find, by literal substring (the ground truth recall is measured
    against, never the engine's own answer): every word of the query (of each ``OR`` part) in
    the note's title, aliases, tags or text; every ``#tag`` among its tags or above them."""
    groups: list[list[str]] = [[]]
    tags: list[str] = []
    for word in query.split():
        if word == "OR":
            groups.append([])
        elif word.startswith("#") and len(word) > 1:
            tags.append(unicodedata.normalize("NFKC", word[1:]).casefold().strip("/"))
        else:
            groups[-1].append(unicodedata.normalize("NFKC", word).casefold())
    groups = [g for g in groups if g]
    found = set()
    for path in vault.notes:
        if tags:
            keys = vault.notes[path].tag_keys
            if not all(any(k == t or k.startswith(t + "/") for k in keys) for t in tags):
                continue
        if groups:
            hay = _haystack(vault, path)
            if not any(all(w in hay for w in g) for g in groups):
                continue
        found.add(path)
    return found


def sample_queries(vault: Vault, count: int = 12, seed: int = 1) -> list[str]:
    """Queries taken from the notes themselves: Chinese runs of 2-6 characters from the middle
    of sentences, English words whole and as prefixes, a mixed pair and the most used tags."""
    import random

    rng = random.Random(seed)
    paths = sorted(vault.notes)
    out: list[str] = []
    cjk = re.compile(rf"[{_CJK}]{{6,}}")
    latin = re.compile(r"\b[A-Za-z]{6,}\b")
    tries = 0
    while len(out) < count and paths and tries < 50 * count:
        tries += 1
        body = vault.notes[rng.choice(paths)].body
        kind = tries % 4
        if kind in (0, 1):
            runs = cjk.findall(body)
            if runs:
                run = rng.choice(runs)
                size = rng.randint(2, min(6, len(run)))
                start = rng.randint(0, len(run) - size)
                out.append(run[start:start + size])
        elif kind == 2:
            words = latin.findall(body)
            if words:
                word = rng.choice(words).lower()
                out.append(word if rng.random() < 0.5 else word[:rng.randint(4, len(word) - 1)])
        else:
            runs, words = cjk.findall(body), latin.findall(body)
            if runs and words:
                run = rng.choice(runs)
                out.append(f"{rng.choice(words).lower()} {run[:3]}")
    top = sorted(vault.tags, key=lambda k: (-vault.tags[k].count, k))[:2]
    out.extend("#" + k for k in top)
    return out
