"""A persisted key -> value cache in JSON shard files (parsed notes, search entries).

Values go into ``SHARDS`` files chosen by a stable hash of the key, so a change to a few entries
rewrites a few small files, not one big one. Every shard carries its cache's version; a shard of
another version, or one that can't be read or decoded, is simply not used. Shards are JSON:
reading one never runs code, whatever a file holds.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any
from collections.abc import Callable

from . import atomic_write, prepare_cache

SHARDS = 64


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def shard_path(folder: Path, n: int) -> Path:
    return folder / f"{n:02x}.json"


def read(folder: Path, version: str, decode: Callable[[Any], Any] | None = None) -> dict:
    """Every entry of every readable shard of this version; ``decode`` turns a stored value
    back into its object (an entry it rejects with an exception is left out)."""
    out: dict = {}
    for n in range(SHARDS):
        try:
            with open(shard_path(folder, n), "rb") as fh:
                stored = json.loads(fh.read())
        except (OSError, ValueError, RecursionError):
            continue  # missing, damaged or foreign: just not used
        if not (isinstance(stored, dict) and stored.get("version") == version
                and isinstance(stored.get("entries"), dict)):
            continue
        entries = stored["entries"]
        if decode is None:
            out.update(entries)
            continue
        for k, v in entries.items():
            try:
                out[k] = decode(v)
            except Exception:
                continue
    return out


def write(folder: Path, version: str, fresh: dict, old: dict,
          encode: Callable[[Any], Any] | None = None) -> int:
    """Make the store hold ``fresh``, rewriting only the shards where an entry differs from
    ``old`` (what :func:`read` gave: entries kept are the same objects). ``encode`` turns a value
    into JSON data, or None for a value that is not to be stored. Returns shards written; a
    folder that can't be written is left alone."""
    dirty = {shard_of(k) for k, v in fresh.items() if old.get(k) is not v}
    dirty.update(shard_of(k) for k in old if k not in fresh)
    if not dirty:
        return 0
    shards: dict[int, dict] = {n: {} for n in dirty}
    for k, v in fresh.items():
        n = shard_of(k)
        if n in shards:
            data = encode(v) if encode is not None else v
            if data is not None:
                shards[n][k] = data
    try:
        prepare_cache(folder)
        for n, entries in shards.items():
            text = json.dumps({"version": version, "entries": entries}, ensure_ascii=False,
                              separators=(",", ":"))
            atomic_write(shard_path(folder, n), text, durable=False)
    except (OSError, ValueError, TypeError):
        return 0
    return len(dirty)
