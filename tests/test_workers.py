"""Pages in two processes (kb.site.workers): every page rendered once, by the parent or by the
forked child; a child that fails or warns gives its pages back to the parent; the site is the
same as one rendered in one process."""

import types

import pytest

from site_build import build, make_project
from kb.site import workers


class _File:
    def __init__(self, n):
        self.n = n
        self.page = types.SimpleNamespace(file=self, n=n)
        self.inclusion = types.SimpleNamespace(is_excluded=lambda: False)


def _run(tmp_path, monkeypatch, fail_at=None, warn=False, pages=300):
    log = tmp_path / "rendered.txt"
    log.write_text("", encoding="utf-8")

    def original(page, config, doc_files, nav, env, dirty=False, excluded=False):
        import os

        if fail_at is not None and page.n == fail_at and os.getpid() != parent:
            raise RuntimeError("a template error in the child")
        if warn and os.getpid() != parent:
            import logging
            logging.getLogger("mkdocs").warning("something odd")
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{page.n} {'parent' if os.getpid() == parent else 'child'}\n")

    import os
    parent = os.getpid()
    fake = types.SimpleNamespace(_build_page=original)
    monkeypatch.setitem(__import__("sys").modules, "mkdocs.commands.build", fake)
    import mkdocs.commands
    monkeypatch.setattr(mkdocs.commands, "build", fake, raising=False)
    two = workers.PagesInTwo()
    two.install()
    files = [_File(n) for n in range(pages)]
    for f in files:  # what mkdocs' loop does
        fake._build_page(f.page, None, files, None, None, False, excluded=False)
    two.finish()
    assert fake._build_page is original  # put back
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    return rows


def test_every_page_once_half_of_them_in_the_child(tmp_path, monkeypatch):
    rows = _run(tmp_path, monkeypatch)
    assert sorted(int(n) for n, _ in rows) == list(range(300))
    assert sum(who == "child" for _, who in rows) == 150


def test_a_child_that_fails_gives_its_pages_back(tmp_path, monkeypatch):
    rows = _run(tmp_path, monkeypatch, fail_at=151)
    done = {}
    for n, who in rows:
        done.setdefault(int(n), []).append(who)
    assert set(done) == set(range(300))
    assert all("parent" in done[n] for n in range(1, 300, 2))  # the parent did them again


def test_a_child_that_warns_gives_its_pages_back(tmp_path, monkeypatch):
    rows = _run(tmp_path, monkeypatch, warn=True)
    assert {int(n) for n, who in rows if who == "parent"} == set(range(300))


def test_few_pages_stay_in_one_process(tmp_path, monkeypatch):
    rows = _run(tmp_path, monkeypatch, pages=50)
    assert {who for _, who in rows} == {"parent"}


class _Files(list):
    def documentation_pages(self, inclusion=None):
        return list(self)

    def get_file_from_path(self, src):
        return next((f for f in self if f.src_uri == src), None)


def _apart(tmp_path, monkeypatch, fail=False, warn=False, generated=250, notes=100):
    """A share of the pages through KbPagesApart with mkdocs' two loops faked: who populated
    and who built each page, and what the parent learnt of the child's pages."""
    import logging
    import os

    log = tmp_path / "made.txt"
    log.write_text("", encoding="utf-8")
    parent = os.getpid()

    def who():
        return "parent" if os.getpid() == parent else "child"

    plugin = types.SimpleNamespace(said=[])
    plugin.warnings = lambda message, kind: plugin.said.append((message, kind, who()))

    def populate(page, config, files, dirty=False):
        if fail and who() == "child":
            raise RuntimeError("a Markdown error in the child")
        if warn and page.file.src_uri == "tags/t3.md":
            logging.getLogger("mkdocs.plugins.test").warning("something odd in t3")
            plugin.warnings("kb: a problem in t3", "unresolved-link")
        page.present_anchor_ids = {f"a-{page.file.src_uri}"}
        page.links_to_anchors = {files[0]: {"top": "note0.md#top"}}
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"populate {page.file.src_uri} {who()}\n")

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        assert env == ("env", who())
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"build {page.file.src_uri} {who()}\n")

    fake = types.SimpleNamespace(_populate_page=populate, _build_page=build_page)
    monkeypatch.setitem(__import__("sys").modules, "mkdocs.commands.build", fake)
    import mkdocs.commands
    monkeypatch.setattr(mkdocs.commands, "build", fake, raising=False)
    files = _Files()
    for n in range(notes):
        files.append(_File(n))
        files[-1].src_uri, files[-1].abs_src_path = f"note{n}.md", f"/v/note{n}.md"
    for n in range(generated):
        files.append(_File(notes + n))
        files[-1].src_uri, files[-1].abs_src_path = f"tags/t{n}.md", None
    files.append(_File(-1))
    files[-1].src_uri = "tags/index.md"  # in the nav: stays with the parent
    for f in files:
        f.page.present_anchor_ids = f.page.links_to_anchors = None
    config = types.SimpleNamespace(
        theme=types.SimpleNamespace(get_env=lambda: ("env", "child")),
        plugins=types.SimpleNamespace(on_env=lambda env, config, files: env))
    apart = workers.KbPagesApart({f.src_uri for f in files if f.src_uri.startswith("tags/")},
                                 plugin)
    apart.install()
    apart.nav = types.SimpleNamespace(pages=[files[-1].page])
    for f in files:  # mkdocs' loops
        fake._populate_page(f.page, config, files)
    for f in files:
        fake._build_page(f.page, config, files, apart.nav, ("env", "parent"))
    assert apart.child is None  # joined after the last page, before mkdocs checks anchors
    apart.finish(config, ("env", "parent"))
    assert (fake._populate_page, fake._build_page) == (populate, build_page)  # put back
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    return rows, files, plugin


def test_a_share_of_the_pages_is_made_whole_in_the_child(tmp_path, monkeypatch):
    rows, files, _ = _apart(tmp_path, monkeypatch, notes=400)
    made = {}
    for step, src, who in rows:
        made.setdefault((step, src), []).append(who)
    assert all(len(w) == 1 for w in made.values())  # each page once
    for step in ("populate", "build"):
        child = {src for (s, src), w in made.items() if s == step and w == ["child"]}
        assert {f"tags/t{n}.md" for n in range(250)} <= child
        notes = {src for src in child if src.startswith("note")}
        # kb's pages are cheap: the child takes some notes too, fewer than half
        assert 100 < len(notes) < 200
        assert made[(step, "tags/index.md")] == ["parent"]
    # what the parent needs of the child's pages, to check links to anchors
    t7 = files.get_file_from_path("tags/t7.md").page
    assert t7.present_anchor_ids == {"a-tags/t7.md"}
    assert t7.links_to_anchors == {files[0]: {"top": "note0.md#top"}}


def test_the_childs_warnings_are_said_by_the_parent(tmp_path, monkeypatch, caplog):
    import logging

    with caplog.at_level(logging.WARNING):
        rows, _, plugin = _apart(tmp_path, monkeypatch, warn=True)
    assert plugin.said == [("kb: a problem in t3", "unresolved-link", "parent")]
    assert [r.getMessage() for r in caplog.records] == ["something odd in t3"]
    assert ("populate", "tags/t3.md", "child") in [tuple(r) for r in rows]  # not made again


def test_the_childs_pages_come_back_to_the_parent_when_it_fails(tmp_path, monkeypatch):
    rows, files, _ = _apart(tmp_path, monkeypatch, fail=True)
    by_parent = {(step, src) for step, src, who in rows if who == "parent"}
    for n in range(250):
        assert ("populate", f"tags/t{n}.md") in by_parent
        assert ("build", f"tags/t{n}.md") in by_parent
    assert files.get_file_from_path("tags/t7.md").page.present_anchor_ids == {"a-tags/t7.md"}


def test_few_pages_stay_in_the_parent(tmp_path, monkeypatch):
    rows, _, _ = _apart(tmp_path, monkeypatch, generated=20, notes=20)
    assert {who for _, _, who in rows} == {"parent"}


def _notebook(i: int) -> str:
    import json

    cells = [{"cell_type": "markdown", "id": f"m{i}", "metadata": {},
              "source": [f"# Notebook {i}\n", "with $x^2$ and [[n001]]\n"]},
             {"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
              "outputs": [], "source": [f"x = {i}\n", "print(x)\n"]}]
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.site
@pytest.mark.slow
def test_the_site_is_the_same_as_in_one_process(tmp_path):
    """Pages in two processes, kb's own pages in a child, notebooks converted ahead and one
    Markdown converter for all pages: the site is byte for byte the one a single process with
    mkdocs' own converter per page makes (with extensions that keep state in a page:
    footnotes, abbreviations, tables of contents with the same heading on every page)."""
    from site_build import MKDOCS_YML

    notes = {f"d{i % 5}/n{i:03d}.md": (
        f"---\ndate: 2024-{i % 9 + 1:02d}-{i % 27 + 1:02d}\n---\n# N {i}\n\n"
        f"text [[n{(i * 7) % 240:03d}]] #t{i} with HTML[^1] and a note.\n\n"
        "## Intro\n\nfirst\n\n## Intro\n\nsecond\n\n"
        "Term\n:   its definition\n\n"
        '!!! note "A note"\n    inside\n\n'
        '=== "One"\n\n    tab one\n\n=== "Two"\n\n    tab two\n\n'
        f"```python\nx = {i}\n```\n\n"
        f"[^1]: footnote of {i}\n\n*[HTML]: Hyper Text {i}\n"
        # problems, wherever the page is made: an anchor that is not there, a note not written
        # (kb shows its first 20 problems as they come, then counts: fewer here)
        + ("\nSee [there](../d1/n001.md#nowhere).\n" if i % 8 == 3 else "")
        + (f"\nAnd [[missing {i}]].\n" if i % 40 == 3 else ""))
        for i in range(240)}
    for i in range(4):
        notes[f"d{i}/book{i}.ipynb"] = _notebook(i)
    yml = (MKDOCS_YML.replace("  - search\n", "  - search\n  - mkdocs-jupyter:\n"
                              "      include: ['*.ipynb']\n")
           + "  - footnotes\n  - abbr\n  - def_list\n  - admonition\n"
           "  - pymdownx.highlight\n  - pymdownx.tabbed:\n      alternate_style: true\n"
           "validation:\n  anchors: warn\n")
    sites, said = {}, {}
    for name, options in (("two", "{}"),
                          ("one", "{page_workers: false, one_markdown: false}")):
        project = make_project(tmp_path / name, notes,
                               yml.replace("  - kb\n", f"  - kb: {options}\n"))
        result = build(project, project / "site")
        assert result.returncode == 0, result.stderr[-2000:]
        sites[name] = {p.relative_to(project / "site").as_posix(): p.read_bytes()
                       for p in (project / "site").rglob("*") if p.is_file()}
        said[name] = sorted(line for line in result.stderr.splitlines()
                            if line.startswith("WARNING"))
    # the same problems reported, whichever process made the page
    assert len(said["two"]) >= 36 and said["two"] == said["one"], said
    assert any("nowhere" in line for line in said["two"])
    cache = tmp_path / "two" / ".cache" / "mkdocs-jupyter"
    assert len(list(cache.glob("*.json"))) == 4  # converted ahead into mkdocs-jupyter's cache
    assert not [p for p in cache.iterdir() if p.is_dir()]  # the child's scratch folder is gone
    pages = [k for k in sites["two"] if k.endswith(".html")]
    assert len([k for k in pages if k.startswith("tags/")]) > workers.MIN_PAGES
    assert sites["two"]["d1/book1/index.html"].count(b"jp-Cell") >= 2
    assert b'id="intro"' in sites["two"]["d0/n005/index.html"]  # not intro_2: state was reset
    assert sites["two"].keys() == sites["one"].keys()
    assert [k for k in sites["two"] if sites["two"][k] != sites["one"][k]] == []


def test_notebooks_are_converted_ahead_by_the_child_and_read_last(tmp_path, monkeypatch):
    """The child converts with the notebook plugin's own render into a scratch folder and moves
    each file into the plugin's cache; the parent reads the notebooks' pages after the notes,
    from the last one back, and the scratch folder is gone."""
    import json
    import os
    import time
    from pathlib import Path

    from mkdocs_jupyter import plugin as nb

    parent = os.getpid()
    cache = tmp_path / "cache"
    config_keys = {"kernel_name": "", "theme": "", "allow_errors": True, "show_input": True,
                   "no_input": False, "no_prompt": False, "remove_tag_config": {},
                   "highlight_extra_classes": "", "include_requirejs": False,
                   "custom_mathjax_url": "", "toc_depth": 6}

    class Jupyter:  # the parts of mkdocs-jupyter's plugin NotebooksAhead uses
        config = {**config_keys, "execute": False, "execute_ignore": [], "cache": True,
                  "cache_dir": str(cache)}

        def should_include(self, f):
            return f.src_uri.endswith(".ipynb")

        def on_pre_build(self, config):
            pass

        def on_pre_page(self, page, config, files):
            path = page.file.abs_src_path
            key = nb._compute_cache_key(path, self.config, False)
            folder = Path(self.config["cache_dir"])

            def render(config, files):
                (folder / f"{key}.json").write_text(json.dumps({"pid": os.getpid()}))
            page.render = render
            return page

    files = _Files()
    for n in range(6):
        f = _File(n)
        if n % 2:
            f.src_uri = f"book{n}.ipynb"
            f.abs_src_path = str(tmp_path / f.src_uri)
            Path(f.abs_src_path).write_text(_notebook(n), encoding="utf-8")
        else:
            f.src_uri, f.abs_src_path = f"note{n}.md", str(tmp_path / f"note{n}.md")
        f.page = None
        f.url, f.dest_uri, f.abs_dest_path = f"{f.src_uri}/", "x", "x"
        f.edit_uri = None
        files.append(f)
    read = []
    fake = types.SimpleNamespace(
        _populate_page=lambda page, config, files, dirty=False: read.append(page.file.src_uri))
    monkeypatch.setitem(__import__("sys").modules, "mkdocs.commands.build", fake)
    import mkdocs.commands
    monkeypatch.setattr(mkdocs.commands, "build", fake, raising=False)
    jupyter = Jupyter()
    ahead = workers.NotebooksAhead(jupyter)
    ahead.start({}, files)
    assert ahead.child is not None
    targets = [nb._get_cache_path(cache, nb._compute_cache_key(f.abs_src_path, jupyter.config,
                                                                False))
               for f in files if f.src_uri.endswith(".ipynb")]
    deadline = time.monotonic() + 30
    while not all(t.exists() for t in targets) and time.monotonic() < deadline:
        time.sleep(0.05)
    for f in files:  # mkdocs' loop: the notebooks wait
        f.page = types.SimpleNamespace(file=f)
        fake._populate_page(f.page, {}, files)
    assert read == ["note0.md", "note2.md", "note4.md"]
    ahead.finish()
    assert read[3:] == ["book5.ipynb", "book3.ipynb", "book1.ipynb"]
    assert fake._populate_page is not ahead._populate_page  # put back
    assert {json.loads(t.read_text())["pid"] for t in targets} - {parent}  # by the child
    assert [p.name for p in cache.iterdir()] and not [p for p in cache.iterdir() if p.is_dir()]


@pytest.mark.site
def test_one_markdown_converter_serves_every_page(tmp_path, monkeypatch):
    """mkdocs makes a Markdown converter per page; kb keeps one per build (and with an
    extension it does not know, leaves mkdocs alone)."""
    import markdown
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from site_build import MKDOCS_YML

    made = []
    init = markdown.Markdown.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    notes = {f"n{i:02d}.md": f"# N {i}\n\n## Intro\n\ntext #t{i}\n" for i in range(30)}
    counts = {}
    for name, options, extra in (("one", "{page_workers: false}", ""),
                                 ("many", "{page_workers: false, one_markdown: false}", ""),
                                 ("unknown", "{page_workers: false}", "  - pymdownx.snippets\n")):
        project = make_project(tmp_path / name, notes,
                               MKDOCS_YML.replace("  - kb\n", f"  - kb: {options}\n") + extra)
        made.clear()
        monkeypatch.chdir(project)
        mkdocs_build(load_config(str(project / "mkdocs.yml")))
        counts[name] = len(made)
        page = (project / "site" / "n07" / "index.html").read_text(encoding="utf-8")
        assert 'id="intro"' in page and "intro_1" not in page  # the converter was reset
    assert counts["one"] <= 3 and counts["many"] >= 60 and counts["unknown"] >= 60, counts
