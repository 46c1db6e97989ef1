"""What a note's HTML may not do on the site: run script.

Notes are Markdown, and Markdown lets raw HTML and attribute lists through: a note that shows
``<img src=x onerror=…>`` from a web page, or a vault received from someone else, must not run
script on the built site. Obsidian sanitises the HTML of notes the same way. After Markdown
ran, every page's content is passed through :func:`sanitize`, which keeps the HTML as it is
(byte for byte) except:

* ``<script>``, ``<object>``, ``<embed>``, ``<applet>``, ``<base>``, ``<frame>``, ``<frameset>``
  and ``<meta>`` elements are removed (with a script's content);
* ``on…`` event-handler attributes, ``srcdoc``, and ``formaction`` are removed;
* URL attributes (``href``, ``src``, ``action``, ``xlink:href``, ``poster``, ``data``,
  ``background``, ``srcset``) whose value is a ``javascript:``, ``vbscript:`` or ``data:`` URL
  are removed, except ``data:image/…`` pictures in ``<img src>``;
* ``style`` attributes that could load script (``expression(``, ``javascript:``, ``url(`` with a
  script URL) are removed.

Pages with none of the risky words (most pages) are not parsed at all.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_RISKY = re.compile(r"<\s*/?\s*(?:script|object|embed|applet|base|frame|meta)\b|\bon[a-z]+\s*="
                    r"|javascript|vbscript|data\s*:|srcdoc|formaction|expression\s*\(",
                    re.IGNORECASE)
_DROP_ELEMENTS = {"script", "object", "embed", "applet", "base", "frame", "frameset", "meta"}
_URL_ATTRS = {"href", "src", "action", "xlink:href", "poster", "data", "background", "srcset",
              "cite", "longdesc", "dynsrc", "lowsrc", "codebase", "manifest", "ping"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_PICTURE = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|bmp|avif|svg\+xml)[;,]", re.I)


def _bad_url(tag: str, name: str, value: str) -> bool:
    bare = _INVISIBLE.sub("", unescape(value))
    if name == "srcset":
        return any(_bad_url(tag, "src", part.strip().split(" ")[0])
                   for part in bare.split(",") if part.strip())
    m = _SCHEME.match(bare)
    if not m:
        return False
    scheme = m.group(1).lower()
    if scheme in ("javascript", "vbscript"):
        return True
    if scheme == "data":
        return not (tag == "img" and name == "src" and _PICTURE.match(bare))
    return False


def _bad_attr(tag: str, name: str, value: str | None) -> bool:
    if name.startswith("on") or name in ("srcdoc", "formaction"):
        return True
    if value is None:
        return False
    if name in _URL_ATTRS:
        return _bad_url(tag, name, value)
    if name == "style":
        low = _INVISIBLE.sub("", unescape(value)).lower()
        return "expression(" in low or "javascript:" in low or "vbscript:" in low \
            or "-moz-binding" in low
    return False


class _Filter(HTMLParser):
    """Copies the HTML as it was, dropping what :mod:`kb.site.sanitize` says."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.dropping: str | None = None  # inside an element whose content goes too
        self.changed = False

    def _start(self, tag: str, attrs, closed: bool) -> None:
        raw = self.get_starttag_text() or ""
        if self.dropping:
            return
        if tag in _DROP_ELEMENTS:
            self.changed = True
            if tag in ("script", "object", "applet", "frameset") and not closed:
                self.dropping = tag
            return
        if not any(_bad_attr(tag, n, v) for n, v in attrs):
            self.out.append(raw)
            return
        self.changed = True
        kept = []
        for n, v in attrs:
            if _bad_attr(tag, n, v):
                continue
            kept.append(n if v is None else f'{n}="{_attr(v)}"')
        self.out.append(f"<{tag}{''.join(' ' + a for a in kept)}{' /' if closed else ''}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping:
                self.dropping = None
            return
        if tag in _DROP_ELEMENTS:
            return
        self.out.append(f"</{tag}>")

    def _keep(self, text: str) -> None:
        if not self.dropping:
            self.out.append(text)

    def handle_data(self, data):
        self._keep(data)

    def handle_entityref(self, name):
        self._keep(f"&{name};")

    def handle_charref(self, name):
        self._keep(f"&#{name};")

    def handle_comment(self, data):
        self._keep(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._keep(f"<!{decl}>")

    def handle_pi(self, data):
        self._keep(f"<?{data}>")

    def unknown_decl(self, data):
        self._keep(f"<![{data}]>")


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def sanitize(page_html: str) -> str:
    """The page's HTML with everything that could run script removed (see the module)."""
    if not _RISKY.search(page_html):
        return page_html
    f = _Filter()
    f.feed(page_html)
    f.close()
    return "".join(f.out) if f.changed else page_html
