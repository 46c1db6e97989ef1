"""Hashtag rules (Obsidian's): a table of cases, then the places tags must not come from."""

import pytest

from kb.core.parse import clean_tag, parse_text


def tags(body: str) -> list[str]:
    return [u.name for u in parse_text("n.md", body).tags]


@pytest.mark.parametrize("text, expected", [
    ("#lstm", ["lstm"]),
    ("text #lstm more", ["lstm"]),
    ("#lstm #gru", ["lstm", "gru"]),
    ("#ml/rnn", ["ml/rnn"]),
    ("#ml/rnn/", ["ml/rnn"]),
    ("#梯度消失", ["梯度消失"]),
    ("#遗忘门。", ["遗忘门"]),
    ("#lstm.", ["lstm"]),
    ("#lstm,", ["lstm"]),
    ("#lstm,下一句", ["lstm"]),
    ("see #gradient_clipping", ["gradient_clipping"]),
    ("#seq2seq", ["seq2seq"]),
    ("#2024review", ["2024review"]),
    ("#RNN", ["RNN"]),
    ("(#paren)", ["paren"]),
    ("「#引号」", ["引号"]),
    ("中文\uff0c#标签", ["标签"]),  # full-width comma
    ("中文、#顿号", ["顿号"]),
    ("中文,#ascii_comma", []),
    ("**#bold**", ["bold"]),
    ("#हिन्दी", ["हिन्दी"]),
    ("#café", ["café"]),
    ("#tag-with-dash", ["tag-with-dash"]),
    # not tags
    ("# heading", []),
    ("## heading", []),
    ("C# and F#", []),
    ("#123", []),
    ("#1/2", []),
    ("#", []),
    ("a#b", []),
    ("中文#紧贴", []),
    ("https://example.org/page#frag", []),
    ("https://example.org/#/route", []),
    ("<https://example.org/x#y>", []),
    ("`#code`", []),
    ("``#code` still``", []),
    ("[link](#anchor)", []),
    ("[[Note#Heading]]", []),
    ("[[#Heading]]", []),
    ("\\#escaped", []),
    ("&#123; entity", []),
    ("$x_#1$ math", []),
    ("##double", []),
    # Obsidian's answers where kb used to differ (conformance cases, issue 13)
    ("#1_2 and #1-2", ["1_2", "1-2"]),                   # digits with a separator
    ("| a |#uo| b |", ["uo"]),                            # in a table cell
    ("x <!-- #hidden --> #shown", ["shown"]),            # an inline comment
    ('<span style="background: #FFF123">x</span>', []),  # an HTML attribute
    ("$$ #x $$ and #y", ["y"]),                           # inline display math
    ("#a£ #a™", ["a£", "a™"]),                            # currency and other symbols
    ("https://en.wikipedia.org/wiki/Word_(computer_architecture)#Uses_of_words", []),
])
def test_hashtag_table(text, expected):
    assert tags(text) == expected


def test_heading_text_can_hold_tags_but_its_marks_are_not():
    note = parse_text("n.md", "## Gates #lstm\n")
    assert [u.name for u in note.tags] == ["lstm"]
    assert note.headings[0].text == "Gates #lstm"


def test_tags_in_fenced_code_and_math_blocks_are_ignored():
    body = "```python\nx = 1  # comment #notatag\n```\n~~~\n#nope\n~~~\n$$\n#math\n$$\n#yes\n"
    assert tags(body) == ["yes"]


def test_tags_in_html_and_obsidian_comments_are_ignored():
    assert tags("<!--\n#hidden\n-->\n%%\n#hidden2\n%%\n#shown\n") == ["shown"]


def test_tag_line_numbers():
    note = parse_text("n.md", "---\ntitle: x\ntags: [a]\n---\nline five\n#b here\n")
    assert [(u.name, u.line, u.source) for u in note.tags] == [
        ("a", 3, "front-matter"), ("b", 6, "inline")]


def test_one_tag_across_case_and_width():
    note = parse_text("n.md", "#RNN #rnn #Rnn #ＲＮＮ\n")
    assert note.tag_keys == ["rnn"]


@pytest.mark.parametrize("raw, clean", [
    ("#lstm", "lstm"), ("lstm/", "lstm"), ("/ml//rnn/", "ml/rnn"), ("123", None),
    ("has space", None), ("", None), ("a.b", None),
])
def test_clean_tag(raw, clean):
    assert clean_tag(raw) == clean


def test_no_tag_inside_an_html_block():
    assert tags("<div>\n#inside-a-div\n</div>\n\n#after") == ["after"]
    assert tags("<table><tr><td>#cell</td></tr></table>\n\n#after") == ["after"]
