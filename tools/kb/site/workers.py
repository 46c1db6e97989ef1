"""Pages in two processes: mkdocs renders the pages' templates one after the other; on a
machine of two cores or more, ``mkdocs build`` hands every other page to a forked child.

The child renders its pages exactly as mkdocs would (mkdocs' own ``_build_page``: the
``page_context`` and ``post_page`` events, the template, the file) and leaves; the parent
renders the others. Nothing a page's rendering changes is needed by the parent afterwards
(navigation, titles, tables of contents and anchors were all made before, when the Markdown
was converted), so this is done only when every plugin is one whose per-page events keep no
state the parent reads later: kb, Material's search (kb's index replaced its per-page work)
and mkdocs-jupyter. A child that fails, or logs a warning (``--strict`` counts warnings in the
parent), gives its pages back: the parent renders them again itself.
"""

from __future__ import annotations

import logging
import os
from typing import Any

SAFE_PLUGINS = {"kb", "search", "material/search", "mkdocs-jupyter"}
MIN_PAGES = 200  # below that, forking costs more than it saves


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
        pid, fd = job
        if failed:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        with os.fdopen(fd, "rb") as pipe:
            said = pipe.read()
        _, status = os.waitpid(pid, 0)
        if failed:
            return
        if os.waitstatus_to_exitcode(status) != 0 or said:
            for page, config, doc_files, nav, env, dirty, excluded in self.skipped:
                self.original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        self.skipped = []
