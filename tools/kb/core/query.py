"""The ``kb find`` query language.

    #lstm                 notes tagged lstm (or a tag nested under it: #lstm/cell)
    #lstm #encoder        both (terms side by side must all hold)
    #lstm -#gru           lstm but not gru (``-`` negates any term)
    #lstm OR #gru         either (OR binds tighter than the implicit AND)
    (#rnn OR #gru) 梯度    parentheses group
    遗忘门  forget        words: in the title, aliases or text, case-insensitive, any script
    "forget gate"         a phrase
    title:lstm  path:rnn/  tag:lstm  date:2024-08  date:>=2024-08-01  date:2024-08-01..2024-08-31

Matching is on normalised text (NFKC, case-folded), so full-width and half-width forms match.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from collections.abc import Callable

from .text import key

if TYPE_CHECKING:
    from .note import Note

_TOKEN = re.compile(r'\s*(?:(-?\()|(\))|(-?)"([^"]*)"?|(\S+?)(?=\s|\)|$))')


class QueryError(ValueError):
    """A query that can't be understood (the message says where)."""


class _Node:
    """A node of the query tree; nodes are equal when their fields are (plain classes, not
    dataclasses: ``kb find`` starts faster without importing them)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, f) == getattr(other, f) for f in self.__slots__)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(repr(getattr(self, f)) for f in self.__slots__)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Term(_Node):
    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: str):
        self.kind = kind  # "tag", "word", "title", "path", "date"
        self.value = value


class Not(_Node):
    __slots__ = ("inner",)

    def __init__(self, inner: object):
        self.inner = inner


class And(_Node):
    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = parts


class Or(_Node):
    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = parts


def _tokens(query: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group(1):
            if m.group(1) == "-(":
                out.append(("-", "-"))
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(4) is not None:
            if m.group(3):
                out.append(("-", "-"))
            out.append(("phrase", m.group(4)))
        elif m.group(5):
            out.append(("word", m.group(5)))
    return out


def _term(word: str) -> object:
    neg = False
    while word.startswith("-") and len(word) > 1:
        neg = not neg
        word = word[1:]
    if word.startswith("#") and len(word) > 1:
        term: object = Term("tag", key(word[1:].strip("/")))
    else:
        field, colon, value = word.partition(":")
        if colon and value and field.lower() in ("tag", "title", "path", "date"):
            field = field.lower()
            value = value.lstrip("#") if field == "tag" else value
            term = Term(field, value if field == "date" else key(value))
        else:
            term = Term("word", key(word))
    return Not(term) if neg else term


MAX_TERMS = 500  # a query of more terms is refused (SQLite bounds its expression trees too)
MAX_DEPTH = 50  # parentheses and '-' nested deeper than this are refused


def parse_query(query: str) -> object:
    """Parse a query string into a tree of And/Or/Not/Term; raise QueryError if malformed,
    of more than :data:`MAX_TERMS` terms, or nested deeper than :data:`MAX_DEPTH`."""
    tokens = _tokens(query)
    terms = sum(1 for kind, value in tokens if kind == "phrase" or (
        kind == "word" and value != "OR"))
    if terms > MAX_TERMS:
        raise QueryError(f"too many terms ({terms}; kb find takes at most {MAX_TERMS})")
    if _depth(tokens) > MAX_DEPTH:
        raise QueryError(f"nested too deeply (kb find takes at most {MAX_DEPTH} levels)")
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def parse_and(closing: bool) -> object:
        nonlocal pos
        parts = []
        while True:
            tok = peek()
            if tok is None:
                if closing:
                    raise QueryError("missing ')'")
                break
            if tok[0] == ")":
                if not closing:
                    raise QueryError("unexpected ')'")
                break
            parts.append(parse_or())
        if not parts:
            raise QueryError("empty query" if not closing else "empty parentheses")
        return parts[0] if len(parts) == 1 else And(parts)

    def parse_or() -> object:
        nonlocal pos
        parts = [parse_unary()]
        while (tok := peek()) is not None and tok == ("word", "OR"):
            pos += 1
            if peek() is None or peek()[0] == ")":
                raise QueryError("'OR' needs a term after it")
            parts.append(parse_unary())
        return parts[0] if len(parts) == 1 else Or(parts)

    def parse_unary() -> object:
        nonlocal pos
        tok = peek()
        if tok is None:
            raise QueryError("a term is missing")
        pos += 1
        kind, value = tok
        if kind == "-":
            return Not(parse_unary())
        if kind == "(":
            inner = parse_and(closing=True)
            pos += 1  # the ')'
            return inner
        if kind == "phrase":
            return Term("word", key(value))
        if kind == "word" and value == "OR":
            raise QueryError("'OR' needs a term before it")
        return _term(value)

    tree = parse_and(closing=False)
    return tree


def _depth(tokens: list[tuple[str, str]]) -> int:
    """How deeply parentheses and chained '-' nest (each '-' nests what follows it)."""
    opened: list[int] = []  # the depth each open '(' added, '-'s before it included
    depth = deepest = negations = 0
    for kind, _ in tokens:
        if kind == "-":
            negations += 1
        elif kind == "(":
            opened.append(1 + negations)
            depth += 1 + negations
            negations = 0
        else:
            if kind == ")" and opened:
                depth -= opened.pop()
            negations = 0
        deepest = max(deepest, depth + negations)
    return deepest


def _date_match(note: Note, spec: str) -> bool:
    day = note.day
    if day is None:
        return False
    iso = day.isoformat()
    if ".." in spec:
        lo, _, hi = spec.partition("..")
        return (not lo or iso[:len(lo)] >= lo) and (not hi or iso[:len(hi)] <= hi)
    for op in (">=", "<=", ">", "<"):
        if spec.startswith(op):
            value = spec[len(op):]
            head = iso[:len(value)]
            return {">=": head >= value, "<=": head <= value,
                    ">": head > value, "<": head < value}[op]
    return iso.startswith(spec)


class Matcher:
    """A compiled query: ``matcher(note)`` says whether the note matches."""

    def __init__(self, query: str):
        self.query = query
        self.tree = parse_query(query)
        self._fn = _compile(self.tree)

    def __call__(self, note: Note, text: Callable[[Note], str] | None = None,
                 word: Callable[[str], bool] | None = None) -> bool:
        """Does ``note`` match? ``text`` gives a note's normalised text (default: from its body);
        ``word`` answers word terms directly (the persisted index does it in SQLite)."""
        if word is None:
            cache: list[str] = []

            def word(value: str) -> bool:
                if not cache:
                    cache.append(text(note) if text else search_text(note))
                return value in cache[0]

        return self._fn(note, word)


def _compile(node: object) -> Callable:
    """The query tree as nested closures, built once per query (cheap per note)."""
    if isinstance(node, And):
        parts = [_compile(p) for p in sorted(node.parts, key=_cost)]  # cheap terms first
        return lambda n, w: all(f(n, w) for f in parts)
    if isinstance(node, Or):
        parts = [_compile(p) for p in node.parts]
        return lambda n, w: any(f(n, w) for f in parts)
    if isinstance(node, Not):
        inner = _compile(node.inner)
        return lambda n, w: not inner(n, w)
    assert isinstance(node, Term)
    v = node.value
    if node.kind == "tag":
        prefix = v + "/"
        return lambda n, w: any(t == v or t.startswith(prefix) for t in n.tag_keys)
    if node.kind == "word":
        return lambda n, w: w(v)
    if node.kind == "title":
        return lambda n, w: v in key(n.title) or any(v in key(a) for a in n.aliases)
    if node.kind == "path":
        return lambda n, w: v in key(n.path)
    if node.kind == "date":
        return lambda n, w: _date_match(n, v)
    return lambda n, w: False


def _cost(node: object) -> int:
    if isinstance(node, Term):
        return 1 if node.kind == "word" else 0
    if isinstance(node, Not):
        return _cost(node.inner)
    return 1


def search_text(note: Note) -> str:
    """The normalised text that words are matched in: title, aliases, path and body."""
    return key("\n".join([note.title, *note.aliases, note.path, note.body]))
