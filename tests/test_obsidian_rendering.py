"""Obsidian's Markdown as real vaults use it, rendered by the real mkdocs build: callouts,
lists written right after a line of text, sized images."""

from __future__ import annotations

import re

import pytest

from site_build import build, make_project

pytestmark = pytest.mark.site

NOTES = {
    "callouts.md": """\
        # Callouts

        > [!INFO] 注意 the title #callout-tag
        > First line with a [[lists|link]].
        > Second line.

        > [!tip]- Folded tip
        > hidden until opened

        > [!warning]+ Open by default
        > shown

        > [!note]
        > no title: the type is the title

        > [!question] Outer
        > outer text
        > > [!example] Inner
        > > inner text
        > back in the outer one

        > a plain quote, not a callout
        > - with a list

        ```markdown
        > [!note] inside code: text
        ```
        """,
    "lists.md": """\
        # Lists
        Some text right before a list:
        - first
        - second
        1. ordered after a list
        2. two
        A paragraph line
        * star item
        ```python
        x = 1
        ```
        - after a code block
        """,
    "images.md": """\
        # Images
        ![a picture|300](pic.png) and ![|120x80](pic.png) and ![plain](pic.png)
        ![[pic.png|200x100]] ![[pic.png|150]]
        """,
    "pic.png": b"\\x89PNG\\r\\n\\x1a\\n",
}


def built(tmp_path_factory, name, notes):
    """(project, site, build result) of a vault of ``notes`` built with the real mkdocs."""
    root = tmp_path_factory.mktemp(name)
    project = make_project(root / "p", notes)
    result = build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return project, root / "site", result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built(tmp_path_factory, "obsidian", NOTES)[1]


def article(site, page):
    text = (site / page / "index.html").read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def test_callouts_become_admonitions(site):
    html = article(site, "callouts")
    for marker in ("[!INFO]", "[!tip]", "[!warning]", "[!question]", "[!example]"):
        assert marker not in html  # no callout left as text
    assert '<div class="admonition info">' in html
    assert re.search(r'<p class="admonition-title">注意 the title <a class="kb-tag"', html)
    assert '<details class="tip">' in html and "<summary>Folded tip</summary>" in html
    assert '<details class="warning" open="open">' in html or \
        '<details class="warning" open>' in html
    assert '<p class="admonition-title">Note</p>' in html
    outer = html[html.index('<div class="admonition question">'):]
    assert outer.index('<div class="admonition example">') < outer.index("back in the outer one")
    assert "<blockquote>" in html and "a plain quote, not a callout" in html
    assert 'class="kb-link"' in html  # the wikilink inside the callout still resolves
    assert "[!note] inside code: text" in html  # code is code


def test_a_list_after_a_line_of_text_is_a_list(site):
    html = article(site, "lists")
    assert "- first" not in html and "* star item" not in html
    assert "<li>first</li>" in html or "<li>\nfirst" in html or ">first<" in html
    assert html.count("<ul>") >= 2 and html.count("<ol>") == 1
    assert re.search(r"<ol>\s*<li>ordered after a list</li>", html)
    assert re.search(r"<li>\s*<p>star item</p>|<li>star item</li>", html)
    assert '<div class="highlight">' in html and "<p>star item\n<div" not in html
    assert re.search(r"<li>\s*after a code block\s*</li>", html)


def test_image_sizes_are_sizes_not_alt_text(site):
    html = article(site, "images")
    assert "|300" not in html and "|120" not in html
    assert re.search(r'<img alt="a picture" src="../pic.png" width="300"', html)
    assert re.search(r'<img alt="" height="80" src="../pic.png" width="120"', html)
    assert re.search(r'<img alt="pic.png" height="100" src="../pic.png" width="200"', html)
    assert re.search(r'<img alt="pic.png" src="../pic.png" width="150"', html)


LINKS = {
    "a/Educative Course.md": "# Educative Course\n## Heading Two\ntext ^731284\n",
    "b/c/reader.md": (
        "# Reader\n"
        "[by name](Educative%20Course.md#^731284) "
        "[raw spaces](Educative Course.md#Heading Two) "
        "[from the root](/a/Educative%20Course.md) "
        "[root, no slash](a/Educative%20Course.md#heading-two) "
        "[here](#Local Part)\n"
        "## Local Part\n"),
}


@pytest.fixture(scope="module")
def link_site(tmp_path_factory):
    return built(tmp_path_factory, "mdlinks", LINKS)


def test_markdown_links_resolve_like_obsidian(link_site):
    project, site, result = link_site
    html = article(site, "b/c/reader")
    assert ".md" not in re.sub(r"<code.*?</code>", "", html).split('class="kb-footer"')[0] \
        .replace("Course.md", "")  # no link left pointing at a .md file
    target = "../../../a/Educative%20Course/"
    assert f'href="{target}#^731284"' in html
    assert f'href="{target}#heading-two"' in html
    assert html.count(f'href="{target}"') >= 1
    assert 'href="#local-part"' in html
    course = (site / "a" / "Educative Course" / "index.html").read_text(encoding="utf-8")
    assert 'id="heading-two"' in course
    import subprocess
    import sys

    check = subprocess.run([sys.executable, "-m", "kb", "check"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout  # no broken-link report for these
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("files, home", [
    ({"a/one.md": "---\ndate: 2024-05-01\n---\n# One\n#alpha\n",
      "b/two.md": "---\ndate: 2024-05-02\n---\n# Two\n#alpha #beta\n"}, "generated"),
    ({"README.md": "# My vault readme\n", "a/one.md": "# One\n"}, "readme"),
], ids=["no-home-note", "root-readme"])
def test_a_vault_without_index_md_has_a_home_page(tmp_path, files, home):
    project = make_project(tmp_path / "p", files)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    root = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    page = root[root.index("<article"):root.index("</article>")]
    if home == "readme":
        assert "My vault readme" in page
    else:
        assert "Recent notes" in page and page.index(">Two<") < page.index(">One<")
        assert 'href="tags/alpha/"' in page and 'href="days/2024-05-02/"' in page
        assert 'href="graph/"' in page


def test_the_build_log_counts_problems_instead_of_burying_everything(tmp_path):
    notes = {f"n{i}.md": f"# N{i}\n[[missing {i}]] [[also missing {i}]]\n" for i in range(40)}
    project = make_project(tmp_path / "p", notes)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("WARNING")]
    assert len(warnings) <= 22, len(warnings)  # 20 shown, then the count
    assert "kb: 80 problems in the notes (80 unresolved-link)" in result.stderr
    assert "not included in the" not in result.stderr  # kb's pages are not in the nav on purpose
    strict = build(project, tmp_path / "site2", "--strict")
    assert strict.returncode != 0


def test_kb_check_and_the_build_agree_on_files(tmp_path):
    import subprocess
    import sys

    project = make_project(tmp_path / "p", {
        "pics/x.png": b"\x89PNG\r\n\x1a\n",
        "a/n.md": "# N\n![by name](x.png) ![from the root|200](/pics/x.png) "
                  "[a pdf](missing.pdf) ![gone](gone.png)\n",
    })
    result = build(project, tmp_path / "site")
    assert result.returncode == 0
    html = article(tmp_path / "site", "a/n")
    assert html.count('src="../../pics/x.png"') == 2 and 'width="200"' in html
    check = subprocess.run([sys.executable, "-m", "kb", "check", "--json"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    import json

    reported = [p["message"] for p in json.loads(check.stdout)]
    assert len(reported) == 2 and any("gone.png" in m for m in reported)
    assert any("missing.pdf" in m for m in reported)
    warned = [ln for ln in result.stderr.splitlines() if "missing.pdf" in ln or "gone.png" in ln]
    assert len(warned) == 2  # the build warns about the same two, and no more


def test_folder_pages_and_breadcrumbs(tmp_path):
    project = make_project(tmp_path / "p", {
        "caixin/01-Papers/2026-07/paper 10.md": "---\ndate: 2026-07-10\n---\n# Paper ten\n",
        "caixin/01-Papers/2026-07/paper 2.md": "---\ndate: 2026-07-02\n---\n# Paper two\n",
        "caixin/02-Notes/n.md": "---\ndate: 2026-08-01\n---\n# A later note\n",
        "top.md": "# Top\n",
    })
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    note = article(site, "caixin/01-Papers/2026-07/paper 2")
    crumbs = re.search(r'<nav class="kb-breadcrumbs"[^>]*>(.*?)</nav>', note).group(1)
    assert [unescape_tags(a) for a in re.findall(r">([^<]+)</a>", crumbs)] == [
        "notes", "caixin", "01-Papers", "2026-07"]
    assert 'href="../../../../folders/caixin/01-papers/2026-07/"' in crumbs
    month = article(site, "folders/caixin/01-papers/2026-07")
    titles = re.findall(r'class="kb-note-link" href="[^"]+">([^<]+)</a>', month)
    assert titles[:2] == ["Paper two", "Paper ten"]  # by name, numbers by value
    caixin = article(site, "folders/caixin")
    assert caixin.index(">01-Papers/<") < caixin.index(">02-Notes/<")
    recent = caixin[caixin.index('id="recent"'):]
    assert recent.index("A later note") < recent.index("Paper ten")  # newest first
    root = article(site, "folders")
    assert ">caixin/<" in root and ">Top<" in root


def unescape_tags(text):
    from html import unescape

    return unescape(text)
