"""The persisted index behind kb find: same answers as reading every note, kept up to date
incrementally."""

import os
import time

import pytest

from kb.index import Index, default_db
from kb.query import Matcher
from kb.synth import write_vault
from kb.vault import Vault

QUERIES = ["#rnn", "#ml", "#ml/rnn", "#lstm -#gru", "#lstm OR #attention", "隐藏状态",
           "gate", '"hidden state"', "-#rnn 梯度", "(#gru OR #cnn) memory", "title:note",
           "date:2022-03", "date:>=2024-01-01", "path:part001", "alias-7"]


@pytest.fixture(scope="module")
def vault_root(tmp_path_factory):
    return write_vault(tmp_path_factory.mktemp("synth"), 300, note_bytes=1500)


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


def test_refresh_is_incremental(vault_root, tmp_path):
    index = Index(vault_root, tmp_path / "i.sqlite")
    index.refresh()
    assert index.refresh() == 0
    target = next(vault_root.rglob("*.md"))
    text = target.read_text(encoding="utf-8")
    try:
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
    finally:
        target.write_text(text, encoding="utf-8")


def test_default_location_is_hidden_in_the_vault(vault_root):
    db = default_db(vault_root)  # no mkdocs.yml above the synthetic vault
    assert db.parent.name == ".kb" and db.parent.parent == vault_root.resolve()
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
