"""The importer on a small fixed part of the real-code corpus (kb.cli.code_corpus): Python
from torch.nn, the standard library and the demo vault, exported without indentation and
with prose around it. ``kb bench`` runs all of it."""

import json

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


def write_real_folder(root):
    """A small folder shaped like a real vault: a note with a Python block (a Chinese
    docstring with a space at a line's end, comments), a notebook (a code cell, a magic cell, a Markdown cell, and its
    checkpoint copy), and a module with a function, a class and a constant."""
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "lstm.md").write_text(
        "# LSTM\n\n说明。\n\n```python\ndef gates(x, h):\n    \"\"\"\n    计算三个门 \n    \"\"\"\n"
        "    # 拼起来\n    z = torch.cat([x, h], -1)\n\n    return z.sigmoid()\n```\n\n"
        "```bash\npip install torch\n```\n", encoding="utf-8")
    cell = {"cell_type": "code", "source": ["for i in range(3):\n", "    total += i\n",
                                            "print(total)\n"], "metadata": {}, "outputs": []}
    magic = {"cell_type": "code", "source": ["%timeit f()\n", "for i in range(2):\n",
                                             "    f()\n"], "metadata": {}, "outputs": []}
    prose = {"cell_type": "markdown", "source": ["# 标题\n"], "metadata": {}}
    nb = json.dumps({"cells": [cell, magic, prose], "metadata": {}, "nbformat": 4,
                     "nbformat_minor": 5})
    (root / "demo.ipynb").write_text(nb, encoding="utf-8")
    (root / ".ipynb_checkpoints").mkdir()
    (root / ".ipynb_checkpoints" / "demo-checkpoint.ipynb").write_text(nb, encoding="utf-8")
    (root / "train.py").write_text(
        "LR = 0.1\n\n\ndef step(model, opt):\n    opt.zero_grad()\n    model.loss().backward()\n"
        "    opt.step()\n\n\nclass Box:\n    def __init__(self, w):\n        self.w = w\n",
        encoding="utf-8")


def test_the_python_of_a_real_folder_is_read_as_written(tmp_path):
    """``kb bench --code-from``: the Python blocks of Markdown, the code cells of notebooks
    (not magic ones, not checkpoint copies) and the definitions of modules, each with its
    comments and strings, blank lines dropped as the export drops them; scored end to end."""
    write_real_folder(tmp_path)
    blocks = code_corpus.code_from(tmp_path)
    kinds = sorted((b.kind, b.origin) for b in blocks)
    assert kinds == [("real_ipynb", "demo.ipynb"), ("real_md", "notes/lstm.md"),
                     ("real_py", "train.py"), ("real_py", "train.py")]
    md = next(b for b in blocks if b.kind == "real_md").code
    assert "    计算三个门" in md and "    # 拼起来" in md and "\n\n" not in md
    # the export strips both ends of a line, in a docstring too: the gold has no space at an end
    assert all(line == line.rstrip() for line in md.split("\n"))
    figures = code_corpus.score(blocks).figures()
    assert figures["import_code_line_recall"] == 1.0 and figures["import_ast_equal_rate"] == 1.0


def test_a_docstring_is_compared_as_help_shows_it(tmp_path):
    """A docstring's lines come back under the body's indentation, four spaces a level; a
    two-space original, or closing quotes written deeper, is the same docstring to
    ``help()``: the block counts as come back as written. Another string's layout counts."""
    (tmp_path / "two.py").write_text(
        'class Net:\n  """A toy.\n\n  Two spaces a level, as the author wrote it.\n    """\n'
        '  def forward(self, x):\n    """Twice x.\n    """\n    return 2 * x\n',
        encoding="utf-8")
    (tmp_path / "text.py").write_text(
        'def usage():\n  text = """usage:\n    run it\n  """\n  return text\n', encoding="utf-8")
    blocks = code_corpus.code_from(tmp_path)
    figures = code_corpus.score([b for b in blocks if b.origin == "two.py"]).figures()
    assert figures["import_ast_equal_rate"] == 1.0
    figures = code_corpus.score([b for b in blocks if b.origin == "text.py"]).figures()
    assert figures["import_ast_equal_rate"] == 0.0
