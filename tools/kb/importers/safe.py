"""Text from outside (a digest, a web page) stays text: what would run on the built site is
neutralised before a note is written.

A person's own notes may hold HTML on purpose; an importer's input never does: a clipped page
that *talks about* ``<script>`` or ``onerror=`` must show those characters, not run them. So, in
the prose of an imported body (not inside fenced code, inline code, ``$…$`` formulas or kb's own
``[[wikilinks]]``, which kb renders escaped):

* ``<`` that would open an HTML tag, comment, declaration or autolink becomes ``&lt;``;
* a Markdown link or reference definition whose target has a script-capable scheme
  (``javascript:``, ``vbscript:``, ``data:``, ``file:``) loses its link syntax (``\\]``);
* attribute lists (``*x*{ onmouseover=… }``, ``{: .cls }``) lose their brace (``\\{``), so no
  imported text can add attributes to an element;
* a line that would open a raw HTML block does too.

Everything else is left as it was, so the note stays readable and editable.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(?:>\s?)*(`{3,}|~{3,})")
# spans kb or Markdown already treat as literal, left untouched: inline code, formulas, wikilinks
_LITERAL = re.compile(r"(`+)(?:.+?)\1|\$\$.+?\$\$|(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$(?!\d)"
                      r"|!?\[\[[^\[\]\n]*\]\]")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_BAD_SCHEME = r"\s*<?\s*(?:javascript|vbscript|data|file)\s*:"
_BAD_LINK = re.compile(rf"\]\((?={_BAD_SCHEME})", re.I)
_BAD_REFERENCE = re.compile(rf"^(\s{{0,3}})\[(?=[^\]\n]*\]:{_BAD_SCHEME})", re.I)
_ATTR_LIST = re.compile(r"\{(?=\s*:?\s*(?:[.#][\w-]|[\w-]+\s*=))")


def _prose(text: str) -> str:
    text = _TAG_OPEN.sub("&lt;", text)
    text = _BAD_LINK.sub(r"\\](", text)
    text = _BAD_REFERENCE.sub(r"\1\\[", text)
    return _ATTR_LIST.sub(r"\\{", text)


def _line(line: str) -> str:
    out, last = [], 0
    for m in _LITERAL.finditer(line):
        out.append(_prose(line[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_prose(line[last:]))
    return "".join(out)


def neutralise(body: str) -> str:
    """``body`` with everything that could run or add markup neutralised (see the module)."""
    out: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not line[m.end():].strip():
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        out.append(_line(line))
    return "\n".join(out)
