"""Bytes and files: BOM, CRLF, non-UTF-8, notebooks."""

import json

from kb.core.parse import parse_bytes, parse_text


def test_bom_and_crlf():
    data = "\ufeff---\r\ntitle: 标题\r\n---\r\nline #tag\r\n".encode("utf-8")
    note = parse_bytes("n.md", data)
    assert note.title == "标题" and note.tags[0].name == "tag" and note.tags[0].line == 4
    assert "\r" not in note.body and not note.problems


def test_old_mac_line_endings():
    note = parse_bytes("n.md", b"# T\r#tag\r")
    assert note.title == "T" and note.tags[0].line == 2


def test_non_utf8_is_reported_not_raised():
    data = "# 标题\n第二行 #ok\n".encode("gbk")
    note = parse_bytes("gbk.md", data)
    assert note.broken
    (p,) = note.problems
    assert p.kind == "encoding" and p.line == 1 and "not UTF-8" in p.message
    assert str(p).startswith("gbk.md:1: ")


def test_non_utf8_error_names_the_right_line():
    note = parse_bytes("n.md", b"ok\nok\nbad \xff here\n")
    assert note.problems[0].line == 3


def _notebook(**meta):
    return json.dumps({
        "cells": [
            {"cell_type": "markdown", "source": ["# Notebook Title\n", "text [[Other]] #nb-tag\n"]},
            {"cell_type": "code", "source": "%matplotlib inline\nx = 1", "outputs": []},
            {"cell_type": "raw", "source": "ignored #raw"},
            {"cell_type": "code", "source": ["print(x)"], "outputs": []},
        ],
        "metadata": {"kernelspec": {"language": "python"}, **meta},
        "nbformat": 4, "nbformat_minor": 5,
    })


def test_notebook_title_tags_links_and_cells():
    note = parse_text("nb/2024-01-02-book.ipynb", _notebook())
    assert note.kind == "notebook"
    assert (note.title, note.title_source) == ("Notebook Title", "heading")
    assert [(u.name, u.line) for u in note.tags] == [("nb-tag", 1)]
    assert [(k.target, k.line) for k in note.links] == [("Other", 1)]
    assert [(c.cell, c.lang, c.code) for c in note.code] == [
        (2, "python", "%matplotlib inline\nx = 1\n"), (4, "python", "print(x)\n")]
    assert str(note.date) == "2024-01-02"


def test_notebook_metadata_title_tags_date():
    note = parse_text("b.ipynb", _notebook(title="From Meta", tags=["a", "b"], date="2024-05-06"))
    assert (note.title, note.title_source) == ("From Meta", "notebook-metadata")
    assert [u.name for u in note.tags][:2] == ["a", "b"]
    assert str(note.date) == "2024-05-06"


def test_broken_notebook_json():
    note = parse_text("b.ipynb", '{"cells": [')
    assert note.broken and note.problems[0].kind == "unreadable"
    assert note.title == "b"
