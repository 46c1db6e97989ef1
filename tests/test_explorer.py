"""The folder explorer's data (kb.site.explorer): the tree the sidebar draws, and the paths the
script makes from it, checked against the pages mkdocs writes."""

import json
import posixpath

import pytest

from site_build import build, make_project
from kb.core.vault import Vault
from kb.site.explorer import tree

pytestmark = pytest.mark.site


def test_notes_named_by_their_file_are_stored_short_the_others_with_title_and_url(make_vault):
    root = make_vault({"a/note 2.md": "no heading: titled by its file\n", "a/note 10.md": "---\ntitle: Ten\n---\n",
                       "a/index.md": "# A's home\n", "b/c/deep.md": "# deep\n", "top.md": "x"})
    vault = Vault.load(root)
    url = lambda p: "" if p == "index.md" else posixpath.splitext(p)[0].removesuffix(
        "/index") + "/"
    data = tree(vault, lambda p: url(p) if p.endswith(".md") else "folders/" + p + "/")
    a, b, top = data["tree"]
    assert a[0] == "a" and b[0] == "b" and top == "top"  # folders first, then notes
    names = [n if isinstance(n, str) else n[0] for n in a[2]]
    assert names == [vault.notes["a/index.md"].title, "note 2", "Ten"]  # numbers by value
    assert a[2][1] == "note 2" and a[2][2] == ["Ten", "note 10/"]  # short unless it must
    assert a[2][0][1] == ""  # a/index.md is the folder's own URL
    assert b[2][0][0] == "c" and b[2][0][2] == ["deep"]


def test_every_url_the_script_makes_is_a_page_of_the_site(tmp_path):
    """The explorer's links, made the way kb-explorer.js makes them, point at pages mkdocs
    wrote: names with spaces, CJK, '#', '%', an index note and folder pages."""
    notes = {"读书/第 1 章.md": "# 一\n", "读书/C# notes.md": "# C sharp\n",
             "读书/100% sure.md": "# sure\n", "a/index.md": "# A\n", "a/b/x.md": "# x\n",
             "top.md": "# top\n"}
    project = make_project(tmp_path, notes)
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads((project / "site/assets/kb/explorer.json").read_text(encoding="utf-8"))

    def urls(children, prefix):
        for node in children:
            if isinstance(node, list) and len(node) == 3:
                yield node[1]
                yield from urls(node[2], prefix + node[0] + "/")
            elif isinstance(node, str):
                yield prefix + node + "/"
            else:
                yield node[1][1:] if node[1].startswith("/") else prefix + node[1]

    found = list(urls(data["tree"], ""))
    assert len(found) == len(notes) + 3  # every note and every folder (读书, a, a/b)
    for url in found:
        assert (project / "site" / url / "index.html").is_file(), url
