"""The parsed-notes cache (``.kb/cache/notes/``): notes whose file kept its size and mtime are
not parsed again.

A :class:`~kb.core.note.Note` is stored as plain JSON data: each dataclass as the list of its
fields in order, dates as ISO strings. Front matter (``meta``) is stored as it is when it is
plain JSON; otherwise (YAML dates, non-string keys, binary, sets) as a tagged tree. Decoding
checks every shape: a malformed entry raises, and the shard reader leaves it out (it is parsed
again), so a crafted cache can at worst cost a parse.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any
from collections.abc import Callable

from ..core.note import CodeBlock, Heading, Link, Math, Note, Problem, TagUse
from ..core.vault import Vault, no_cycle_collection
from . import NOTES, cache_dir, code_version, shards

Entry = tuple  # (mtime_ns, size, Note)


def version() -> str:
    """Changes whenever the parser, the Note model or the YAML library changes."""
    return code_version("core/parse.py", "core/note.py", "core/text.py", "core/files.py",
                        "store/notes.py", libraries=("PyYAML",))


def load_vault(root: Path | str, progress: Callable[[int, int], None] | None = None,
               cache: Path | None = None) -> Vault:
    """:meth:`Vault.load` with this cache (``.kb/cache`` of the vault unless ``cache`` names
    another folder): unchanged notes come from it, and it is rewritten where anything changed."""
    folder = Path(cache) if cache is not None else cache_dir(root)
    with no_cycle_collection():  # hundreds of thousands of objects, none of them garbage
        rejected: list[int] = []
        cached = read(folder, rejected)
        if rejected:
            import sys

            print(f"kb: the notes cache in {folder / NOTES} was damaged or made by other kb "
                  f"code ({len(rejected)} of {shards.SHARDS} files); rebuilding it",
                  file=sys.stderr)
        vault = Vault.load(root, progress=progress, reuse=cached)
        if vault.parsed or len(vault.entries) != len(cached) or rejected:
            write(folder, vault.entries, cached, rejected)
    return vault


def read(cache: Path, rejected: list[int] | None = None) -> dict[str, Entry]:
    """path -> (mtime_ns, size, Note) from ``cache`` (``.kb/cache``)."""
    return shards.read(cache / NOTES, version(), decode_entry, rejected)


def write(cache: Path, fresh: dict[str, Entry], old: dict[str, Entry],
          rejected: list[int] | None = None) -> int:
    return shards.write(cache / NOTES, version(), fresh, old, encode_entry, rejected or ())


# -- encoding --------------------------------------------------------------------------------

_TAG = "\x00kb"  # the key of a tagged value inside a non-plain meta tree


def _date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    return ["d", value.isoformat()]


def _undate(data: Any) -> dt.date | dt.datetime | None:
    if data is None:
        return None
    kind, text = data
    if kind == "t":
        return dt.datetime.fromisoformat(text)
    if kind == "d":
        return dt.date.fromisoformat(text)
    raise ValueError("bad date")


def _plain(value: Any) -> bool:
    """Whether JSON gives ``value`` back as it is (str keys, JSON scalars, lists, dicts)."""
    t = type(value)
    if t is str or t is int or t is bool or t is float or value is None:
        return True
    if t is list:
        return all(_plain(v) for v in value)
    if t is dict:
        return all(type(k) is str and k != _TAG and _plain(v) for k, v in value.items())
    return False


def _tagged(value: Any) -> Any:
    """Any safe-YAML value as JSON data: a list is ``[...]``, anything else not a JSON
    scalar is ``{_TAG: [kind, data]}``."""
    t = type(value)
    if t is str or t is int or t is bool or t is float or value is None:
        return value
    if t is list:
        return [_tagged(v) for v in value]
    if t is dict:
        return {_TAG: ["map", [[_tagged(k), _tagged(v)] for k, v in value.items()]]}
    if t is dt.datetime or t is dt.date:
        return {_TAG: _date(value)}
    if t is bytes:
        return {_TAG: ["bytes", base64.b64encode(value).decode("ascii")]}
    if t is set:
        return {_TAG: ["set", [_tagged(v) for v in value]]}
    if t is tuple:
        return {_TAG: ["tuple", [_tagged(v) for v in value]]}
    raise TypeError(f"cannot store {t.__name__}")


def _untagged(data: Any) -> Any:
    t = type(data)
    if t is list:
        return [_untagged(v) for v in data]
    if t is not dict:
        return data
    kind, payload = data[_TAG]
    if kind == "map":
        return {_hashable(_untagged(k)): _untagged(v) for k, v in payload}
    if kind in ("t", "d"):
        return _undate([kind, payload])
    if kind == "bytes":
        return base64.b64decode(payload)
    if kind == "set":
        return {_hashable(_untagged(v)) for v in payload}
    if kind == "tuple":
        return tuple(_untagged(v) for v in payload)
    raise ValueError("bad tagged value")


def _hashable(value: Any) -> Any:
    hash(value)
    return value


def encode_note(n: Note, texts: shards.Texts | None = None) -> list:
    if _plain(n.meta):
        meta: Any = ["p", n.meta]
    else:
        meta = ["x", _tagged(n.meta)]
    return [
        n.path, n.title, n.title_source, n.title_line, n.kind, _date(n.date), n.date_source,
        n.aliases,
        [[u.name, u.line, u.source, u.col, u.end_col] for u in n.tags],
        [[k.target, k.line, k.kind, k.embed, k.heading, k.block, k.text, k.col, k.end_col]
         for k in n.links],
        [[c.lang, c.info, c.code, c.line, c.code_line, c.end_line, c.flags, c.options,
          c.closed, c.cell] for c in n.code],
        [[h.level, h.text, h.line] for h in n.headings],
        n.blocks,
        [[m.tex, m.display, m.line, m.end_line, m.col, m.end_col] for m in n.math],
        meta, texts.add(n.body) if texts is not None else n.body, n.body_line,
        [[p.path, p.line, p.kind, p.message] for p in n.problems],
        n.size, n.mtime_ns,
    ]


def _strs(value: Any) -> list[str]:
    if type(value) is not list or any(type(v) is not str for v in value):
        raise ValueError("expected a list of strings")
    return value


def decode_note(d: list, texts: shards.Texts | None = None) -> Note:
    (path, title, title_source, title_line, kind, date, date_source, aliases, tags, links,
     code, headings, blocks, math, meta, body, body_line, problems, size,
     mtime_ns) = d
    if texts is not None:
        body = texts.get(body)
    if type(path) is not str or type(title) is not str or type(body) is not str:
        raise ValueError("bad note")
    mkind, mdata = meta
    if mkind == "p":
        if type(mdata) is not dict:
            raise ValueError("bad meta")
        meta_value = mdata
    else:
        meta_value = _untagged(mdata)
        if type(meta_value) is not dict:
            raise ValueError("bad meta")
    return Note(
        path, title, title_source, int(title_line), kind, _undate(date), date_source,
        _strs(aliases),
        [TagUse(*x) for x in tags],
        [Link(*x) for x in links],
        [CodeBlock(*x) for x in code],
        [Heading(*x) for x in headings],
        _strs(blocks),
        [Math(*x) for x in math],
        meta_value, body, int(body_line),
        [Problem(*x) for x in problems],
        int(size), int(mtime_ns),
    )


def encode_entry(entry: Entry, texts: shards.Texts | None = None) -> list | None:
    mtime_ns, size, note = entry
    try:
        return [mtime_ns, size, encode_note(note, texts)]
    except (TypeError, ValueError):
        return None  # front matter JSON cannot hold: parsed again next time


def decode_entry(data: list, texts: shards.Texts | None = None) -> Entry:
    mtime_ns, size, note = data
    if type(mtime_ns) is not int or type(size) is not int:
        raise ValueError("bad stamp")
    return (mtime_ns, size, decode_note(note, texts))
