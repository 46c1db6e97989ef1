"""kb.store, the one owner of .kb/: versions from code, safe to open, right under change."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from site_build import write_files
from kb.store import atomic_write, cache_dir, code_version, store_dir
from kb.store.index import Index, default_db, index_version
from kb.store.notes import decode_entry, encode_entry, load_vault

PACKAGE = ROOT / "tools" / "kb"


def run_kb(*args, pythonpath: Path | None = None, cwd: Path | None = None):
    env = {**os.environ, "NO_COLOR": "1"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-m", "kb", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


# -- 1. a parser change (an upgrade) invalidates the find index -------------------------------

def test_a_parser_change_rebuilds_the_find_index(tmp_path):
    """Tags cleaned differently by a new parser: the index answers as --no-index does."""
    vault = write_files(tmp_path / "vault", {"a.md": "# A\n#foo\n", "b.md": "# B\ntext\n"})
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy / "kb", ignore=shutil.ignore_patterns("__pycache__"))
    before = run_kb("--vault", str(vault), "find", "#foo", "--json", pythonpath=copy)
    assert before.returncode == 0 and '"a.md"' in before.stdout, before.stderr
    parse = copy / "kb" / "core" / "parse.py"
    source = parse.read_text(encoding="utf-8")
    cleaned = "        return None\n    return name\n"
    assert source.count(cleaned) == 1
    parse.write_text(source.replace(cleaned, "        return None\n    return name + 'x'\n"),
                     encoding="utf-8")
    indexed = run_kb("--vault", str(vault), "find", "#foox", "--json", pythonpath=copy)
    walked = run_kb("--vault", str(vault), "find", "#foox", "--json", "--no-index",
                    pythonpath=copy)
    assert walked.returncode == 0 and '"a.md"' in walked.stdout
    assert indexed.returncode == 0 and indexed.stdout == walked.stdout, indexed.stderr


def test_versions_follow_the_source_and_the_libraries(tmp_path):
    base = code_version("core/parse.py", libraries=("PyYAML",))
    assert base == code_version("core/parse.py", libraries=("PyYAML",))
    assert base != code_version("core/parse.py", libraries=("PyYAML", "jieba"))
    assert base != code_version("core/parse.py", "core/note.py", libraries=("PyYAML",))
    # another copy of the package whose parser differs by one comment
    copy = tmp_path / "kb"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "core" / "parse.py", "a", encoding="utf-8") as fh:
        fh.write("# changed\n")
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from kb.store.index import "
              "index_version; print(index_version())")
    theirs = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                            text=True, check=True).stdout.strip()
    assert theirs and theirs != index_version()


# -- 2. nothing read back from .kb/ runs code -------------------------------------------------

class _Boom:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _jinja_bombs(folder: Path, marker: Path) -> int:
    """Compiled-template files for every material template, as jinja's file cache names them,
    whose code creates ``marker`` when a cache that trusts them loads it."""
    import material
    from jinja2.bccache import Bucket, FileSystemBytecodeCache

    templates = Path(material.__file__).parent / "templates"
    cache = FileSystemBytecodeCache(str(folder))
    code = compile(f"import os\nos.system('touch {marker}')\n", "<bomb>", "exec")
    made = 0
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates).as_posix()
        source = path.read_text(encoding="utf-8")
        bucket = Bucket(None, cache.get_cache_key(name, str(path)),
                        cache.get_source_checksum(source))
        bucket.code = code
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / (cache.pattern % bucket.key), "wb") as fh:
            bucket.write_bytecode(fh)
        made += 1
    return made


def _hostile_store(kb_dir: Path, marker: Path) -> None:
    """Crafted pickles at every path kb ever read pickles from, compiled-template bombs where
    kb kept templates, and garbage at every path of today's store."""
    bomb = pickle.dumps(_Boom(marker))
    for folder in ("notes", "search"):
        (kb_dir / folder).mkdir(parents=True, exist_ok=True)
        for n in range(64):
            (kb_dir / folder / f"{n:02x}.pickle").write_bytes(bomb)
    (kb_dir / "notes.pickle").write_bytes(bomb)
    assert _jinja_bombs(kb_dir / "jinja", marker) > 10
    cache = kb_dir / "cache"
    for folder in ("notes", "search"):
        (cache / folder).mkdir(parents=True, exist_ok=True)
        for n in range(64):
            (cache / folder / f"{n:02x}.json").write_bytes(bomb if n % 2 else os.urandom(300))
    (cache / "index.sqlite").write_bytes(bomb)
    (kb_dir / "index.sqlite").write_bytes(bomb)
    for name in ("import-state.json", "extract-state.json", "snippet-results.json"):
        (kb_dir / name).write_bytes(bomb)


@pytest.mark.slow
def test_a_received_vault_with_a_hostile_store_runs_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    project = tmp_path / "project"
    write_files(project, {
        "mkdocs.yml": "site_name: t\ndocs_dir: notes\nplugins:\n  - kb\n  - search\n",
        "notes/a.md": "---\ndate: 2024-03-01\n---\n# A\n#lstm [[b]]\n",
        "notes/b.md": "# B\n遗忘门\n",
    })
    _hostile_store(project / ".kb", marker)
    # the same without mkdocs.yml: .kb/ inside the vault (the case the issue reproduced)
    loose = write_files(tmp_path / "loose", {"a.md": "# A\n#lstm\n"})
    _hostile_store(loose / ".kb", marker)

    check = run_kb("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_kb("--vault", str(loose), "check").returncode == 0
    found = run_kb("find", "#lstm", cwd=project)
    assert found.returncode == 0 and "a.md" in found.stdout, found.stderr
    assert "Traceback" not in found.stderr and found.stderr.count("rebuilding") == 1
    assert "a.md" in run_kb("--vault", str(loose), "find", "#lstm").stdout
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                            str(tmp_path / "site")], cwd=project, capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    assert (tmp_path / "site" / "a" / "index.html").is_file()
    assert not marker.exists()
    # the old pickles and compiled templates are gone once the cache was written again
    assert not (project / ".kb" / "jinja").exists()
    assert not list((project / ".kb").glob("**/*.pickle"))


def test_no_cache_file_is_a_pickle(tmp_path):
    project = write_files(tmp_path / "p", {
        "mkdocs.yml": "site_name: t\ndocs_dir: notes\n",
        "notes/a.md": "---\ndate: 2024-03-01\ncreated: 2024-03-01T10:00:00+02:00\n"
                      "when: {2024-01-01: x}\n---\n# A\n#t\n",
    })
    load_vault(project / "notes")
    Index(project / "notes", default_db(project / "notes")).refresh()
    files = [p for p in (project / ".kb").rglob("*") if p.is_file()]
    assert files
    for path in files:
        head = path.read_bytes()[:2]
        assert head[:1] != b"\x80", path  # pickle protocol 2+
        assert path.suffix in (".json", ".sqlite", ".sqlite-wal", ".sqlite-shm"), path


# -- the notes cache gives back what the parser gave -----------------------------------------

def test_notes_round_trip_through_json(tmp_path):
    import datetime as dt

    from kb.core.parse import parse_text

    text = ("---\ntitle: T\ndate: 2024-03-01T10:00:00+02:00\naliases: [x, y]\n"
            "when: 2024-01-01\nnested: {1: [2024-01-02, !!binary aGk=, {a: b}], k: !!set {q}}\n"
            "---\n# H\n#tag/sub [[Other#Head|shown]] ![[pic.png]] $x^2$\n"
            "```python test title=\"a.py\"\nprint(1)\n```\n^blk\n")
    note = parse_text("n.md", text)
    note.mtime_ns, note.size = 123, 456
    again = decode_entry(encode_entry((1, 2, note)))
    assert again == (1, 2, note)
    assert isinstance(again[2].meta["when"], dt.date)
    assert again[2].meta["nested"][1][1] == b"hi"


@pytest.mark.parametrize("entry", [
    None, 1, "x", [], [1, 2], [1, 2, None], [1, 2, [1, 2, 3]], ["1", 2, []],
    [1, 2, ["p"] * 20], [1, 2, [[]] * 20],
])
def test_a_malformed_entry_is_a_miss(entry):
    with pytest.raises((ValueError, TypeError, KeyError)):
        decode_entry(entry)


# -- 3. a save while kb reads a note is seen by the next command ------------------------------

def _save_while_reading(monkeypatch, path: Path, new_text: str) -> None:
    """The first time kb parses ``path``, the file is replaced (and its mtime moves) after kb
    read its bytes: as an editor saving during the read."""
    import kb.core.vault as vault_module

    real = vault_module.parse_bytes
    done = []

    def parse(rel, data):
        if not done and rel == path.name:
            done.append(rel)
            path.write_text(new_text, encoding="utf-8")
            later = path.stat().st_mtime_ns + 5_000_000_000
            os.utime(path, ns=(later, later))
        return real(rel, data)

    monkeypatch.setattr(vault_module, "parse_bytes", parse)


def test_a_save_during_indexing_is_picked_up(tmp_path, monkeypatch):
    root = write_files(tmp_path / "v", {"big.md": "# Big\nOLDWORD\n" + "filler\n" * 2000,
                                        "other.md": "# Other\n"})
    index = Index(root, default_db(root))
    _save_while_reading(monkeypatch, root / "big.md", "# Big\nNEWWORD\n")
    index.refresh()
    assert [n.path for n in index.find("OLDWORD")] == ["big.md"]  # what was read
    monkeypatch.undo()
    index.refresh()  # the next command sees the save
    assert [n.path for n in index.find("NEWWORD")] == ["big.md"]
    assert index.find("OLDWORD") == []
    index.close()


def test_a_save_during_a_vault_load_is_picked_up(tmp_path, monkeypatch):
    root = write_files(tmp_path / "v", {"big.md": "# Old title\n", "other.md": "# Other\n"})
    _save_while_reading(monkeypatch, root / "big.md", "# New title\n")
    assert load_vault(root).notes["big.md"].title == "Old title"
    monkeypatch.undo()
    again = load_vault(root)
    assert again.parsed == 1 and again.notes["big.md"].title == "New title"


# -- 4. a damaged or foreign index is rebuilt with one line, not a traceback -----------------

def _damage_random(db: Path) -> None:
    db.write_bytes(os.urandom(8192))


def _damage_truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


def _damage_foreign(db: Path) -> None:
    con = sqlite3.connect(db)
    con.executescript("CREATE TABLE other (x); CREATE VIEW v AS SELECT 1;"
                      "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM texts; END;")
    con.close()


def _damage_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    for i in range(4096, len(data), 7):
        data[i] = (data[i] * 31 + 7) % 256
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_random, _damage_truncate, _damage_foreign,
                                    _damage_pages])
def test_a_damaged_index_is_rebuilt(tmp_path, damage):
    root = write_files(tmp_path / "v", {f"n{i}.md": f"# N{i}\n#t{i % 3}\n" + "x " * 400
                                        for i in range(60)})
    first = run_kb("--vault", str(root), "find", "#t1", "--json")
    assert first.returncode == 0
    db = cache_dir(root) / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    damage(db)
    again = run_kb("--vault", str(root), "find", "#t1", "--json")
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert "Traceback" not in again.stderr
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "rebuilding" in lines[0] and str(db) in lines[0]
    quiet = run_kb("--vault", str(root), "find", "#t1", "--json")
    assert quiet.stdout == first.stdout and quiet.stderr == ""


def test_an_index_of_other_code_is_rebuilt(tmp_path, monkeypatch):
    root = write_files(tmp_path / "v", {"a.md": "# A\n#one\n"})
    index = Index(root, default_db(root))
    index.refresh()
    index.close()
    import kb.store.index as index_module

    monkeypatch.setattr(index_module, "index_version", lambda: "another")
    again = Index(root, default_db(root))
    assert again.find("#one") == []  # empty: nothing of the old code is used
    assert again.refresh() == 1 and [n.path for n in again.find("#one")] == ["a.md"]
    again.close()


# -- one atomic write --------------------------------------------------------------------------

def test_atomic_write_keeps_modes_and_uses_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "sub" / "new.md"
        atomic_write(new, "héllo\n")
        assert new.read_text(encoding="utf-8") == "héllo\n"
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.py"
        kept.write_text("x")
        kept.chmod(0o640)
        atomic_write(kept, b"y")
        assert kept.read_bytes() == b"y" and stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.rglob("*") if "tmp" in p.name] == []


def test_atomic_write_leaves_nothing_when_it_fails(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        atomic_write(target, 12)  # type: ignore[arg-type]
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_new_notes_and_snippets_follow_the_umask(tmp_path):
    """Imported notes and extracted snippets used to come out 0600 (mkstemp's mode)."""
    project = write_files(tmp_path / "p", {
        "mkdocs.yml": "site_name: t\ndocs_dir: notes\n",
        "notes/a.md": "# A\n```python\nx = 1\nassert x == 1\n```\n",
    })
    old = os.umask(0o022)
    try:
        assert run_kb("extract", cwd=project).returncode == 0
    finally:
        os.umask(old)
    snippets = list((project / "snippets").glob("*.py"))
    assert snippets and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in snippets)


def test_the_state_is_kept_apart_from_the_caches(tmp_path):
    from kb import store

    root = write_files(tmp_path / "v", {"a.md": "# A\n"})
    assert store_dir(root) == root / ".kb"
    assert cache_dir(root) == root / ".kb" / "cache"
    for name in (store.IMPORT_STATE, store.EXTRACT_STATE, store.RESULTS):
        assert store.state_path(root, name).parent == root / ".kb"
    for name in (store.NOTES, store.INDEX):
        assert store.cache_path(root, name).parent == root / ".kb" / "cache"
    load_vault(root)
    assert sorted(p.name for p in (root / ".kb").iterdir()) == ["cache"]


def test_a_cache_kb_no_longer_keeps_is_removed(tmp_path):
    """Material's search entries (``.kb/cache/search/``) are not kept since kb's own index
    replaced them: the next load removes the folder, and leaves the notes cache."""
    root = write_files(tmp_path / "v", {"a.md": "# A\n"})
    old = root / ".kb" / "cache" / "search"
    old.mkdir(parents=True)
    (old / "00.json").write_text("{}", encoding="utf-8")
    load_vault(root)
    assert not old.exists() and (root / ".kb" / "cache" / "notes").is_dir()
