"""Headless Chromium (Debian's chromium + chromedriver) and a local server for built sites,
shared by the browser tests (the helpers are kb's own, :mod:`kb.cli.headless`, which kb bench
uses too). Importing this skips the importing module when the browser is missing, except
under CI, where it is an error (.ci/run installs it)."""

from __future__ import annotations

import os

import pytest

from kb.cli.headless import available, chromium, serve  # noqa: F401 - for the tests

if not available():
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium and chromedriver (.ci/run installs them)",
                    pytrace=False)
    pytest.skip("chromium/chromedriver not installed (apt-get install chromium "
                "chromium-driver)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
