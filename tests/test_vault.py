"""The Vault index: resolution, backlinks, tags, days, duplicates, problems, bad notes."""

import datetime as dt

import pytest

from kb.core.vault import Vault


@pytest.fixture
def vault(make_vault):
    root = make_vault({
        "rnn/lstm.md": """\
            ---
            title: LSTM 的门
            aliases: [LSTM, 长短期记忆]
            date: 2024-07-24T10:00:00-04:00
            tags: [rnn/lstm]
            ---
            # LSTM 的门
            ## 遗忘门
            text ^gate
            see [[GRU]] and [[gru#更新门]] and [[missing note]] #RNN
            """,
        "rnn/gru.md": """\
            ---
            date: 2024-07-25
            ---
            # GRU
            ## 更新门
            back to [[LSTM]] and [[长短期记忆#遗忘门]] and [[lstm#^gate]] #rnn #gru
            [also](lstm.md) and ![[diagram.png]] and ![[nope.png]] [[LSTM 的门#No Such]]
            """,
        "daily/2024-07-24-today.md": "# today\n[[rnn/lstm]] [[LSTM#^missing]] #Rnn\n",
        "a/dup.md": "# Same Title\n",
        "b/dup.md": "# Same Title\n",
        "rnn/diagram.png": b"\x89PNG\r\n",
        ".obsidian/workspace.md": "# hidden\n",
        "bad.md": "---\ntitle: [unclosed\n---\n# Bad #still-indexed\n[[GRU]]\n",
    })
    return Vault.load(root)


def test_loads_notes_and_skips_hidden_folders(vault):
    assert sorted(vault.notes) == ["a/dup.md", "b/dup.md", "bad.md", "daily/2024-07-24-today.md",
                                   "rnn/gru.md", "rnn/lstm.md"]
    assert vault.attachments == ["rnn/diagram.png"]


def test_resolution_by_title_alias_file_name_path_case_insensitive(vault):
    assert vault.resolve("LSTM 的门") == "rnn/lstm.md"
    assert vault.resolve("lstm 的门") == "rnn/lstm.md"
    assert vault.resolve("长短期记忆") == "rnn/lstm.md"
    assert vault.resolve("lstm") == "rnn/lstm.md"
    assert vault.resolve("LSTM.md") == "rnn/lstm.md"
    assert vault.resolve("rnn/lstm") == "rnn/lstm.md"
    assert vault.resolve("ＬＳＴＭ") == "rnn/lstm.md"  # full-width typed with an IME
    assert vault.resolve("nothing") is None


def test_links_backlinks_and_unresolved(vault):
    back = {(rl.source, rl.link.line) for rl in vault.backlinks["rnn/lstm.md"]}
    assert back == {("rnn/gru.md", 6), ("rnn/gru.md", 7), ("daily/2024-07-24-today.md", 2),
                    ("rnn/gru.md", 6)}
    assert {rl.source for rl in vault.backlinks["rnn/gru.md"]} == {"rnn/lstm.md", "bad.md"}
    unresolved = sorted((rl.source, rl.link.target) for rl in vault.unresolved)
    assert unresolved == [("rnn/gru.md", "nope.png"), ("rnn/lstm.md", "missing note")]
    embed = next(rl for rl in vault.links["rnn/gru.md"] if rl.link.target == "diagram.png")
    assert embed.target == "rnn/diagram.png" and not embed.is_note


def test_tags_counts_spellings_hierarchy(vault):
    rnn = vault.tags["rnn"]
    assert rnn.count == 3
    assert dict(rnn.spellings) == {"RNN": 1, "rnn": 1, "Rnn": 1}
    assert rnn.name == "RNN"  # a tie: the first in code-point order
    assert vault.children["rnn"] == ["rnn/lstm"]
    assert vault.notes_with_tag("rnn") >= {"rnn/lstm.md"}
    assert vault.notes_with_tag("rnn", nested=False) == set(rnn.notes)
    assert vault.tag("#RNN") is rnn
    assert "still-indexed" in vault.tags  # a broken note's tags still count


def test_implicit_parent_tag(make_vault):
    vault = Vault.load(make_vault({"n.md": "#ml/rnn/lstm\n"}))
    assert set(vault.tags) == {"ml", "ml/rnn", "ml/rnn/lstm"}
    assert vault.tags["ml"].count == 0 and vault.tag_total("ml") == 1


def test_most_frequent_spelling_is_displayed(make_vault):
    vault = Vault.load(make_vault({"a.md": "#PyTorch", "b.md": "#pytorch", "c.md": "#PyTorch"}))
    assert vault.tag_name("pytorch") == "PyTorch"


def test_days_in_time_order(vault):
    assert vault.days[dt.date(2024, 7, 24)] == ["daily/2024-07-24-today.md", "rnn/lstm.md"]
    assert vault.days[dt.date(2024, 7, 25)] == ["rnn/gru.md"]


def test_duplicate_titles(vault):
    assert vault.duplicate_titles == {"same title": ["a/dup.md", "b/dup.md"]}


def test_problems_name_file_and_line(vault):
    found = {(p.path, p.line, p.kind) for p in vault.problems()}
    assert ("bad.md", 2, "front-matter") in found
    assert ("rnn/lstm.md", 10, "broken-link") in found
    assert ("rnn/gru.md", 7, "broken-link") in found          # ![[nope.png]]
    assert ("rnn/gru.md", 7, "broken-heading") in found       # [[LSTM 的门#No Such]]
    assert ("daily/2024-07-24-today.md", 2, "broken-block") in found
    # two notes with one title are no problem (Obsidian allows it); a link that could mean
    # either is, at its own line
    assert not any(p.kind == "duplicate-title" for p in vault.problems())
    # the good heading and block links are not reported
    assert not any(p.kind == "broken-heading" and p.path == "rnn/lstm.md" for p in vault.problems())
    assert sum(1 for p in vault.problems() if p.path == "rnn/gru.md") == 2


def test_unreadable_file_is_a_broken_note(make_vault, monkeypatch):
    root = make_vault({"ok.md": "# ok", "secret.md": "# secret"})
    (root / "secret.md").chmod(0)
    import os
    if os.access(root / "secret.md", os.R_OK):  # running as root: simulate the error
        from pathlib import Path
        real = Path.read_bytes

        def deny(self):
            if self.name == "secret.md":
                raise PermissionError(13, "Permission denied")
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", deny)
    vault = Vault.load(root)
    assert vault.notes["secret.md"].broken and vault.notes["ok.md"].title == "ok"
    (p,) = [p for p in vault.problems() if p.path == "secret.md"]
    assert p.kind == "unreadable" and "Permission denied" in p.message


def test_get_by_path_title_or_alias(vault):
    assert vault.get("rnn/lstm.md").path == "rnn/lstm.md"
    assert vault.get("rnn/lstm").path == "rnn/lstm.md"
    assert vault.get("长短期记忆").path == "rnn/lstm.md"
    assert vault.get(str(vault.root / "rnn/gru.md")).path == "rnn/gru.md"
    assert vault.get("nope") is None


def test_missing_folder():
    with pytest.raises(FileNotFoundError):
        Vault.load("/nonexistent/vault")


def test_synthetic_vault_resolves_its_links(tmp_path):
    from kb.cli.synth import write_vault
    vault = Vault.load(write_vault(tmp_path / "v", 120, note_bytes=1500))
    assert len(vault) == 120 and not vault.unresolved
    total_links = sum(len(v) for v in vault.links.values())
    assert total_links > 100
    assert sum(len(v) for v in vault.backlinks.values()) == total_links - sum(
        1 for v in vault.links.values() for rl in v if rl.target == rl.source)


def test_note_cache_reuses_unchanged_notes(make_vault, capsys):
    import os
    import time

    from kb.store.notes import load_vault
    from kb.store.shards import shard_of as _shard
    root = make_vault({"a.md": "# A\n#one [[B]]\n", "b.md": "# B\n", "c.md": "# C\n"})
    first = load_vault(root)
    shards = root / ".kb" / "cache" / "notes"  # no mkdocs.yml here: .kb/ is in the vault
    assert first.parsed == 3 and len(list(shards.glob("*.json"))) == 3
    again = load_vault(root)
    assert again.parsed == 0
    assert [n.title for n in again] == [n.title for n in first] and again.backlinks["b.md"]
    assert [n for n in again] == [n for n in first]  # every field comes back equal
    written = {p.name: p.stat().st_mtime_ns for p in shards.glob("*.json")}
    (root / "a.md").write_text("# A2\n#two\n", encoding="utf-8")
    os.utime(root / "a.md", ns=(time.time_ns(), time.time_ns() + 10_000_000))
    (root / "c.md").unlink()
    third = load_vault(root)
    assert third.parsed == 1 and sorted(third.notes) == ["a.md", "b.md"]
    assert third.notes["a.md"].title == "A2" and "two" in third.tags
    b_shard = f"{_shard('b.md'):02x}.json"
    assert b_shard not in {f"{_shard(p):02x}.json" for p in ("a.md", "c.md")}
    assert (shards / b_shard).stat().st_mtime_ns == written[b_shard]  # only a's and c's shards
    for shard in shards.glob("*.json"):
        shard.write_bytes(b"not json")
    assert load_vault(root).parsed == 2  # a damaged cache is ignored
    notice = capsys.readouterr().err.strip().splitlines()
    assert len(notice) == 1 and "damaged or made by other kb code" in notice[0]
    assert load_vault(root).parsed == 0  # and written again
    assert capsys.readouterr().err == ""


def test_cache_of_a_docs_dir_lives_beside_mkdocs_yml(tmp_path):
    """mkdocs serve watches docs_dir: a cache written there would trigger a second rebuild."""
    from kb.store import cache_dir, store_dir
    from kb.store.notes import load_vault
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: notes\n", encoding="utf-8")
    assert store_dir(tmp_path / "notes") == tmp_path / ".kb"
    assert cache_dir(tmp_path / "notes") == tmp_path / ".kb" / "cache"
    load_vault(tmp_path / "notes")
    assert list((tmp_path / ".kb" / "cache" / "notes").glob("*.json"))
    assert not (tmp_path / "notes" / ".kb").exists()


def test_previous_vault_is_reused_without_the_cache_file(make_vault):
    import os
    import time
    root = make_vault({"a.md": "# A\n[[B]]\n", "b.md": "# B\n"})
    first = Vault.load(root)
    again = Vault.load(root, previous=first)
    assert again.parsed == 0 and again.notes["a.md"] is first.notes["a.md"]
    (root / "b.md").write_text("# B2\n", encoding="utf-8")
    os.utime(root / "b.md", ns=(time.time_ns(), time.time_ns() + 10_000_000))
    third = Vault.load(root, previous=again)
    assert third.parsed_paths == ("b.md",) and third.notes["b.md"].title == "B2"
    assert not (root / ".kb").exists()  # the cache file is neither read nor written


@pytest.mark.parametrize("edit", [
    {"b.md": "# B\nnew text, links [[C]] [[Nowhere]]\n"},          # body only: links reused
    {"b.md": "---\ntitle: Renamed\n---\ntext\n"},                    # a title changes
    {"c.md": "---\naliases: [Bee]\n---\n# C\n"},                     # an alias appears
    {"d.md": "# D\n[[A]]\n"},                                        # a note is added
    {"pic.png": b"png"},                                             # a file is added
])
def test_links_after_an_edit_are_those_of_a_fresh_load(make_vault, edit):
    import os
    import time
    root = make_vault({"a.md": "# A\n[[B]] [[Bee]] [[Renamed]] ![[pic.png]] [[sub/x]]\n",
                       "b.md": "# B\n[[A]]\n", "c.md": "# C\n[[B#B]]\n",
                       "sub/x.md": "# X\n[[../a.md]]\n"})
    before = Vault.load(root)
    assert before.links and before.backlinks  # resolved, as kb serve has them
    later = time.time_ns() + 2_000_000_000
    for rel, content in edit.items():
        path = root / rel
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        os.utime(path, ns=(later, later))
    after = Vault.load(root, previous=before)
    fresh = Vault.load(root)

    def shape(v):
        return ({p: [(rl.link.raw, rl.target, rl.is_note) for rl in ls]
                 for p, ls in v.links.items()},
                {p: sorted((rl.source, rl.link.raw) for rl in ls) for p, ls in v.backlinks.items()},
                sorted((rl.source, rl.link.raw) for rl in v.unresolved))

    assert shape(after) == shape(fresh)


def test_loading_pauses_the_cycle_collector_and_restores_it(make_vault):
    import gc

    from kb.core.vault import no_cycle_collection

    root = make_vault({"a.md": "# A\n[[B]]\n", "b.md": "# B\n"})
    seen = []
    real = Vault._load.__func__

    def spy(cls, *args):
        seen.append(gc.isenabled())
        return real(cls, *args)

    was = gc.isenabled()
    try:
        gc.enable()
        Vault._load = classmethod(spy)
        vault = Vault.load(root)
        assert seen == [False] and gc.isenabled()
        assert vault.backlinks["b.md"] and gc.isenabled()
        gc.disable()
        with no_cycle_collection():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        Vault._load = classmethod(real)
        (gc.enable if was else gc.disable)()


def test_only_an_ambiguous_link_to_a_shared_name_is_a_problem(make_vault):
    vault = Vault.load(make_vault({
        "a/README.md": "# Read me A\n", "b/README.md": "# Read me B\n",
        "c/install.md": "# 安装\n", "d/install.md": "# 安装\n",
        "links.md": "# Links\n[[README]]\n[[a/README]] [[b/README]]\n[[安装]]\n",
    }))
    found = [(p.path, p.line, p.kind) for p in vault.problems()]
    assert found == [("links.md", 2, "ambiguous-link"), ("links.md", 4, "ambiguous-link")]
    message = next(p.message for p in vault.problems() if p.line == 2)
    assert "a/README.md (shown)" in message and "b/README.md" in message


def test_front_matter_links_are_links_with_backlinks(make_vault):
    vault = Vault.load(make_vault({
        "a.md": '---\nrelated: "[[B]]"\nsee: ["[[C|see c]]", "plain", "[[Missing]]"]\n'
                "up: [[B]]\ntags: [x]\n---\n# A\n",
        "b.md": "# B\n", "c.md": "# C\n"}))
    assert sorted({rl.source for rl in vault.backlinks["b.md"]}) == ["a.md"]
    assert [rl.source for rl in vault.backlinks["c.md"]] == ["a.md"]
    broken = [(p.path, p.line) for p in vault.problems() if p.kind == "broken-link"]
    assert broken == [("a.md", 3)]  # at the property's line


def test_recent_notes_by_date_else_by_when_the_file_changed(make_vault):
    """Home and folder pages list recent notes: a note without a date that was edited today
    is recent too; an undated note not touched for years is not."""
    import os
    import time

    root = make_vault({"old.md": "---\ndate: 2020-01-01\n---\n# Old\n",
                       "dated.md": "---\ndate: 2024-05-01\n---\n# Dated\n",
                       "fresh.md": "# Fresh, no date\n", "stale.md": "# Stale, no date\n"})
    long_ago = time.time() - 10 * 365 * 86400
    os.utime(root / "stale.md", (long_ago, long_ago))
    vault = Vault.load(root)
    assert [n.path for n in vault.recent(vault.notes, 4)] == [
        "fresh.md", "dated.md", "old.md", "stale.md"]
    assert [n.path for n in vault.recent(vault.notes, 2)] == ["fresh.md", "dated.md"]
