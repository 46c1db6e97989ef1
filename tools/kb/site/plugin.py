"""The kb MkDocs plugin (entry point ``kb``): the vault as a tagged, linked site.

``plugins: [kb, search]`` in mkdocs.yml. The plugin loads the vault once per build through
:class:`kb.core.vault.Vault` and never parses a note again: pages are rewritten from the positions
the parser recorded (:mod:`kb.site.render`), and the extra pages come from the Vault's indexes
(:mod:`kb.site.pages`).
"""

from __future__ import annotations

import gc
import html
import json
import logging
import os
import posixpath
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from . import pages as site
from .affected import affected
from .render import Context, MathStore, fill_math, render_body
from ..code.verdict import VERDICTS
from .sanitize import sanitize
from .search import SearchIndex, find_search_plugin, silence
from . import one_markdown, workers
from .workers import KbPagesApart, NotebooksAhead, PagesInTwo
from ..core.files import safe_walk
from ..core.vault import CONFLICT_SUFFIX, Vault

log = logging.getLogger("mkdocs.plugins.kb")


class _MemoryBytecodeCache(BytecodeCache):
    """A Jinja bytecode cache in this process's memory (kb serve's rebuilds)."""

    def __init__(self):
        self.data: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.data.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.data[bucket.key] = bucket.bytecode_to_string()


_MEMORY_TEMPLATES = _MemoryBytecodeCache()

ASSETS = ("kb.css", "kb-graph.js", "kb-preview.js", "kb-explorer.js", "kb-search.js")


class KbConfig(Config):
    results = c.Type(str, default=".kb/snippet-results.json")
    nav = c.Type(bool, default=True)  # set a small nav (home, days, tags, graph) if none given
    graph = c.Type(bool, default=True)
    search = c.Type(bool, default=True)  # kb's search index answers Material's search box
    search_workers = c.Type(bool, default=True)  # build it in a worker process (mkdocs build)
    page_workers = c.Type(bool, default=True)  # share mkdocs build with forked children
    one_markdown = c.Type(bool, default=True)  # one Markdown converter for all pages
    # settings of material's jieba-based indexing, which kb's search replaced: still accepted
    jieba_words = c.Type(bool, default=True)
    search_cache = c.Type(bool, default=True)
    home = c.Type(str, default="")  # a note to feature on the generated home page


class _Warnings:
    """kb's warnings in a build: the first ones as they come, then one line that counts them
    all by kind (a real vault can have thousands; ``kb check`` lists every one). Under
    ``--strict`` any of them still fails the build."""

    SHOWN = 20

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.shown = 0

    def __call__(self, message: str, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.shown < self.SHOWN:
            log.warning(message)
            self.shown += 1

    def summary(self) -> None:
        total = sum(self.counts.values())
        if total > self.shown:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items(),
                                                              key=lambda kv: -kv[1]))
            log.warning(f"kb: {total} problems in the notes ({kinds}); the first {self.shown} "
                        "are above; `kb check` lists every one, with its line")
        self.counts, self.shown = {}, 0


class _OsWithVaultWalk:
    """The ``os`` module as mkdocs' file discovery sees it, with :func:`kb.core.files.safe_walk`
    for ``walk``: the site takes the files kb takes (no symbolic link out of the vault, none
    that dangles or loops), so the build neither publishes a file outside the vault nor dies."""

    def __getattr__(self, name):
        return getattr(os, name)

    walk = staticmethod(safe_walk)


def _walk_like_kb() -> None:
    import mkdocs.structure.files as mkdocs_files

    if not isinstance(mkdocs_files.os, _OsWithVaultWalk):
        mkdocs_files.os = _OsWithVaultWalk()


def _keep_broken_notebooks_from_the_notebook_plugin(config, vault: Vault, warn) -> None:
    """A notebook kb could not read (not JSON, cut off) is reported by kb; mkdocs-jupyter
    would end the whole build on it. It is left to be copied as a file instead."""
    import glob

    plugin = config["plugins"].get("mkdocs-jupyter")
    ignore = plugin.config.get("ignore") if plugin is not None and hasattr(plugin, "config") \
        else None
    if not isinstance(ignore, list):
        return
    for note in vault:
        if note.kind != "notebook":
            continue
        why = next((p.message for p in note.problems if p.kind == "unreadable"), None)
        if why is None:
            why = _notebook_trouble(Path(config["docs_dir"]) / note.path)
            if why:
                warn(f"{note.path}:1: {why}; it is copied as a file, not made a page",
                     "notebook")
        if why:
            pattern = "*/" + glob.escape(note.path)
            if pattern not in ignore:
                ignore.append(pattern)


def _notebook_trouble(path: Path) -> str | None:
    """Why mkdocs-jupyter could not read a notebook that is JSON (nbformat's own check)."""
    import warnings

    try:
        import nbformat

        with warnings.catch_warnings():  # its advice on cell ids is not the reader's business
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    except ImportError:
        return None
    except Exception as err:  # noqa: BLE001 - whatever nbformat says is the reason
        return "not a notebook mkdocs-jupyter can read: " + str(err).split("\n")[0][:200]
    return None


def _keep_notebook_plugin_to_notebooks(config) -> None:
    """mkdocs-jupyter reads every Markdown page with jupytext to see whether it is a notebook
    in disguise (half of a big vault's build time, and a crash on front matter jupytext cannot
    read). Where its ``include`` names no Markdown, its ``ignore`` gets ``*.md``."""
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is None or not hasattr(plugin, "config"):
        return
    include = [str(p) for p in plugin.config.get("include") or ()]
    ignore = plugin.config.get("ignore")
    if isinstance(ignore, list) and not any(p.endswith(".md") for p in include) \
            and "*.md" not in ignore:
        ignore.append("*.md")


class KbPlugin(BasePlugin[KbConfig]):
    supports_multiple_instances = False
    dirty = False
    vault: Vault | None = None
    search: SearchIndex | None = None
    command = "build"
    warnings: _Warnings = _Warnings()

    def on_startup(self, *, command, dirty):
        _walk_like_kb()
        # mkdocs serve keeps this object across rebuilds: with --dirty (kb serve), a rebuild
        # renders only the pages that show something of the notes that changed
        self.dirty = dirty
        self.command = command

    def on_config(self, config):
        docs = Path(config["docs_dir"])
        old = self.vault if self.dirty else None
        # only changed notes are parsed: from the cache file, or on a kb serve rebuild from the
        # vault of the previous build (still in memory)
        gc.unfreeze()  # kb serve: the previous build's vault may be collected again
        if old is not None:
            self.vault = Vault.load(docs, previous=old)
        else:
            from ..store.notes import load_vault

            self.vault = load_vault(docs)
        self.affected: set[str] | None = None
        self.gone: set[str] = set()
        if old is not None:
            self.affected, self.gone = affected(old, self.vault)
        # notes that can't be read well are reported (all of them on a full build, the
        # changed ones on a kb serve rebuild); broken links are reported page by page
        if old is None:
            problems = self.vault.problems()
        else:
            problems = [p for path in self.vault.parsed_paths
                        for p in self.vault.notes[path].problems]
        self.warnings = _Warnings()
        for problem in problems:
            if problem.kind in ("front-matter", "encoding", "unreadable", "bad-date",
                                "invalid-tag", "ambiguous-link", "symlink", "nesting"):
                self.warnings(f"{problem}", problem.kind)
        _keep_notebook_plugin_to_notebooks(config)
        _keep_broken_notebooks_from_the_notebook_plugin(config, self.vault, self.warnings)
        _walk_like_kb()  # also when this plugin is used without on_startup (tests, API)
        for ext in ("attr_list", "md_in_html", "admonition", "pymdownx.details"):
            if ext not in config["markdown_extensions"]:
                config["markdown_extensions"].append(ext)
        toc = config["mdx_configs"].get("toc", {})
        slugify = toc.get("slugify")
        if slugify is None:
            from markdown.extensions.toc import slugify as default_slugify
            slugify = default_slugify
        self.slugify = lambda text: slugify(text, toc.get("separator", "-"))
        self.kb_nav = bool(self.config.nav and not config["nav"])
        if self.kb_nav:
            nav = [{"Folders 文件夹": site.FOLDERS_INDEX}, {"Days 每日": site.DAYS_INDEX},
                   {"Tags 标签": site.TAGS_INDEX}]
            if self.config.graph:
                nav.append({"Graph 关系图": site.GRAPH_PAGE})
            nav.insert(0, {"Home": self.home_source()})
            config["nav"] = nav
            try:  # kb left the notes out of the nav on purpose: mkdocs need not list them
                if config["validation"]["nav"]["omitted_files"] == logging.INFO:
                    config["validation"]["nav"]["omitted_files"] = logging.DEBUG
            except (KeyError, TypeError):
                pass
        for asset in ASSETS:
            target = f"assets/kb/{asset}"
            if asset.endswith(".css") and target not in config["extra_css"]:
                config["extra_css"].append(target)
            if asset.endswith(".js") and target not in [str(s) for s in config["extra_javascript"]]:
                config["extra_javascript"].append(target)
        self.results = self._load_results(Path(config["config_file_path"] or ".").parent)
        self.math: dict[str, MathStore] = {}
        self.root = Path(config["config_file_path"] or ".").parent
        # the vault lives as long as the build and holds no cyclic garbage: keep the cycle
        # collector from walking its millions of objects again and again while pages are built
        gc.freeze()
        return config

    def _load_results(self, project: Path) -> dict[str, dict[int, dict]]:
        """note -> block line -> its worst result (verdict, message), from the results file
        the pytest plugin writes (an output block has its own line, so its own badge)."""
        path = project / self.config.results
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        rank = {v: i for i, v in enumerate(VERDICTS)}
        out: dict[str, dict[int, dict]] = {}
        notes = data.get("notes", {}) if isinstance(data, dict) else {}
        for note, entry in notes.items() if isinstance(notes, dict) else ():
            per_line: dict[int, dict] = {}
            for block in entry.get("blocks", []) if isinstance(entry, dict) else ():
                if not isinstance(block, dict):
                    continue
                line = block.get("line")
                verdict = block.get("verdict") or block.get("outcome")
                if not isinstance(line, int) or verdict not in rank:
                    continue
                old = per_line.get(line)
                if old is None or rank[verdict] < rank[old["verdict"]]:
                    per_line[line] = {"verdict": verdict,
                                      "message": str(block.get("message") or "")[:2000],
                                      "needs": [str(n) for n in block.get("needs") or ()]}
            out[note] = per_line
        return out

    # -- files -----------------------------------------------------------------------------

    def on_files(self, files: Files, config):
        for f in list(files):  # an import's pending conflict is not for the site
            if f.src_uri.endswith((CONFLICT_SUFFIX, ".kb-tmp")):
                files.remove(f)
        self.files = files
        self.one_md = None
        if self.config.one_markdown and one_markdown.usable(config):
            self.one_md = one_markdown.OneMarkdown(config)
        self._urls: dict[str, str] = {}
        self._dirs: dict[str, list[str]] = {}
        self.search_job = None
        search_plugin = find_search_plugin(config) if self.config.search else None
        if search_plugin is not None:
            silence(search_plugin)
            if self.search is None:
                self.search = SearchIndex()
            if self.command == "build" and self.config.search_workers:
                self.search_job = self._start_search(Path(config["site_dir"]))
        generated: dict[str, callable] = {
            site.TAGS_INDEX: lambda: site.tags_index_md(self.vault, self.href),
            site.DAYS_INDEX: lambda: site.days_index_md(self.vault, self.href),
        }
        if self.config.graph:
            generated[site.GRAPH_PAGE] = lambda: site.graph_page_md(self.vault, self.href)
        if self.home_source() == site.HOME_PAGE and site.HOME_PAGE not in self.vault.notes:
            generated[site.HOME_PAGE] = lambda: site.home_page_md(
                self.vault, self.href, config.get("site_name") or "", self.config.home or None)
        for folder in self.vault.folders():
            generated[site.folder_page_path(folder)] = (
                lambda f=folder: site.folder_page_md(self.vault, f, self.href))
        for tag_key in self.vault.tags:
            generated[site.tag_page_path(tag_key)] = (
                lambda k=tag_key: site.tag_page_md(self.vault, k, self.href))
        for day in self.vault.days:
            generated[site.day_page_path(day)] = (
                lambda d=day: site.day_page_md(self.vault, d, self.href))
        made = []
        for src, _ in generated.items():
            if files.get_file_from_path(src) is not None:
                log.warning(f"kb: {src} exists in the vault; kb's generated page is not added")
                continue
            f = File.generated(config, src, content="")
            files.append(f)
            made.append((f, generated[src]))
        self.post_html: dict[str, str] = {}
        # a page's Markdown is made when mkdocs reads it (on_pre_page): on a big vault, in
        # the child that makes kb's pages; after an edit (kb serve) only the pages that change
        # are worth writing
        self.pending = {f.src_uri: (f, make) for f, make in made
                        if self.affected is None or f.src_uri in self.affected}
        self.kb_pages = None
        if self._in_two(config) and self.kb_nav:
            self.kb_pages = KbPagesApart(set(self.pending), self, search_bytes=sum(
                n.size for n in self.vault.notes.values()) if self.search_job else 0)
            self.kb_pages.install()
        for asset in ASSETS:
            text = resources.files("kb.site").joinpath("assets", asset).read_text(encoding="utf-8")
            files.append(File.generated(config, f"assets/kb/{asset}", content=text))
        if self.affected is not None:
            for f in files.documentation_pages():
                modified = f.src_uri in self.affected or (
                    f.abs_src_path is not None and File.is_modified(f))
                f.is_modified = (lambda m=modified: m)  # type: ignore[method-assign]
        return files

    def on_env(self, env, config, files):
        """Compiled templates are kept in memory for the next build of this process (kb serve):
        mkdocs makes a new Jinja environment for every build, and compiling material's templates
        again costs ~0.4 s a rebuild. Never on disk: loading compiled templates runs them."""
        if env.bytecode_cache is None:
            env.bytecode_cache = _MEMORY_TEMPLATES
        if getattr(self, "notebooks_ahead", None) is not None and not workers.IN_CHILD:
            self.notebooks_ahead.finish()  # the notebooks' pages, read last
            self.notebooks_ahead = None
        self.pages_in_two = None
        self.env = env
        apart = self.kb_pages is not None and self.kb_pages.child is not None
        if self._in_two(config) and not apart:
            # (where a child makes a share of the pages whole, the parent renders the rest)
            self.pages_in_two = PagesInTwo()
            self.pages_in_two.install()
        return env

    def _in_two(self, config) -> bool:
        """Whether this build shares its work with forked children (``mkdocs build`` of the
        whole site, two cores, only plugins whose page events keep no state; never in a child)."""
        return (self.command == "build" and self.config.page_workers and self.affected is None
                and not workers.IN_CHILD and PagesInTwo.usable(config))

    def on_nav(self, nav, config, files):
        if getattr(self, "kb_pages", None) is not None:
            self.kb_pages.nav = nav
        self.notebooks_ahead = None
        jupyter = config["plugins"].get("mkdocs-jupyter")
        if self._in_two(config) and NotebooksAhead.usable(jupyter):
            self.notebooks_ahead = NotebooksAhead(jupyter)
            self.notebooks_ahead.start(config, files)
        return nav

    def home_source(self) -> str:
        """The page the site's root shows: the vault's index.md, else a root README.md (mkdocs
        makes it the index), else kb's generated home page."""
        if "index.md" in self.vault.notes:
            return "index.md"
        if "README.md" in self.vault.notes:
            return "README.md"
        return site.HOME_PAGE

    def href(self, from_src: str, to_src: str) -> str:
        """Relative URL from one page to another, by their docs-relative source paths (what
        mkdocs' ``get_relative_url`` gives, made without normalising paths half a million
        times on a big vault)."""
        start = self._dirs.get(from_src)
        if start is None:
            other = self._url(from_src)
            head, tail = posixpath.split(other)
            start = self._dirs[from_src] = [p for p in (head if "." in tail else other).split("/")
                                            if p and p != "."]
        url = self._url(to_src)
        parts = [p for p in url.split("/") if p and p != "."]
        if ".." in parts:
            return get_relative_url(url, self._url(from_src))
        i = 0
        for a, b in zip(start, parts):
            if a != b:
                break
            i += 1
        rel = "/".join([".."] * (len(start) - i) + parts[i:]) or "."
        return rel + "/" if url.endswith("/") else rel

    def _url(self, src: str) -> str:
        url = self._urls.get(src)
        if url is None:
            url = self._urls[src] = self._compute_url(src)
        return url

    def _compute_url(self, src: str) -> str:
        f = self.files.get_file_from_path(src)
        # notebooks become pages only in mkdocs-jupyter's on_files, after ours
        if f is not None and not src.endswith(".ipynb"):
            return f.url
        stem, _ = posixpath.splitext(src)
        url = "" if stem == "index" else (stem[:-6] if stem.endswith("/index") else stem) + "/"
        return quote(url, safe="/")  # as mkdocs quotes its own: no scheme, no broken href

    # -- pages -----------------------------------------------------------------------------

    def _context(self) -> Context:
        root = self.root.resolve()
        docs = self.vault.root.resolve()
        try:
            prefix = docs.relative_to(root).as_posix() + "/"
        except ValueError:
            prefix = docs.as_posix() + "/"
        return Context(vault=self.vault, tag_md_path=site.tag_page_path, slugify=self.slugify,
                       results=self.results, note_shown_path=lambda p: prefix + p,
                       warn=lambda message: self.warnings(message, "unresolved-link"))

    def _start_search(self, site_dir: Path):
        """Write the search index in a forked child while mkdocs renders the pages (the
        index needs the vault and the pages' URLs, nothing of the pages)."""
        from ..core.system import fork_child

        def work(fd: int) -> None:
            workers.background(8)  # needed at the very end
            self.search.write(self.vault, site_dir, self._url)

        return fork_child(work)

    def _finish_search(self) -> bool:
        """Wait for the search child; False if it failed (or there was none)."""
        job, self.search_job = self.search_job, None
        if job is None:
            return False
        pid, fd = job
        with os.fdopen(fd, "rb") as pipe:
            pipe.read()
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def on_build_error(self, error):
        if getattr(self, "notebooks_ahead", None) is not None:
            self.notebooks_ahead.finish(failed=True)
            self.notebooks_ahead = None
        if getattr(self, "pages_in_two", None) is not None:
            self.pages_in_two.finish(failed=True)
            self.pages_in_two = None
        if getattr(self, "kb_pages", None) is not None:
            self.kb_pages.finish(failed=True)
            self.kb_pages = None
        if self.search_job is not None:
            os.kill(self.search_job[0], 9)
            self._finish_search()

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, config):
        if getattr(self, "pages_in_two", None) is not None:
            self.pages_in_two.finish()
            self.pages_in_two = None
        if getattr(self, "kb_pages", None) is not None:
            self.kb_pages.finish(config, getattr(self, "env", None))
            self.kb_pages = None
        self.warnings.summary()
        from .previews import write as write_previews

        write_previews(self.vault, Path(config["site_dir"]),
                       lambda path: unquote(self._url(path)),  # as the script decodes it
                       only=self.affected)
        from .explorer import write as write_explorer

        write_explorer(self.vault, Path(config["site_dir"]), self._url)
        self._post_build(config)

    def _post_build(self, config):
        """The search index (from the child that wrote it, else here; a kb serve rebuild writes
        only the files that changed), and away with the pages of tags and days that are gone."""
        import shutil

        if self.search is not None and not self._finish_search():
            self.search.write(self.vault, Path(config["site_dir"]),
                              self._url, fresh=self.affected is None)

        for src in self.gone:
            stem = posixpath.splitext(src)[0]
            target = Path(config["site_dir"]) / stem
            if target.is_dir() and target.resolve().is_relative_to(
                    Path(config["site_dir"]).resolve()):
                shutil.rmtree(target, ignore_errors=True)
        self.gone = set()

    def on_pre_page(self, page, config, files):
        job = getattr(self, "pending", {}).pop(page.file.src_uri, None)
        if job is not None:
            f, make = job
            markdown, _, tail = make().partition(site.HTML_MARKER)
            f.content_string = markdown + site.HTML_MARKER
            self.post_html[f.src_uri] = tail
        if getattr(self, "one_md", None) is not None:
            self.one_md.attach(page)
        return page

    def on_page_read_source(self, page, config):
        """A note kb could not read cleanly (not UTF-8, front matter that is not YAML) reaches
        mkdocs as kb read it: its body, decoded, without the front matter; the problem was
        reported at its line, and the rest of the site still builds."""
        note = self.vault.notes.get(page.file.src_uri) if self.vault is not None else None
        if note is None or note.kind != "markdown" or not any(
                p.kind in ("encoding", "front-matter") for p in note.problems):
            return None
        return note.body

    def on_page_markdown(self, markdown, page, config, files):
        note = self.vault.notes.get(page.file.src_uri)
        if note is None or note.kind != "markdown":
            return markdown
        store = self.math[page.file.src_uri] = MathStore()
        base_dir = posixpath.dirname(note.path)
        body = render_body(note, self._context(), base_dir, store)
        tags = [self.vault.tag_name(k) for k in note.tag_keys]
        page.meta["tags"] = tags  # mkdocs-material wants a list
        if note.title_source != "heading":
            # mkdocs and the theme print page.title into HTML as it is: escape it here
            page.title = html.escape(note.title, quote=False)
            if "title" in page.meta:  # the theme prints page.meta.title in <title>
                page.meta["title"] = page.title
        return body

    def on_page_content(self, content, page, config, files):
        src = page.file.src_uri
        if src in self.vault.notes:  # a note's own HTML may show script, never run it
            content = sanitize(content)
        if src in self.math:
            content = fill_math(content, self.math.pop(src))
        note = self.vault.notes.get(src)
        if note is None:
            return content
        if note.kind == "notebook":
            content = self._notebook_html(note, content)
        # breadcrumbs, date and tags: under the note's own heading, else first (the theme
        # then puts the title above); added as HTML, so Markdown never parses them
        header = site.note_header_html(self.vault, note, self.href)
        if content.startswith("<h1"):
            end = content.find("</h1>")
            if end > 0:
                return content[:end + 5] + "\n" + header + content[end + 5:]
        return header + content

    def on_post_page(self, output, page, config):
        """Backlinks, related notes and the graph go into the finished page: Markdown and the
        search indexer never parse them (they are navigation, and costly to parse)."""
        tail = self.post_html.pop(page.file.src_uri, None)
        if tail is not None:
            return output.replace(site.HTML_MARKER.strip(), tail, 1)
        note = self.vault.notes.get(page.file.src_uri)
        if note is None:
            return output
        end = output.rfind("</article>")
        if end < 0:
            return output
        return output[:end] + site.note_footer_html(self.vault, note, self.href) + output[end:]

    def _notebook_html(self, note, content: str) -> str:
        """mkdocs-jupyter leaves $…$ and [[links]] of markdown cells as text: put in the
        MathML and the links the parser found (no CDN MathJax is loaded)."""
        from .render import tex_to_mathml

        for formula in sorted(note.math, key=lambda m: -len(m.tex)):
            fence = "$$" if formula.display else "$"
            written = html.escape(f"{fence}{formula.tex}{fence}", quote=False)
            content = content.replace(written, tex_to_mathml(formula.tex, formula.display))
        for rl in self.vault.links.get(note.path, []):
            link = rl.link
            if link.kind != "wiki" or rl.target is None or not rl.is_note:
                continue
            shown = link.text or link.target
            url = self.href(note.path, rl.target)
            if link.heading:
                url += "#" + self.slugify(link.heading)
            content = content.replace(
                html.escape(link.raw, quote=False),
                f'<a class="kb-link" href="{html.escape(url)}">{html.escape(shown)}</a>')
        return content

