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


@pytest.mark.site
@pytest.mark.slow
def test_the_site_is_the_same_as_in_one_process(tmp_path):
    from site_build import MKDOCS_YML

    notes = {f"d{i % 5}/n{i:03d}.md": f"---\ndate: 2024-0{i % 9 + 1}-1{i % 10}\n---\n# N {i}\n"
             f"text [[n{(i * 7) % 240:03d}]] #t{i % 30}\n" for i in range(240)}
    sites = {}
    for name, options in (("two", "{}"), ("one", "{page_workers: false}")):
        project = make_project(tmp_path / name, notes,
                               MKDOCS_YML.replace("  - kb\n", f"  - kb: {options}\n"))
        result = build(project, project / "site")
        assert result.returncode == 0, result.stderr[-2000:]
        sites[name] = {p.relative_to(project / "site").as_posix(): p.read_bytes()
                       for p in (project / "site").rglob("*.html")}
    assert len(sites["two"]) > workers.MIN_PAGES
    assert sites["two"] == sites["one"]
