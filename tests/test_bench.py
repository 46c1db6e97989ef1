"""kb bench runs end to end on a tiny vault and reports every documented figure."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.site]

KEYS = {"load_notes_per_s", "find_warm_ms", "find_cold_ms", "import_notes_per_s",
        "extract_one_changed_s", "build_plugin_ratio", "rebuild_one_note_s", "rebuild_tag_edit_s"}


def test_bench_quick_json(tmp_path):
    from test_import_corpus import write_real_folder

    write_real_folder(tmp_path / "real")
    result = subprocess.run([sys.executable, "-m", "kb", "bench", "--quick", "--sizes", "60",
                             "--json", "--code-from", str(tmp_path / "real")], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert set(data) >= {"machine", "sizes", "figures"} and data["sizes"] == [60]
    figures = data["figures"]
    assert KEYS <= set(figures)
    assert all(figures[k] > 0 for k in KEYS)
    assert figures["build_pages_kb"] > figures["build_pages_plain"] == 60
    assert figures["import_notes"] == 60
    assert figures["import_real_blocks"] == 4 and figures["import_real_ast_equal_rate"] == 1.0


def test_bench_code_from_a_missing_folder_is_refused(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kb", "bench", "--quick", "--code-from",
                             str(tmp_path / "nowhere")], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "no such folder" in result.stderr
