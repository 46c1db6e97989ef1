"""The demo vault that ships in notes/: big enough, clean, on the person's topics."""

import ast

import pytest

from conftest import NOTES
from kb.core.vault import Vault

TOPICS = ["tanh", "rnn", "vanishing-gradient", "lstm", "gru", "backprop", "gradient-descent", "linear",
          "seq2seq", "embedding", "attention", "multi-head", "positional-encoding", "layer-norm",
          "residual", "transformer", "cross-entropy", "cnn", "micrograd", "makemore"]


@pytest.fixture(scope="module")
def vault():
    return Vault.load(NOTES)


def test_at_least_twenty_notes_with_code(vault):
    assert len(vault) >= 20
    assert sum(1 for n in vault if any(b.lang == "python" for b in n.code)) >= 18


def test_no_problems(vault):
    assert [str(p) for p in vault.problems()] == []


def test_topics_are_tagged(vault):
    missing = [t for t in TOPICS if not vault.notes_with_tag(t)]
    assert missing == []


def test_chinese_and_english(vault):
    def has_cjk(s):
        return any("\u4e00" <= ch <= "\u9fff" for ch in s)
    assert sum(1 for n in vault if has_cjk(n.body)) >= 18
    assert any(n.kind == "notebook" for n in vault)
    assert all(n.date is not None for n in vault if n.path != "index.md")


def test_notes_are_linked(vault):
    lonely = [p for p in vault.notes if p != "index.md" and not vault.backlinks.get(p)]
    assert lonely == []


def test_every_python_block_compiles(vault):
    for note in vault:
        for block in note.code:
            if block.lang in ("python", "py") and note.kind == "markdown":
                ast.parse(block.code, filename=f"{note.path}:{block.code_line}")
