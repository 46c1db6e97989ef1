"""A persisted key -> value cache in JSON shard files (parsed notes, search entries).

Values go into ``SHARDS`` files chosen by a stable hash of the key, so a change to a few entries
rewrites a few small files, not one big one. Every shard carries its cache's version; a shard of
another version, or one that can't be read or decoded, is simply not used.

A shard is one line of JSON (``{"version", "entries", "texts": [byte lengths]}``) followed by
long texts as plain UTF-8, one after the other: an encoder may put a note's body there (its
entry holds the text's number) instead of into the JSON, where decoding it would cost more than
the rest of the entry. Reading a shard parses JSON and slices bytes: it never runs code,
whatever a file holds.
"""

from __future__ import annotations

import json
import zlib

from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from . import atomic_write, json_loads, prepare_cache

SHARDS = 64


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def shard_path(folder: Path, n: int) -> Path:
    return folder / f"{n:02x}.json"


class Texts:
    """The long texts of one shard: an encoder adds one and stores its number."""

    def __init__(self, data: bytes = b"", lengths: list[int] | None = None):
        self.items: list[str] = []
        self._data, self._offsets = data, [0]
        for n in lengths or ():
            self._offsets.append(self._offsets[-1] + n)
        if self._offsets[-1] != len(data):
            raise ValueError("texts do not add up")

    def add(self, text: str) -> int:
        self.items.append(text)
        return len(self.items) - 1

    def get(self, number: int) -> str:
        if type(number) is not int or not 0 <= number < len(self._offsets) - 1:
            raise ValueError("no such text")
        return self._data[self._offsets[number]:self._offsets[number + 1]].decode(
            "utf-8", "surrogatepass")


def read(folder: Path, version: str, decode: Callable[[Any, Texts], Any] | None = None,
         rejected: list[int] | None = None) -> dict:
    """Every entry of every readable shard of this version; ``decode(data, texts)`` turns a
    stored value back into its object (an entry it rejects with an exception is left out).
    Shards that exist but are damaged or of another version are listed in ``rejected``."""
    out: dict = {}
    for n in range(SHARDS):
        try:
            with open(shard_path(folder, n), "rb") as fh:
                raw = fh.read()
        except OSError:
            continue  # not there
        try:
            head, _, tail = raw.partition(b"\n")
            stored = json_loads(head)
            if not (isinstance(stored, dict) and stored.get("version") == version
                    and isinstance(stored.get("entries"), dict)):
                raise ValueError("another version")
            texts = Texts(tail, stored.get("texts"))
        except (ValueError, TypeError, RecursionError):
            if rejected is not None:
                rejected.append(n)
            continue  # damaged or foreign: not used, written again
        entries = stored["entries"]
        if decode is None:
            out.update(entries)
            continue
        for k, v in entries.items():
            try:
                out[k] = decode(v, texts)
            except Exception:  # noqa: BLE001 - a malformed entry is a cache miss
                continue
    return out


def write(folder: Path, version: str, fresh: dict, old: dict,
          encode: Callable[[Any, Texts], Any] | None = None,
          rejected: Iterable[int] = ()) -> int:
    """Make the store hold ``fresh``, rewriting only the shards where an entry differs from
    ``old`` (what :func:`read` gave: entries kept are the same objects). ``encode(value,
    texts)`` turns a value into JSON data (long texts may go to ``texts``), or None for a value
    that is not to be stored; ``rejected`` (from :func:`read`) are written again too. A shard
    left with no entries is removed. Returns shards written; a folder that can't be written
    is left alone."""
    dirty = {shard_of(k) for k, v in fresh.items() if old.get(k) is not v}
    dirty.update(shard_of(k) for k in old if k not in fresh)
    dirty.update(rejected)
    if not dirty:
        return 0
    shards: dict[int, dict] = {n: {} for n in dirty}
    texts = {n: Texts() for n in dirty}
    for k, v in fresh.items():
        n = shard_of(k)
        if n in shards:
            data = encode(v, texts[n]) if encode is not None else v
            if data is not None:
                shards[n][k] = data
    try:
        prepare_cache(folder)
        for n, entries in shards.items():
            if not entries:
                shard_path(folder, n).unlink(missing_ok=True)
                continue
            blobs = [t.encode("utf-8", "surrogatepass") for t in texts[n].items]
            head = json.dumps({"version": version, "entries": entries,
                               "texts": [len(b) for b in blobs]},
                              ensure_ascii=False, separators=(",", ":"))
            atomic_write(shard_path(folder, n),
                         b"".join([head.encode("utf-8", "surrogatepass"), b"\n", *blobs]),
                         durable=False)
    except (OSError, ValueError, TypeError):
        return 0
    return len(dirty)
