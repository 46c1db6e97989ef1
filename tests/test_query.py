"""The kb find query language."""

import pytest

from kb.core.query import Matcher, QueryError
from kb.core.vault import Vault


@pytest.fixture
def vault(make_vault):
    return Vault.load(make_vault({
        "lstm.md": "---\ndate: 2024-07-24\n---\n# LSTM 的门\n遗忘门 forget gate #lstm #encoder\n",
        "gru.md": "---\ndate: 2024-07-25\n---\n# GRU\nupdate gate #gru #encoder\n",
        "nested.md": "---\ndate: 2024-08-01\n---\n# Nested\n#rnn/lstm deep\n",
        "rnn.md": "---\ndate: 2023-12-31\n---\n# RNN basics\nshort memory #RNN\n",
        "plain.md": "# Undated\nＦＵＬＬ width text and \"a phrase here\"\n",
    }))


def find(vault, query):
    m = Matcher(query)
    return sorted(n.path for n in vault if m(n))


@pytest.mark.parametrize("query, expected", [
    ("#lstm", ["lstm.md"]),
    ("#LSTM", ["lstm.md"]),
    ("#lstm #encoder", ["lstm.md"]),
    ("#encoder -#gru", ["lstm.md"]),
    ("#lstm OR #gru", ["gru.md", "lstm.md"]),
    ("#rnn", ["nested.md", "rnn.md"]),          # nested tags match their parent
    ("#rnn/lstm", ["nested.md"]),
    ("-#encoder", ["nested.md", "plain.md", "rnn.md"]),
    ("遗忘门", ["lstm.md"]),
    ("遗忘", ["lstm.md"]),
    ("GATE", ["gru.md", "lstm.md"]),
    ("gate -forget", ["gru.md"]),
    ('"forget gate"', ["lstm.md"]),
    ('"gate forget"', []),
    ("full width", ["plain.md"]),               # NFKC: ＦＵＬＬ = full
    ("title:lstm", ["lstm.md"]),
    ("path:gru", ["gru.md"]),
    ("tag:#gru", ["gru.md"]),
    ("date:2024-07", ["gru.md", "lstm.md"]),
    ("date:>=2024-07-25", ["gru.md", "nested.md"]),
    ("date:<2024", ["rnn.md"]),
    ("date:2024-07-01..2024-07-24", ["lstm.md"]),
    ("(#lstm OR #gru) update", ["gru.md"]),
    ("-(#lstm OR #gru) #encoder", []),
    ("#rnn OR #gru #encoder", ["gru.md"]),     # OR binds tighter than AND
])
def test_queries(vault, query, expected):
    assert find(vault, query) == expected


@pytest.mark.parametrize("query, message", [
    ("", "empty query"), ("(", "missing ')'"), ("a )", "unexpected ')'"),
    ("OR a", "before"), ("a OR", "after"), ("()", "empty"),
])
def test_bad_queries(query, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Matcher(query)


def test_newest_first(vault):
    m = Matcher("-#nothing")
    assert [n.path for n in vault.newest_first(n.path for n in vault if m(n))] == [
        "nested.md", "gru.md", "lstm.md", "rnn.md", "plain.md"]
