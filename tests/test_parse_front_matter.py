"""Front matter, title and date rules, and front-matter errors with their lines."""

import datetime as dt

import pytest

from kb.core.parse import parse_text


def test_front_matter_fields_and_extra_keys_kept():
    note = parse_text("n.md", "---\ntitle: LSTM\ndate: 2024-07-23\ntags: [a, b]\n"
                              "aliases: [长短期记忆]\nauthor: me\n---\nbody\n")
    assert note.title == "LSTM" and note.title_source == "front-matter"
    assert note.date == dt.date(2024, 7, 23)
    assert [u.name for u in note.tags] == ["a", "b"]
    assert note.aliases == ["长短期记忆"]
    assert note.meta["author"] == "me"
    assert note.body == "body\n" and note.body_line == 8


@pytest.mark.parametrize("value, expected", [
    ("[a, b]", ["a", "b"]),
    ("a, b", ["a", "b"]),
    ("a b", ["a", "b"]),
    ("'#a #b'", ["a", "b"]),
    ("\n  - a\n  - ml/rnn", ["a", "ml/rnn"]),
    ("[2024]", []),  # digits only: reported, not kept
    ("", []),
])
def test_tags_list_or_string(value, expected):
    note = parse_text("n.md", f"---\ntags: {value}\n---\n")
    assert [u.name for u in note.tags] == expected


def test_tag_key_singular_and_alias_key_singular():
    note = parse_text("n.md", "---\ntag: x\nalias: Other Name\n---\n")
    assert [u.name for u in note.tags] == ["x"] and note.aliases == ["Other Name"]


def test_invalid_front_matter_tag_is_reported_with_line():
    note = parse_text("n.md", "---\ntitle: t\ntags: [ok, deep learning]\n---\n")
    assert [u.name for u in note.tags] == ["ok"]
    (p,) = note.problems
    assert (p.line, p.kind) == (3, "invalid-tag") and "deep learning" in p.message


def test_title_from_heading_then_file_name():
    assert parse_text("a/my-note.md", "text\n# Real Title\n").title == "Real Title"
    assert parse_text("a/my-note.md", "## only h2\n").title == "my-note"
    note = parse_text("a/my-note.md", "---\ntitle: ''\n---\n# From Heading\n")
    assert (note.title, note.title_source, note.title_line) == ("From Heading", "heading", 4)


def test_date_keeps_utc_offset_and_day_is_as_written():
    note = parse_text("n.md", "---\ndate: 2024-07-23T23:30:05-04:00\n---\n")
    assert note.date.utcoffset() == dt.timedelta(hours=-4)
    assert note.day == dt.date(2024, 7, 23)  # not moved to the UTC day (the 24th)
    assert note.date_json() == "2024-07-23T23:30:05-04:00"


@pytest.mark.parametrize("value, expected", [
    ("'2024-07-23 11:02'", dt.datetime(2024, 7, 23, 11, 2)),
    ("2024-07-23T11:02:00Z", dt.datetime(2024, 7, 23, 11, 2, tzinfo=dt.UTC)),
    ("{created: 2024-01-02}", dt.date(2024, 1, 2)),  # mkdocs-material blog style
])
def test_date_forms(value, expected):
    assert parse_text("n.md", f"---\ndate: {value}\n---\n").date == expected


def test_date_from_file_name_prefix():
    note = parse_text("daily/2024-08-02-dropout.md", "text")
    assert (note.date, note.date_source) == (dt.date(2024, 8, 2), "file-name")
    assert parse_text("2024-13-45-bad.md", "x").date is None


def test_bad_date_reported():
    note = parse_text("n.md", "---\ntitle: x\ndate: next tuesday\n---\n")
    (p,) = note.problems
    assert (p.line, p.kind) == (3, "bad-date") and not note.broken


def test_invalid_yaml_names_the_line_and_keeps_the_note():
    text = "---\ntitle: ok\ntags: [a, b\nother: x\n---\n# Heading\n#still-a-tag [[Link]]\n"
    note = parse_text("bad.md", text)
    assert note.broken
    (p,) = note.problems
    assert p.kind == "front-matter" and p.line in (3, 4) and str(p).startswith(f"bad.md:{p.line}:")
    assert note.title == "Heading"  # falls back, body still parsed
    assert [u.name for u in note.tags] == ["still-a-tag"] and note.links[0].target == "Link"


def test_front_matter_not_a_mapping():
    note = parse_text("n.md", "---\n- a\n- b\n---\ntext\n")
    assert note.broken and note.problems[0].line == 2


def test_unclosed_front_matter():
    note = parse_text("n.md", "---\ntitle: x\nno end\n")
    assert note.broken and note.problems[0].line == 1
    assert "never closed" in note.problems[0].message


def test_horizontal_rule_later_is_not_front_matter():
    note = parse_text("n.md", "text\n---\ntitle: x\n---\n")
    assert note.meta == {} and note.title == "n"
