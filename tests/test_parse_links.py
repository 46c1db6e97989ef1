"""Wikilinks, embeds and Markdown links: every form, with line numbers."""

import pytest

from kb.core.parse import parse_text


def links(body: str):
    return parse_text("dir/n.md", body).links


@pytest.mark.parametrize("text, target, heading, block, shown, embed", [
    ("[[Note]]", "Note", None, None, None, False),
    ("[[Note|shown text]]", "Note", None, None, "shown text", False),
    ("[[Note#Heading]]", "Note", "Heading", None, None, False),
    ("[[Note#Heading|shown]]", "Note", "Heading", None, "shown", False),
    ("[[Note#H1#H2]]", "Note", "H2", None, None, False),
    ("[[#Heading]]", "", "Heading", None, None, False),
    ("[[Note#^block-1]]", "Note", None, "block-1", None, False),
    ("![[Note]]", "Note", None, None, None, True),
    ("![[image.png]]", "image.png", None, None, None, True),
    ("![[image.png|300]]", "image.png", None, None, "300", True),
    ("[[LSTM 的门]]", "LSTM 的门", None, None, None, False),
    ("| [[Note\\|alias]] |", "Note", None, None, "alias", False),
    ("[[ spaced ]]", "spaced", None, None, None, False),
])
def test_wikilink_forms(text, target, heading, block, shown, embed):
    (link,) = links(text)
    assert (link.target, link.heading, link.block, link.text, link.embed, link.kind) == (
        target, heading, block, shown, embed, "wiki")


@pytest.mark.parametrize("text, target, heading", [
    ("[x](other.md)", "other.md", None),
    ("[x](../up/other.md#sec)", "../up/other.md", "sec"),
    ("[x](other%20note.md)", "other note.md", None),
    ("[x](<other note.md>)", "other note.md", None),
    ('[x](other.md "a title")', "other.md", None),
    ("[x](book.ipynb)", "book.ipynb", None),
    ("[x](/abs/other.md)", "/abs/other.md", None),
    ("[x](#anchor)", "", "anchor"),                       # a heading of this note
    ("[x](My Note.md#Some heading)", "My Note.md", "Some heading"),  # raw spaces (Obsidian)
    ("[x](My%20Note.md#Some%20heading)", "My Note.md", "Some heading"),
])
def test_markdown_links_to_notes(text, target, heading):
    (link,) = links(text)
    assert (link.kind, link.target, link.heading) == ("markdown", target, heading)


@pytest.mark.parametrize("text", [
    "[x](https://example.org/a.md)", "[x](mailto:a@b.c)", "[x](a b.png)",
    "`[[code]]`", "```\n[[in fence]]\n```",
])
def test_not_links(text):
    assert links(text) == []


def test_link_lines_and_several_per_line():
    found = links("first\n[[A]] and [[B|b]] and [c](c.md)\n\n![[D]]\n")
    assert [(k.target, k.line) for k in found] == [("A", 2), ("B", 2), ("c.md", 2), ("D", 4)]


def test_link_raw_round_trips_for_messages():
    (a, b, c) = links("[[N#H|t]] ![[img.png]] [[N#^b]]")
    assert (a.raw, b.raw, c.raw) == ("[[N#H|t]]", "![[img.png]]", "[[N#^b]]")


def test_block_ids_and_headings_are_recorded():
    note = parse_text("n.md", "# Title\n\n## 小节 Section\ntext ^abc-1\n")
    assert [(h.level, h.text, h.line) for h in note.headings] == [(1, "Title", 1),
                                                                    (2, "小节 Section", 3)]
    assert note.blocks == ["abc-1"]


def test_links_to_files_of_the_vault_are_links_too():
    (link,) = links("![a picture](pics/x.png)")
    assert (link.kind, link.target, link.embed, link.text) == ("markdown", "pics/x.png", True,
                                                               "a picture")
