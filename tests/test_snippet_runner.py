"""Tests of the tester: notes with failing, hanging, exiting and crashing code, run by a real
`kb extract` + plain `pytest` in a project of their own. Each gives the right outcome and a
message that points at the note, and the rest of the run goes on."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from kb.code.runner import output_matches

NOTES = {
    "good.md": """\
        # Good
        ```python
        import random
        value = random.random()
        print("value", round(value, 6))
        ```

        ```output
        value 0.844422
        ```

        ```python
        print("later blocks see", "value" in dir())
        print("id", id(object()))
        runs = globals().get("runs", 0) + 1
        ```

        ```output
        later blocks see True
        id ...
        ```

        ```python test
        assert value < 1
        assert runs == 1  # earlier blocks ran once, not again for the test
        ```
        """,
    "fails.md": """\
        # Fails
        ```python
        a = 1
        b = a / 0
        ```

        ```python
        print("never", b)
        ```

        ```python
        print("independent of the failure")
        ```
        """,
    "failing-test.md": """\
        # Failing test
        ```python
        x = 2
        ```

        ```python test
        assert x == 3, "x is not 3"
        ```
        """,
    "wrong-output.md": """\
        # Wrong output
        ```python
        print(1 + 1)
        ```

        ```output
        3
        ```
        """,
    "loop.md": """\
        # Infinite loop
        ```python timeout=1
        while True:
            pass
        ```
        """,
    "blocked-signal.md": """\
        # A hang the alarm cannot stop
        ```python timeout=1
        import signal, time
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
        ```
        """,
    "sys-exit.md": """\
        # sys.exit
        ```python
        import sys
        sys.exit(3)
        ```
        """,
    "os-exit.md": """\
        # os._exit
        ```python
        import os
        os._exit(7)
        ```
        """,
    "crash.md": """\
        # segfault
        ```python
        import ctypes
        ctypes.string_at(0)
        ```
        """,
    "no-code.md": "# No code\njust words\n",
    "marks.md": """\
        # Marks
        ```python skip="no dataset here"
        open("missing.csv")
        ```

        ```python xfail="known to fail"
        assert False
        ```

        ```python gpu
        import torch
        torch.zeros(1, device="cuda")
        ```

        ```python setup
        hidden_helper = 41
        ```

        ```python test
        assert hidden_helper + 1 == 42
        ```
        """,
    "model.md": """\
        # Models
        ```python model build="Good(3)" input="torch.randn(2, 3)" shape="(2, 5)"
        import torch
        import torch.nn as nn

        class Good(nn.Module):
            def __init__(self, n):
                super().__init__()
                self.fc = nn.Linear(n, 5)
            def forward(self, x):
                return torch.tanh(self.fc(x))
        ```

        ```python model build="Unused()" input="torch.randn(2, 3)"
        class Unused(nn.Module):
            def __init__(self):
                super().__init__()
                self.used = nn.Linear(3, 3)
                self.unused = nn.Linear(3, 3)
            def forward(self, x):
                return self.used(x)
        ```

        ```python model build="Good(3)" input="torch.randn(2, 3)" shape="(2, 6)"
        pass
        ```
        """,
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: notes\n", encoding="utf-8")
    for name, text in NOTES.items():
        path = root / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    extract = subprocess.run([sys.executable, "-m", "kb", "extract"], cwd=root, env=env,
                             capture_output=True, text=True)
    assert extract.returncode == 0, extract.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "snippets", "-rA", "-p", "no:cacheprovider",
         "--kb-results", "results.json", "--kb-timeout", "30"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300)
    data = json.loads((root / "results.json").read_text(encoding="utf-8"))
    return root, result, data["notes"]


def outcomes(data, note):
    return [(b["key"], b["outcome"]) for b in data[f"notes/{note}"]["blocks"]]


def message(data, note, key):
    return next(b["message"] for b in data[f"notes/{note}"]["blocks"] if b["key"] == key)


@pytest.mark.slow  # shares one whole pytest run of a project
def test_run_fails_overall_but_finishes(run):
    root, result, data = run
    assert result.returncode == 1
    assert "error" not in result.stdout.splitlines()[-1]  # no collection errors
    assert not (root / "snippets" / "no-code.py").exists() and "notes/no-code.md" not in data


@pytest.mark.slow  # shares one whole pytest run of a project
def test_good_note_passes_with_seeded_randomness_and_shared_names(run):
    _, _, data = run
    assert outcomes(data, "good.md") == [("2", "passed"), ("8[output]", "passed"),
                                         ("12", "passed"), ("18[output]", "passed"),
                                         ("23[test]", "passed")]


@pytest.mark.slow  # shares one whole pytest run of a project
def test_failing_code_points_at_the_note_and_stops_what_depends_on_it(run):
    _, result, data = run
    assert outcomes(data, "fails.md") == [("2", "failed"), ("7", "skipped"), ("11", "passed")]
    text = message(data, "fails.md", "2")
    assert "notes/fails.md:4: ZeroDivisionError: division by zero" in text
    assert "in the block at notes/fails.md:2 (line 2 of the block)" in text
    assert 'File "notes/fails.md", line 4' in text and "b = a / 0" in text
    assert "depends on the block at notes/fails.md:2, which did not run (b)" in message(
        data, "fails.md", "7")
    assert "notes/fails.md:4: ZeroDivisionError" in result.stdout


@pytest.mark.slow  # shares one whole pytest run of a project
def test_failing_test_block(run):
    _, _, data = run
    assert outcomes(data, "failing-test.md") == [("2", "passed"), ("6[test]", "failed")]
    assert "notes/failing-test.md:7: AssertionError: x is not 3" in message(
        data, "failing-test.md", "6[test]")


@pytest.mark.slow  # shares one whole pytest run of a project
def test_wrong_output_gives_a_diff(run):
    _, _, data = run
    assert outcomes(data, "wrong-output.md") == [("2", "passed"), ("6[output]", "failed")]
    text = message(data, "wrong-output.md", "6[output]")
    assert "notes/wrong-output.md:7: printed output differs" in text
    assert "-3" in text and "+2" in text


@pytest.mark.parametrize("note, text", [
    ("loop.md", "timed out after 1 s"),                          # the in-process alarm
    ("blocked-signal.md", "did not respond and was killed"),     # the parent's deadline
    ("sys-exit.md", "the code called sys.exit(3)"),
    ("os-exit.md", "the code called os._exit(7)"),
    ("crash.md", "the process crashed (SIGSEGV)"),
])
@pytest.mark.slow  # shares one whole pytest run of a project
def test_hangs_exits_and_crashes_fail_only_their_note(run, note, text):
    _, _, data = run
    assert outcomes(data, note) == [("2", "failed")]
    assert text in message(data, note, "2")
    assert message(data, note, "2").startswith(f"notes/{note}:")


@pytest.mark.slow  # shares one whole pytest run of a project
def test_skip_xfail_gpu_setup(run):
    _, result, data = run
    import torch
    gpu = "passed" if torch.cuda.is_available() else "skipped"
    assert outcomes(data, "marks.md") == [("2", "skipped"), ("6", "xfailed"), ("10", gpu),
                                          ("15", "passed"), ("19[test]", "passed")]
    assert message(data, "marks.md", "2") == "no dataset here"
    assert "SKIPPED [1] notes/marks.md:2: no dataset here" in result.stdout
    assert "XFAIL" in result.stdout and "known to fail" in result.stdout


@pytest.mark.slow  # shares one whole pytest run of a project
def test_model_checks(run):
    _, _, data = run
    assert outcomes(data, "model.md") == [
        ("2", "passed"), ("2[model]", "passed"), ("14", "passed"), ("14[model]", "failed"),
        ("24", "passed"), ("24[model]", "failed")]
    assert "no gradient reached: unused.weight, unused.bias" in message(data, "model.md",
                                                                        "14[model]")
    assert "output shape (2, 5) != expected (2, 6)" in message(data, "model.md", "24[model]")


@pytest.mark.slow  # shares one whole pytest run of a project
def test_a_snippet_named_on_the_command_line_runs_as_blocks(run):
    root, _, _ = run
    result = subprocess.run([sys.executable, "-m", "pytest", "snippets/fails.py", "-p",
                             "no:cacheprovider", "--kb-results", "one.json"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert "ERROR collecting" not in result.stdout
    assert "1 failed, 1 passed, 1 skipped" in result.stdout.splitlines()[-1]


@pytest.mark.slow  # shares one whole pytest run of a project
def test_test_ids_name_the_note(run):
    _, result, _ = run
    assert "FAILED snippets/fails.py::fails.md:2" in result.stdout
    assert "PASSED snippets/model.py::model.md:2[model]" in result.stdout


def _small_project(root, notes):
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: notes\n", encoding="utf-8")
    for name in notes:
        path = root / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(NOTES[name]), encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    subprocess.run([sys.executable, "-m", "kb", "extract"], cwd=root, env=env, check=True,
                   capture_output=True)
    return env


def test_in_process_mode_still_catches_exits(tmp_path):
    env = _small_project(tmp_path, ["good.md", "sys-exit.md", "os-exit.md"])
    result = subprocess.run([sys.executable, "-m", "pytest", "snippets", "--kb-no-fork",
                             "-p", "no:cacheprovider", "--kb-results", "r.json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["notes"]
    assert outcomes(data, "sys-exit.md") == [("2", "failed")]
    assert outcomes(data, "os-exit.md") == [("2", "failed")]
    assert all(outcome == "passed" for _, outcome in outcomes(data, "good.md"))
    assert "2 failed" in result.stdout.splitlines()[-1]


def test_parallel_with_xdist_keeps_a_note_on_one_worker(tmp_path):
    pytest.importorskip("xdist")
    env = _small_project(tmp_path, ["good.md", "fails.md", "failing-test.md", "marks.md"])
    result = subprocess.run([sys.executable, "-m", "pytest", "snippets", "-n", "2", "--dist",
                             "loadfile", "-p", "no:cacheprovider", "--kb-results", "r.json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "2 workers" in result.stdout
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["notes"]
    assert ("23[test]", "passed") in outcomes(data, "good.md")  # shared names across items
    assert outcomes(data, "fails.md") == [("2", "failed"), ("7", "skipped"), ("11", "passed")]
    assert ("6[test]", "failed") in outcomes(data, "failing-test.md")


@pytest.mark.parametrize("expected, got, ok", [
    ("a\nb\n", "a\nb\n", True),
    ("a\nb", "a  \nb\n\n", True),
    ("a\n", "b\n", False),
    ("id ...\n", "id 12345\n", True),
    ("start\n...\nend\n", "start\nx\ny\nend\n", True),
    ("start\n...\nend\n", "start\nend\n", True),
    ("", "", True),
    ("", "something\n", False),
])
def test_output_matching(expected, got, ok):
    assert output_matches(expected, got) is ok
