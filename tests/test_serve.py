"""kb serve: after an edit, the pages that show the note are rebuilt (and only those)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from site_build import MKDOCS_YML, make_project

pytestmark = pytest.mark.site


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds=60):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path, {
        "a.md": "---\ndate: 2024-01-01\n---\n# A\nsee [[b]]\n",
        "b.md": "---\ntitle: Old Title\ndate: 2024-01-02\n---\n# Old Title\n#old-tag\n",
        "c.md": "---\ndate: 2024-01-03\n---\n# C\nunrelated #other\n",
    }, MKDOCS_YML)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kb", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Old Title" in get(base + "b/"), 120), "kb serve did not start"
        yield project, base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # stopping kb serve stops the server (kb becomes mkdocs; no orphan keeps serving)
    assert wait_for(lambda: get(base + "c/") == "", 10), "the server outlived kb serve"


def test_an_edit_rebuilds_the_pages_that_show_the_note(served):
    project, base = served
    note = project / "notes" / "b.md"
    note.write_text("---\ntitle: New Title\ndate: 2024-02-05\n---\n# New Title\n#new-tag\n",
                    encoding="utf-8")
    assert wait_for(lambda: "New Title" in get(base + "b/"))
    assert "New Title</a>" in get(base + "a/")                      # the note linking to it
    assert "New Title" in get(base + "tags/new-tag/")               # its new tag page
    assert "New Title" in get(base + "days/2024-02-05/")            # its new day
    assert get(base + "tags/old-tag/") == ""                        # the emptied tag is gone
    assert "Old Title" not in get(base + "days/2024-01-02/")
    assert "#new-tag" in get(base + "tags/")                        # the tags index
    # kb's search index follows: the edited note's new title is in it, the old one is gone
    import json

    def documents():
        try:
            meta = json.loads(get(base + "assets/kb/search/meta.json"))
            return [json.loads(get(base + f"assets/kb/search/d/{i}.json"))
                    for i in range(meta["docs"])]
        except ValueError:
            return []

    assert wait_for(lambda: any(d["t"] == "New Title" for d in documents()))
    docs = documents()
    assert {d["u"] for d in docs} == {"a/", "b/", "c/"}
    assert not any("Old Title" in json.dumps(d, ensure_ascii=False) for d in docs)


def _affected_after(make_vault, files, edit):
    from kb.core.vault import Vault
    from kb.site.affected import affected

    root = make_vault(files)
    old = Vault.load(root)
    assert old.backlinks is not None  # resolved, as after a build
    later = time.time_ns() + 2_000_000_000
    for rel, text in edit.items():
        (root / rel).write_text(text, encoding="utf-8")
        os.utime(root / rel, ns=(later, later))
    pages, _gone = affected(old, Vault.load(root, previous=old))
    return pages


FILES = {"a.md": "---\ndate: 2024-01-01\n---\n# A\nsee [[b]]\n",
         "b.md": "---\ndate: 2024-01-02\n---\n# B\n#t text\n## Part\nmore\n",
         "c.md": "# C\n![[b]]\n", "d.md": "# D\n#t\n"}


def test_a_text_edit_rebuilds_the_note_and_the_pages_embedding_it(make_vault):
    pages = _affected_after(make_vault, FILES, {
        "b.md": "---\ndate: 2024-01-02\n---\n# B\n#t other text\n## Part\nchanged\n"})
    assert pages == {"b.md", "c.md"}  # not a.md: its link shows b's title, which is the same


@pytest.mark.parametrize("edit, also", [
    ("---\ndate: 2024-01-02\n---\n# B2\n#t text\n## Part\n", {"a.md", "tags/t.md"}),   # title
    ("---\ndate: 2024-01-02\n---\n# B\n#t #u text\n## Part\n", {"tags/u.md"}),         # a tag
    ("---\ndate: 2024-01-09\n---\n# B\n#t text\n## Part\n", {"days/2024-01-09.md"}),   # the day
    ("---\ndate: 2024-01-02\n---\n# B\n#t text\n## Renamed\n", {"a.md"}),              # heading
    ("---\ndate: 2024-01-02\n---\n# B\n#t [[d]]\n## Part\n", {"d.md"}),                # a link
])
def test_an_edit_other_pages_show_rebuilds_them(make_vault, edit, also):
    pages = _affected_after(make_vault, FILES, {"b.md": edit})
    assert {"b.md", "c.md"} | also <= pages
