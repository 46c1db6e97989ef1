"""``kb bench``: kb's speed on synthetic vaults, measured the same way every time.

Every figure is taken with the real commands (a fresh process where a person would start one),
on vaults from :mod:`kb.cli.synth`. ``--quick`` uses small sizes for CI.
"""

from __future__ import annotations

import json
import os
import platform
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable

from . import synth

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def _run(args: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def _kb(*args: str, cwd: Path | None = None, env: dict | None = None) -> float:
    return _run([sys.executable, "-m", "kb", *args], cwd, env)


def _load_figures(root: Path) -> dict:
    code = ("import json, resource, time\nfrom kb.core.vault import Vault\n"
            f"t = time.perf_counter(); v = Vault.load({str(root)!r}); e = time.perf_counter() - t\n"
            "print(json.dumps({'s': e, 'n': len(v), 'bytes': sum(n.size for n in v),\n"
            "  'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    out = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True,
                         check=True)
    data = json.loads(out.stdout)
    return {"load_s": round(data["s"], 3), "load_notes_per_s": round(data["n"] / data["s"]),
            "load_mb_per_s": round(data["bytes"] / 1e6 / data["s"], 1),
            "load_peak_rss_mb": round(data["rss_mb"]), "vault_mb": round(data["bytes"] / 1e6, 1)}


def _find_figures(root: Path, work: Path) -> dict:
    # as on a person's machine, where Python keeps compiled bytecode (some environments turn
    # that off, and kb's own modules would be compiled again on every run)
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    shutil.rmtree(root / ".kb", ignore_errors=True)
    cold = _kb("find", "#rnn", "--vault", str(root), "--json", env=env)
    warm = statistics.median(_kb("find", "#rnn -#gru", "--vault", str(root), "--json", env=env)
                             for _ in range(7))
    words = statistics.median(_kb("find", "隐藏状态", "gate", "--vault", str(root), "--json",
                                  env=env) for _ in range(5))
    # the floor every command stands on: starting this Python and doing nothing
    start = statistics.median(_run([sys.executable, "-c", "pass"], env=env) for _ in range(7))
    return {"find_cold_ms": round(cold * 1000), "find_warm_ms": round(warm * 1000),
            "find_warm_words_ms": round(words * 1000), "python_start_ms": round(start * 1000)}


def _import_figures(work: Path, n: int) -> dict:
    from ..importers import digest, writer

    text = synth.digest_text(n)
    vault = work / "import-vault"
    vault.mkdir()
    start = time.perf_counter()
    parsed = digest.parse_digest("synthetic.txt", text)
    planned = writer.plan([parsed], vault / "daily", vault)
    writer.write(planned, vault, work)
    elapsed = time.perf_counter() - start
    return {"import_notes": len(parsed.drafts),
            "import_notes_per_s": round(len(parsed.drafts) / elapsed),
            "import_mb_per_s": round(len(text.encode()) / 1e6 / elapsed, 2)}


def _import_code_figures(project: Path, quick: bool) -> dict:
    """The importer on real Python exported without indentation (kb.cli.code_corpus)."""
    from . import code_corpus

    demo = project / "notes" if (project / "notes").is_dir() else None
    blocks = code_corpus.blocks(limit_model=20 if quick else 400,
                                limit_stdlib=40 if quick else 600, demo=demo)
    start = time.perf_counter()
    figures = code_corpus.score(blocks).figures()
    figures["import_corpus_s"] = round(time.perf_counter() - start, 1)
    # one long stripped region (the corpus's scripts end to end), and four times as long: the
    # time a line takes should not grow with the region
    from ..importers import pycode

    lines = [line.strip() for b in blocks if b.kind.startswith("scripts")
             for line in b.code.split("\n")][:200 if quick else 400]
    for times in (1, 4):
        start = time.perf_counter()
        pycode.reindent(lines * times)
        figures[f"import_reindent_ms_per_line_x{times}"] = round(
            (time.perf_counter() - start) * 1000 / max(len(lines) * times, 1), 2)
    return figures


def _extract_figures(root: Path, work: Path) -> dict:
    out = work / "snippets"
    full = _kb("extract", "--vault", str(root), "--out", str(out), cwd=work)
    target = next(root.rglob("*.md"))
    target.write_text(target.read_text(encoding="utf-8") +
                      "\n```python\nprint('changed')\n```\n", encoding="utf-8")
    one = _kb("extract", "--vault", str(root), "--out", str(out), cwd=work)
    return {"extract_full_s": round(full, 2), "extract_one_changed_s": round(one, 2)}


MKDOCS_YML = """site_name: bench
docs_dir: {docs}
site_dir: {site}
theme: {{name: material, language: zh, font: false}}
plugins: [{plugins}]
nav: [{first}]
markdown_extensions: [attr_list, md_in_html, pymdownx.superfences]
"""


def _build_figures(root: Path, work: Path) -> dict:
    """Each config built twice: the first build of a fresh vault (kb has no caches yet) and
    the next one (kb reuses its parsed notes and search entries; plain mkdocs keeps nothing)."""
    first = next(iter(sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))))
    cold, warm = {}, {}
    for name, plugins in (("plain", "search"), ("kb", "kb, search")):
        cfg = work / f"{name}.yml"
        cfg.write_text(MKDOCS_YML.format(docs=root, site=work / f"site-{name}", plugins=plugins,
                                         first=first), encoding="utf-8")
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)]
        cold[name] = _run(build)
        warm[name] = _run(build)
    pages = {name: sum(1 for _ in (work / f"site-{name}").rglob("index.html"))
             for name in warm}
    text_edit, tag_edit = _serve_rebuild(work / "kb.yml", root / first)
    return {"build_plain_s": round(warm["plain"], 1), "build_kb_s": round(warm["kb"], 1),
            "build_plugin_ratio": round(warm["kb"] / warm["plain"], 2),
            "build_plain_cold_s": round(cold["plain"], 1), "build_kb_cold_s": round(cold["kb"], 1),
            "build_plugin_ratio_cold": round(cold["kb"] / cold["plain"], 2),
            "build_pages_plain": pages["plain"], "build_pages_kb": pages["kb"],
            # the first builds' ratio per page written: kb's cost apart from the pages it adds
            "build_per_page_ratio_cold": round((cold["kb"] / pages["kb"]) /
                                               (cold["plain"] / pages["plain"]), 2),
            "rebuild_one_note_s": round(text_edit, 2), "rebuild_tag_edit_s": round(tag_edit, 2)}


def _serve_rebuild(config: Path, note: Path) -> tuple[float, float]:
    """Seconds from saving an edit to ``kb serve`` reloading the browser (edit → page ready),
    for an edit of the text and for a new tag."""
    import socket
    import threading

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kb", "serve", "-f", str(config), "-a",
                             f"127.0.0.1:{port}"], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    ready = threading.Event()
    reloads = threading.Semaphore(0)

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "Serving on" in line:
                ready.set()
            if "Reloading browsers" in line and ready.is_set():
                reloads.release()

    threading.Thread(target=read, daemon=True).start()
    times = []
    try:
        if not ready.wait(1800):
            raise RuntimeError("kb serve did not start:\n" + "".join(lines[-20:]))
        # a line of text, then a new tag (its tag page, the tag index, the graph follow)
        for addition in ("\n又改了一句 one more sentence.\n", "\n#edited-under-serve\n"):
            time.sleep(1.5)
            while reloads.acquire(blocking=False):  # a reload not caused by this edit
                pass
            start = time.perf_counter()
            note.write_text(note.read_text(encoding="utf-8") + addition, encoding="utf-8")
            if not reloads.acquire(timeout=600):
                raise RuntimeError("kb serve did not rebuild:\n" + "".join(lines[-20:]))
            times.append(time.perf_counter() - start)
        return times[0], times[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _snippet_figures(project: Path) -> dict:
    snippets = sorted((project / "snippets").glob("*.py"))
    if not snippets:
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        one = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "--kb-results", str(Path(tmp) / "r.json"), str(project / "snippets")],
                   cwd=project)
        per = 0.0
        for path in snippets:  # the same tests, a fresh pytest (and torch import) per note
            per += _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                         "--kb-results", str(Path(tmp) / "r1.json"), str(path)], cwd=project)
    return {"snippets": len(snippets), "snippets_one_process_s": round(one, 1),
            "snippets_per_process_s": round(per, 1),
            "snippets_inprocess_ratio": round(one / per, 2)}


def _shipped_configs(project: Path, docs: Path, work: Path, first: str) -> dict[str, Path]:
    """The project's own mkdocs.yml (the one people copy) pointed at ``docs``, and two plain
    ones to measure it against: the same file without kb (mkdocs-jupyter and all), and
    mkdocs-material with only its search and the same Markdown extensions. Plain mkdocs lists
    every page in every page's nav, which no one could wait for at this size: the plain
    builds get a one-page nav."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^docs_dir:.*$", f"docs_dir: {json.dumps(str(docs))}", text)
    text = re.sub(r"(?m)^site_dir:.*$", "", text)
    out = {}
    plain = re.sub(r"(?m)^  - kb(:.*)?\n", "", text) + f"nav: [{json.dumps(first)}]\n"
    material = re.sub(r"(?ms)^  - mkdocs-jupyter:\n(    .*?\n)+", "", plain)
    for name, body in (("kb", text), ("plain", plain), ("material", material)):
        path = work / f"{name}.yml"
        path.write_text(body + f"site_dir: {json.dumps(str(work / ('site-' + name)))}\n",
                        encoding="utf-8")
        out[name] = path
    return out


def _search_figures(site: Path, docs: Path, pages: list[str]) -> dict:
    """Typing → first result in headless Chromium (each query on a freshly opened note page),
    the bytes five queries fetch, and recall against the notes' literal text."""
    from urllib.parse import unquote

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from ..core.vault import Vault
    from ..site.search import literal_matches, sample_queries
    from . import headless

    vault = Vault.load(docs)
    queries = sample_queries(vault, count=16, seed=7)
    if not headless.available():
        return {"search_skipped": "no chromium/chromedriver"}
    try:
        driver = headless.chromium()
    except ImportError:
        return {"search_skipped": "no selenium (the test extra)"}
    driver.set_script_timeout(300)
    times, recalls = [], []
    with headless.serve(site) as base:
        try:
            for i, query in enumerate(queries[:8]):
                driver.get(base + pages[(i * 7919) % len(pages)])
                driver.execute_script("document.querySelector('#__search').checked = true")
                box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
                box.send_keys(query)
                WebDriverWait(driver, 60).until(lambda d: d.execute_script(
                    "return window.kbSearch.times.length"))
                times.append(driver.execute_script("return window.kbSearch.times[0].ms"))
            # five queries in a row on one page, from a cold cache: the bytes they fetch
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.get(base + pages[0])
            box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
            driver.execute_script("document.querySelector('#__search').checked = true")
            for n, query in enumerate(queries[:5], 1):
                box.clear()
                box.send_keys(query)
                WebDriverWait(driver, 60).until(lambda d, n=n: d.execute_script(
                    "return window.kbSearch.times.length") >= n)
            fetched = driver.execute_script(
                "return performance.getEntriesByType('resource').filter(e => "
                "e.name.indexOf('/assets/kb/search/') >= 0).reduce((a, e) => a + e.encodedBodySize, 0)")
            for query in queries:
                truth = {posixpath.splitext(p)[0] + "/" for p in literal_matches(vault, query)}
                if not truth:
                    continue
                found = {unquote(u) for u in driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "window.kbSearch.find(arguments[0]).then(done, e => done([]));", query)}
                recalls.append(len(truth & found) / len(truth))
        finally:
            driver.quit()
    return {"search_first_result_ms": round(statistics.median(times)),
            "search_first_result_max_ms": round(max(times)),
            "search_bytes": int(fetched),
            "search_recall": round(statistics.mean(recalls), 4),
            "search_queries": len(recalls)}


def _site_figures(n: int, work: Path, project: Path, say: Callable[[str], None],
                  search: bool) -> dict:
    """A vault of a real vault's shape in nested folders, built with the project's own
    configuration against plain mkdocs-material: the ratio, the explorer file, page sizes,
    and search in the browser."""
    import gzip

    docs = synth.write_vault(work / f"site-vault-{n}", n, note_bytes=2000, nested=True,
                             real_shape=True, notebooks_every=50)
    first = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))[0]
    (work / f"site-{n}").mkdir()
    configs = _shipped_configs(project, docs, work / f"site-{n}", first)
    times = {}
    for name in ("material", "kb", "plain"):
        say(f"{n} notes: mkdocs build, {name}")
        times[name] = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                            str(configs[name])])
    say(f"{n} notes: mkdocs build, kb again (its caches kept)")
    times["kb_next"] = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(configs["kb"])])
    site = work / f"site-{n}" / "site-kb"
    explorer = (site / "assets/kb/explorer.json").read_bytes()
    notes = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    sizes = []
    pages = []
    for rel in sorted(notes):
        page = site / posixpath.splitext(rel)[0] / "index.html"
        if page.exists():
            sizes.append(page.stat().st_size)
            pages.append(posixpath.splitext(rel)[0] + "/")
    out = {"site_notes": n,
           "build_shipped_kb_s": round(times["kb"], 1),
           "build_shipped_kb_next_s": round(times["kb_next"], 1),
           "build_shipped_plain_s": round(times["plain"], 1),
           "build_material_s": round(times["material"], 1),
           "build_ratio_shipped": round(times["kb"] / times["plain"], 2),
           "build_ratio_material": round(times["kb"] / times["material"], 2),
           "build_ratio_material_next": round(times["kb_next"] / times["material"], 2),
           "explorer_bytes": len(explorer), "explorer_gzip_bytes": len(gzip.compress(explorer)),
           "page_html_median_bytes": int(statistics.median(sizes))}
    if search:
        say(f"{n} notes: search in headless Chromium")
        out.update(_search_figures(site, docs, pages))
    return out


def _real_code_figures(folders: list[Path]) -> dict:
    """The importer on the Python of real vaults or repositories (``--code-from``): their
    Markdown blocks, notebook cells and ``.py`` definitions as written, exported and read back
    like the corpus (``import_real_*``)."""
    from . import code_corpus

    blocks = [b for folder in folders for b in code_corpus.code_from(folder)]
    if not blocks:
        return {"import_real_blocks": 0}
    figures = code_corpus.score(blocks).figures()
    out = {k: v for k, v in figures.items() if k.startswith("import_real_")}
    out["import_real_blocks"] = figures["import_corpus_blocks"]
    for key in ("code_line_recall", "code_line_precision", "compile_rate", "ast_equal_rate",
                "silently_wrong_rate"):
        out[f"import_real_{key}"] = figures[f"import_{key}"]
    return out


def run(sizes: list[int], quick: bool, project: Path,
        say: Callable[[str], None] = lambda s: None, site: bool = True,
        only_site: bool = False, code_from: list[Path] | None = None) -> dict:
    figures_by_size: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        work = Path(tmp)
        if only_site:
            for n in sizes:
                figures_by_size[n] = _site_figures(n, work, project, say, search=True)
            return {"machine": {"platform": platform.platform(),
                                "python": platform.python_version(), "cpus": os.cpu_count()},
                    "sizes": sizes, "figures": figures_by_size[max(sizes)],
                    "by_size": {str(k): v for k, v in figures_by_size.items()}}
        for n in sizes:
            say(f"{n} notes: writing the synthetic vault")
            root = synth.write_vault(work / f"v{n}", n, notebooks_every=50)
            figures: dict = {}
            say(f"{n} notes: load")
            figures.update(_load_figures(root))
            say(f"{n} notes: find")
            figures.update(_find_figures(root, work))
            say(f"{n} notes: import a digest of {min(n, 1000)} notes")
            sub = work / f"import{n}"
            sub.mkdir()
            figures.update(_import_figures(sub, min(n, 1000)))
            say(f"{n} notes: extract")
            sub = work / f"extract{n}"
            sub.mkdir()
            figures.update(_extract_figures(root, sub))
            if site:
                figures.update(_site_figures(n, work, project, say, search=True))
            figures_by_size[n] = figures
        build_n = sizes[0]
        say(f"site build with and without kb ({build_n} notes)")
        sub = work / "build"
        sub.mkdir()
        build = _build_figures(synth.write_vault(work / "build-vault", build_n), sub)
    say("snippet tests: one process against one process per snippet")
    snippets = {} if quick else _snippet_figures(project)
    say("import: real Python without its indentation")
    code = _import_code_figures(project, quick)
    if code_from:
        say("import: the Python of " + ", ".join(str(p) for p in code_from))
        code.update(_real_code_figures(code_from))
    largest = figures_by_size[max(sizes)]
    figures = {**largest, **build, **snippets, **code, "build_notes": build_n}
    return {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                        "cpus": os.cpu_count()},
            "sizes": sizes, "figures": figures,
            "by_size": {str(k): v for k, v in figures_by_size.items()}}
