"""Every page of a hostile vault's site, opened in headless Chromium: no dialog ever opens.

The vault (tests/hostile.py) carries script payloads in every field kb writes: titles, aliases,
tags, file names, link targets and texts, block ids, headings, dates, info strings, notebook
metadata, and an imported clipping. Each page is loaded, every element is sent the mouse and
focus events an inline handler would listen to, and any alert, confirm or prompt fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from browser import chromium, serve  # skips this module where there is no browser
from conftest import ROOT
from hostile import XSS, hostile_vault
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException
from site_build import build, make_project

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.slow]

_POKE = """
for (const el of document.querySelectorAll('*')) {
  for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'animationstart']) {
    if (type === 'click' && (el.tagName === 'A' || el.closest('a'))) continue;
    try { el.dispatchEvent(new Event(type, {bubbles: false})); } catch (e) {}
  }
}
return document.querySelectorAll('*').length;
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # the shipped config, notebooks on
    project = make_project(root / "p", hostile_vault(), yml=yml)
    clipping = root / "clip.txt"
    clipping.write_text("# 剪藏\n\n" + "\n\n".join(XSS) + "\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    imported = subprocess.run([sys.executable, "-m", "kb", "import", "clip", str(clipping)],
                              cwd=project, capture_output=True, text=True, env=env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    site = root / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_no_page_opens_a_dialog(hostile_site):
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(pages) > 30
    driver = chromium(prompts="ignore")
    dialogs = []
    try:
        with serve(hostile_site) as base:
            for page in pages:
                url = base + page
                try:
                    driver.get(url)
                    time.sleep(0.05)  # broken images fail at once; give their handlers a turn
                    driver.execute_script(_POKE)
                    time.sleep(0.05)
                    alert = driver.switch_to.alert
                    dialogs.append((page, alert.text))
                    alert.dismiss()
                except NoAlertPresentException:
                    continue
                except UnexpectedAlertPresentException as err:
                    dialogs.append((page, err.alert_text))
                    try:
                        driver.switch_to.alert.dismiss()
                    except NoAlertPresentException:
                        pass
    finally:
        driver.quit()
    assert dialogs == []
