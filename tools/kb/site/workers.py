"""The site in two processes: on a machine of two cores or more, ``mkdocs build`` hands work to
forked children, each only where the result is byte for byte what one process makes.

- :class:`KbPagesApart` (kb made the nav): a child makes a share of the pages whole, Markdown
  and template: kb's own tag, day and folder pages and as many notes as balance the two
  processes; it sends back its warnings, log records and anchors.
- :class:`PagesInTwo` (any other nav): every other page's template rendered by a child
  (navigation, titles, tables of contents and anchors were all made before, when the
  Markdown was converted).
- :class:`NotebooksAhead`: the notebooks converted into mkdocs-jupyter's cache while the
  parent converts the notes.

Only when every plugin is one whose per-page events keep no state the parent reads later: kb,
Material's search (kb's index replaced its per-page work) and mkdocs-jupyter. A child that
fails gives its pages back: the parent makes them itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any

SAFE_PLUGINS = {"kb", "search", "material/search", "mkdocs-jupyter"}
MIN_PAGES = 200  # below that, forking costs more than it saves
IN_CHILD = False  # set in a child: it starts no children of its own


def background(step: int = 5) -> None:
    """In a child doing work ahead of the parent: give way to the parent, whose work is the
    build's critical path (with three children on two cores it would otherwise get half a
    core at times); among the children, the one whose work the parent needs first gets the
    smallest step."""
    try:
        os.nice(step)
    except (AttributeError, OSError):
        pass


def wait(job: tuple[int, int], stop: bool = False) -> tuple[bool, bytes]:
    """Wait for a child (kill it first if ``stop``): whether it did all its work, and what it
    wrote to its pipe."""
    pid, fd = job
    if stop:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    with os.fdopen(fd, "rb") as pipe:
        said = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0, said


def reap(job: tuple[int, int], stop: bool = False) -> bool:
    """True when the child did all its work and said nothing (a child of :class:`PagesInTwo`
    writes to its pipe when it logged a warning)."""
    done, said = wait(job, stop)
    return done and not said


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PagesInTwo:
    def __init__(self) -> None:
        self.module: Any = None
        self.original: Any = None
        self.child: tuple[int, int] | None = None
        self.theirs: set[int] = set()
        self.skipped: list[tuple] = []
        self.started = False

    @staticmethod
    def usable(config: Any) -> bool:
        from ..core.system import usable_cores

        names = set(config["plugins"].keys())
        return usable_cores() >= 2 and names <= SAFE_PLUGINS and hasattr(os, "fork")

    def install(self) -> None:
        import mkdocs.commands.build as build

        self.module, self.original = build, build._build_page
        build._build_page = self._build_page

    def _build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False):
        if not self.started:
            self.started = True
            self._fork(config, doc_files, nav, env, dirty)
        if self.child is not None and id(page.file) in self.theirs:
            self.skipped.append((page, config, doc_files, nav, env, dirty, excluded))
            return None
        return self.original(page, config, doc_files, nav, env, dirty, excluded=excluded)

    def _fork(self, config, doc_files, nav, env, dirty) -> None:
        from ..core.system import fork_child

        files = list(doc_files)
        if len(files) < MIN_PAGES:
            return
        theirs = files[1::2]
        original = self.original

        def work(fd: int) -> None:
            global IN_CHILD
            IN_CHILD = True
            counter = _Count()
            logging.getLogger("mkdocs").addHandler(counter)
            for f in theirs:
                original(f.page, config, doc_files, nav, env, dirty,
                         excluded=f.inclusion.is_excluded())
            if counter.count:
                os.write(fd, b"warned")

        job = fork_child(work)
        if job is not None:
            self.child = job
            self.theirs = {id(f) for f in theirs}

    def finish(self, failed: bool = False) -> None:
        """Wait for the child; if it failed or warned, render its pages here (after a build
        error, only stop it)."""
        if self.module is not None:
            self.module._build_page = self.original
            self.module = None
        job, self.child = self.child, None
        if job is None:
            return
        if not reap(job, stop=failed) and not failed:
            for page, config, doc_files, nav, env, dirty, excluded in self.skipped:
                self.original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        self.skipped = []


class _Records(logging.Handler):
    """What a child logs, kept to be logged again by the parent (whose handlers print it, and
    count it under ``--strict``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


# what a page costs, in ms, for sharing the work (measured on a 10,000-note vault of a real
# vault's shape and on a public vault of 4,631 notes), and the search index's writer, a child
# on the same core as this one: per byte of the notes
NOTE_MS, KB_PAGE_MS, SEARCH_MS_PER_BYTE = 4.5, 1.5, 0.0005


class KbPagesApart:
    """A share of the site made whole (Markdown and template) by a forked child while the
    parent makes the rest: kb's own pages (one per tag, day and folder: a third of a big
    vault's site, needing nothing of the notes' rendering) and as many notes as balance the
    two processes.

    Only pages outside the nav (this is used when kb made the nav, whose titles are set in
    the configuration), notebooks excepted. The child sends back what the parent needs of its
    pages: kb's warnings, mkdocs' log records (the parent logs them again: ``--strict`` counts
    them), and each page's anchors and links to anchors (mkdocs checks those after the pages
    are written). A child that fails gives its pages back: the parent makes them itself.
    """

    def __init__(self, kb_srcs: set[str], plugin: Any = None, search_bytes: int = 0) -> None:
        self.kb_srcs = kb_srcs
        self.search_ms = search_bytes * SEARCH_MS_PER_BYTE  # the other child's work
        self.plugin = plugin  # kb's: its warnings are made in the child, said in the parent
        self.module: Any = None
        self.originals: tuple[Any, Any] | None = None
        self.child: tuple[int, int] | None = None
        self.pages: list = []
        self.theirs: set[int] = set()
        self.started = False
        self.nav: Any = None
        self.files: Any = None
        self.last: Any = None

    def install(self) -> None:
        import mkdocs.commands.build as build

        self.module = build
        self.originals = (build._populate_page, build._build_page)
        build._populate_page = self._populate_page
        build._build_page = self._build_page

    def _populate_page(self, page, config, files, dirty=False):
        if not self.started:
            self.started = True
            self._fork(config, files, dirty)
        if self.child is not None and id(page.file) in self.theirs:
            return None
        return self.originals[0](page, config, files, dirty)

    def _build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False):
        if self.child is None or id(page.file) not in self.theirs:
            self.originals[1](page, config, doc_files, nav, env, dirty, excluded=excluded)
        if self.child is not None and page.file is self.last:
            # the parent's pages are written: take the child's results before mkdocs checks
            # the anchors
            self.join(config, env)

    def _share(self, files, in_nav: set[int]) -> list:
        from mkdocs.structure.files import InclusionLevel

        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        kb_pages = [f for f in pages if f.src_uri in self.kb_srcs and id(f) not in in_nav]
        notes = [f for f in pages if f.src_uri not in self.kb_srcs and id(f) not in in_nav
                 and f.src_uri.endswith(".md") and f.abs_src_path is not None]
        n = len(notes)
        wanted = max(0.0, (n * NOTE_MS - len(kb_pages) * KB_PAGE_MS - self.search_ms)
                     / (2 * NOTE_MS))
        share = min(wanted / n, 0.5) if n else 0.0
        chosen, owed = [], 0.0
        for f in notes:  # spread over the vault: every other note, or fewer
            owed += share
            if owed >= 1.0:
                owed -= 1.0
                chosen.append(f)
        return kb_pages + chosen

    def _fork(self, config, files, dirty) -> None:
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        from ..core.system import fork_child

        if self.nav is None:
            return
        in_nav = {id(p.file) for p in self.nav.pages}
        mine = self._share(files, in_nav)
        if len(mine) < MIN_PAGES:
            return
        for f in mine:
            if f.page is None:  # what mkdocs' loop does for a page not in the nav
                Page(None, f, config)
        populate, build_page = self.originals
        nav, plugin = self.nav, self.plugin

        def work(fd: int) -> None:
            import json

            global IN_CHILD
            IN_CHILD = True
            said: list[tuple[str, str]] = []
            if plugin is not None:
                plugin.warnings = lambda message, kind: said.append((message, kind))
            records = _Records()
            logger = logging.getLogger("mkdocs")
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.addHandler(records)
            logger.propagate = False
            for f in mine:
                populate(f.page, config, files, dirty)
            env = config.theme.get_env()
            env = config.plugins.on_env(env, config=config, files=files)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for f in mine:
                build_page(f.page, config, doc_files, nav, env, dirty,
                           excluded=f.inclusion.is_excluded())
            pages = {f.src_uri: [sorted(f.page.present_anchor_ids or ()), {
                target.src_uri: links for target, links in (
                    f.page.links_to_anchors or {}).items()}] for f in mine}
            data = json.dumps({"warnings": said, "records": records.records, "pages": pages})
            with os.fdopen(fd, "wb", closefd=False) as pipe:
                pipe.write(data.encode("utf-8"))

        job = fork_child(work)
        if job is not None:
            self.child = job
            self.pages = [f.page for f in mine]
            self.theirs = {id(f) for f in mine}
            self.files = files
            docs = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self.last = docs[-1] if docs else None

    def join(self, config, env) -> None:
        """The child's results, or its pages made here if it failed."""
        import json

        job, self.child = self.child, None
        if job is None:
            return
        done, raw = wait(job)
        data = None
        if done:
            try:
                data = json.loads(raw.decode("utf-8"))
            except ValueError:
                data = None
        if data is None:
            self._make_here(config, env)
            return
        for message, kind in data["warnings"]:
            if self.plugin is not None:
                self.plugin.warnings(message, kind)
        for name, level, message in data["records"]:
            logging.getLogger(name).log(level, message)
        by_src = {page.file.src_uri: page for page in self.pages}
        for src, (anchors, links) in data["pages"].items():
            page = by_src.get(src)
            if page is None:
                continue
            page.present_anchor_ids = set(anchors)
            targets = {}
            for target_src, found in links.items():
                target = self.files.get_file_from_path(target_src)
                if target is not None:
                    targets[target] = found
            page.links_to_anchors = targets
        self.pages = []

    def _make_here(self, config, env) -> None:
        from mkdocs.structure.files import InclusionLevel

        populate, build_page = self.originals
        files = self.files
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in self.pages:
            populate(page, config, files)
            build_page(page, config, doc_files, self.nav, env,
                       excluded=page.file.inclusion.is_excluded())
        self.pages = []

    def finish(self, config=None, env=None, failed: bool = False) -> None:
        """Put mkdocs' functions back; wait for a child still running (after a build error,
        stop it)."""
        if self.module is not None:
            self.module._populate_page, self.module._build_page = self.originals
            self.module = None
        if self.child is not None:
            if failed:
                reap(self.child, stop=True)
                self.child = None
            else:
                self.join(config, env)


@contextlib.contextmanager
def nbconvert_templates_kept():
    """nbconvert makes a Jinja environment for every notebook it converts (mkdocs-jupyter
    makes two exporters a notebook), so its templates are compiled again each time: 60 of a
    notebook's 75 ms. Within this block the compiled templates are kept in memory (never on
    disk: loading compiled templates runs them) and reused: 14 ms a notebook."""
    try:
        from nbconvert.exporters.templateexporter import TemplateExporter
    except ImportError:
        yield
        return
    original = getattr(TemplateExporter, "_create_environment", None)
    if original is None:
        yield
        return
    from .plugin import _MemoryBytecodeCache

    kept = _MemoryBytecodeCache()

    def create(exporter):
        env = original(exporter)
        if env.bytecode_cache is None:
            env.bytecode_cache = kept
        return env

    TemplateExporter._create_environment = create
    try:
        yield
    finally:
        TemplateExporter._create_environment = original


class NotebooksAhead:
    """Notebooks converted ahead, by a forked child, into mkdocs-jupyter's own cache, while the
    parent converts the notes' Markdown; the parent reads the notebooks' pages last, from that
    cache (on a first build, nbconvert takes about 75 ms a notebook in the parent's way).

    The child converts with mkdocs-jupyter's own code into a folder of its own and moves each
    finished file into the cache in one step, so the parent never reads half a file; the
    parent reads the notebooks from the last one back and converts any the child has not
    reached (or could not convert, or where it could not fork): the pages are the same
    either way."""

    def __init__(self, plugin: Any) -> None:
        self.plugin = plugin  # mkdocs-jupyter's
        self.module: Any = None
        self.original: Any = None
        self.child: tuple[int, int] | None = None
        self.later: list[tuple] = []
        self.theirs: set[int] = set()
        self.scratch: str | None = None

    @staticmethod
    def usable(plugin: Any) -> bool:
        try:
            from mkdocs_jupyter import plugin as nb

            nb._compute_cache_key, nb._get_cache_path  # noqa: B018 (present in this version)
        except (ImportError, AttributeError):
            return False
        return bool(plugin is not None and plugin.config.get("cache")
                    and plugin.config.get("cache_dir") and hasattr(os, "fork"))

    def _exec(self, path: str) -> bool:
        import pathlib

        run = bool(self.plugin.config["execute"])
        for pattern in self.plugin.config.get("execute_ignore") or ():
            if pathlib.PurePath(path).match(pattern):
                run = False
        return run

    def start(self, config: Any, files: Any) -> None:
        import tempfile

        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page
        from mkdocs_jupyter import plugin as nb

        from ..core.system import fork_child

        plugin = self.plugin
        cache_dir = plugin.config["cache_dir"]
        todo = []
        for f in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if not f.src_uri.endswith(".ipynb") or not plugin.should_include(f):
                continue
            self.theirs.add(id(f))
            try:
                key = nb._compute_cache_key(f.abs_src_path, plugin.config, self._exec(
                    f.abs_src_path))
            except OSError:
                continue
            target = nb._get_cache_path(cache_dir, key)
            if not target.exists():
                todo.append((f, key, target))
        self.install()
        if not todo:
            return
        try:
            os.makedirs(cache_dir, exist_ok=True)
            self.scratch = tempfile.mkdtemp(prefix=".kb-ahead-", dir=cache_dir)
        except OSError:
            return
        scratch = self.scratch

        def work(fd: int) -> None:
            global IN_CHILD
            IN_CHILD = True
            background(2)  # needed when the notes' Markdown is done
            logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the parent says it all
            plugin.config["cache_dir"] = scratch
            plugin.on_pre_build(config)
            with nbconvert_templates_kept():
                for f, key, target in todo:
                    page = Page(None, f, config)
                    plugin.on_pre_page(page, config=config, files=files)
                    try:
                        page.render(config, files)
                    except Exception:
                        continue  # the parent meets it and says what is wrong
                    made = nb._get_cache_path(scratch, key)
                    if made.exists():
                        os.replace(made, target)

        self.child = fork_child(work)

    def install(self) -> None:
        import mkdocs.commands.build as build

        self.module, self.original = build, build._populate_page
        build._populate_page = self._populate_page

    def _populate_page(self, page, config, files, dirty=False):
        if id(page.file) in self.theirs:
            self.later.append((page, config, files, dirty))
            return None
        return self.original(page, config, files, dirty)

    def finish(self, failed: bool = False) -> None:
        """Read the notebooks' pages, from the last one back while the child still works from
        the first one on: a page the child has converted is read from the cache, one it has
        not is converted here; when they meet, the child is stopped (what it writes lands
        whole or not at all). After a build error, only stop it."""
        import shutil

        if self.module is not None:
            self.module._populate_page = self.original
            self.module = None
        later, self.later = self.later, []
        if not failed:
            with nbconvert_templates_kept():
                for page, config, files, dirty in reversed(later):
                    self.original(page, config, files, dirty)
        job, self.child = self.child, None
        if job is not None:
            reap(job, stop=True)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
