"""Property-based tests: the parser never raises, and what it reports is consistent."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.core.parse import VALID_TAG, parse_bytes, parse_text
from kb.core.query import Matcher, QueryError
from kb.core.text import key, safe_filename

# Text biased towards the syntax the parser cares about, mixed with arbitrary unicode.
_PIECES = st.sampled_from([
    "#", "##", "# ", "#tag", "#ml/rnn", "#123", "C#", "[[", "]]", "[[a|b]]", "![[x.png]]",
    "[x](y.md)", "](", "`", "``", "```", "```python", "~~~", "$$", "$", "---", "...", ">",
    "> [!note]", "- ", "1. ", "\n", "\r\n", "\r", "\t", "    ", "中文", "遗忘门", "^id", "%%",
    "<!--", "-->", "title: x", "tags: [a", "date: 2024-13-45", ":", "|", "\\", "\ufeff", "\x00",
])
TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["n.md", "2024-01-02-n.md", "dir/n.ipynb"]))
def test_parse_text_never_raises_and_is_consistent(text, path):
    note = parse_text(path, text)
    n_lines = text.count("\n") + 2
    assert note.title
    for use in note.tags:
        assert VALID_TAG.fullmatch(use.name) and not use.name.startswith("/")
        assert 1 <= use.line <= max(n_lines, 1) or note.kind == "notebook"
    for link in note.links:
        assert link.line >= 1
    for block in note.code:
        assert block.line <= block.code_line <= block.end_line + 1
    for problem in note.problems:
        assert problem.path == path and problem.line >= 1 and problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_parse_bytes_never_raises(data):
    note = parse_bytes("n.md", data)
    assert note.size == len(data)
    assert all(p.kind in {"encoding", "front-matter", "unclosed-fence", "invalid-tag",
                          "bad-date"} for p in note.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + "#-() \"中文", max_size=30))
def test_query_parser_raises_only_query_errors(query):
    try:
        Matcher(query)
    except QueryError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_safe_filename_is_safe(title):
    name = safe_filename(title)
    assert name and len(name.encode("utf-8")) <= 180
    assert not set('/\\:*?"<>|\x00') & set(name)
    assert name == name.strip(" .") or name.startswith("_")


@given(st.text(max_size=50))
def test_key_is_idempotent(text):
    assert key(key(text)) == key(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["lstm", "RNN", "ml/rnn", "梯度", "Ｇru"]), min_size=1, max_size=6))
def test_tags_written_are_tags_found(names):
    text = "intro\n" + " ".join("#" + n for n in names) + "\n"
    found = [u.name for u in parse_text("n.md", text).tags]
    assert found == names
