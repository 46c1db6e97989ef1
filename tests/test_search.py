"""kb's site search index (kb.site.search): its words, its files, and the build that writes
them. The browser side is in test_search_browser.py."""

import json
from pathlib import Path

import pytest

from site_build import build, make_project
from kb.core.vault import Vault
from kb.site.search import (CHUNK_BYTES, TAG, TEXT, TITLE, SearchIndex, _words, literal_matches,
                            note_terms, plain_text)


def test_words_of_latin_identifiers_and_cjk_runs():
    words = list(_words("MultiheadAttention hidden_size LSTM遗忘门 Ｑ,Ｋ café getHTTPResponse"))
    assert {"multiheadattention", "multihead", "attention"} <= set(words)
    assert {"hidden_size", "hidden", "size"} <= set(words)
    assert {"lstm", "遗", "忘", "门", "遗忘", "忘门"} <= set(words)  # every char and pair
    assert "遗忘门" not in words  # longer words are found through their pairs
    assert {"q", "k", "café"} <= set(words)  # full-width folded; accents kept whole
    assert {"get", "http", "response"} <= set(words)


def test_fields_say_title_tag_or_text_and_how_often(make_vault):
    root = make_vault({"n.md": "---\naliases: [Gates]\n---\n# LSTM notes\n"
                               "The forget gate. gate gate gate gate #ml/rnn\n"})
    vault = Vault.load(root)
    terms = note_terms(vault, "n.md")
    assert terms["lstm"] & TITLE and terms["gates"] & TITLE
    assert terms["gate"] & TEXT and terms["gate"] >> 3 == 3  # counted, capped at 3
    assert terms["#ml/rnn"] & TAG and terms["rnn"] & TAG


def _decode(folder: Path) -> dict[str, dict[int, int]]:
    """term -> {doc: tf * 8 + fields}, read back from the files as the browser reads them."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    out: dict[str, dict[int, int]] = {}
    last = None
    for i, first in enumerate(meta["chunks"]):
        text = (folder / "t" / f"{i}.json").read_text(encoding="utf-8")
        chunk = json.loads(text)
        terms = list(chunk)
        assert terms[0] == first
        assert len(text.encode()) <= CHUNK_BYTES + 200 or len(terms) == 1
        for term in terms:  # in the browser's string order (UTF-16 code units)
            assert last is None or last.encode("utf-16-be") < term.encode("utf-16-be")
            last = term
            doc, postings = 0, {}
            for v in map(int, chunk[term].split(",")):
                doc += v // 32
                postings[doc] = v % 32
            out[term] = postings
    return out


def _vault(make_vault, n=60):
    files = {}
    for i in range(n):
        files[f"d{i % 4}/n{i:03d}.md"] = (
            f"---\ndate: 2024-01-{i % 28 + 1:02d}\ntags: [t{i % 5}]\n---\n# Note {i}\n"
            f"扩散模型 {i} 和 {'高斯泼溅' if i % 3 == 0 else '模型'}; attention{'s' * (i % 2)} "
            f"{'x' * (i % 7)} 😀 𠀋字\n")
    return Vault.load(make_vault(files))


def test_postings_hold_exactly_the_notes_with_each_term(make_vault, tmp_path):
    vault = _vault(make_vault)
    index = SearchIndex()
    index.write(vault, tmp_path, lambda p: p[:-3] + "/")
    folder = tmp_path / "assets/kb/search"
    decoded = _decode(folder)
    docs = {int(p.stem): json.loads(p.read_text(encoding="utf-8"))
            for p in (folder / "d").glob("*.json")}
    by_url = {d["u"]: i for i, d in docs.items()}
    expected: dict[str, dict[int, int]] = {}
    for path in vault.notes:
        for term, value in note_terms(vault, path).items():
            expected.setdefault(term, {})[by_url[path[:-3] + "/"]] = value
    assert decoded == expected
    # numbered oldest first (the newest note has the highest number)
    order = [docs[i]["u"] for i in sorted(docs)]
    newest = vault.newest_first(vault.notes)
    assert order[-1] == newest[0].path[:-3] + "/" and order[0] == newest[-1].path[:-3] + "/"


def test_a_serve_rebuild_writes_only_what_changed(make_vault, tmp_path):
    root = make_vault({f"n{i}.md": f"---\ndate: 2024-01-{i + 1:02d}\n---\n# N{i}\nword{i} 文本\n"
                       for i in range(20)})
    index = SearchIndex()
    first = index.write(Vault.load(root), tmp_path, lambda p: p)
    assert first["files_written"] == first["docs"] + first["chunks"] + 1
    (root / "n30.md").write_text("---\ndate: 2024-02-01\n---\n# Newest\nfresh 文本\n",
                                 encoding="utf-8")
    second = index.write(Vault.load(root), tmp_path, lambda p: p, fresh=False)
    # the new note's file, the chunks holding its words, meta.json: not the other notes
    assert second["docs"] == 21 and second["files_written"] < 10
    doc = json.loads((tmp_path / "assets/kb/search/d/20.json").read_text(encoding="utf-8"))
    assert doc["t"] == "Newest"


def test_ground_truth_is_literal(make_vault):
    vault = _vault(make_vault)
    assert literal_matches(vault, "高斯泼溅") == {p for p in vault.notes
                                               if "高斯泼溅" in vault.notes[p].body}
    assert literal_matches(vault, "#t1") == {p for p in vault.notes
                                             if "t1" in vault.notes[p].tag_keys}
    either = literal_matches(vault, "高斯泼溅 OR attentions")
    assert either == literal_matches(vault, "高斯泼溅") | literal_matches(vault, "attentions")
    # a #tag narrows every part of the query
    assert literal_matches(vault, "高斯泼溅 OR attentions #t1") == either & literal_matches(
        vault, "#t1")


def test_plain_text_keeps_words_not_markup():
    text = plain_text("# Title\n**bold** [[note|shown]] [link](x.md) <b>html</b> `code`\n")
    assert text == "Title\nbold shown link html code"


@pytest.mark.site
@pytest.mark.parametrize("options", ["{}", "{search_workers: false}"], ids=["child", "here"])
def test_a_build_writes_kbs_index_and_materials_stays_empty(tmp_path, options):
    from site_build import MKDOCS_YML

    files = {f"n{i:02d}.md": f"---\ndate: 2024-04-{i % 28 + 1:02d}\n---\n# 笔记 {i}\n"
                             f"梯度消失 vanishing gradient {i}. #tag{i % 3}\n" for i in range(30)}
    project = make_project(tmp_path / "p", files,
                           MKDOCS_YML.replace("  - kb\n", f"  - kb: {options}\n"))
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    material = json.loads((project / "site/search/search_index.json").read_text("utf-8"))
    assert material["docs"] == []  # kb's index answers; material's worker loads nothing
    folder = project / "site/assets/kb/search"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == 30
    urls = {json.loads((folder / f"d/{i}.json").read_text("utf-8"))["u"] for i in range(30)}
    assert urls == {f"n{i:02d}/" for i in range(30)}
    assert set(_decode(folder)["梯度"]) == set(range(30))
