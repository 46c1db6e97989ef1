"""Hostile and broken input: one bad note never takes down the rest, nothing runs that should
not. Each test is written from one reproduction of the audit (its number in the name)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from hostile import XSS, hostile_vault, html_findings, scan_site
from kb.core.parse import parse_text
from kb.core.vault import Vault
from site_build import build, make_project, write_files


def kb(*args, cwd=None, timeout=120):
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=timeout)


def no_traceback(result) -> bool:
    return "Traceback" not in result.stderr and "Traceback" not in result.stdout


# -- 1, 7, 18: front matter that PyYAML chokes on -------------------------------------------

BAD_FRONT_MATTER = {
    "day-out-of-range.md": "---\ndate: 2024-02-30\n---\n# A\n#ok\n",
    "all-out-of-range.md": "---\ndate: 2024-13-45T99:99:99\n---\n# B\n#ok\n",
    "offset.md": "---\ndate: 2024-01-01T10:00:00+25:00\n---\n# C\n#ok\n",
    "hex.md": "---\na: !!int 0xZZ\n---\n# D\n#ok\n",
    "float.md": "---\na: !!float nope\n---\n# E\n#ok\n",
    "binary.md": "---\na: !!binary 'a'\n---\n# F\n#ok\n",
    "nested-deep.md": "---\na: " + "[" * 40000 + "]" * 40000 + "\n---\n# G\n#ok\n",
    "nested-open.md": "---\na: " + "[" * 10000 + "\n---\n# H\n#ok\n",
    "nested-block.md": "---\na:\n" + "".join(" " * (2 * i) + "- \n" for i in range(1, 400))
                       + "---\n# I\n#ok\n",
    "list-date.md": "---\ndate: [[2026-06-06]]\n---\n# J\n#ok\n",
    "good.md": "---\ndate: 2024-03-01\n---\n# Good\n#ok [[A]]\n",
}


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bad"), BAD_FRONT_MATTER)


def test_01_07_18_bad_front_matter_is_a_problem_at_its_line(bad_project):
    check = kb("check", "--json", cwd=bad_project)
    assert check.returncode == 1 and no_traceback(check), check.stderr
    problems = {(p["path"], p["line"]) for p in json.loads(check.stdout)}
    for name in BAD_FRONT_MATTER:
        if name != "good.md":
            assert (name, 2) in problems, name
    assert "datetime" not in check.stdout  # 18: the value as written, not a Python repr
    assert "[[2026-06-06]]" in check.stdout
    for args in (["find", "#ok"], ["tags"], ["show", "Good"], ["find", "--no-index", "#ok"]):
        result = kb(*args, cwd=bad_project)
        assert result.returncode == 0 and no_traceback(result), (args, result.stderr)
    found = kb("find", "#ok", "--json", cwd=bad_project)
    assert len(json.loads(found.stdout)) == len(BAD_FRONT_MATTER)  # every note still listed


def test_01_07_the_site_builds_with_bad_front_matter(bad_project, tmp_path):
    result = build(bad_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "good" / "index.html").is_file()
    assert (tmp_path / "site" / "nested-deep" / "index.html").is_file()
    assert "RecursionError" not in result.stderr and "ValueError" not in result.stderr


def test_01_impossible_dates_stay_text_and_yaml_12_words_are_strings():
    note = parse_text("n.md", "---\ndate: 2024-02-30\nmore: 2024-13-01\ntags: [no, on, yes]\n"
                              "flag: true\n---\n# N\n")
    assert note.date is None and note.meta["date"] == "2024-02-30"
    assert [t.name for t in note.tags] == ["no", "on", "yes"] and note.meta["flag"] is True
    assert [p.kind for p in note.problems] == ["bad-date"]


# -- 2: clipped pages and digests stay text --------------------------------------------------

def test_02_imported_html_is_text_on_the_site(tmp_path):
    project = make_project(tmp_path / "p", {"index.md": "# Home\n"})
    lines = ["攻击者会插入 <img src=x onerror=alert(1)> 这样的标签", "<script>alert(2)</script>",
             *XSS, "正文 `<b>code</b>` stays code"]
    clipping = tmp_path / "clip.txt"
    clipping.write_text("# 一篇文章\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    digest = tmp_path / "digest.txt"
    digest.write_text("2024 08 05, 1000 pm 今日內容\n2024-08-05, 10:00 PM-今日內容\n"
                      "2024-08-05-危险的标题 <img src=x onerror=alert(15)>\n"
                      "🐿️🐿️🐿️🐿️🐿️下一個筆記🐿️🐿️🐿️🐿️🐿️\n"
                      "2024-08-05-危险的标题 <img src=x onerror=alert(15)>\n"
                      "layout: post title: ‘危险的标题 <img src=x onerror=alert(15)>’ "
                      "date: 2024-08-05T22:00:00+08:00\n"
                      + "\n".join(lines) + "\n#tag\n", encoding="utf-8")
    for kind, path in (("clip", clipping), ("digest", digest)):
        result = kb("import", kind, str(path), "--json", cwd=project)
        assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert scan_site(site) == {}
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages  # shown as the characters they were


# -- 3, 4, 13, 14: what kb writes into pages ------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    files = hostile_vault()
    files.update({  # 13: three tags that slug alike; 14: a title with a quote in its info
        "t1.md": "# T1\n#deep-learning\n", "t2.md": "# T2\n#deep--learning\n",
        "t3.md": "# T3\n#-deep-learning\n",
        "fence.md": "# Fence\n```python title='a\" b'\nx = 1\n```\n\n```python\ny = 2\n```\n",
    })
    project = make_project(root, files)
    site = root / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


def test_03_04_no_page_of_a_hostile_vault_can_run_script(hostile_site):
    _, site = hostile_site
    assert scan_site(site) == {}


def test_03_notebook_urls_are_percent_encoded(hostile_site):
    """Backlinks and related lists link notebooks by URL: built from the path, encoded."""
    _, site = hostile_site
    backlinks = (site / "p0" / "index.html").read_text(encoding="utf-8")
    assert 'href="../javascript%3Aalert%28document.domain%29%3C%21--/"' in backlinks
    assert 'href="../C%23%20and%20100%25%20%3Fq/"' in (
        site / "p1" / "index.html").read_text(encoding="utf-8")
    assert scan_site(site) == {}  # no javascript: URL anywhere (nor anything else that runs)


def test_04_titles_and_block_ids_are_text_in_links(hostile_site):
    _, site = hostile_site
    page = (site / "p5" / "index.html").read_text(encoding="utf-8")
    assert "onmouseover" not in html_findings(page).__repr__()
    assert "*hover me*{ onmouseover=alert(3) }" in page.replace("&#42;", "*").replace(
        "&#123;", "{").replace("&#125;", "}").replace("&#61;", "=") or \
        "hover me" in page


def test_13_tags_that_slug_alike_get_their_own_pages(hostile_site):
    project, site = hostile_site
    vault = Vault.load(project / "notes")
    from kb.site.pages import tag_page_path

    paths = {tag_page_path(k) for k in ("deep-learning", "deep--learning", "-deep-learning")}
    assert len(paths) == 3
    for k, note in (("deep-learning", "T1"), ("deep--learning", "T2"), ("-deep-learning", "T3")):
        assert vault.notes_with_tag(k)
        page = site / tag_page_path(k)[:-3] / "index.html"
        assert f">{note}</a>" in page.read_text(encoding="utf-8"), k


def test_14_a_quote_in_a_fence_title_breaks_no_fence(hostile_site):
    _, site = hostile_site
    page = (site / "fence" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="highlight') >= 2 and "```" not in page


# -- 5: files that are not UTF-8 -------------------------------------------------------------

def test_05_a_file_that_is_not_utf8_is_reported_and_the_site_builds(tmp_path):
    project = make_project(tmp_path / "p", {
        "good.md": "# Good\n[[ff]]\n",
        "ff.md": b"# FF\nbad \xff byte\n",
        "utf16.md": "# 标题\n正文\n".encode("utf-16"),
    })
    check = kb("check", cwd=project)
    assert check.returncode == 1 and "ff.md:2: not UTF-8" in check.stdout
    assert "utf16.md:1: not UTF-8" in check.stdout
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site" / "good" / "index.html").is_file()
    assert "FF" in (tmp_path / "site" / "ff" / "index.html").read_text(encoding="utf-8")


# -- 6, 11, 15, 17: kb extract ----------------------------------------------------------------

def test_06_extract_never_overwrites_a_file_it_did_not_write(tmp_path):
    project = make_project(tmp_path / "p", {
        "foo.md": "# Foo\n```python\nx = 1\n```\n",
        "conftest.md": "# Conftest\n```python\ny = 2\n```\n",
        "test_exit.md": "# Exit\n```python\nimport os\nos._exit(0)\n```\n",
    })
    hand = "def helper():\n    return 1\n"
    write_files(project / "snippets", {"foo.py": hand, "conftest.py": "# mine\n"})
    result = kb("extract", cwd=project)
    assert result.returncode == 1 and "foo.py exists and was not written by kb" in result.stderr
    assert (project / "snippets" / "foo.py").read_text() == hand
    assert (project / "snippets" / "conftest.py").read_text() == "# mine\n"
    assert (project / "snippets" / "note_conftest.py").is_file()
    assert (project / "snippets" / "note_test_exit.py").is_file()
    (project / "snippets" / "conftest.py").unlink()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "snippets"], cwd=project, capture_output=True, text=True, timeout=120)
    # the os._exit(0) is a failure of that block, not a silent exit of pytest
    assert run.returncode == 1 and "called os._exit(0)" in run.stdout, run.stdout[-2000:]
    assert "1 failed" in run.stdout and "passed" in run.stdout


def test_11_two_extracts_at_once_both_finish(tmp_path):
    notes = {f"n{i}.md": f"# N{i}\n```python\nx = {i}\n```\n" for i in range(150)}
    project = make_project(tmp_path / "p", notes)
    for trial in range(3):
        if trial:
            (project / "notes" / "n1.md").write_text(f"# N1\n```python\nx = {trial}\n```\n")
        procs = [subprocess.Popen([sys.executable, "-m", "kb", "extract"], cwd=project,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (_, err) in zip(procs, outs):
            assert p.returncode == 0 and "Traceback" not in err, err
    assert len(list((project / "snippets").glob("*.py"))) == 150


def test_15_kb_new_stays_in_the_vault_and_extract_out_is_a_folder(tmp_path):
    project = make_project(tmp_path / "p", {"a.md": "# A\n```python\nx = 1\n```\n"})
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    out = kb("new", "x", "--dir", "../../elsewhere", cwd=project)
    assert out.returncode == 2 and "outside the vault" in out.stderr and no_traceback(out)
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    bad = kb("extract", "--out", "mkdocs.yml", cwd=project)
    assert bad.returncode == 2 and "not a folder" in bad.stderr and no_traceback(bad)


def test_17_a_newline_in_a_file_name_adds_no_line_to_its_snippet(tmp_path):
    from kb.code.snippets import parse

    project = make_project(tmp_path / "p", {
        "evil\nimport os; os.system('touch PWNED')\n.md": "# E\n```python\nx = 1\n```\n"})
    assert kb("extract", cwd=project).returncode == 0
    (snippet,) = (project / "snippets").glob("*.py")
    text = snippet.read_text(encoding="utf-8")
    assert not any(line.startswith("import os") for line in text.split("\n"))
    parsed = parse(text)
    assert len(parsed.cells) == 1 and parsed.cells[0].code == "x = 1\n"
    assert parsed.note.endswith("evil\nimport os; os.system('touch PWNED')\n.md")


# -- 8: no work that grows with the square of a note ----------------------------------------

def test_08_heading_links_are_checked_once_per_heading(monkeypatch):
    import kb.core.vault as vault_module

    calls = []
    real = vault_module.heading_key
    monkeypatch.setattr(vault_module, "heading_key", lambda t: calls.append(1) or real(t))
    n = 3000
    note = parse_text("h.md", "# " + " ".join(["[[#a]]"] * n) + "\n## a\n")
    vault = Vault("/v", [note])
    assert not [p for p in vault.problems() if p.kind == "broken-heading"]
    assert len(calls) <= n + len(note.headings)  # linear: one key per link and per heading


def test_08_rewriting_a_line_of_many_links_is_linear(monkeypatch):
    """assemble() builds a line from its spans in one pass (not one string copy per span)."""
    from kb.site import render

    n = 4000
    note = parse_text("h.md", "# T\n" + " ".join(["[[h#T]]"] * n) + "\n")
    vault = Vault("/v", [note])
    ctx = render.Context(vault=vault, tag_md_path=lambda k: f"tags/{k}.md",
                         slugify=lambda t: t.lower())
    out = render.render_body(note, ctx, "", render.MathStore())
    assert out.count("{ .kb-link }") == n


# -- 9: symbolic links -----------------------------------------------------------------------

def test_09_symbolic_links_stay_inside_the_vault(tmp_path):
    outside = write_files(tmp_path / "outside", {"leak.md": "# Leak\nTOPSECRET #secret\n",
                                                 "secret.txt": "TOPSECRET\n"})
    project = make_project(tmp_path / "p", {"a.md": "# A\n![[leak]] [[b]]\n",
                                            "sub/b.md": "# B\n"})
    notes = project / "notes"
    os.symlink(outside / "leak.md", notes / "leak.md")
    os.symlink(outside, notes / "outdir")
    os.symlink(outside / "secret.txt", notes / "secret.txt")
    os.symlink(".", notes / "loop")
    os.symlink("nowhere.md", notes / "dangling.md")
    os.symlink("sub", notes / "inside")  # inside the vault: followed
    check = kb("check", "--json", cwd=project)
    problems = {p["path"]: p for p in json.loads(check.stdout)}
    for name in ("leak.md", "outdir", "secret.txt", "loop", "dangling.md"):
        assert problems[name]["kind"] == "symlink", name
    assert "inside" not in problems
    assert "TOPSECRET" not in kb("find", "TOPSECRET", "--json", cwd=project).stdout
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-2000:]
    for page in site.rglob("*"):
        if page.is_file():
            assert b"TOPSECRET" not in page.read_bytes(), page
    assert (site / "inside" / "b" / "index.html").is_file()


# -- 10: what an import leaves behind ---------------------------------------------------------

def test_10_import_leftovers_are_removed_and_conflicts_not_published(tmp_path):
    project = make_project(tmp_path / "p", {"index.md": "# Home\n"})
    daily = project / "notes" / "daily"
    write_files(daily, {".kb-import-abc.tmp": "half", ".x.md.1234.kb-tmp": "half",
                        "old.md.kb-new": "# Newer\n"})
    clipping = tmp_path / "c.txt"
    clipping.write_text("# 标题\n\n正文\n", encoding="utf-8")
    assert kb("import", "clip", str(clipping), "--dest", "notes/daily", cwd=project
              ).returncode == 0
    assert not list(daily.glob(".*tmp"))
    check = kb("check", cwd=project)
    assert "daily/old.md.kb-new:1: a newer import of daily/old.md waits here" in check.stdout
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    assert not list(site.rglob("*.kb-new"))


# -- 12: queries -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["(" * 3000 + "a" + ")" * 3000,
                                   " OR ".join(f"w{i}" for i in range(5000)),
                                   "-(" * 2000 + "a" + ")" * 2000])
@pytest.mark.parametrize("index", [True, False])
def test_12_monstrous_queries_are_bad_queries(tmp_path, query, index):
    root = write_files(tmp_path / "v", {"a.md": "# A\n"})
    result = kb("--vault", str(root), "find", *([] if index else ["--no-index"]), query)
    assert result.returncode == 2 and no_traceback(result), result.stderr[-500:]
    assert result.stderr.startswith("kb: ")


# -- 16: blocks that fork or close descriptors -------------------------------------------------

def test_16_a_forking_or_fd_closing_block_cannot_hold_or_hide_results(tmp_path):
    project = make_project(tmp_path / "p", {
        "forks.md": "# Forks\n```python\nimport os, time\nif os.fork() == 0:\n"
                    "    time.sleep(60)\n    os._exit(0)\nx = 1\n```\n\n"
                    "```python\nassert x == 1\n```\n",
        "closes.md": "# Closes\n```python\nimport os\nos.closerange(3, 4096)\ny = 2\n```\n\n"
                     "```python\nassert y == 2\n```\n\n```python\nassert y == 3, 'y is not 3'\n"
                     "```\n",
    })
    assert kb("extract", cwd=project).returncode == 0
    started = time.monotonic()
    # the output is a pipe: a process the note forked and left running must not hold it
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "snippets", "--kb-results", "r.json"], cwd=project,
                         capture_output=True, text=True, timeout=50)
    assert time.monotonic() - started < 50
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))["notes"]
    outcomes = {n: [b["outcome"] for b in v["blocks"]] for n, v in data.items()}
    assert outcomes["notes/forks.md"] == ["passed", "passed"]
    assert outcomes["notes/closes.md"] == ["passed", "passed", "failed"]
    assert "y is not 3" in run.stdout and "exited with code" not in run.stdout


def test_07_deep_quotes_and_lists_in_the_body_are_bounded(tmp_path):
    project = make_project(tmp_path / "p", {
        "q.md": "# Q\n" + "> " * 3000 + "deep\n",
        "l.md": "# L\n" + "".join("    " * i + "- a\n" for i in range(600)),
        "b.md": "# B\n" + "[" * 3000 + "x" + "]" * 3000 + " [[q]] #tag\n",
        "ok.md": "# OK\n> > quoted\n\n- a\n    - b\n",
    })
    check = kb("check", "--json", cwd=project)
    kinds = {(p["path"], p["kind"]) for p in json.loads(check.stdout)}
    assert ("q.md", "nesting") in kinds and ("l.md", "nesting") in kinds
    assert not any(path == "ok.md" for path, _ in kinds)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0 and "RecursionError" not in result.stderr, result.stderr[-2000:]
    page = (tmp_path / "site" / "q" / "index.html").read_text(encoding="utf-8")
    assert "deep" in page
    b = (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-link"' in b and 'class="kb-tag"' in b  # kb's own links on that line work


def test_a_notebook_mkdocs_jupyter_cannot_read_does_not_stop_the_build(tmp_path):
    from conftest import ROOT

    yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # notebooks on, as shipped
    project = make_project(tmp_path / "p", {
        "index.md": "# Home\n[[cut]] [[old]] [[good]]\n",
        "cut.ipynb": '{"cells": [',
        "old.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4}',
        "good.md": "# Good\n",
    }, yml=yml)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "good" / "index.html").is_file()
    assert "old.ipynb:1: not a notebook mkdocs-jupyter can read" in result.stderr
