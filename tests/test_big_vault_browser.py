"""A generated vault of 10,000 notes in nested folders (area / shelf / month, thousands of
tags, a problem in every fifth note), built by the real mkdocs and browsed in headless
Chromium: the folder explorer, folder pages, link previews, light and dark, and search
checked against the notes' own text. ``KB_BIG_NOTES`` sets another size."""

import gzip
import json
import os
import posixpath
import re
from urllib.parse import unquote

import pytest

from browser import chromium, serve  # skips this module where there is no browser
from conftest import ROOT
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from site_build import build
from kb.cli import synth
from kb.core.vault import Vault
from kb.site.search import literal_matches, sample_queries

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.slow]

NOTES = int(os.environ.get("KB_BIG_NOTES", "10000"))
ARTIFACTS = ROOT / "test-artifacts"

YML = """\
site_name: big vault
docs_dir: notes
theme:
  name: material
  language: zh
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
plugins: [kb, search]
markdown_extensions: [attr_list, md_in_html, pymdownx.superfences]
"""


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    project = tmp_path_factory.mktemp("big-vault")
    (project / "mkdocs.yml").write_text(YML, encoding="utf-8")
    synth.write_vault(project / "notes", NOTES, note_bytes=1200, nested=True, real_shape=True)
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(project / "site") as url:
        yield url, project, Vault.load(project / "notes")


@pytest.fixture(scope="module")
def driver():
    d = chromium()
    d.set_script_timeout(120)
    yield d
    d.quit()


def url_of(path):
    return posixpath.splitext(path)[0] + "/"


def here(driver, base):
    return unquote(driver.current_url.replace(base, ""))


def test_the_explorer_is_one_small_file_not_part_of_every_page(big):
    _, project, vault = big
    data = (project / "site/assets/kb/explorer.json").read_bytes()
    assert len(gzip.compress(data)) <= 300_000
    tree = json.loads(data)
    assert [node[0] for node in tree["tree"]] == ["01-Inbox", "courses", "papers", "projects",
                                                 "读书笔记"]  # Obsidian's order
    page = (project / "site" / url_of(sorted(vault.notes)[0]) / "index.html").read_text("utf-8")
    other_titles = [n.title for n in list(vault)[:200]]
    assert sum(t in page for t in other_titles) < 20  # not the vault's list in every page


def test_open_a_note_expand_two_folders_and_follow_a_note(big, driver):
    base, _, vault = big
    path = sorted(vault.notes)[len(vault.notes) // 2]
    driver.get(base + url_of(path))
    current = WebDriverWait(driver, 30).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, ".kb-explorer a[aria-current=page]")))
    assert current.text == vault.notes[path].title
    opened = [d.get_attribute("data-path") for d in
              driver.find_elements(By.CSS_SELECTOR, ".kb-explorer details[open]")]
    folders = path.split("/")[:-1]
    assert opened == ["/".join(folders[:i + 1]) for i in range(len(folders))]
    # expand two closed folders of the top level, then one inside
    closed = [d for d in driver.find_elements(By.CSS_SELECTOR, ".kb-explorer > ul > li > details")
              if not d.get_attribute("open")]
    first = closed[0]
    # (a folder's list is drawn on its toggle event, which comes a moment after it opens)
    first.find_element(By.TAG_NAME, "summary").click()
    WebDriverWait(driver, 5).until(lambda d: first.get_attribute("open"))
    inner = WebDriverWait(driver, 5).until(lambda d: first.find_elements(
        By.CSS_SELECTOR, ":scope > ul > li > details"))[0]
    inner.find_element(By.TAG_NAME, "summary").click()
    WebDriverWait(driver, 5).until(lambda d: inner.get_attribute("open"))
    month = WebDriverWait(driver, 5).until(lambda d: inner.find_elements(
        By.CSS_SELECTOR, ":scope > ul > li > details"))[0]
    month.find_element(By.TAG_NAME, "summary").click()
    link = WebDriverWait(driver, 5).until(lambda d: month.find_element(
        By.CSS_SELECTOR, "a.kb-explorer-note"))
    title, folder = link.text, month.get_attribute("data-path")
    link.click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "h1").text)
    target = next(p for p in vault.notes if url_of(p) == here(driver, base))
    assert vault.notes[target].title == title
    assert target.startswith(folder + "/")
    now = WebDriverWait(driver, 30).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, ".kb-explorer a[aria-current=page]")))
    assert now.text == title


def test_browse_from_the_home_page_folder_by_folder_without_script(big, driver):
    base, project, vault = big
    # the folder pages are plain links: follow them as a reader without JavaScript would
    html = (project / "site/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="folders/"', html)
    url = "folders/"
    for _ in range(3):  # area, shelf, month
        page = (project / "site" / url / "index.html").read_text(encoding="utf-8")
        sub = re.search(r'class="kb-folder-link" href="([^"]+)"', page).group(1)
        url = posixpath.normpath(posixpath.join(url, sub)) + "/"
    page = (project / "site" / url / "index.html").read_text(encoding="utf-8")
    notes = re.findall(r'class="kb-note-link" href="([^"]+)"', page)
    assert notes
    note = unquote(posixpath.normpath(posixpath.join(url, notes[0])) + "/")
    assert any(url_of(p) == note for p in vault.notes)


def test_hovering_a_link_shows_its_notes_preview(big, driver):
    base, _, vault = big
    path = next(p for p in sorted(vault.notes)
                if any(rl.target and rl.is_note for rl in vault.links.get(p, [])))
    driver.get(base + url_of(path))
    link = driver.find_element(By.CSS_SELECTOR, ".md-content a.kb-link")
    ActionChains(driver).move_to_element(link).perform()
    box = WebDriverWait(driver, 10).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".kb-preview")))
    titles = {vault.notes[rl.target].title for rl in vault.links[path] if rl.target}
    assert box.find_element(By.CSS_SELECTOR, ".kb-preview-title").text in titles


def test_dark_mode_persists_and_both_palettes_are_kept_as_screenshots(big, driver):
    base, _, vault = big
    page = base + url_of(sorted(vault.notes)[7])
    driver.get(page)
    WebDriverWait(driver, 30).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, ".kb-explorer a[aria-current=page]")))
    ARTIFACTS.mkdir(exist_ok=True)
    scheme = lambda: driver.execute_script("return document.body.dataset.mdColorScheme")
    first = scheme()
    driver.save_screenshot(str(ARTIFACTS / f"big-vault-note-{first}.png"))
    driver.find_element(By.CSS_SELECTOR,
                        "form[data-md-component='palette'] label:not([hidden])").click()
    WebDriverWait(driver, 5).until(lambda d: scheme() != first)
    other = scheme()
    driver.get(page)
    WebDriverWait(driver, 30).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, ".kb-explorer a[aria-current=page]")))
    assert scheme() == other  # the choice persists
    driver.save_screenshot(str(ARTIFACTS / f"big-vault-note-{other}.png"))
    assert {first, other} == {"default", "slate"}


def test_search_finds_every_note_holding_the_words(big, driver):
    base, _, vault = big
    driver.get(base + url_of(sorted(vault.notes)[3]))  # from a note deep in the folders
    queries = sample_queries(vault, count=12, seed=3)
    for query in queries:
        truth = {url_of(p) for p in literal_matches(vault, query)}
        found = {unquote(u) for u in driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.kbSearch.find(arguments[0]).then(done, e => done(['error ' + e]));", query)}
        assert truth, query
        assert truth <= found, (query, sorted(truth - found)[:5])
        if not re.search(r"[A-Za-z]", query):  # Chinese and tags: nothing but the answers
            assert found == truth, (query, sorted(found - truth)[:5])
