"""End-to-end: the demo site in headless Chromium (Debian's chromium + chromedriver), served
on localhost. Search in Chinese and English, click a tag, follow a wikilink and a backlink,
see a formula and the graph; a screenshot of a note page is kept in test-artifacts/."""

import json
import posixpath
import time
from urllib.parse import unquote
from pathlib import Path

import pytest

from browser import chromium, serve  # skips this module where there is no browser
from conftest import ROOT
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from kb.core.vault import Vault
from site_build import build

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    result = build(ROOT, site)
    assert result.returncode == 0, result.stderr[-2000:]
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def driver():
    d = chromium()
    yield d
    d.quit()


def search(driver, base_url, query):
    driver.get(base_url)
    driver.execute_script("document.querySelector('#__search').checked = true")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    WebDriverWait(driver, 20).until(lambda d: box.is_displayed())
    box.send_keys(query)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return window.kbSearch.times.length"))
    links = driver.find_elements(By.CSS_SELECTOR, ".kb-search-list .md-search-result__item > a")
    return [a.get_attribute("href").replace(base_url, "").split("?")[0] for a in links]


@pytest.mark.parametrize("query, expected", [
    ("遗忘门", "rnn/lstm/"),                       # Chinese, in the middle of sentences
    ("teacher forcing", "rnn/seq2seq/"),           # English, both words required
    ("位置编码", "transformer/positional-encoding/"),
])
def test_search_finds_the_right_note_in_the_top_3(driver, base_url, query, expected):
    results = search(driver, base_url, query)
    assert expected in results[:3], results[:6]


def test_searching_a_tag_lists_its_notes_newest_first(driver, base_url):
    vault = Vault.load(ROOT / "notes")
    results = search(driver, base_url, "#lstm")
    expected = [n.path for n in vault.newest_first(vault.notes_with_tag("lstm"))]
    assert len(expected) > 1
    assert [unquote(r) for r in results] == [posixpath.splitext(p)[0] + "/"
                                             for p in expected][:10]


def test_click_a_tag_reaches_its_page(driver, base_url):
    driver.get(base_url + "rnn/lstm/")
    driver.find_element(By.CSS_SELECTOR, '.kb-meta a.kb-tag[href$="tags/gates/"]').click()
    WebDriverWait(driver, 20).until(EC.url_contains("/tags/gates/"))
    listed = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".kb-note-list a.kb-note-link")]
    vault = Vault.load(ROOT / "notes")  # what the page should list, newest first
    expected = [n.title for n in vault.newest_first(vault.notes_with_tag("gates"))]
    assert listed == expected and len(expected) > 1


def test_follow_a_wikilink_and_a_backlink(driver, base_url):
    driver.get(base_url + "rnn/lstm/")
    driver.find_element(By.CSS_SELECTOR, 'a.kb-link[href="../rnn/"]').click()
    WebDriverWait(driver, 20).until(EC.url_contains("/rnn/rnn/"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("RNN 与它的短期记忆")
    back = driver.find_element(By.CSS_SELECTOR, '.kb-backlinks a.kb-note-link[href$="lstm/"]')
    back.click()
    WebDriverWait(driver, 20).until(EC.url_contains("/rnn/lstm/"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("LSTM 的门")


def test_formula_is_rendered(driver, base_url):
    driver.get(base_url + "transformer/attention/")
    block = driver.find_element(By.CSS_SELECTOR, ".kb-math math")
    size = block.size
    assert size["width"] > 150 and size["height"] > 20          # laid out as a formula
    assert "softmax" in block.text and "⊤" in block.text
    fraction = block.find_element(By.CSS_SELECTOR, "mfrac")
    root = block.find_element(By.CSS_SELECTOR, "msqrt")
    assert fraction.size["height"] > 30 and root.size["width"] > 10   # stacked, with a root


def test_graph_is_drawn(driver, base_url):
    driver.get(base_url + "graph/")
    time.sleep(2)
    painted = driver.execute_script("""
        const c = document.getElementById('kb-graph');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n;""")
    assert painted > 1000


def test_graph_finds_a_note_and_shows_its_neighbours(driver, base_url):
    driver.get(base_url + "graph/")
    time.sleep(1.5)
    canvas = driver.find_element(By.ID, "kb-graph")
    wide = int(canvas.get_attribute("data-kb-labels") or 0)
    data = json.loads(driver.find_element(By.ID, "kb-graph-data").get_attribute("textContent"))
    vault = Vault.load(ROOT / "notes")
    target = vault.notes["rnn/lstm.md"].title
    index = next(i for i, node in enumerate(data["nodes"]) if node["title"] == target)
    degree = len({b if a == index else a for a, b in data["edges"] if index in (a, b)})
    finder = driver.find_element(By.ID, "kb-graph-find")
    finder.send_keys(target[:6])
    time.sleep(0.3)
    assert canvas.get_attribute("data-kb-found") == target
    assert canvas.get_attribute("data-kb-focus") == target
    assert int(canvas.get_attribute("data-kb-neighbours")) == degree > 2
    # the note's and its neighbours' names are shown
    assert int(canvas.get_attribute("data-kb-labels")) >= degree + 1 and wide > 0


def test_screenshot_of_a_note_page(driver, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(base_url + "rnn/lstm/")
    path = ARTIFACTS / "lstm-note.png"
    driver.save_screenshot(str(path))
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000


def _contrast(rgb_a, rgb_b):
    def lum(rgb):
        def ch(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = rgb
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    hi, lo = sorted((lum(rgb_a), lum(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_unresolved_links_are_readable_in_light_and_dark(driver, tmp_path):
    import re

    from site_build import make_project

    project = make_project(tmp_path / "p", {"a.md": "# A\nsee [[No Such Note]] here\n"})
    assert build(project, tmp_path / "site").returncode == 0
    with serve(tmp_path / "site") as url:
        driver.get(url + "a/")
        for scheme in ("default", "slate"):
            colours = driver.execute_script(f"""
                document.body.setAttribute('data-md-color-scheme', '{scheme}');
                var el = document.querySelector('.kb-unresolved');
                var bg = getComputedStyle(document.body).backgroundColor;
                return [getComputedStyle(el).color, bg];""")
            fg, bg = [tuple(int(v) for v in re.findall(r"\d+", c)[:3]) for c in colours]
            if scheme == "slate":
                bg = (30, 32, 41)  # Material's slate background (this site has no palette CSS)
            assert _contrast(fg, bg) >= 4.5, (scheme, colours)


def test_dark_mode_toggles_persists_and_keeps_kb_readable(driver, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(base_url + "rnn/lstm/")
    scheme = lambda: driver.execute_script(
        "return document.body.getAttribute('data-md-color-scheme')")
    first = scheme()
    assert first in ("default", "slate")
    driver.save_screenshot(str(ARTIFACTS / f"lstm-note-{first}.png"))
    toggle = driver.find_element(By.CSS_SELECTOR, "form[data-md-component='palette'] label:not([hidden])")
    toggle.click()
    time.sleep(0.3)
    other = scheme()
    assert other != first
    driver.refresh()
    time.sleep(0.5)
    assert scheme() == other  # the choice persists across pages and reloads
    driver.save_screenshot(str(ARTIFACTS / f"lstm-note-{other}.png"))
    driver.execute_script("document.body.setAttribute('data-md-color-scheme', 'slate')")
    colours = driver.execute_script("""
        var bg = getComputedStyle(document.body).backgroundColor;
        var tag = document.querySelector('.kb-meta a.kb-tag');
        return [bg, getComputedStyle(tag).color];""")
    import re

    bg, fg = [tuple(int(v) for v in re.findall(r"\d+", c)[:3]) for c in colours]
    assert sum(bg) < 200 and _contrast(fg, bg) >= 4.5  # dark page, readable tag chips


def test_pointing_at_a_link_shows_a_preview_of_its_note(driver, base_url):
    from selenium.webdriver.common.action_chains import ActionChains

    driver.get(base_url + "rnn/lstm/")
    link = driver.find_element(By.CSS_SELECTOR, 'article a.kb-link[href="../rnn/"]')
    vault = Vault.load(ROOT / "notes")
    target = vault.notes["rnn/rnn.md"]
    started = time.monotonic()
    ActionChains(driver).move_to_element(link).perform()
    box = WebDriverWait(driver, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".kb-preview")))
    assert time.monotonic() - started < 3
    assert box.find_element(By.CSS_SELECTOR, ".kb-preview-title").text == target.title
    assert box.find_element(By.CSS_SELECTOR, ".kb-preview-text").text  # its first paragraph
    ActionChains(driver).move_by_offset(0, 300).perform()
    WebDriverWait(driver, 5).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".kb-preview")))
    # keyboard focus shows it too; the page itself carries no preview data
    driver.execute_script("arguments[0].focus()", link)
    WebDriverWait(driver, 5).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".kb-preview")))
    assert target.title not in driver.execute_script(
        "return document.querySelector('script#__config').textContent")
