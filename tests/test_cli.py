"""The kb command line, run through its installed entry point."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT

KB = shutil.which("kb") or str(Path(sys.executable).parent / "kb")


def kb(*args, cwd=None, env=None):
    full_env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **(env or {})}
    return subprocess.run([KB, *args], cwd=cwd, capture_output=True, text=True, env=full_env,
                          timeout=120)


@pytest.fixture
def vault(make_vault):
    return make_vault({
        "lstm.md": "---\ntitle: LSTM 的门\ndate: 2024-07-24T10:00:00-04:00\naliases: [LSTM]\n---\n"
                   "遗忘门 [[GRU]] [[Missing]]\n#lstm #rnn/lstm\n",
        "gru.md": "---\ndate: 2024-07-25\n---\n# GRU\n[[LSTM]] #gru #RNN\n",
        "bad.md": "---\ntitle: [oops\n---\ntext [[GRU]]\n",
    })


def test_help_lists_commands():
    out = kb("--help").stdout
    for command in ("tags", "find", "show", "check", "new"):
        assert command in out


def test_tags_json_shape(vault):
    result = kb("tags", "--vault", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == [
        {"tag": "gru", "count": 1, "total": 1, "spellings": ["gru"]},
        {"tag": "lstm", "count": 1, "total": 1, "spellings": ["lstm"]},
        {"tag": "RNN", "count": 1, "total": 2, "spellings": ["RNN"]},
        {"tag": "rnn/lstm", "count": 1, "total": 1, "spellings": ["rnn/lstm"]},
    ]


def test_tags_human_groups_nested(vault):
    out = kb("tags", "--vault", str(vault)).stdout.splitlines()
    rnn = next(i for i, line in enumerate(out) if line.startswith("#RNN "))
    assert out[rnn + 1].startswith("  #") and "lstm" in out[rnn + 1]
    assert "1 (2)" in out[rnn]


def test_find_json_newest_first(vault):
    result = kb("find", "#rnn", "--vault", str(vault), "--json")
    data = json.loads(result.stdout)
    assert [d["path"] for d in data] == ["gru.md", "lstm.md"]
    assert data[1] == {"path": "lstm.md", "title": "LSTM 的门",
                       "date": "2024-07-24T10:00:00-04:00", "tags": ["lstm", "rnn/lstm"]}


def test_find_words_and_several_arguments(vault):
    assert [d["path"] for d in json.loads(kb("find", "遗忘门", "--json", "--vault",
                                               str(vault)).stdout)] == ["lstm.md"]
    data = json.loads(kb("find", "--json", "--vault", str(vault), "#rnn", "-#gru").stdout)
    assert [d["path"] for d in data] == ["lstm.md"]


def test_find_human_output_is_aligned(vault):
    out = kb("find", "#rnn", "--vault", str(vault)).stdout.splitlines()
    assert len(out) == 2 and out[0].startswith("2024-07-25")
    assert "\033[" not in "".join(out)  # no colour when not a terminal
    coloured = kb("find", "#rnn", "--vault", str(vault), "--color", "always").stdout
    assert "\033[" in coloured


def test_find_bad_query_exit_2(vault):
    result = kb("find", "(#a", "--vault", str(vault))
    assert result.returncode == 2 and "missing ')'" in result.stderr


def test_show(vault):
    data = json.loads(kb("show", "LSTM", "--vault", str(vault), "--json").stdout)
    assert data["path"] == "lstm.md" and data["aliases"] == ["LSTM"]
    assert [(k["target"], k["to"]) for k in data["links"]] == [("GRU", "gru.md")]
    assert data["backlinks"] == [{"path": "gru.md", "line": 5, "title": "GRU"}]
    assert data["unresolved"] == [{"line": 6, "target": "Missing", "link": "[[Missing]]"}]
    human = kb("show", "lstm.md", "--vault", str(vault)).stdout
    assert "backlinks (1)" in human and "[[Missing]]" in human


def test_show_unknown_note(vault):
    result = kb("show", "Nope", "--vault", str(vault))
    assert result.returncode == 2 and "no note named 'Nope'" in result.stderr


def test_check_reports_path_line_message_and_exit_1(vault):
    result = kb("check", "--vault", str(vault))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{vault.as_posix()}/bad.md:2: invalid YAML") for line in lines)
    assert any(line.startswith(f"{vault.as_posix()}/lstm.md:6: broken link: [[Missing]]")
               for line in lines)
    data = json.loads(kb("check", "--vault", str(vault), "--json").stdout)
    assert {(d["path"], d["line"], d["kind"]) for d in data} == {
        ("bad.md", 2, "front-matter"), ("lstm.md", 6, "broken-link")}


def test_check_clean_vault_exit_0(make_vault):
    root = make_vault({"a.md": "# A\n[[B]]\n", "b.md": "# B\n"})
    result = kb("check", "--vault", str(root))
    assert result.returncode == 0 and result.stdout == "" and "no problems" in result.stderr


def test_new_creates_dated_note_and_never_overwrites(vault):
    result = kb("new", "Attention: Q/K/V?", "--tags", "attention, qkv", "--vault", str(vault))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    today = dt.date.today().isoformat()
    assert path.name == f"{today}-Attention- Q-K-V-.md" and path.exists()
    text = path.read_text(encoding="utf-8")
    assert 'title: "Attention: Q/K/V?"' in text and "tags: [attention, qkv]" in text
    again = kb("new", "Attention: Q/K/V?", "--vault", str(vault))
    assert again.returncode == 2 and "already exists" in again.stderr
    # the new note reads back through the same parser
    shown = json.loads(kb("show", "Attention: Q/K/V?", "--vault", str(vault), "--json").stdout)
    assert shown["tags"] == ["attention", "qkv"] and shown["date"].startswith(today)


def test_new_with_template_and_bad_tag(vault, tmp_path):
    tpl = tmp_path / "tpl.md"
    tpl.write_text("# {{title}}\n\n写于 {{date}}\n", encoding="utf-8")
    result = kb("new", "模板", "--template", str(tpl), "--dir", "daily", "--vault", str(vault))
    path = Path(result.stdout.strip())
    assert path.parent.name == "daily" and "# 模板" in path.read_text(encoding="utf-8")
    bad = kb("new", "x", "--tags", "123", "--vault", str(vault))
    assert bad.returncode == 2 and "not a valid tag" in bad.stderr


def test_default_vault_is_docs_dir_of_mkdocs_yml(tmp_path):
    (tmp_path / "docs_here").mkdir()
    (tmp_path / "docs_here" / "n.md").write_text("# N\n#tagged\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: docs_here\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    sub = tmp_path / "docs_here"
    data = json.loads(kb("tags", "--json", cwd=sub).stdout)  # found from a sub-folder too
    assert data[0]["tag"] == "tagged"


def test_no_vault_found(tmp_path):
    result = kb("tags", cwd=tmp_path)
    assert result.returncode == 2 and "pass --vault" in result.stderr


def test_demo_vault_from_the_project_root():
    result = kb("find", "#lstm", "--json", cwd=ROOT)
    assert result.returncode == 0
    assert "rnn/lstm.md" in [d["path"] for d in json.loads(result.stdout)]


@pytest.mark.parametrize("text", [
    "site_name: x\n", "docs_dir: notes\n", "docs_dir: 'my notes'  # comment\n",
    'docs_dir: "a/b"\n', "docs_dir: null\n", "docs_dir: 2024\n", "docs_dir: !ENV [KB_X, notes]\n",
    "extra:\n  docs_dir: zz\ndocs_dir: real\n", "docs_dir: notes\nx: !!python/name:a.b\n",
    "docs_dir: >\n  folded\n", "docs_dir: notes # hi\ndocs_dir: other\n"])
def test_docs_dir_fast_path_agrees_with_yaml(tmp_path, text):
    from kb.core.config import docs_dir_of, read_mkdocs_yml

    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    assert docs_dir_of(path) == str(read_mkdocs_yml(path).get("docs_dir", "docs"))


@pytest.mark.parametrize("command", ["tags", "find", "show", "check", "extract", "import",
                                     "bench", "new"])
def test_each_commands_help_is_its_own(command, capsys):
    """A command's parser is built alone (faster start); its help still says all of it."""
    from kb.cli.main import COMMANDS, main

    assert command in COMMANDS
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kb {command}") and "--vault" in out


@pytest.mark.parametrize("argv", [
    ["#rnn"], ["#rnn", "-#gru", "--json"], ["--json", "#rnn -#gru"], ["a", "--limit", "3", "b"],
    ["--limit=2", "--vault", "x y", "q"], ["--vault=v", "--color", "never", "--no-index", "q"],
    ["--color=always", "--", "--json", "-#x"], ["q", "--limit", "-1"], ["遗忘门", "OR", "#门控"],
])
def test_plain_find_options_are_what_argparse_makes_of_them(argv):
    from kb.cli.main import _parse, _plain_find_args

    plain = vars(_plain_find_args(argv))
    parsed = vars(_parse(["find", *argv]))
    assert plain == parsed


@pytest.mark.parametrize("argv", [[], ["--json"], ["q", "--help"], ["-h"], ["q", "--limit"],
                                  ["q", "--limit", "two"], ["q", "--color", "red"]])
def test_anything_but_plain_find_use_goes_to_argparse(argv, capsys):
    from kb.cli.main import _parse, _plain_find_args

    assert _plain_find_args(argv) is None
    with pytest.raises(SystemExit):  # argparse's usage message or help
        _parse(["find", *argv])
    assert "usage: kb find" in "".join(capsys.readouterr())


_text = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from('"\\\n\t\x00中'))


@settings(max_examples=60, deadline=None)  # a pure function: more examples find no more
@given(st.lists(st.builds(lambda path, title, date, tags: {  # the order kb find writes
    "path": path, "title": title, "date": date, "tags": tags},
    _text, _text, st.none() | _text, st.lists(_text)), max_size=20))
def test_find_json_is_exactly_what_the_json_module_writes(results):
    from kb.cli.main import find_json

    assert find_json(results) == json.dumps(results, ensure_ascii=False, indent=2)
