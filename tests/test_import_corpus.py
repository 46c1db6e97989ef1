"""The importer on a small fixed part of the real-code corpus (kb.cli.code_corpus): Python
from torch.nn, the standard library and the demo vault, exported without indentation and
with prose around it. ``kb bench`` runs all of it."""

import pytest

from conftest import ROOT
from kb.cli import code_corpus
from kb.importers import pycode


@pytest.fixture(scope="module")
def corpus():
    blocks = code_corpus.blocks(limit_model=12, limit_stdlib=30, demo=ROOT / "notes", seed=5)
    assert {b.kind for b in blocks} >= {"stdlib", "demo"}
    return blocks


def test_code_lines_stay_code_and_prose_stays_prose(corpus):
    figures = code_corpus.score(corpus, seed=5).figures()
    assert figures["import_code_line_recall"] >= 0.995
    assert figures["import_code_line_precision"] >= 0.995


def test_every_block_compiles_and_a_wrong_one_says_so(corpus):
    score = code_corpus.score(corpus, seed=5)
    figures = score.figures()
    assert figures["import_compile_rate"] >= 0.98
    # a block that did not come back as written is marked uncertain, nearly always
    assert figures["import_silently_wrong_rate"] <= 0.15


def test_short_model_classes_come_back_as_written(corpus):
    small = [b for b in corpus if b.kind == "model" and b.code.count("\n") < 30]
    if not small:
        pytest.skip("torch is not installed")
    same = sum(pycode._dump("\n".join(pycode.reindent(
        [ln.strip() for ln in b.code.split("\n")]).lines)) == pycode._dump(b.code) for b in small)
    assert same / len(small) >= 0.85
