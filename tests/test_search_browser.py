"""kb's site search in headless Chromium, on a vault written for it: Chinese words in the middle
of sentences, English prefixes and endings, #tags, ranking, keyboard, and results that are
checked against the notes' own text (kb.site.search.literal_matches), not against themselves."""

import posixpath
from urllib.parse import unquote

import pytest

from browser import chromium, serve  # skips this module where there is no browser
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from site_build import build, make_project
from kb.cli.synth import note_text
from kb.core.vault import Vault
from kb.site.search import literal_matches

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.slow]

NOTES = {
    "生成/扩散.md": "---\ntitle: 扩散模型 Diffusion models\ndate: 2024-05-01\n"
                  "tags: [generative/diffusion]\n---\n去噪的过程让扩散模型一步一步生成图像。\n",
    "生成/ddpm.md": "---\ndate: 2024-05-03\n---\n# DDPM\n这篇论文把扩散模型写成马尔可夫链。 #generative\n"
                  "罕见字 𠀋字 也能找到。\n",
    "三维/gs.md": "---\ndate: 2024-06-01\n---\n# 3D GS\n今天读了三维高斯泼溅的论文，渲染很快。\n",
    "rnn/lstm.md": "---\ndate: 2024-03-01\ntags: [lstm]\n---\n# LSTM\n"
                   "LSTM 的遗忘门决定丢掉多少旧的记忆。\n",
    "rnn/peephole.md": "---\ndate: 2024-03-05\ntags: [lstm/peephole]\n---\n# Peephole\n"
                       "门也看细胞状态。\n",
    "rnn/gru.md": "---\ndate: 2024-03-09\ntags: [gru]\n---\n# GRU\n没有遗忘门，只有更新门。\n",
    "attn/self.md": "---\ndate: 2024-04-01\n---\n# Self-attention\n"
                    "MultiheadAttention computes several attentions at once.\n"
                    "`isinstance(m, nn.MultiheadAttention)` finds the layers.\n",
    "attn/seq2seq.md": "---\ndate: 2024-01-01\n---\n# Seq2seq\nAn encoder, a decoder; no "
                       "transformer yet.\n",
    "attn/later.md": "---\ndate: 2024-08-01\n---\n# Reading list\n"
                     "The seq2seq paper, the seq2seq blog, a seq2seq video; transformers.\n",
    "hostile.md": "---\ntitle: \"<img src=x onerror=alert(1)>模型\"\ndate: 2024-02-01\n---\n"
                  "<script>alert(2)</script> 模型 text\n",
}
NOTES.update({f"filler/m{i:02d}.md": f"---\ndate: 2023-01-{i % 28 + 1:02d}\n---\n# 笔记 {i}\n"
              f"语言模型和模型训练 {i}。\n" for i in range(30)})
NOTES.update({f"synthetic/s{i:03d}.md": note_text(i, 120, 1200) for i in range(120)})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-vault")
    project = make_project(root, NOTES)
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    with serve(project / "site") as url:
        yield url, Vault.load(project / "notes")


@pytest.fixture(scope="module")
def driver():
    d = chromium(prompts="ignore")
    d.set_script_timeout(60)
    yield d
    d.quit()


def url_of(path):
    return posixpath.splitext(path)[0] + "/"


def type_query(driver, base, query, page=""):
    driver.get(base + page)
    driver.execute_script("document.querySelector('#__search').checked = true")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    WebDriverWait(driver, 20).until(lambda d: box.is_displayed())
    box.send_keys(query)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return window.kbSearch.times.some(t => t.query === arguments[0])", query))
    return box


def shown(driver, base):
    """The results' URLs, read in one step in the page (the list is redrawn as results come:
    links read one by one can be gone in between)."""
    hrefs = driver.execute_script(
        "return [...document.querySelectorAll('.kb-search-list a')].map(a => a.href)")
    return [unquote(h.replace(base, "")) for h in hrefs]


def found(driver, query):
    """Every note the engine finds (not just the first page shown)."""
    return [unquote(u) for u in driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.kbSearch.find(arguments[0]).then(done, e => done(['error ' + e]));", query)]


@pytest.mark.parametrize("query", ["扩散模型", "高斯泼溅", "遗忘门", "LSTM 遗忘门", "模型训练",
                                   "attention", "MultiheadAttention", "hidden state", "𠀋字",
                                   "instance"])
def test_every_note_holding_the_words_and_no_other(site, driver, query):
    base, vault = site
    driver.get(base)
    truth = {url_of(p) for p in literal_matches(vault, query)}
    assert truth, "the query should have answers"
    assert set(found(driver, query)) == truth


def test_chinese_words_are_all_required(site, driver):
    """扩散模型 is no answer to 模型 notes, and the reverse is a superset."""
    base, vault = site
    driver.get(base)
    both = set(found(driver, "扩散模型"))
    assert both == {"生成/扩散/", "生成/ddpm/"}
    assert both < set(found(driver, "模型"))


def test_english_prefixes_and_endings(site, driver):
    base, vault = site
    driver.get(base)
    whole = set(found(driver, "attention"))
    assert "attn/self/" in whole
    assert set(found(driver, "atten")) >= whole          # a prefix
    assert set(found(driver, "attentions")) >= whole     # an ending dropped
    assert set(found(driver, "transformers")) >= {"attn/seq2seq/", "attn/later/"}


def test_titles_rank_first(site, driver):
    base, _ = site
    type_query(driver, base, "seq2seq")
    results = shown(driver, base)
    # the note named Seq2seq first, though the reading list is newer and says it 3 times
    assert results == ["attn/seq2seq/", "attn/later/"]


def test_a_tag_lists_its_notes_and_nested_tags_newest_first(site, driver):
    base, vault = site
    type_query(driver, base, "#lstm")
    expected = [url_of(n.path) for n in vault.newest_first(vault.notes_with_tag("lstm"))]
    assert {"rnn/peephole/", "rnn/lstm/"} <= set(expected) and len(expected) > 10
    assert shown(driver, base) == expected[:10]  # a page of results, then "more"
    driver.find_element(By.CSS_SELECTOR, ".kb-search-more").click()
    WebDriverWait(driver, 10).until(lambda d: shown(d, base) == expected[:20])


def test_any_query_can_be_narrowed_by_a_tag(site, driver):
    base, _ = site
    box = type_query(driver, base, "遗忘门")
    assert set(shown(driver, base)) == {"rnn/lstm/", "rnn/gru/"}
    chip = next(b for b in driver.find_elements(By.CSS_SELECTOR, ".kb-search-filter")
                if b.text == "#gru")
    chip.click()
    WebDriverWait(driver, 10).until(lambda d: box.get_attribute("value") == "遗忘门 #gru")
    WebDriverWait(driver, 10).until(lambda d: shown(d, base) == ["rnn/gru/"])


def test_results_show_title_date_tags_and_the_words_marked(site, driver):
    base, _ = site
    type_query(driver, base, "遗忘门")
    item = driver.find_element(By.CSS_SELECTOR, ".kb-search-list a[href$='rnn/lstm/']")
    assert item.find_element(By.TAG_NAME, "h1").text == "LSTM"
    assert "2024-03-01" in item.text and "#lstm" in item.text
    assert [m.text for m in item.find_elements(By.TAG_NAME, "mark")] == ["遗忘门"]


def test_keyboard_goes_down_the_results_and_enter_opens_one(site, driver):
    base, _ = site
    box = type_query(driver, base, "seq2seq", page="rnn/lstm/")  # from a note's page
    box.send_keys(Keys.ARROW_DOWN)
    active = driver.switch_to.active_element
    assert unquote(active.get_attribute("href")).endswith("attn/seq2seq/")
    active.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: unquote(d.current_url).endswith("attn/seq2seq/"))


def test_text_from_notes_is_shown_as_text(site, driver):
    base, _ = site
    type_query(driver, base, "模型 text")
    item = driver.find_element(By.CSS_SELECTOR, ".kb-search-list a[href$='hostile/']")
    assert "<img src=x onerror=alert(1)>" in item.find_element(By.TAG_NAME, "h1").text
    assert not item.find_elements(By.TAG_NAME, "img")
    assert not item.find_elements(By.TAG_NAME, "script")
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f"a note's text ran as script: {text}")
    except Exception as e:  # noqa: BLE001 - no alert is what we want
        assert "no such alert" in str(e).lower() or "NoAlertPresent" in type(e).__name__
