"""Read a clipped web page (see shared/formats/clippings.md) into note drafts.

Three shapes: one article inside site chrome (breadcrumbs, a keyword-stuffed title line,
promotional sentences, a related-articles tail), a list page of several posts (each dated by a
footer like ``九月 20, 2024 · 2 分钟``), and a page exported with empty property names. Code
that lost its newlines is kept as a code block, not guessed at.
"""

from __future__ import annotations

import datetime as dt
import re

from ..core.vault import Vault
from . import repair
from .model import Draft, ImportError_, Parsed, input_lines

_MONTHS_ZH = {"一月": 1, "二月": 2, "三月": 3, "四月": 4, "五月": 5, "六月": 6, "七月": 7,
              "八月": 8, "九月": 9, "十月": 10, "十一月": 11, "十二月": 12}
_MONTHS_EN = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}
_MONTHS_EN.update({m[:3].lower(): i for m, i in list(_MONTHS_EN.items())})
_MONTHS_EN["sept"] = 9
FOOTER = re.compile(
    r"^\s*(十一月|十二月|[一二三四五六七八九十]月|[A-Za-z]{3,9}\.?)\s+(\d{1,2}),\s*(\d{4})\s*"
    r"[·•・]\s*\d+\s*(分钟|分鐘|min|mins|minutes?)\b.*$", re.I)
BREADCRUMB = re.compile(r"^\s*(当前位置|當前位置|您的位置|你的位置)\s*[::]")
PROMO = re.compile(r"(^本文主要(是)?介绍.*希望|这篇关于.*的文章就介绍到这|希望对大家.*(帮助|参考)|"
                   r"需要的(开发者|朋友)们?.*(学习|参考)|更多.*相关.*请(搜索|关注))")
RELATED = re.compile(r"^\s*(相关文章|相關文章|相关推荐|Related posts|Related articles|"
                     r"You might also like)\s*[::]?\s*$", re.I)
URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
DATE_NEAR_TOP = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}:\d{2}))?")
PROPERTIES = {"type", "status", "date", "slug", "summary", "tags", "category", "icon",
              "password", "title"}
_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


def _footer_date(m: re.Match) -> dt.date | None:
    month_word = m.group(1)
    month = _MONTHS_ZH.get(month_word) or _MONTHS_EN.get(month_word.rstrip(".").lower())
    if not month:
        return None
    try:
        return dt.date(int(m.group(3)), month, int(m.group(2)))
    except ValueError:
        return None


def suggest_tags(text: str, vault: Vault | None) -> list[str]:
    """The vault's tags whose names occur in the text (whole words for Latin names)."""
    if vault is None:
        return []
    low = text.casefold()
    found = []
    for info in vault.tags.values():
        if not info.count:
            continue
        name = info.name
        leaf = name.rsplit("/", 1)[-1].casefold()
        if len(leaf) < 2 or leaf.isdigit():
            continue
        if re.search(r"[\u3400-\u9fff]", leaf):
            hit = leaf in low
        else:
            hit = re.search(rf"(?<![\w-]){re.escape(leaf)}(?![\w-])", low) is not None
        if hit:
            found.append(name)
    return sorted(found, key=str.casefold)


def _code_or_prose(lines: list[str]) -> list[str]:
    """Keep flattened code as code blocks (no re-indenting: the newlines are lost)."""
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        kind = repair.code_kind(s) if s else None
        looks_flat = kind == "python" and (";" in s or re.search(r":\S", s) or len(s) > 60
                                           or s.startswith(("import ", "from ", "for ", "def ")))
        if kind and (looks_flat or kind == "bash"):
            if out and out[-1] == "```":
                out.pop()  # join consecutive code lines into one block
            else:  # clipped code is someone else's fragment: kept, not run by the tests
                info = f'{kind} skip="clipped from a web page"' if kind == "python" else kind
                out.extend(["", f"```{info}"])
            out.extend([s, "```"])
        else:
            if out and out[-1] == "```":
                out.append("")
            out.append(ln)
    return out


def _paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for ln in lines:
        if out and out[-1].strip() and ln.strip() and not out[-1].startswith("```") \
                and not ln.startswith("```") and not _in_code(out):
            out.append("")
        out.append(ln)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _in_code(out: list[str]) -> bool:
    return sum(1 for ln in out if ln.startswith("```")) % 2 == 1


def _title_from(lines: list[str]) -> str:
    for ln in lines:
        m = _HEADING.match(ln.strip())
        if m:
            return m.group(1).strip()
    return repair.first_sentence(" ".join(ln.strip() for ln in lines if ln.strip()), 60)


def parse_clip(path: str, text: str, vault: Vault | None = None,
               accept_tags: bool = False) -> Parsed:
    lines = input_lines(path, text, "a clipped page")
    name = path.rsplit("/", 1)[-1]
    parsed = Parsed(path=path, drafts=[], total_lines=len(lines))
    footers = [(i, FOOTER.match(ln)) for i, ln in enumerate(lines)]
    footers = [(i, m) for i, m in footers if m and _footer_date(m)]
    if footers:
        _list_page(parsed, lines, footers, name)
    else:
        _article(parsed, lines, name)
    all_text = "\n".join(d.body + d.title for d in parsed.drafts)
    parsed.suggested_tags = suggest_tags(all_text, vault)
    for d in parsed.drafts:
        mine = suggest_tags(d.title + "\n" + d.body, vault)
        if accept_tags:
            d.tags = mine
        elif mine:
            d.notes.append("suggested tags (use --accept-tags): " +
                           " ".join("#" + t for t in mine))
    return parsed


def _list_page(parsed: Parsed, lines: list[str], footers, name: str) -> None:
    start = 0
    for idx, m in footers:
        chunk = [i for i in range(start, idx) if lines[i].strip()]
        for i in range(start, idx):
            if not lines[i].strip():
                parsed.dropped.append((i + 1, "blank"))
        start = idx + 1
        if not chunk:
            parsed.dropped.append((idx + 1, "footer"))
            continue
        title = lines[chunk[0]].strip().lstrip("#").strip()
        teaser = [lines[i].strip() for i in chunk[1:]]
        body = ("> [!abstract] Excerpt\n> This is the teaser from a list page; the full "
                "post is at the source.\n\n" + _paragraphs(teaser) if teaser else "")
        draft = Draft(title=title, date=_footer_date(m), tags=[], body=body,
                      source=f"{name} (list page)", lines=[i + 1 for i in chunk] + [idx + 1],
                      extra={"excerpt": True})
        parsed.drafts.append(draft)
    for i in range(start, len(lines)):  # after the last footer: pagination, site chrome
        parsed.dropped.append((i + 1, "chrome" if lines[i].strip() else "blank"))


def _article(parsed: Parsed, lines: list[str], name: str) -> None:
    kept: list[int] = []
    title: str | None = None
    url: str | None = None
    date: dt.datetime | dt.date | None = None
    i = 0
    n = len(lines)
    # empty property names at the very top (a notes-database export)
    while i < n and (lines[i].strip().casefold() in PROPERTIES or not lines[i].strip()):
        parsed.dropped.append((i + 1, "empty-property" if lines[i].strip() else "blank"))
        i += 1
    chrome = False
    if i < n and BREADCRUMB.match(lines[i]):
        parsed.dropped.append((i + 1, "chrome"))
        i += 1
        chrome = True
        while i < n and not lines[i].strip():
            parsed.dropped.append((i + 1, "blank"))
            i += 1
        if i < n:  # the keyword-stuffed title line: the title is its first part
            title = re.split(r"[,,、|_]", lines[i].strip())[0].strip() or None
            parsed.dropped.append((i + 1, "chrome"))
            i += 1
    related_at = next((j for j in range(i, n) if RELATED.match(lines[j])), None)
    end = related_at if related_at is not None else n
    for j in range(end, n):
        parsed.dropped.append((j + 1, "related" if lines[j].strip() else "blank"))
    for j in range(i, end):
        ln = lines[j]
        s = ln.strip()
        if PROMO.search(s):
            parsed.dropped.append((j + 1, "promo"))
            continue
        m = URL_LINE.match(ln)
        if m and url is None:
            url = m.group(1)
            parsed.dropped.append((j + 1, "source-url"))  # kept in the front matter
            continue
        if date is None and j < i + 6:
            dm = DATE_NEAR_TOP.fullmatch(s)
            if dm:
                date = dt.datetime.fromisoformat(f"{dm.group(1)} {dm.group(2)}") if dm.group(2) \
                    else dt.date.fromisoformat(dm.group(1))
                parsed.dropped.append((j + 1, "date"))  # kept in the front matter
                continue
        kept.append(j)
    body_lines = [lines[j] for j in kept]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    if title is None:
        first = next((lines[j] for j in kept if lines[j].strip()), "")
        m = _HEADING.match(first.strip())
        title = m.group(1).strip() if m else _title_from(body_lines)
    if not title:
        raise ImportError_(f"{parsed.path}: no text to import")
    body = _paragraphs(_code_or_prose([ln for ln in body_lines]))
    body = re.sub(r"\n{3,}", "\n\n", body)
    extra = {"url": url} if url else {}
    draft = Draft(title=title, date=date, tags=[], body=body,
                  source=f"{name}" + (" (web page)" if chrome else ""),
                  lines=[j + 1 for j in kept], extra=extra)
    parsed.drafts.append(draft)
