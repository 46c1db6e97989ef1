"""A pytest plugin (registered by entry point): plain ``pytest`` runs the vault's code.

Every file that ``kb extract`` wrote (``snippets/*.py``, recognised by its header) becomes a
collector; each of its cells a test item named after the note and line
(``snippets/rnn__lstm.py::lstm.md:45``), failures pointing at the note
(``notes/rnn/lstm.md:52``). A note's cells run once, in a forked child (see
:mod:`kb.code.runner`); items then report their cell's result. Outcomes go to a JSON file
(``.kb/snippet-results.json``) that the site shows as badges.

Options: ``--kb-timeout`` (per block, default 120 s; ini ``kb_timeout``), ``--kb-no-fork``
(run in the pytest process: for ``--pdb``), ``--kb-results PATH`` (ini ``kb_results``).
With pytest-xdist use ``--dist loadfile`` (or ``loadgroup``) so a note stays on one worker.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ..store import DIR_NAME, RESULTS, atomic_write
from . import snippets as snippet_format
from .verdict import VERDICTS
from .runner import CellResult, cell_key, execute, keys_in_order, run_forked

RESULTS_DEFAULT = f"{DIR_NAME}/{RESULTS}"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kb", "kb: code extracted from notes")
    group.addoption("--kb-timeout", type=float, default=None,
                    help="time limit for one code block, in seconds (default 120)")
    group.addoption("--kb-no-fork", action="store_true", default=False,
                    help="run notes' code in the pytest process (for --pdb); no crash isolation")
    group.addoption("--kb-results", default=None,
                    help=f"where to write block results as JSON (default {RESULTS_DEFAULT})")
    group.addoption("--kb-strict", action="store_true", default=None,
                    help="every block must run: a fragment, a missing package or a block "
                         "that does not parse fails instead of being skipped")
    parser.addini("kb_timeout", "time limit for one code block, in seconds", default="120")
    parser.addini("kb_strict", "every block must run (see --kb-strict)", type="bool",
                  default=False)
    parser.addini("kb_results", "where to write block results as JSON", default=RESULTS_DEFAULT)


def _is_snippet_file(file_path: Path) -> bool:
    if file_path.suffix != ".py" or file_path.name.startswith(("test_", "conftest")):
        return False
    try:
        with open(file_path, encoding="utf-8") as fh:
            return snippet_format.is_snippet(fh.read(2000))
    except (OSError, UnicodeDecodeError):
        return False


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    # a snippet named on the command line is collected through pytest_pycollect_makemodule
    if not parent.session.isinitpath(file_path) and _is_snippet_file(file_path):
        return SnippetFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector):
    """``pytest snippets/rnn__lstm.py``: run the note's blocks, never import it as a module."""
    if _is_snippet_file(module_path):
        return SnippetFile.from_parent(parent, path=module_path)
    return None


class BlockFailure(Exception):
    """A block failed; the message already points at the note."""


class SnippetFile(pytest.File):
    """One snippet (one note): runs its cells once, lazily, and keeps the results."""

    def collect(self):
        text = self.path.read_text(encoding="utf-8")
        self.snippet = snippet_format.parse(text)
        self._results: dict[str, CellResult] | None = None
        self.stale = _staleness(Path(self.config.rootpath), self.snippet, text)
        base = self.snippet.note.rsplit("/", 1)[-1]
        for key, cell in keys_in_order(self.snippet):
            suffix = key[len(str(cell.line)):]
            item = BlockItem.from_parent(self, name=f"{base}:{cell.line}{suffix}")
            item.cell, item.key = cell, key
            item.user_properties += [("kb_note", self.snippet.note), ("kb_line", cell.line),
                                     ("kb_key", key), ("kb_role", cell.role)]
            item.add_marker(pytest.mark.xdist_group(self.snippet.note))
            if "xfail" in cell.options:
                item.add_marker(pytest.mark.xfail(reason=cell.options["xfail"] or "marked xfail"))
            yield item

    def results(self) -> dict[str, CellResult]:
        if self._results is None and self.stale:
            self._results = {k: CellResult(k, c.line, c.role, "failed", self.stale,
                                           verdict="failed")
                             for k, c in keys_in_order(self.snippet)}
        if self._results is None:
            config = self.config
            timeout = config.getoption("kb_timeout") or float(config.getini("kb_timeout"))
            workdir = Path(config._tmp_path_factory.mktemp("kb-note"))  # type: ignore[attr-defined]
            _preimport(self.path)
            strict = bool(config.getoption("kb_strict") or config.getini("kb_strict"))
            if config.getoption("kb_no_fork"):
                found = execute(self.snippet, workdir, timeout, strict=strict)
            else:
                found = run_forked(self.snippet, workdir, timeout, strict=strict)
            self._results = {r.key: r for r in found}
        return self._results


def _staleness(root: Path, snippet: snippet_format.Snippet, text: str) -> str:
    """Why this snippet no longer matches its note ("" when it does): run against an edited
    note without ``kb extract``, its tests would pass on the old code."""
    from ..core.parse import parse_bytes

    note_file = root / snippet.note
    try:
        data = note_file.read_bytes()
    except OSError:
        return (f"stale: {snippet.note}, the note this snippet came from, is gone: "
                "run kb extract")
    note = parse_bytes(snippet.note, data)
    try:
        cells = snippet_format.cells_of(note, snippet.note)
    except snippet_format.SnippetError:
        cells = None
    fresh = snippet_format.render(snippet_format.Snippet(
        note=snippet.note, title=note.title, cells=cells)) if cells else None
    if fresh != text:
        return f"stale: {snippet.note} changed since kb extract wrote this snippet: run kb extract"
    return ""


_PREIMPORTED: set[str] = set()


def _preimport(path: Path) -> None:
    """Import torch once in the test process, so forked notes share it."""
    if "torch" in _PREIMPORTED:
        return
    _PREIMPORTED.add("torch")
    try:
        if "torch" in path.read_text(encoding="utf-8"):
            import torch  # noqa: F401
    except ImportError:
        pass


class BlockItem(pytest.Item):
    cell: snippet_format.Cell
    key: str

    def runtest(self) -> None:
        parent = self.parent
        assert isinstance(parent, SnippetFile)
        result = parent.results().get(self.key)
        if result is None:  # pragma: no cover - the runner always answers every key
            raise BlockFailure(f"{parent.snippet.note}:{self.cell.line}: no result")
        if result.stdout:
            self.add_report_section("call", "stdout", result.stdout)
        self.user_properties += [("kb_duration", round(result.duration, 4)),
                                 ("kb_verdict", result.verdict), ("kb_needs", list(result.needs))]
        if result.outcome == "skipped":
            raise pytest.skip.Exception(result.message, _use_item_location=True)
        if result.outcome == "xfailed":
            raise BlockFailure(result.message)
        if result.outcome == "failed":
            raise BlockFailure(result.message)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BlockFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        note = self.parent.snippet.note  # type: ignore[attr-defined]
        return Path(note), self.cell.line - 1, f"{note}:{self.cell.line} [{self.cell.role}]"


# ---------------------------------------------------------------------------------------------
# results for the site


_OUTCOMES: dict[str, dict[str, dict]] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "xdist_group(name): keep a note's blocks on one worker")


def pytest_sessionstart(session: pytest.Session) -> None:
    _OUTCOMES.clear()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    props = dict(report.user_properties)
    if "kb_note" not in props:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome = report.outcome
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.skipped else "xpassed"
        message = ""
        if report.failed:
            message = str(report.longrepr)[:2000]
        elif report.skipped and isinstance(report.longrepr, tuple):
            message = str(report.longrepr[2]).removeprefix("Skipped: ")
        verdict = props.get("kb_verdict") or outcome
        if outcome in ("xfailed", "xpassed"):
            verdict = outcome
        _OUTCOMES.setdefault(props["kb_note"], {})[props["kb_key"]] = {
            "line": props["kb_line"], "role": props["kb_role"], "outcome": outcome,
            "verdict": verdict, "needs": props.get("kb_needs") or [],
            "duration": props.get("kb_duration", round(report.duration, 4)), "message": message}


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: the controller writes the file
        return
    outcomes = _OUTCOMES
    if not outcomes:
        return
    target = config.getoption("kb_results") or config.getini("kb_results")
    path = Path(target)
    if not path.is_absolute():
        path = Path(config.rootpath) / path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        notes = data.get("notes", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        notes = {}
    for note, blocks in outcomes.items():
        notes[note] = {"blocks": [dict(key=k, **v) for k, v in
                                  sorted(blocks.items(), key=lambda kv: (kv[1]["line"], kv[0]))]}
    atomic_write(path, json.dumps({"generated": dt.datetime.now().astimezone().isoformat(
        timespec="seconds"), "summary": summary(notes), "notes": dict(sorted(notes.items()))},
        ensure_ascii=False, indent=1) + "\n")


_SAYING = {"passed": "passed", "failed": "failed", "xfailed": "failed as expected",
           "xpassed": "passed unexpectedly", "skipped": "skipped as marked",
           "needs": "need a package", "fragment": "are fragments", "unparsable": "do not parse",
           "depends": "depend on a block that did not run"}


def summary(notes: dict) -> dict:
    """Blocks by verdict, notes by their worst block's verdict, and the packages that would
    let more blocks run (each with how many blocks need it)."""
    blocks: dict[str, int] = {}
    by_note: dict[str, int] = {}
    packages: dict[str, int] = {}
    for data in notes.values():
        worst = len(VERDICTS) - 1
        for block in data.get("blocks", ()):
            verdict = block.get("verdict") or block.get("outcome", "")
            blocks[verdict] = blocks.get(verdict, 0) + 1
            ranked = "failed" if block.get("outcome") == "failed" else verdict  # strict
            if ranked in VERDICTS:
                worst = min(worst, VERDICTS.index(ranked))
            for package in block.get("needs") or ():
                packages[package] = packages.get(package, 0) + 1
        if data.get("blocks"):
            by_note[VERDICTS[worst]] = by_note.get(VERDICTS[worst], 0) + 1
    order = {v: i for i, v in enumerate(VERDICTS)}
    return {"blocks": dict(sorted(blocks.items(), key=lambda kv: order.get(kv[0], 99))),
            "notes": dict(sorted(by_note.items(), key=lambda kv: order.get(kv[0], 99))),
            "packages": dict(sorted(packages.items(), key=lambda kv: (-kv[1], kv[0])))}


def summary_lines(notes: dict) -> list[str]:
    """The summary as the end of a pytest run says it."""
    data = summary(notes)
    total = sum(data["blocks"].values())
    if not total:
        return []
    parts = [f"{n} {_SAYING.get(v, v)}" for v, n in data["blocks"].items()]
    n_notes = sum(data["notes"].values())
    lines = [f"kb: {total} block{'s' if total != 1 else ''} in {n_notes} "
             f"note{'s' if n_notes != 1 else ''}: " + ", ".join(parts)]
    # what pip installs, and what it cannot (a GPU, a browser driver: "a …")
    packages = {p: n for p, n in data["packages"].items() if not p.startswith("a ")}
    if packages:
        more = sum(1 for d in notes.values() for b in d.get("blocks", ())
                   if b.get("verdict") == "needs"
                   and any(p in packages for p in b.get("needs") or ()))
        lines.append(f"kb: pip install {' '.join(packages)} would run {more} more "
                     "block" + ("s" if more != 1 else "") + " ("
                     + ", ".join(f"{p}: {n}" for p, n in packages.items()) + ")")
    for thing, n in data["packages"].items():
        if thing.startswith("a "):
            lines.append(f"kb: {n} block{'s' if n != 1 else ''} need{'' if n != 1 else 's'} "
                         f"{thing}")
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if hasattr(config, "workerinput") or not _OUTCOMES:
        return
    notes = {note: {"blocks": list(blocks.values())} for note, blocks in _OUTCOMES.items()}
    for line in summary_lines(notes):
        terminalreporter.write_line(line)


__all__ = ["SnippetFile", "BlockItem", "cell_key"]
