"""A true verdict per block: what is wrong, what cannot run here, what is not a program."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape

import pytest

from kb.code.snippets import Cell, Snippet
from kb.code.verdict import facts_of, plan
from site_build import build, make_project

MISSING = "kb_test_package_that_is_not_installed"

NOTES = {
    "mix.md": f"""\
        # Mix
        ```python
        import math
        x = math.sqrt(16)
        ```

        ```python
        import {MISSING}
        model = {MISSING}.build()
        ```

        ```python
        out = model(x)
        ```

        ```python
        print(epochs * 2)
        ```

        ```python
        print(1，2)
        ```

        ```python
        y = x * 2
        assert y == 8
        ```

        ```python
        def later():
            return helper_defined_below()
        ```

        ```python
        def helper_defined_below():
            return 3
        assert later() == 3
        ```

        ```python
        assert y == 9, "the note claims y is 9"
        ```

        ```python
        print("hello")
        ```

        ```output
        goodbye
        ```
        """,
    "strict-note.md": """\
        ---
        kb-strict: true
        ---
        # Strict note
        ```python
        print(undefined_in_this_note)
        ```
        """,
    "strict-block.md": """\
        # Strict block
        ```python strict
        print(also_undefined)
        ```

        ```python
        print(excused_fragment)
        ```
        """,
}


def line_of(note: str, needle: str) -> int:
    """The line of the fence that opens the block containing ``needle``."""
    lines = textwrap.dedent(NOTES[note]).split("\n")
    at = next(i for i, ln in enumerate(lines) if needle in ln)
    return max(i for i in range(at) if lines[i].startswith("```")) + 1


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("verdicts"), NOTES)
    env = {**os.environ, "NO_COLOR": "1"}
    assert subprocess.run([sys.executable, "-m", "kb", "extract"], cwd=root, env=env,
                          capture_output=True, timeout=120).returncode == 0
    return root


def run_pytest(root, *args):
    return subprocess.run([sys.executable, "-m", "pytest", "snippets", "-p", "no:cacheprovider",
                           "-rA", "--kb-results", "r.json", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


def verdicts(root, note):
    data = json.loads((root / "r.json").read_text(encoding="utf-8"))
    return {b["line"]: (b["verdict"], b["message"]) for b in data["notes"][f"notes/{note}"]
            ["blocks"] if b["role"] != "output"}, data


@pytest.fixture(scope="module")
def relaxed(project):
    return run_pytest(project), verdicts(project, "mix.md")


def test_each_block_gets_its_verdict(relaxed):
    result, (found, _) = relaxed
    mix = lambda needle: found[line_of("mix.md", needle)]
    assert mix("math.sqrt")[0] == "passed"
    assert mix(f"import {MISSING}") == ("needs", f"needs {MISSING}")
    assert mix("out = model(x)")[0] == "depends"
    assert f"depends on the block at notes/mix.md:{line_of('mix.md', 'import ' + MISSING)}" \
        in mix("out = model(x)")[1]
    assert mix("epochs * 2")[0] == "fragment" and "epochs" in mix("epochs * 2")[1]
    assert mix("print(1，2)")[0] == "unparsable"
    assert "does not parse" in mix("print(1，2)")[1]
    assert mix("y = x * 2")[0] == "passed"             # a failure above stops only its users
    assert mix("def later")[0] == "passed"             # names used in functions: later blocks
    assert mix("helper_defined_below():")[0] == "passed"
    assert mix('"the note claims y is 9"') == (
        "failed", mix('"the note claims y is 9"')[1])  # a wrong claim fails, as before
    assert "the note claims y is 9" in mix('"the note claims y is 9"')[1]
    assert result.returncode == 1


def test_the_run_ends_with_a_summary_and_what_to_install(relaxed):
    result, (_, data) = relaxed
    out = result.stdout
    head = re.search(r"kb: \d+ blocks in 3 notes: (.*)", out).group(1)
    assert "1 need a package" in head and "are fragments" in head and "1 do not parse" in head
    assert f"kb: pip install {MISSING} would run 1 more block ({MISSING}: 1)" in out
    summary = data["summary"]
    assert summary["blocks"]["needs"] == 1 and summary["blocks"]["unparsable"] == 1
    assert summary["blocks"]["fragment"] >= 2 and summary["packages"] == {MISSING: 1}
    assert summary["notes"]["failed"] >= 1


def test_strict_notes_and_blocks_fail_instead_of_being_excused(relaxed, project):
    _, _ = relaxed
    note, _ = verdicts(project, "strict-note.md")
    block, _ = verdicts(project, "strict-block.md")
    assert [v for v, _ in note.values()] == ["fragment"]
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))["notes"]
    outcomes = {b["line"]: b["outcome"] for b in data["notes/strict-note.md"]["blocks"]}
    assert list(outcomes.values()) == ["failed"]
    outcomes = [b["outcome"] for b in data["notes/strict-block.md"]["blocks"]]
    assert outcomes == ["failed", "skipped"]  # the strict block fails; the other is excused


def test_kb_strict_turns_every_excuse_into_a_failure(project, tmp_path):
    result = run_pytest(project, "--kb-strict")
    found, _ = verdicts(project, "mix.md")
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))["notes"]
    outcome = {b["line"]: b["outcome"] for b in data["notes/mix.md"]["blocks"]}
    for needle in (f"import {MISSING}", "epochs * 2", "print(1，2)"):
        assert outcome[line_of("mix.md", needle)] == "failed", needle
    assert "strict: every block must run" in result.stdout
    assert outcome[line_of("mix.md", "math.sqrt")] == "passed"


def test_kb_check_reports_a_block_that_does_not_parse(project):
    check = subprocess.run([sys.executable, "-m", "kb", "check", "--json"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    syntax = [p for p in json.loads(check.stdout) if p["kind"] == "syntax"]
    assert [(p["path"], p["line"]) for p in syntax] == [
        ("mix.md", line_of("mix.md", "print(1，2)") + 1)]
    assert "does not parse" in syntax[0]["message"] and "U+FF0C" in syntax[0]["message"]


@pytest.mark.site
def test_the_site_shows_each_verdict(relaxed, project, tmp_path):
    import shutil

    (project / ".kb").mkdir(exist_ok=True)
    shutil.copy(project / "r.json", project / ".kb" / "snippet-results.json")
    assert build(project, tmp_path / "site").returncode == 0
    page = (tmp_path / "site" / "mix" / "index.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="kb-badge kb-(\w+)" title="[^"]*">([^<]*)</span>', page)
    words = [unescape(w) for _, w in badges]
    assert f"○ needs {MISSING}" in words and "… fragment" in words
    assert "✗ does not parse" in words
    assert any(w.startswith("✗ failed: AssertionError: the note claims y is 9") for w in words), words
    assert any(w.startswith("– not run: depends on the block") for w in words)
    # the output block that did not match shows its failure (it used to show a tick)
    assert sum(1 for v, _ in badges if v == "failed") == 2


def test_static_facts_of_blocks():
    f = facts_of("import os\nclass A:\n    v = w\n    def m(self):\n        return u\n", 5)
    assert f.defines == {"os", "A"} and f.uses_now == {"w"} and f.uses_later == {"u"}
    bad = facts_of("x = (1,\n", 5)
    assert not bad.parses and bad.error_line in (5, 6)
    cells = [Cell("code", 1, 2, "a = 1\n"), Cell("code", 4, 5, "print(a, b)\n"),
             Cell("code", 7, 8, "def f():\n    return c\n"), Cell("code", 10, 11, "c = 2\n"),
             Cell("test", 13, 14, "assert f() == d\n")]
    found = plan(Snippet("n.md", "N", cells))
    assert [found[c.line].kind for c in cells] == ["runs", "fragment", "runs", "runs",
                                                   "fragment"]
    assert "b" in found[4].message and "d" in found[13].message


def test_kb_extract_json_says_what_the_blocks_are_before_running(project):
    out = subprocess.run([sys.executable, "-m", "kb", "extract", "--json"], cwd=project,
                         capture_output=True, text=True, timeout=120)
    blocks = json.loads(out.stdout)["blocks"]
    assert blocks["by_verdict"]["needs"] == 1 and blocks["by_verdict"]["unparsable"] == 1
    assert blocks["by_verdict"]["fragment"] >= 3 and blocks["packages"] == {MISSING: 1}


def _run(tmp_path, text):
    """Extract a note's cells and run them here: (line, verdict, message) per block."""
    from kb.code.runner import execute
    from kb.code.snippets import cells_of
    from kb.core.parse import parse_text

    note = parse_text("n.md", textwrap.dedent(text))
    snippet = Snippet("n.md", "N", cells_of(note, "n.md"))
    return [(r.line, r.verdict, r.message) for r in execute(snippet, tmp_path)
            if r.role != "output"]


def test_what_copying_does_to_code_is_undone(tmp_path):
    found = _run(tmp_path, """\
        ```python
            x = 1
            y = x + 1
        ```

        ```python
        %matplotlib inline
        z = y * 2
        ```

        ```python
        def f():
        \u00a0\u00a0\u00a0\u00a0return z
        assert f() == 4
        ```
        """)
    assert [v for _, v, _ in found] == ["passed", "passed", "passed"], found


def test_shell_commands_are_not_python_even_when_they_parse(tmp_path):
    found = _run(tmp_path, """\
        ```python
        source /opt/venv/bin/activate
        ```

        ```python
        pip install torch
        ```
        """)
    assert [v for _, v, _ in found] == ["unparsable", "unparsable"]
    assert all("not Python: a shell command" in m for _, _, m in found)


def test_names_of_a_block_that_does_not_parse_make_dependents_not_fragments(tmp_path):
    found = _run(tmp_path, """\
        ```python
        import math
        value = math.pi
        print(1，2)
        ```

        ```python
        print(value)
        ```

        ```python
        print(math.e)
        ```
        """)
    assert [v for _, v, _ in found] == ["unparsable", "depends", "depends"]
    assert "depends on the block at n.md:1" in found[1][2]


def test_a_name_defined_before_stays_available_when_a_later_block_fails(tmp_path):
    found = _run(tmp_path, f"""\
        ```python
        import math
        ```

        ```python
        import math
        import {MISSING}
        ```

        ```python
        print(math.tau)
        ```
        """)
    assert [v for _, v, _ in found] == ["passed", "needs", "passed"]


def test_what_the_machine_lacks_at_run_time_is_a_need_not_a_failure(tmp_path):
    found = _run(tmp_path, f"""\
        ```python
        import importlib
        importlib.import_module("{MISSING}")
        ```

        ```python
        raise AssertionError("Torch not compiled with CUDA enabled")
        ```

        ```python
        assert 1 + 1 == 3, "a wrong claim"
        ```
        """)
    assert [v for _, v, _ in found] == ["needs", "needs", "failed"]
    assert found[0][2].startswith(f"needs {MISSING}") and found[1][2].startswith(
        "needs a CUDA GPU")


def test_an_unknown_key_in_an_info_string_is_reported(tmp_path):
    root = make_project(tmp_path / "p", {"a.md": '# A\n```python tilte="a.py"\nx = 1\n```\n'})
    check = subprocess.run([sys.executable, "-m", "kb", "check"], cwd=root, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 1 and "a.md:2: unknown word(s)" in check.stdout
    assert "tilte" in check.stdout


def test_a_snippet_run_against_an_edited_note_says_it_is_stale(tmp_path):
    root = make_project(tmp_path / "p", {"a.md": "# A\n```python\nassert 1 + 1 == 2\n```\n"})
    assert subprocess.run([sys.executable, "-m", "kb", "extract"], cwd=root,
                          capture_output=True, timeout=120).returncode == 0
    assert run_pytest(root).returncode == 0
    (root / "notes" / "a.md").write_text("# A\n```python\nassert 1 + 1 == 3\n```\n",
                                         encoding="utf-8")
    stale = run_pytest(root)  # the snippet still holds the old, passing code
    assert stale.returncode == 1 and "stale: notes/a.md changed since kb extract" in stale.stdout
    subprocess.run([sys.executable, "-m", "kb", "extract"], cwd=root, capture_output=True,
                   timeout=120)
    fresh = run_pytest(root)
    assert fresh.returncode == 1 and "stale" not in fresh.stdout and "AssertionError" in fresh.stdout
