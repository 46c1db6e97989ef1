"""The site, built by the real mkdocs with the kb plugin: assertions on the generated HTML."""

import json
import re
from html import unescape

import pytest

from conftest import ROOT
from site_build import build, make_project
from kb.core.vault import Vault

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    site = tmp_path_factory.mktemp("demo-site")
    result = build(ROOT, site, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def vault():
    """The demo vault as kb reads it: what the pages should show is derived from it."""
    return Vault.load(ROOT / "notes")


def page(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html):
    return html[html.index("<article"):html.index("</article>")]


def test_note_page_has_tags_links_backlinks_related_and_graph(demo):
    html = article(page(demo, "rnn/lstm"))
    meta = html[html.index('class="kb-meta"'):]
    meta = meta[:meta.index("</div>")]
    assert 'href="../../tags/lstm/">#lstm</a>' in meta
    assert 'href="../../tags/rnn/lstm/">#rnn/lstm</a>' in meta       # nested
    assert "#遗忘门</a>" in meta                                       # inline CJK tag
    assert 'href="../../days/2024-07-24/">2024-07-24 10:20</a>' in meta
    assert '<a class="kb-link" href="../rnn/">RNN</a>' in html        # [[…|RNN]]
    # a heading link becomes the heading's unicode anchor on the target page
    anchor = re.search(r'href="\.\./vanishing-exploding-gradients/#([^"]+)"', html).group(1)
    assert f'id="{anchor}"' in page(demo, "rnn/vanishing-exploding-gradients")
    footer = html[html.index('class="kb-footer"'):]
    backlinks = footer[footer.index('id="kb-backlinks"'):footer.index('id="kb-related"')]
    assert 'href="../gru/">GRU</a>' in backlinks
    assert 'href="../../basics/tanh-and-activations/">tanh 和激活函数</a>' in backlinks
    assert 'class="kb-graph-local"' in footer and "<title>GRU</title>" in footer


def test_tag_line_is_not_a_heading(demo):
    html = article(page(demo, "rnn/lstm"))
    assert "<h1" in html and html.count("<h1") == 1
    assert not re.search(r"<h1[^>]*>\s*<a class=\"kb-tag", html)


def test_tags_index_and_tag_pages_newest_first(demo, vault):
    index = article(page(demo, "tags"))
    count, total = vault.tags["rnn"].count, vault.tag_total("rnn")
    shown = f"{count}" if count == total else f"{count} · {total}"
    assert f'href="rnn/">#rnn</a> <span class="kb-count">{shown}</span>' in index
    assert 'href="rnn/lstm/">#rnn/lstm</a>' in index  # nested under #rnn
    rnn = article(page(demo, "tags/rnn"))
    dates = re.findall(r'<span class="kb-date">([\d\- :]+)</span>', rnn)
    dated = [p for p in vault.notes_with_tag("rnn") if vault.notes[p].date is not None]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(dated) > 1
    assert "Nested tags" in rnn and 'href="lstm/">#rnn/lstm</a>' in rnn
    softmax = article(page(demo, "tags/softmax"))
    assert "Written as #softmax, #Softmax" in softmax  # one tag across case


def test_day_pages_and_calendar(demo, vault):
    busy = max(vault.days, key=lambda d: (len(vault.days[d]), d))  # the day with most notes
    day = article(page(demo, f"days/{busy}"))
    titles = [unescape(t) for t in
              re.findall(r'class="kb-note-link" href="[^"]+">([^<]+)</a>', day)]
    assert titles == [vault.notes[p].title for p in vault.days[busy]]  # in the order of the day
    stamps = [vault.notes[p].sort_stamp() for p in vault.days[busy]]
    assert stamps == sorted(stamps) and len(titles) > 1
    days = sorted(vault.days)
    if days.index(busy) > 0:
        before = days[days.index(busy) - 1]
        assert f'href="../{before}/">← {before}</a>' in day
    calendar = article(page(demo, "days"))
    n = len(vault.days[busy])
    assert re.search(rf'<td class="kb-l\d"><a href="{busy}/" title="{busy}: {n} notes">',
                     calendar)
    months = {(d.year, d.month) for d in vault.days}
    assert calendar.count('<section class="kb-month">') == len(months)


def test_graph_page_has_every_note_and_link(demo, vault):
    html = page(demo, "graph")
    data = json.loads(re.search(r'<script type="application/json" id="kb-graph-data">(.*?)'
                                r"</script>", html, re.S).group(1))
    assert sorted(n["title"] for n in data["nodes"]) == sorted(n.title for n in vault)
    links = {(s, rl.target) for s, ls in vault.links.items() for rl in ls
             if rl.target and rl.is_note and rl.target != s}
    assert len(data["edges"]) == len(links) > len(vault)
    assert '<canvas id="kb-graph"' in html and "assets/kb/kb-graph.js" in html
    assert "https://" not in re.sub(r'(xmlns|href)="https?://[^"]*"', "", html.split(
        "</footer>")[0]).replace("https://squidfunk", "")


def test_math_is_rendered_offline_as_mathml(demo):
    html = article(page(demo, "transformer/attention"))
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert "<msqrt>" in html and "KBMATH" not in html
    assert "$$" not in html and "\\frac" not in html
    head = page(demo, "transformer/attention").split("<body")[0]
    assert "mathjax" not in head.lower() and "katex" not in head.lower()
    assert "fonts.googleapis" not in page(demo, "transformer/attention")


def test_code_blocks_setup_hidden_and_badges(tmp_path):
    project = make_project(tmp_path, {"n.md": """\
        # N
        ```python setup
        secret_setup = 1
        ```

        ```python test title="check.py"
        assert True
        ```

        ```python
        print(2)
        ```
        """})
    (project / ".kb").mkdir()
    (project / ".kb/snippet-results.json").write_text(json.dumps({"notes": {"notes/n.md": {
        "blocks": [{"key": "6[test]", "line": 6, "role": "test", "outcome": "passed"},
                   {"key": "10", "line": 10, "role": "code", "outcome": "failed"}]}}}),
        encoding="utf-8")
    assert build(project, tmp_path / "site").returncode == 0
    html = article(page(tmp_path / "site", "n"))
    assert "secret_setup" not in html
    assert html.count('class="kb-badge kb-passed"') == 1
    assert html.count('class="kb-badge kb-failed"') == 1
    assert '<span class="filename">check.py</span>' in html


EDGE = {
    "index.md": "# Home\n[[Evil]] [[Missing Note]] [[Other#Sub Heading|see sub]]\n",
    "evil.md": "---\ntitle: \"<script>alert(1)</script> Evil\"\naliases: [Evil]\n---\n"
               "#<b>x</b> text #safe-tag\n",
    "other.md": "---\ntitle: Other\n---\n# Other\n\n## Sub Heading\n\ntext ^blk\n\n"
                "#123 is not a heading\n#tag-line #second\n\n![[Embedded]]\n\n![[pic.png|120]]\n",
    "embedded.md": "# Embedded\nembedded body with [[Other]] link\n",
    "pic.png": b"\x89PNG\r\n\x1a\n",
    "broken.md": "---\ntitle: [unclosed\n---\n# Broken\nstill builds #broken-tag\n",
}


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("edge"), EDGE)
    result = build(root, root / "site")
    return root, result


def test_titles_and_tags_are_escaped_everywhere(edge):
    root, result = edge
    assert result.returncode == 0, result.stderr
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        assert "<script>alert(1)</script>" not in path.read_text(encoding="utf-8"), path
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Evil"
    assert escaped in article(page(root / "site", "tags/safe-tag"))
    assert '"title": "\\u003cscript>alert(1)\\u003c/script> Evil"' in page(root / "site", "graph")
    own = page(root / "site", "evil")
    assert f"<title>{escaped}" in own and f"<h1>{escaped}</h1>" in own


def test_unresolved_links_are_marked_and_warned(edge):
    root, result = edge
    home = article((root / "site/index.html").read_text(encoding="utf-8"))
    assert '<span class="kb-unresolved" title="no note named Missing Note">Missing Note</span>' \
        in home
    assert "index.md:2: unresolved link [[Missing Note]]" in result.stderr
    strict = build(root, root / "site-strict", "--strict")
    assert strict.returncode != 0


def test_bad_note_is_reported_and_the_rest_builds(edge):
    root, result = edge
    assert "broken.md:2: invalid YAML front matter" in result.stderr
    assert (root / "site/broken/index.html").exists()
    assert (root / "site/tags/broken-tag/index.html").exists()


def test_heading_links_hash_lines_embeds_and_images(edge):
    root, _ = edge
    home = article((root / "site/index.html").read_text(encoding="utf-8"))
    assert 'href="other/#sub-heading">see sub</a>' in home
    other = article(page(root / "site", "other"))
    assert 'id="sub-heading"' in other
    assert "<h1" in other and "#123 is not a heading" in other and other.count("<h1") == 1
    assert 'class="kb-embed"' in other and "embedded body with" in other
    assert re.search(r'<img alt="pic.png" src="../pic.png" width="120"', other)


def test_notebook_page_is_tagged_linked_and_has_math(demo):
    html = page(demo, "notebooks/tanh-vs-sigmoid")
    body = article(html)
    assert 'class="kb-meta"' in body and 'href="../../tags/notebook/">#notebook</a>' in body
    assert '<a class="kb-link" href="../../basics/tanh-and-activations/">tanh</a>' in body
    assert "[[" not in body and "<math" in body
    assert not re.search(r'<script[^>]+src="https?://', html)          # no CDN
    tanh = article(page(demo, "basics/tanh-and-activations"))
    assert 'href="../../notebooks/tanh-vs-sigmoid/"' in tanh            # linked both ways


def test_the_local_graph_names_do_not_cover_each_other(demo):
    from kb.core.text import display_width

    svg = page(demo, "rnn/lstm").split('class="kb-graph-local"', 1)[1].split("</svg>", 1)[0]
    boxes = []
    for x, y, anchor, label in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">([^<]*)</text>', svg):
        width = display_width(unescape(label)) * 6.5  # 12px text: about 6.5 per column
        left = float(x) - {"start": 0, "end": width, "middle": width / 2}[anchor]
        boxes.append((left, float(y) - 11, left + width, float(y) + 2))
    assert len(boxes) > 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_a_preview_is_the_first_paragraph_as_plain_text():
    from kb.site.previews import first_paragraph, shard_of

    body = ("# Title\n\n```python\nx = 1\n```\n\n**LSTM** keeps a [[cell state|memory]] and "
            "[links](x.md) with `code` and $f_t$ <b>html</b>\nsecond line\n\nnext paragraph\n")
    assert first_paragraph(body) == ("LSTM keeps a memory and links with code and f_t html "
                                     "second line")
    assert len(first_paragraph("word " * 200)) <= 280
    assert shard_of("rnn/lstm/") == shard_of("rnn/lstm/") and 0 <= shard_of("遗忘门/") < 64


URLS = ["", "a/", "a/b/", "a/b/c/", "x/y.html", "a/index.html", "b/", "a/bc/", "tags/ml/rnn/",
        "a/b/c/d/", "folders/", "%E4%B8%AD/", "sitemap.xml", "a/b.png", "tags/ml/"]


def test_relative_links_are_mkdocs_own():
    """kb makes half a million relative links on a big vault without mkdocs' path
    normalisation; each is the one mkdocs' get_relative_url gives."""
    from mkdocs.utils import get_relative_url
    from kb.site.plugin import KbPlugin

    plugin = KbPlugin.__new__(KbPlugin)
    plugin._urls, plugin._dirs = {u: u for u in URLS}, {}
    assert [plugin.href(f, t) for f in URLS for t in URLS] == [
        get_relative_url(t, f) for f in URLS for t in URLS]


def test_note_paths_relative_to_a_folder_are_posixpaths_own():
    import posixpath

    from kb.site.render import rel

    paths = ["a.md", "x/a.md", "x/y/b.md", "x/z/c.md", "q/w.md", "x/y/z/d.md", "中/文.md",
             "x/y", "x/../y.md", "./a.md"]
    folders = ["", "x", "x/y", "q", "x/y/z", "中", "x/y/z/w"]
    assert [rel(p, d) for p in paths for d in folders] == [
        posixpath.relpath(p, d or ".") for p in paths for d in folders]
