"""kb extract: the snippet format, determinism, incremental writes, --check, notebooks."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from kb.code.extract import extract
from kb.core.parse import parse_text
from kb.code.snippets import (Snippet, SnippetError, cells_of, neutralise_magics, parse, render,
                         snippet_name)
from kb.core.vault import Vault

NOTE = """\
---
title: Demo
---
text

```python
x = 1
```

```output
1
```

```python test
assert x == 1
```

```python skip="no data" title="load.py"
open("data.csv")
```

```bash
echo not python
```

```python model build="Net()" input="torch.randn(2, 3)" shape="(2, 4)"
class Net: pass
```
"""


def test_cells_roles_options_and_lines():
    note = parse_text("demo.md", NOTE)
    cells = cells_of(note, "notes/demo.md")
    assert [(c.role, c.line, c.code_line) for c in cells] == [
        ("code", 6, 7), ("output", 10, 11), ("test", 14, 15), ("code", 18, 19), ("model", 26, 27)]
    assert cells[1].options == {"of": "6"}
    assert cells[3].options == {"skip": "no data"}
    assert cells[4].options == {"build": "Net()", "input": "torch.randn(2, 3)", "shape": "(2, 4)"}


def test_render_parse_round_trip_and_jupytext_header():
    note = parse_text("demo.md", NOTE)
    snippet = Snippet("notes/demo.md", "Demo", cells_of(note, "notes/demo.md"))
    text = render(snippet)
    assert text.startswith("# ---\n# jupyter:\n#   jupytext:")
    assert "# %% notes/demo.md:6 kb=\"code\" line=6 code_line=7\nx = 1\n" in text
    assert "# %% [raw] notes/demo.md:10 kb=\"output\"" in text
    back = parse(text)
    assert back == snippet
    compile(text, "snippet.py", "exec")  # a snippet is a valid Python script


@pytest.mark.parametrize("info, message", [
    ("python tset", "unknown word(s) in the code block's info string: tset"),
    ("python timeout=abc", "timeout must be a positive number"),
    ("python model", "a model block needs build="),
])
def test_bad_info_strings_name_note_and_line(info, message):
    note = parse_text("n.md", f"intro\n```{info}\npass\n```\n")
    with pytest.raises(SnippetError, match="notes/n.md:2: " + message.replace("(", r"\(")
                       .replace(")", r"\)")):
        cells_of(note, "notes/n.md")


def test_output_must_follow_code():
    note = parse_text("n.md", "```output\n1\n```\n")
    with pytest.raises(SnippetError, match="must follow a Python code block"):
        cells_of(note, "notes/n.md")


def test_notebook_magics_are_neutralised():
    code, disabled = neutralise_magics("%matplotlib inline\n!pip install x\nx = 1")
    assert not disabled and code.startswith("pass  # IPython magic, not run: %matplotlib")
    compile(code, "c", "exec")
    code, disabled = neutralise_magics("%%bash\necho hi")
    assert disabled and all(line.startswith("#") for line in code.split("\n"))
    code, disabled = neutralise_magics("%%time\nx = 2")
    assert not disabled and code.endswith("x = 2")


def test_snippet_names():
    assert snippet_name("rnn/lstm.md") == "rnn__lstm.py"
    assert snippet_name("daily/2024-08-02 今日內容.md") == "daily__2024-08-02-今日內容.py"
    assert snippet_name("Book.ipynb") == "book.py"


@pytest.fixture
def project(make_vault):
    root = make_vault({
        "notes/a.md": "# A\n```python\nprint('a')\n```\n",
        "notes/sub/b.md": "# B\n```python\nb = 2\n```\n",
        "notes/c.md": "# C\nno code\n```text\nnot python\n```\n",
        "notes/nb.ipynb": json.dumps({"cells": [
            {"cell_type": "code", "source": "%matplotlib inline\nimport math"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        "snippets/mine.py": "# a file the person wrote: never touched\n",
    })
    return root


def _extract(root, check=False):
    return extract(Vault.load(root / "notes"), root / "snippets", root, check=check)


def test_extract_writes_one_snippet_per_note_with_code(project):
    result = _extract(project)
    assert result.written == ["a.py", "nb.py", "sub__b.py"] and not result.problems
    text = (project / "snippets/nb.py").read_text(encoding="utf-8")
    assert "pass  # IPython magic, not run: %matplotlib inline" in text
    assert '#     note: "notes/nb.ipynb"' in text


def test_extract_is_deterministic_and_incremental(project):
    _extract(project)
    stamps = {p.name: p.stat().st_mtime_ns for p in (project / "snippets").iterdir()}
    again = _extract(project)
    assert again.written == [] and again.removed == [] and len(again.unchanged) == 3
    (project / "notes/a.md").write_text("# A\n```python\nprint('changed')\n```\n",
                                        encoding="utf-8")
    third = _extract(project)
    assert third.written == ["a.py"]
    after = {p.name: p.stat().st_mtime_ns for p in (project / "snippets").iterdir()}
    assert after["sub__b.py"] == stamps["sub__b.py"] and after["nb.py"] == stamps["nb.py"]


def test_deleted_code_removes_its_snippet_but_not_other_files(project):
    _extract(project)
    (project / "notes/sub/b.md").write_text("# B\nthe code is gone\n", encoding="utf-8")
    result = _extract(project)
    assert result.removed == ["sub__b.py"]
    assert not (project / "snippets/sub__b.py").exists()
    assert (project / "snippets/mine.py").exists()


def test_check_writes_nothing(project):
    result = _extract(project, check=True)
    assert result.stale and result.written == ["a.py", "nb.py", "sub__b.py"]
    assert not (project / "snippets/a.py").exists()


def test_bad_block_keeps_the_old_snippet_and_is_reported(project):
    _extract(project)
    (project / "notes/a.md").write_text("# A\n```python sikp\nprint('a')\n```\n",
                                        encoding="utf-8")
    result = _extract(project)
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.kind) == ("a.md", 2, "code-block")
    assert (project / "snippets/a.py").exists() and "a.py" not in result.removed


def _kb(*args, cwd):
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"})


def test_cli_extract_and_check_exit_codes(project):
    (project / "mkdocs.yml").write_text("site_name: t\ndocs_dir: notes\n", encoding="utf-8")
    stale = _kb("extract", "--check", cwd=project)
    assert stale.returncode == 1 and "snippets/ is stale" in stale.stderr
    wrote = _kb("extract", "--json", cwd=project)
    assert wrote.returncode == 0 and json.loads(wrote.stdout)["written"] == [
        "a.py", "nb.py", "sub__b.py"]
    fresh = _kb("extract", "--check", cwd=project)
    assert fresh.returncode == 0, fresh.stderr
    (project / "notes/c.md").write_text("```python badword\n```\n", encoding="utf-8")
    check = _kb("check", cwd=project)
    assert check.returncode == 1
    assert check.stdout.startswith("notes/c.md:1: unknown word(s) in the code block's info "
                                   "string: badword")


def test_the_projects_snippets_are_fresh():
    """CI: snippets/ must match notes/ (run `kb extract` after editing a note)."""
    result = _kb("extract", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _bump(path, text):
    """Write ``text`` and move the mtime clearly forward (coarse file-system clocks)."""
    stamp = path.stat().st_mtime_ns + 3_000_000_000 if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if stamp:
        os.utime(path, ns=(stamp, stamp))


def test_a_run_with_state_renders_only_the_notes_that_changed(project, monkeypatch):
    import kb.code.extract as ex

    rendered = []
    real = ex.render
    monkeypatch.setattr(ex, "render", lambda s: rendered.append(s.note) or real(s))
    state = project / ".kb"

    def run(**kw):
        rendered.clear()
        return extract(Vault.load(project / "notes"), project / "snippets", project,
                       state_dir=state, **kw)

    first = run()
    assert len(rendered) == 3 and first.written == ["a.py", "nb.py", "sub__b.py"]
    second = run()
    assert rendered == [] and second.unchanged == ["a.py", "nb.py", "sub__b.py"]
    assert run(check=True).stale is False and rendered == []
    _bump(project / "notes/a.md", "# A\n```python\nprint('edited')\n```\n")
    third = run()
    assert rendered == ["notes/a.md"] and third.written == ["a.py"]
    # a snippet edited by hand is noticed (its file no longer matches) and written again
    _bump(project / "snippets/sub__b.py", "# changed by hand\n")
    fourth = run()
    assert rendered == ["notes/sub/b.md"] and fourth.written == ["sub__b.py"]
    assert "b = 2" in (project / "snippets/sub__b.py").read_text(encoding="utf-8")
    # a note that gains code: it had no snippet, and the state said so
    _bump(project / "notes/c.md", "# C\n```python\nc = 3\n```\n")
    assert run().written == ["c.py"] and rendered == ["notes/c.md"]
    # a snippet deleted by hand comes back
    (project / "snippets/a.py").unlink()
    assert run().written == ["a.py"] and rendered == ["notes/a.md"]
    # another snippets folder is another state: everything is looked at
    run_elsewhere = extract(Vault.load(project / "notes"), project / "other", project,
                            state_dir=state)
    assert len(run_elsewhere.written) == 4


def test_a_damaged_state_file_only_costs_a_full_run(project):
    state = project / ".kb"
    extract(Vault.load(project / "notes"), project / "snippets", project, state_dir=state)
    (state / "extract-state.json").write_text("{not json", encoding="utf-8")
    again = extract(Vault.load(project / "notes"), project / "snippets", project,
                    state_dir=state)
    assert again.written == [] and len(again.unchanged) == 3
    assert json.loads((state / "extract-state.json").read_text(encoding="utf-8"))["files"]
