"""A persisted key -> value cache in shard files, for kb's caches (parsed notes, search entries).

Values are pickled in ``_SHARDS`` files chosen by a stable hash of the key, so a change to a
few entries rewrites a few small files, not one big one. Every shard carries a version string;
a shard of another version, or one that can't be read, is simply not used.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from pathlib import Path

_SHARDS = 64


def code_version(*modules: str, extra: str = "") -> str:
    """A version for a cache: the hash of the kb modules (file names) that make its entries, so
    a cache made by other code is not used."""
    import hashlib

    digest = hashlib.sha1(extra.encode("utf-8", "surrogatepass"))
    for name in modules:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % _SHARDS


def read(folder: Path, version: str) -> dict:
    """Every entry of every readable shard of this version."""
    out: dict = {}
    for n in range(_SHARDS):
        try:
            with open(folder / f"{n:02x}.pickle", "rb") as fh:
                shard_version, data = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a missing, old or damaged shard is just not used
            continue
        if shard_version == version and isinstance(data, dict):
            out.update(data)
    return out


def write(folder: Path, version: str, fresh: dict, old: dict) -> int:
    """Make the store hold ``fresh``, rewriting only the shards where an entry differs from
    ``old`` (what :func:`read` gave: entries kept are the same objects). Returns shards written;
    a folder that can't be written is left alone."""
    dirty = {shard_of(k) for k, v in fresh.items() if old.get(k) is not v}
    dirty.update(shard_of(k) for k in old if k not in fresh)
    if not dirty:
        return 0
    shards: dict[int, dict] = {n: {} for n in dirty}
    for k, v in fresh.items():
        n = shard_of(k)
        if n in shards:
            shards[n][k] = v
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n, data in shards.items():
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".shard-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((version, data), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, folder / f"{n:02x}.pickle")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except OSError:
        return 0
    return len(dirty)
