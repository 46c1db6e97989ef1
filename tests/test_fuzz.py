"""Fuzzing with Hypothesis, on a bounded budget in CI. A longer run:

    KB_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py -p no:cacheprovider

* any bytes as a note give a Note and problems, never an exception (front matter included);
* any note renders to HTML in which nothing can run: kb's rendering passes, the real
  Python-Markdown with the site's extensions, then the site's sanitiser;
* any digest or clipping text gives a report that accounts for every input line (or a clean
  refusal of the whole file);
* any query string gives a result or a bad-query error, the same from the index and from the
  notes.
"""

from __future__ import annotations

import os

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import XSS, html_findings
from kb.core.parse import parse_bytes, parse_text
from kb.core.query import Matcher, QueryError
from kb.core.vault import Vault
from kb.importers.clip import parse_clip
from kb.importers.digest import parse_digest
from kb.importers.model import ImportError_
from kb.site.render import Context, MathStore, fill_math, render_body
from kb.site.sanitize import sanitize

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])

_FRONT = st.sampled_from([
    "date: 2024-02-30\n", "date: 2024-01-01T10:00:00+25:00\n", "a: !!int 0xZZ\n",
    "a: !!float nope\n", "a: !!binary a\n", "a: !!timestamp 2024-99-99\n", "tags: [no, on]\n",
    "a: [[[[[[[[\n", "a: " + "[" * 300 + "\n", "- - - - - -\n", "? [a]\n: b\n", "a: &x 1\nb: *x\n",
    "<<: {a: 1}\n", "title: 中文\n", "a: |\n  x\n", "aliases: [a, [b]]\n", "a: {1: 2}\n",
    "date: [[2026-06-06]]\n", "a: !python/object/apply:os.system [ls]\n", "a: !!set {x}\n",
])
_BODY = st.sampled_from([
    "#", "#tag", "#ml/rnn", "#-x", "#1_2", "[[", "]]", "[[a|b]]", "[[a#h]]", "[[#^x)",
    "![[x.png|30]]", "[x](y.md#h)", "[x](javascript:alert(1))", "`", "```", "```python t='\"'",
    "~~~", "$$", "$", "{: onclick=x }", "{ onmouseover=alert(3) }", "*a*", "_b_", "<", ">",
    "<b>", "</b>", "<!--", "-->", "&", "&amp;", "\n", "\n\n", "    ", "> [!note]", "- ", "|",
    "中文", "遗忘门", "^id", "%%", "\\", "\ufeff", *XSS,
])
NOTE = st.tuples(st.lists(_FRONT, max_size=4), st.lists(st.one_of(_BODY, st.text(max_size=6)),
                                                         max_size=40)).map(
    lambda fb: ("---\n" + "".join(fb[0]) + "---\n" if fb[0] else "") + "".join(fb[1]))

_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details",
               "pymdownx.superfences", "pymdownx.highlight", "toc"]


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["n.md", "2024-01-02-n.md", "d/n.ipynb"]))
def test_any_bytes_give_a_note(data, path):
    note = parse_bytes(path, data)
    assert note.path == path and note.title
    assert all(p.line >= 1 and p.message for p in note.problems)


@FUZZ
@given(NOTE)
def test_any_front_matter_gives_a_note(text):
    note = parse_text("n.md", text)
    assert note.title
    assert all(p.line >= 1 and p.message for p in note.problems)


@FUZZ
@given(NOTE, NOTE, st.sampled_from(["a", "<b>x", "*t*{ onclick=x }", "[[t]]"]))
def test_any_note_renders_to_html_that_cannot_run_anything(text, other, title):
    notes = [parse_text("n.md", text), parse_text("a.md", f"# {title}\n{other}"),
             parse_text("b.md", "# B\n![[a]] [[n]]\n")]
    vault = Vault("/v", notes)
    ctx = Context(vault=vault, tag_md_path=lambda k: f"tags/{k}.md", slugify=lambda t: t)
    for note in notes:
        math = MathStore()
        body = render_body(note, ctx, "", math)
        html = sanitize(fill_math(markdown.markdown(body, extensions=_EXTENSIONS), math))
        assert html_findings(html) == [], (text, html)


_LINE = st.sampled_from([
    "2024 08 05, 1000 pm 今日內容", "2024-08-05, 10:00 PM-今日內容",
    "🐿️🐿️🐿️🐿️🐿️下一個筆記🐿️🐿️🐿️🐿️🐿️", "2024-08-05-标题", "2024-08-05-标题…",
    "layout: post title: ‘标题’ date: 2024-08-05T22:00:00+08:00", "#tag #other", "-", "",
    "def f(x):", "return x", "import torch", "[ a_b ]", "( \\alpha )", "Shortcuts for Next Step:",
    "首页 > 文章", "相关文章", "2024-02-01 08:18", "https://example.org/a", "Created", "Tags",
    "阅读 100", "# 标题", *XSS,
])


@FUZZ
@given(st.lists(st.one_of(_LINE, st.text(max_size=20)), min_size=1, max_size=40))
def test_any_digest_or_clipping_accounts_for_every_line(lines):
    text = "\n".join(lines) + "\n"
    for parse in (parse_digest, parse_clip):
        try:
            parsed = parse("in.txt", text)
        except ImportError_ as err:
            assert str(err).startswith("in.txt")
            continue
        assert set(range(1, parsed.total_lines + 1)) <= parsed.accounted()


_QUERY = st.sampled_from(["#rnn", "#ml/rnn", "-#gru", "OR", "(", ")", "-(", '"', '"a b"',
                          "title:x", "date:2024", "date:>2024-01", "date:..2024-02-30", "path:a",
                          "tag:", "中文", "x", "--", "-", " ", "#", "date:", "\\", "%", "_"])


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    from kb.store.index import Index

    root = tmp_path_factory.mktemp("q")
    for i, text in enumerate(["# A\n#rnn x\n", "---\ndate: 2024-01-05\n---\n# B\n#ml/rnn 中文\n",
                              "# C\n#gru \"a b\"\n"]):
        (root / f"n{i}.md").write_text(text, encoding="utf-8")
    index = Index(root, root / "i.sqlite")
    index.refresh()
    yield Vault.load(root), index
    index.close()


@FUZZ
@given(st.lists(st.one_of(_QUERY, st.text(max_size=5)), max_size=12).map(" ".join))
def test_any_query_gives_a_result_or_a_bad_query(small_index, query):
    vault, index = small_index
    try:
        matcher = Matcher(query)
    except QueryError:
        return
    from_notes = [n.path for n in vault.newest_first(n.path for n in vault if matcher(n))]
    assert [n.path for n in index.find(matcher)] == from_notes
