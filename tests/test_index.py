"""The persisted index behind kb find: same answers as reading every note, kept up to date
incrementally."""

import os
import time
from pathlib import Path

import pytest

from kb.store.index import Index, default_db
from kb.core.query import Matcher
from kb.cli.synth import write_vault
from kb.core.vault import Vault

QUERIES = ["#rnn", "#ml", "#ml/rnn", "#lstm -#gru", "#lstm OR #attention", "隐藏状态",
           "gate", '"hidden state"', "-#rnn 梯度", "(#gru OR #cnn) memory", "title:note",
           "date:2022-03", "date:>=2024-01-01", "path:part001", "alias-7"]


@pytest.fixture(scope="module")
def vault_root(tmp_path_factory):
    return write_vault(tmp_path_factory.mktemp("synth"), 300, note_bytes=1500)


def own_copy(root, tmp_path):
    """A copy of the shared synthetic vault, for a test that writes into it."""
    import shutil

    return Path(shutil.copytree(root, tmp_path / "own-vault"))


def in_memory(vault, query):
    m = Matcher(query)
    return [n.path for n in vault.newest_first(n.path for n in vault if m(n))]


def test_index_and_vault_agree(vault_root, tmp_path):
    vault = Vault.load(vault_root)
    index = Index(vault_root, tmp_path / "i.sqlite")
    assert index.refresh() == 300
    for query in QUERIES:
        assert [n.path for n in index.find(query)] == in_memory(vault, query), query
    assert sum(1 for q in QUERIES if index.find(q)) >= 12  # the queries do find things


def vault_json(vault, query, limit=0):
    """kb find --json's output, made from the whole vault by the json module."""
    import json

    from kb.cli.main import note_summary

    m = Matcher(query)
    found = [note_summary(vault, n) for n in vault.newest_first(n.path for n in vault if m(n))]
    return json.dumps(found[:limit] if limit > 0 else found, ensure_ascii=False, indent=2)


def test_stored_json_entries_are_what_the_vault_gives(vault_root, tmp_path):
    vault = Vault.load(vault_root)
    index = Index(vault_root, tmp_path / "i.sqlite")
    index.refresh()
    for query in [*QUERIES, "#no-such-tag"]:
        assert index.find_json(query).decode() == vault_json(vault, query), query
    assert index.find_json("#rnn", limit=3).decode() == vault_json(vault, "#rnn", 3)


def test_entries_follow_a_tags_most_frequent_spelling(tmp_path):
    """A tag is shown as most notes spell it: when that changes, unchanged notes show it too."""
    root = tmp_path / "v"
    root.mkdir()
    for i in range(3):
        (root / f"n{i}.md").write_text(f"# N{i}\n#Deep-Learning\n", encoding="utf-8")
    for i in range(3, 5):
        (root / f"n{i}.md").write_text(f"# N{i}\n#deep-learning\n", encoding="utf-8")
    index = Index(root, tmp_path / "i.sqlite")
    index.refresh()
    assert '"Deep-Learning"' in index.find_json("#deep-learning").decode()
    for i in range(2):  # now 1 × Deep-Learning, 4 × deep-learning
        f = root / f"n{i}.md"
        f.write_text(f"# N{i}\n#deep-learning\n", encoding="utf-8")
        later = f.stat().st_mtime_ns + 2_000_000_000
        os.utime(f, ns=(later, later))
    assert index.refresh() == 2
    out = index.find_json("#deep-learning").decode()
    assert out == vault_json(Vault.load(root), "#deep-learning")
    assert '"Deep-Learning"' not in out and out.count('"deep-learning"') == 5


def test_refresh_is_incremental(vault_root, tmp_path):
    vault_root = own_copy(vault_root, tmp_path)  # edits here must not reach other tests
    index = Index(vault_root, tmp_path / "i.sqlite")
    index.refresh()
    assert index.refresh() == 0
    target = next(vault_root.rglob("*.md"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n#brand-new-tag 独一无二\n", encoding="utf-8")
    os.utime(target, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert index.refresh() == 1
    assert [n.path for n in index.find("#brand-new-tag")] == [
        target.relative_to(vault_root).as_posix()]
    assert len(index.find("独一无二")) == 1
    extra = vault_root / "extra.md"
    extra.write_text("# Extra\n#brand-new-tag\n", encoding="utf-8")
    assert index.refresh() == 1 and len(index.find("#brand-new-tag")) == 2
    extra.unlink()
    assert index.refresh() == 0 and len(index.find("#brand-new-tag")) == 1


def test_default_location_is_hidden_in_the_vault(vault_root, tmp_path):
    vault_root = own_copy(vault_root, tmp_path)  # .kb/ is written inside it
    db = default_db(vault_root)  # no mkdocs.yml above the synthetic vault
    assert db.parent == vault_root.resolve() / ".kb" / "cache"
    index = Index(vault_root, db)
    index.refresh()
    index.close()
    assert len(Vault.load(vault_root)) == 300  # the index is not a note


def test_broken_notes_are_indexed_too(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [oops\n---\n#found-anyway\n", encoding="utf-8")
    (tmp_path / "gbk.md").write_bytes("# 标题 #编码\n".encode("gbk"))
    index = Index(tmp_path, tmp_path / ".kb" / "i.sqlite")
    index.refresh()
    assert [n.path for n in index.find("#found-anyway")] == ["bad.md"]


# --- the SQL translation means what the Matcher means ---------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TERMS = st.sampled_from([
    "#rnn", "#ml", "#ml/rnn", "#ml/", "#gru", "#LSTM", "#注意力", "#nope", "tag:rnn", "tag:ml",
    "隐藏状态", "gate", "memory", "梯度", '"hidden state"', "note", "part002", "alias-1",
    "title:note", "title:alias-3", "title:注意力", "path:part001", "path:NOTE-0001",
    "date:2022", "date:2023-0", "date:>=2024-01-01", "date:<2022-06", "date:>2023",
    "date:<=2022-12-31", "date:2022-01..2022-12", "date:..2021", "date:2024..", "date:x"])


@st.composite
def _queries(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        term = draw(_TERMS)
        return ("-" if draw(st.integers(0, 3)) == 0 else "") + term
    parts = draw(st.lists(_queries(depth=depth - 1), min_size=1, max_size=3))
    joined = (" OR " if draw(st.booleans()) else " ").join(parts)
    return ("-(" if draw(st.integers(0, 4)) == 0 else "(") + joined + ")"


@pytest.fixture(scope="module")
def loaded(vault_root, tmp_path_factory):
    index = Index(vault_root, tmp_path_factory.mktemp("ix") / "i.sqlite")
    index.refresh()
    return Vault.load(vault_root), index


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries())
def test_any_query_gives_the_same_notes_from_sql_and_from_the_matcher(loaded, query):
    vault, index = loaded
    assert [n.path for n in index.find(query)] == in_memory(vault, query), query


# --- noticing edits: the forked check and the plain one agree ------------------------------


def _edit_copy(src, dest):
    import shutil

    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".kb"))
    files = sorted(dest.rglob("*.md"))
    return files


@pytest.mark.parametrize("fork, children", [(True, 1), (True, 2), (False, None)],
                         ids=["one-child", "two-children", "no-fork"])
def test_check_finds_edits_additions_and_deletions(vault_root, tmp_path, monkeypatch, fork,
                                                   children):
    root = tmp_path / "v"
    files = _edit_copy(vault_root, root)
    index = Index(root, tmp_path / "i.sqlite")
    index.refresh()
    assert index.start_check().result() == ([], [])
    edited, deleted = files[3], files[7]
    stamp = edited.stat().st_mtime_ns + 5_000_000_000
    edited.write_text(edited.read_text(encoding="utf-8") + "\n#edited-now\n", encoding="utf-8")
    os.utime(edited, ns=(stamp, stamp))
    deleted.unlink()
    (root / "sub").mkdir()
    (root / "sub" / "added.md").write_text("# Added\n#edited-now\n", encoding="utf-8")
    if not fork:
        monkeypatch.delattr(os, "fork")
    pending = index.start_check(children)
    assert len(pending.children) == (children if fork else 0)
    changed, gone = pending.result()
    rel = lambda p: p.relative_to(root).as_posix()
    assert sorted(changed) == sorted([rel(edited), "sub/added.md"])
    assert gone == [rel(deleted)]
    assert index.refresh((changed, gone)) == 2
    found = sorted(n.path for n in index.find("#edited-now"))
    assert found == sorted([rel(edited), "sub/added.md"])
    assert index.diff() == ([], [])
    assert all(n.path != rel(deleted) for n in index.find("note"))


@pytest.mark.parametrize("children", [1, 2])
def test_the_caller_and_every_child_check_their_own_part(vault_root, tmp_path, children):
    from kb.store.index import _share

    root = tmp_path / "v"
    files = _edit_copy(vault_root, root)
    index = Index(root, tmp_path / "i.sqlite")
    index.refresh()
    ways = children + 2
    rel = lambda p: p.relative_to(root).as_posix()
    # in every part: a deleted file and a new one (the children share this process's hash seed)
    deleted, added = {}, {}
    for f in files:
        deleted.setdefault(_share(rel(f), ways), f)
    names = (f"new/n{i}.md" for i in range(1000))
    while len(added) < ways:
        name = next(names)
        added.setdefault(_share(name, ways), name)
    assert len(deleted) == ways
    for f in deleted.values():
        f.unlink()
    kept = [f for f in files if f.exists()]
    for f in kept:  # every other file changed: each part must report its own
        later = f.stat().st_mtime_ns + 3_000_000_000
        os.utime(f, ns=(later, later))
    (root / "new").mkdir()
    for name in added.values():
        (root / name).write_text("# New\n", encoding="utf-8")
    pending = index.start_check(children)
    assert pending.ways == ways and len(pending.children) == children
    changed, gone = pending.result()
    assert sorted(changed) == sorted([rel(f) for f in kept] + list(added.values()))
    assert sorted(gone) == sorted(rel(f) for f in deleted.values())
    assert index.refresh((changed, gone)) == len(changed)
    assert index.diff() == ([], [])


def _indexed_then_all_touched(vault_root, tmp_path):
    """A copy of the vault, indexed, then every note's mtime moved: (root, index, their paths)."""
    root = tmp_path / "v"
    files = _edit_copy(vault_root, root)
    index = Index(root, tmp_path / "i.sqlite")
    index.refresh()
    for f in files:
        later = f.stat().st_mtime_ns + 3_000_000_000
        os.utime(f, ns=(later, later))
    return root, index, sorted(f.relative_to(root).as_posix() for f in files)


def test_a_refresh_by_another_kb_meanwhile_still_counts_as_a_change(vault_root, tmp_path):
    """The check compares with the stamps read before the answer: if another kb process
    refreshes the index between the two, this one must still learn that its answer may be old."""
    root, index, every = _indexed_then_all_touched(vault_root, tmp_path)
    pending = index.start_check(1)
    other = Index(root, tmp_path / "i.sqlite")
    assert other.refresh() == len(every)
    other.close()
    changed, gone = pending.result()
    assert sorted(changed) == every


def test_a_failed_child_costs_a_full_check_not_a_wrong_answer(vault_root, tmp_path, monkeypatch):
    root, index, every = _indexed_then_all_touched(vault_root, tmp_path)
    parent, real = os.getpid(), index._diff_parts

    def broken_in_children(*args):
        if os.getpid() != parent:
            raise OSError("disk went away")
        return real(*args)

    monkeypatch.setattr(index, "_diff_parts", broken_in_children)
    changed, gone = index.start_check(1).result()
    assert sorted(changed) == every


def test_kb_find_sees_an_edit_made_after_the_last_query(vault_root, tmp_path):
    import subprocess
    import sys

    root = tmp_path / "v"
    files = _edit_copy(vault_root, root)
    run = lambda *q: subprocess.run(
        [sys.executable, "-m", "kb", "find", "--vault", str(root), "--json", *q],
        capture_output=True, text=True, check=True)
    assert run("#fresh-tag").stdout.strip() == "[]"
    target = files[11]
    target.write_text(target.read_text(encoding="utf-8") + "\n#fresh-tag\n", encoding="utf-8")
    later = target.stat().st_mtime_ns + 2_000_000_000
    os.utime(target, ns=(later, later))
    import json

    found = json.loads(run("#fresh-tag").stdout)
    assert [r["path"] for r in found] == [target.relative_to(root).as_posix()]


def test_the_index_and_the_vault_see_the_same_files(tmp_path):
    """One walk (kb.core.files) for both: hidden folders, node_modules, site/ and non-notes left out."""
    from kb.core.files import note_stamps

    for rel in ("a.md", "sub/B.MD", "nb/x.ipynb", ".obsidian/c.md", "node_modules/d.md",
                "site/e.md", "sub/.hidden/f.md", "pic.png", "sub/deeper/g.md"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# t\n", encoding="utf-8")
    expected = ["a.md", "nb/x.ipynb", "sub/B.MD", "sub/deeper/g.md"]
    assert sorted(note_stamps(tmp_path)) == expected
    assert sorted(Vault.load(tmp_path).notes) == expected
    assert sorted(note_stamps(tmp_path, select=lambda rel: rel.startswith("sub/"))) == expected[2:]
