"""The one owner of ``.kb/``: where everything kb keeps lives, how it is versioned and written.

``.kb/`` sits beside ``mkdocs.yml`` when the vault is that project's ``docs_dir`` (outside the
folder ``mkdocs serve`` watches), else inside the vault. It holds two kinds of thing:

* **caches** (``.kb/cache/``): derived from the notes, rebuilt when missing, damaged or made by
  other code; deleting the folder costs only time. Every cache's version is a hash of the source
  of the kb modules that produce it plus the versions of the libraries whose output it stores
  (:func:`code_version`), so any upgrade or parser change invalidates it.

  ============================ ==================================================
  ``cache/notes/NN.json``      parsed notes (:mod:`kb.store.notes`), 64 JSON shards
  ``cache/index.sqlite``       ``kb find``'s index (:mod:`kb.store.index`)
  ============================ ==================================================

* **state** (``.kb/*.json``): what a person's work depends on and no cache wipe may lose.

  ============================ ==================================================
  ``import-state.json``        hash of what each import wrote (never overwrite edits)
  ``import-days.json``         the notes each import brought, by day (day pages)
  ``extract-state.json``       which snippet files ``kb extract`` last verified
  ``snippet-results.json``     the last pytest outcome of every block (site badges)
  ============================ ==================================================

Nothing read back from here can run code: caches are JSON and SQLite only (no pickle, no
marshal, no compiled templates), and every reader treats what it reads as untrusted (a vault
received from someone else comes with its ``.kb/``). Every file is written by
:func:`atomic_write`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DIR_NAME = ".kb"
CACHE = "cache"  # the folder of rebuildable caches inside .kb/

# caches (inside .kb/cache/)
NOTES = "notes"
INDEX = "index.sqlite"

# state (inside .kb/)
IMPORT_STATE = "import-state.json"
IMPORT_DAYS = "import-days.json"  # the notes each import brought, by day (for day pages)
EXTRACT_STATE = "extract-state.json"
RESULTS = "snippet-results.json"
IMPORT_LOCK = "import.lock"
EXTRACT_LOCK = "extract.lock"

# what earlier kb versions left in .kb/: removed (never read) when the cache is next written
LEGACY = ("notes", "search", "jinja", "index.sqlite", "index.sqlite-wal", "index.sqlite-shm",
          "notes.pickle")
# caches inside .kb/cache/ that kb no longer keeps (material's search entries: kb's own search
# index is built from the notes cache)
RETIRED = ("search",)


def store_dir(vault_root: Path | str) -> Path:
    """``.kb/`` for a vault: beside mkdocs.yml when the vault is that project's docs_dir, else
    inside the vault."""
    from ..core.config import ConfigError, docs_dir_of, find_mkdocs_yml

    root = Path(vault_root).resolve()
    config = find_mkdocs_yml(root)
    if config is not None:
        try:
            docs = (config.parent / docs_dir_of(config)).resolve()
        except ConfigError:
            docs = None
        if docs == root:
            return config.parent / DIR_NAME
    return root / DIR_NAME


def cache_dir(vault_root: Path | str) -> Path:
    """``.kb/cache/``: every rebuildable cache of a vault."""
    return store_dir(vault_root) / CACHE


def cache_path(vault_root: Path | str, name: str) -> Path:
    return cache_dir(vault_root) / name


def state_path(vault_root: Path | str, name: str) -> Path:
    return store_dir(vault_root) / name


def prepare_cache(folder: Path) -> None:
    """Make a cache folder (``.kb/cache`` or one inside it), removing what older kb versions
    kept directly in ``.kb/`` (pickles, compiled templates: never read, only deleted)."""
    folder.mkdir(parents=True, exist_ok=True)
    top = folder if folder.name == CACHE else folder.parent
    if top.name != CACHE or top.parent.name != DIR_NAME:
        return
    import shutil

    for old in [top.parent / name for name in LEGACY] + [top / name for name in RETIRED]:
        try:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            elif old.exists() or old.is_symlink():
                old.unlink()
        except OSError:
            pass


def json_loads(data: bytes | str):
    """JSON text to Python data (orjson where installed: several times faster; plain json
    otherwise). Raises ValueError for anything that is not JSON."""
    try:
        from orjson import loads
    except ImportError:  # pragma: no cover
        from json import loads
    return loads(data)


def lock(path: Path | str):
    """A context manager holding an exclusive lock on ``path`` (made if missing): one kb
    process at a time does what it guards (an import, an extract); a second one waits."""
    import contextlib

    @contextlib.contextmanager
    def held():
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "a") as fh:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: no lock
                yield
                return
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    return held()


_VERSIONS: dict[tuple, str] = {}


def code_version(*modules: str, libraries: tuple[str, ...] = (), extra: str = "") -> str:
    """A cache's version: a hash of the source of the kb modules that produce its entries
    (paths relative to the package, e.g. ``"core/parse.py"``), the installed versions of the
    ``libraries`` whose output it stores, kb's own version and ``extra``."""
    cache_key = (modules, libraries, extra)
    if cache_key in _VERSIONS:
        return _VERSIONS[cache_key]
    import hashlib

    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"kb {__version__}\0{extra}".encode("utf-8", "surrogatepass"))
    for name in modules:
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update((package / name).read_bytes())
    if libraries:
        from importlib import metadata

        for lib in libraries:
            try:
                version = metadata.version(lib)
            except metadata.PackageNotFoundError:
                version = "-"
            digest.update(f"\0{lib}={version}".encode())
    out = _VERSIONS[cache_key] = digest.hexdigest()[:32]
    return out


def atomic_write(path: Path | str, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` all at once: a temporary file in the same folder, flushed
    (and fsynced when ``durable``), then renamed over it. An existing file keeps its permission
    bits; a new file gets the umask's (not mkstemp's 0600). Text is written UTF-8 with ``\\n``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    payload = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".kb-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        current = os.umask(0o022)  # the only way to read it; set straight back
        os.umask(current)
        _UMASK = current
    return _UMASK
