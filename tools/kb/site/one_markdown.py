"""One Markdown converter for all the pages of a build.

mkdocs makes a new ``markdown.Markdown`` for every page (its extensions looked up, built and
registered again: about 0.2 ms a page, three seconds on a vault of 10,000 notes and its tag
pages). Python-Markdown is made to convert many documents with one instance (``reset()``
between them, each extension clearing its own state), so kb keeps one per build and renders
a page the way mkdocs' ``Page.render`` does, with mkdocs' own per-page processors registered
afresh for each page. Only with extensions known to clear their state on ``reset()``; with
any other, mkdocs' own ``render`` runs. A test builds sites both ways and compares them.
"""

from __future__ import annotations

import logging
from typing import Any

_BUILTIN = {"abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes",
            "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
            "wikilinks", "codehilite", "legacy_attrs", "legacy_em", "extra"}
_PYMDOWNX = {"arithmatex", "betterem", "caret", "details", "emoji", "escapeall", "highlight",
             "inlinehilite", "keys", "mark", "progressbar", "saneheaders", "smartsymbols",
             "superfences", "tabbed", "tasklist", "tilde", "striphtml", "blocks.admonition",
             "blocks.details", "blocks.tab", "blocks.html"}
SAFE = (_BUILTIN | {f"markdown.extensions.{n}" for n in _BUILTIN}
        | {f"pymdownx.{n}" for n in _PYMDOWNX})

log = logging.getLogger("mkdocs.structure.pages")  # the logger mkdocs' render looks at


def usable(config: Any) -> bool:
    try:
        from mkdocs.structure import pages

        for name in ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor",
                     "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor"):
            getattr(pages, name)
    except (ImportError, AttributeError):
        return False
    names = config["markdown_extensions"]
    return all(isinstance(n, str) and n in SAFE for n in names)


class OneMarkdown:
    def __init__(self, config: Any) -> None:
        self.config = config
        self.md: Any = None

    def attach(self, page: Any) -> None:
        """Render this page with the shared converter (unless a plugin has put in a render
        of its own, as mkdocs-jupyter does for notebooks)."""
        if "render" not in vars(page):
            page.render = lambda config, files, page=page: self.render(page, config, files)

    def _converter(self) -> Any:
        if self.md is None:
            import markdown

            self.md = markdown.Markdown(extensions=self.config["markdown_extensions"],
                                        extension_configs=self.config["mdx_configs"] or {})
        else:
            self.md.reset()
        return self.md

    def render(self, page: Any, config: Any, files: Any) -> None:
        """mkdocs' ``Page.render`` (1.6), on the shared converter."""
        from mkdocs.structure import pages
        from mkdocs.structure.toc import get_toc

        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._converter()
        raw_html = pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = pages._ExtractTitleTreeprocessor()
        title._register(md)
        try:
            page.content = md.convert(page.markdown)
        except BaseException:
            self.md = None  # a converter left half-way is not used again
            raise
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
