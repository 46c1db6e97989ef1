"""Fenced code blocks: languages, info-string options, line numbers, containers."""

from kb.core.parse import parse_info, parse_text


def code(body: str):
    return parse_text("n.md", body).code


def test_fence_lines_and_code():
    (b,) = code("intro\n\n```python\nx = 1\ny = 2\n```\n")
    assert (b.lang, b.line, b.code_line, b.end_line, b.code, b.closed) == (
        "python", 3, 4, 6, "x = 1\ny = 2\n", True)


def test_line_numbers_count_front_matter():
    (b,) = code("---\ntitle: t\n---\n```py\npass\n```\n")
    assert (b.line, b.code_line) == (4, 5)


def test_info_string_options_and_flags():
    (b,) = code('```python test skip title="lstm cell.py" timeout=5\npass\n```\n')
    assert b.flags == ["test", "skip"]
    assert b.options == {"title": "lstm cell.py", "timeout": "5"}
    assert parse_info("{.python .test}") == ("python", ["test"], {})
    assert parse_info("Python") == ("python", [], {})


def test_tilde_and_longer_fences_nest():
    (b,) = code("````markdown\n```python\ninner\n```\n````\n")
    assert b.lang == "markdown" and b.code == "```python\ninner\n```\n"
    (t,) = code("~~~\n```\n~~~\n")
    assert t.code == "```\n"


def test_fence_inside_list_item_is_dedented():
    (b,) = code("1. step one:\n   ```python\n   for i in range(3):\n       print(i)\n   ```\n")
    assert b.code == "for i in range(3):\n    print(i)\n" and b.line == 2


def test_fence_on_list_marker_line():
    (b,) = code("- ```python\n  x = 1\n  ```\n")
    assert b.code == "x = 1\n"


def test_fence_inside_quote_and_callout():
    (b,) = code("> [!note] 代码\n> ```python\n> def f():\n>     return 1\n> ```\n")
    assert b.code == "def f():\n    return 1\n" and b.line == 2 and b.end_line == 5


def test_unclosed_fence_runs_to_end_and_is_reported():
    note = parse_text("n.md", "```python\nx = 1\n#not-a-tag\n")
    (b,) = note.code
    assert not b.closed and b.code == "x = 1\n#not-a-tag\n" and note.tags == []
    assert note.problems[0].kind == "unclosed-fence" and note.problems[0].line == 1


def test_backtick_fence_info_cannot_hold_backticks():
    assert code("```not`a`fence\n") == []


def test_output_block_after_code_is_a_block_too():
    blocks = code("```python\nprint(1)\n```\n\n```output\n1\n```\n")
    assert [b.lang for b in blocks] == ["python", "output"]
