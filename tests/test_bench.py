"""kb bench runs end to end on a tiny vault and reports every documented figure."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.site]

KEYS = {"load_notes_per_s", "find_warm_ms", "find_cold_ms", "import_notes_per_s",
        "extract_one_changed_s", "build_plugin_ratio", "rebuild_one_note_s", "rebuild_tag_edit_s"}


def test_bench_quick_json():
    result = subprocess.run([sys.executable, "-m", "kb", "bench", "--quick", "--sizes", "60",
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert set(data) >= {"machine", "sizes", "figures"} and data["sizes"] == [60]
    figures = data["figures"]
    assert KEYS <= set(figures)
    assert all(figures[k] > 0 for k in KEYS)
    assert figures["build_pages_kb"] > figures["build_pages_plain"] == 60
    assert figures["import_notes"] == 60
