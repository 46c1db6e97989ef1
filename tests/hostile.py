"""What a hostile or careless vault looks like, and how to tell that nothing of it runs.

Shared by the hostile-input tests and the browser test: :func:`hostile_vault` writes notes
whose every field kb writes somewhere (titles, aliases, tags, file names, link targets and
texts, block ids, headings, dates, info strings, notebook metadata, clipped text) carries a
payload of the usual families; :func:`html_findings` lists what in a built page could run.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

# payload families: event handlers, script elements, javascript:/data: URLs, svg/math,
# attr_list, Markdown link targets, broken comments
XSS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "<svg onload=alert(5)>",
    "<math><mtext><img src=x onerror=alert(6)></mtext></math>",
    "*hover me*{ onmouseover=alert(3) }",
    "[click](javascript:alert(7))",
    "<a href=\"javascript:alert(8)\">x</a>",
    "<!--<img src=x onerror=alert(9)>-->",
    "--><img src=x onerror=alert(10)>",
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    "\"><img src=x onerror=alert(12)>",
    "'><svg/onload=alert(13)>",
]

_URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset"}
_DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRS and value:
                bare = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
                if bare.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.findings.append(f"<{tag} {name}={value!r}>")
        if tag in _DANGEROUS_TAGS:
            self.findings.append(f"<{tag}>")
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            self.findings.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._in_script = names
            if "src" in names and not re.search(r"(^|/)assets/", names["src"] or ""):
                self.findings.append(f"<script src={names['src']!r}>")

    def handle_data(self, data):
        if self._in_script is not None and "src" not in self._in_script:
            if self._in_script.get("type") != "application/json":
                self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def html_findings(page_html: str) -> list[str]:
    """Everything in a page that could run code a page of kb's should not have: event-handler
    attributes, script URLs, foreign script elements or sources, frames. mkdocs-material's own
    inline script (its scope set-up) is allowed, nothing else inline."""
    scan = _Scan()
    scan.feed(page_html)
    found = list(scan.findings)
    for script in scan.inline_scripts:
        if not any(mark in script for mark in ("__md_scope", "__md_get",
                                               "getElementById(location.hash.slice(1))")):
            found.append(f"inline <script>{script[:60]!r}")
    return found


def notebook(title: str, text: str) -> str:
    return json.dumps({
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"# {title}\n", text]},
                  {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": ["x = 1\n"]}],
        "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                    "display_name": title},
                     "title": title},
        "nbformat": 4, "nbformat_minor": 5})


def hostile_vault() -> dict[str, str | bytes]:
    """Notes whose every field carries a payload; they link to each other so that every
    generated list (backlinks, related notes, tag and day pages, the graph) shows them."""
    files: dict[str, str | bytes] = {}
    for i, p in enumerate(XSS):
        title = json.dumps(p, ensure_ascii=False)
        files[f"p{i}.md"] = (
            f"---\ntitle: {title}\naliases: [{title}]\ndate: 2024-03-{i % 27 + 1:02d}\n"
            f"tags: [ok-{i}]\n---\n"
            f"# {p}\n\n"
            f"text {p} and [[p{(i + 1) % len(XSS)}|{p}]] and [[p{(i + 2) % len(XSS)}#{p}]]\n\n"
            f"[[p0#^x){p}]] ![[p{(i + 3) % len(XSS)}]] [t]({p}) [m](p1.md#{p})\n\n"
            f"## {p}\n\nbody ^blk{i}\n\n"
            f"```python title='a\" {p}' {p}\nx = 1\n```\n\n"
            f"```{p}\ncode\n```\n\n#tag{i} $x<{i}$\n")
    files["javascript:alert(document.domain)<!--.ipynb"] = notebook(
        XSS[0], "see [[p0]]\n")
    files["C# and 100% ?q.ipynb"] = notebook("C# notebook", "see [[p1]]\n")
    files["hub.md"] = ("# Hub\n\n" + " ".join(f"[[p{i}]]" for i in range(len(XSS)))
                       + " [[javascript:alert(document.domain)<!--]]\n")
    files["onerror=alert(14) <b>.md"] = "# plain title\n[[hub]]\n"
    return files


def scan_site(site: Path) -> dict[str, list[str]]:
    """``{page: findings}`` for every HTML page of a built site that has any."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        found = html_findings(page.read_text(encoding="utf-8", errors="replace"))
        if found:
            out[page.relative_to(site).as_posix()] = found
    return out
