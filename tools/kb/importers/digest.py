"""Read a 今日內容 daily digest (see shared/formats/digest.md) into note drafts.

Structure: header lines, a table of contents (entries ``YYYY-MM-DD-title``, cut titles ending
in ``…``, optional preview lines), then notes, each after a squirrel separator line. A note:
title line(s), a flattened Jekyll front-matter line, a body, a hashtag line. Titleless chunks are
export copies of an earlier note (reported as duplicates) or kept and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..core.parse import clean_tag
from ..core.text import key
from . import repair
from .model import Draft, ImportError_, Parsed, input_lines

_SEPARATOR_FULL = re.compile(r"^\s*(?:\U0001F43F\ufe0f?\s*)+下一[個个][筆笔]記?记?\s*"
                             r"(?:\U0001F43F\ufe0f?\s*)*$")
HEADER = re.compile(r"^\s*(\d{4}) (\d{2}) (\d{2}), \d{3,4} [ap]m\s*今日內容\s*$|"
                    r"^\s*(\d{4})-(\d{2})-(\d{2}), \d{1,2}:\d{2} [AP]M\s*-\s*今日內容\s*$", re.I)
DATED = re.compile(r"^(?:#\s+)?(\d{4}-\d{2}-\d{2})-(.+?)\s*$")
FRONT = re.compile(r"^\s*layout:\s*\S+\s+title:\s*[‘’'\"“”](.*)[‘’'\"“”]\s*date:\s*(\S+)\s*$")
_ELLIPSIS = "…"


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR_FULL.match(line))


def _parse_date(text: str) -> dt.datetime | dt.date | None:
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _tag_line(line: str) -> list[str] | None:
    """The tags of a line made only of hashtags, else None."""
    words = line.split()
    if not words or not all(w.startswith("#") and len(w) > 1 for w in words):
        return None
    tags = [clean_tag(w) for w in words]
    if any(t is None for t in tags):
        return None
    return tags  # type: ignore[return-value]


def _merge_tags(tags: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for t in tags:
        seen.setdefault(key(t), t)
    return list(seen.values())


_NGRAM = 4


def _grams(text: str) -> set[str]:
    t = re.sub(r"[\s\W_]+", "", text.casefold())
    return {t[i:i + _NGRAM] for i in range(max(len(t) - _NGRAM + 1, 0))}


def parse_digest(path: str, text: str) -> Parsed:
    """Read a digest. Raises ImportError_ (naming the file and line) on input it can't use."""
    lines = input_lines(path, text, "a text digest")
    separators = [i for i, ln in enumerate(lines) if is_separator(ln)]
    if not separators:
        raise ImportError_(f"{path}:1: not a 今日內容 digest: no separator line "
                           "(🐿️🐿️🐿️下一個筆記🐿️🐿️🐿️) before any note")
    parsed = Parsed(path=path, drafts=[], total_lines=len(lines))
    name = path.rsplit("/", 1)[-1]

    # -- header and table of contents ----------------------------------------------------------
    day: dt.date | None = None
    toc: list[tuple[int, str, str]] = []  # (line, date, title as listed)
    previews: dict[int, list[tuple[int, str]]] = {}
    for i in range(separators[0]):
        ln = lines[i]
        if not ln.strip():
            parsed.dropped.append((i + 1, "blank"))
            continue
        m = HEADER.match(ln)
        if m:
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
            day = day or dt.date(int(y), int(mo), int(d))
            parsed.dropped.append((i + 1, "header"))
            continue
        m = DATED.match(ln)
        if m:
            toc.append((i + 1, m.group(1), m.group(2).strip()))
            continue
        if toc:
            previews.setdefault(len(toc) - 1, []).append((i + 1, ln.strip()))
        else:
            parsed.dropped.append((i + 1, "header"))

    # -- chunks ----------------------------------------------------------------------------------
    bounds = separators + [len(lines)]
    for s in separators:
        parsed.dropped.append((s + 1, "separator"))
    titled: list[Draft] = []
    titleless: list[tuple[int, list[int]]] = []  # (first line, line indexes)
    for a, b in zip(bounds, bounds[1:]):
        idx = [i for i in range(a + 1, b)]
        content = [i for i in idx if lines[i].strip()]
        for i in idx:
            if not lines[i].strip():
                parsed.dropped.append((i + 1, "blank"))
        if not content:
            continue
        draft = _read_chunk(lines, content, name, day)
        if draft is None:
            titleless.append((content[0] + 1, content))
        else:
            titled.append(draft)
    parsed.drafts = titled

    # -- titleless chunks: copies of a note, or notes of their own --------------------------------
    grams = [(d, _grams(d.body)) for d in titled]
    for first, content in titleless:
        text = " ".join(lines[i] for i in content)
        mine = _grams(text)
        best, score = None, 0.0
        for d, g in grams:
            if mine and g:
                s = len(mine & g) / len(mine)
                if s > score:
                    best, score = d, s
        if best is not None and score >= 0.6:
            parsed.duplicates.append((first, best.title))
            parsed.dropped.extend((i + 1, "duplicate") for i in content)
            continue
        body_lines = [lines[i] for i in content]
        title = repair.first_sentence(text, 40)
        draft = Draft(title=title, date=day, tags=[], body="", source=f"{name} ({day})",
                      lines=[i + 1 for i in content],
                      notes=["titleless chunk kept as a note (it repeats no other note)"])
        draft.body = _repair_body(body_lines, draft, content)
        parsed.drafts.append(draft)

    # -- cut titles in the table of contents, and the daily page --------------------------------
    if day is None:
        dates = Counter(d for _, d, _ in toc) or Counter(
            d.date.isoformat()[:10] for d in titled if d.date)
        if dates:
            day = dt.date.fromisoformat(dates.most_common(1)[0][0])
    for d in parsed.drafts:
        if d.date is None:
            d.date = day
        d.source = f"{name} ({day.isoformat() if day else 'undated'})"
    for d in parsed.drafts:
        parsed.dropped.extend((line, "residue") for line in d.extra.pop("_residue", []))
    parsed.daily = _daily_page(parsed, toc, previews, day, name)
    return parsed


def _read_chunk(lines: list[str], content: list[int], name: str,
                day: dt.date | None) -> Draft | None:
    pos = 0
    title_lines: list[tuple[str, str]] = []
    while pos < len(content) and len(title_lines) < 2:
        m = DATED.match(lines[content[pos]])
        if not m or FRONT.match(lines[content[pos]]):
            break
        title_lines.append((m.group(1), m.group(2).strip()))
        pos += 1
    front = FRONT.match(lines[content[pos]]) if pos < len(content) else None
    broken_front = None
    if front:
        pos += 1
    elif pos < len(content) and lines[content[pos]].lstrip().startswith("layout:"):
        broken_front = content[pos] + 1  # kept in the body, reported
    if not title_lines and not front:
        return None
    title = ""
    date: dt.datetime | dt.date | None = None
    if front:
        title = front.group(1).strip()
        date = _parse_date(front.group(2))
    if not title and title_lines:
        full = [t for _, t in title_lines if not t.endswith(_ELLIPSIS)]
        title = full[-1] if full else title_lines[-1][1].rstrip(_ELLIPSIS).strip()
    if date is None and title_lines:
        date = _parse_date(title_lines[0][0])
    rest = content[pos:]
    tags: list[str] = []
    if rest:
        found = _tag_line(lines[rest[-1]])
        if found is not None:
            tags = found
    draft = Draft(title=title, date=date, tags=_merge_tags(tags), body="",
                  source=f"{name} ({day})", lines=[i + 1 for i in content])
    listed = [t.rstrip(_ELLIPSIS).strip() for _, t in title_lines if not t.endswith(_ELLIPSIS)]
    draft.extra["_listed"] = [t for _, t in title_lines]
    other = [t for t in dict.fromkeys(listed) if key(t) != key(title)]
    if other:  # the title line says something else than the front matter: keep it findable
        draft.extra["aliases"] = other
    body_idx = rest[:-1] if tags else rest
    draft.body = _repair_body([lines[i] for i in body_idx], draft, body_idx)
    if broken_front is not None:
        draft.notes.insert(0, f"line {broken_front}: front-matter line not understood "
                              "(title and date taken from the title line; the line is kept "
                              "in the body)")
    return draft


def _repair_body(body: list[str], draft: Draft, idx: list[int]) -> str:
    residue = repair.residue_lines(body)
    if residue:
        draft.notes.append(f"removed {len(residue)} line(s) of chat-assistant residue")
        residue_lines = {idx[i] + 1 for i in residue}
        draft.lines = [ln for ln in draft.lines if ln not in residue_lines]
        draft.extra.setdefault("_residue", []).extend(sorted(residue_lines))
    kept = [ln for i, ln in enumerate(body) if i not in residue]
    fenced, regions = repair.fence_code(kept)
    for r in regions:
        if r.reconstructed:
            draft.notes.append("Python indentation reconstructed" + (
                " but it does not compile" if not r.compiles else
                "; a block this long and deep rarely comes back whole: check where blocks end"
                if r.long else
                "; another nesting was about as likely: check the marked line" if r.uncertain
                else "") + ("; a multi-line string lost the indentation inside it: check its text"
                            if r.compiles and r.strings else ""))
        elif r.lang:
            draft.notes.append(f"{r.lang} code fenced")
    out: list[str] = []
    in_code = False
    prose: list[str] = []

    def flush() -> None:
        nonlocal prose
        if prose:
            rebuilt, n = repair.rebuild_lists(prose)
            if n:
                draft.notes.append(f"rebuilt {n} list item(s)")
            for ln in rebuilt:
                fixed, k = repair.restore_math(ln)
                if k:
                    draft.notes.append("math delimiters restored")
                # each exported line was a paragraph (or a list item): keep them apart
                is_item = re.match(r"^\s*([-*]|\d+[.)])\s", fixed) is not None
                if out and out[-1].strip() and fixed.strip() and not (
                        is_item and re.match(r"^\s*([-*]|\d+[.)])\s", out[-1])):
                    out.append("")
                out.append(fixed)
            prose = []

    for ln in fenced:
        if ln.startswith("```"):
            if not in_code:
                flush()
            in_code = not in_code
            out.append(ln)
            continue
        if in_code:
            out.append(ln)
        else:
            prose.append(ln)
    flush()
    draft.notes = list(dict.fromkeys(draft.notes))
    return "\n".join(out).strip("\n") + "\n" if any(x.strip() for x in out) else ""


def _daily_page(parsed: Parsed, toc, previews, day, name) -> Draft | None:
    if day is None:
        return None
    by_key = {key(d.title): d for d in parsed.drafts}
    lines_used: list[int] = []
    items: list[str] = []
    listed: set[str] = set()
    previews_by_title: dict[str, list[str]] = {}
    number = 0
    for n, (line, _date, listed_title) in enumerate(toc):
        lines_used.append(line)
        title = listed_title
        if listed_title.endswith(_ELLIPSIS):
            stem = key(listed_title.rstrip(_ELLIPSIS))
            match = next((d.title for d in parsed.drafts if key(d.title).startswith(stem) or any(
                key(t).startswith(stem) for t in d.extra.get("_listed", []))), None)
            title = match or listed_title
        else:
            found = by_key.get(key(listed_title)) or next(
                (d for d in parsed.drafts if key(listed_title) in
                 {key(t) for t in d.extra.get("_listed", [])}), None)
            title = found.title if found else listed_title
        listed.add(key(title))
        number += 1
        items.append(f"{number}. [[{title}]]")
        for pline, ptext in previews.get(n, []):
            lines_used.append(pline)
            items.append(f"    > {ptext}")
            previews_by_title.setdefault(key(title), []).append(ptext)
    for d in parsed.drafts:  # notes the table of contents missed
        if key(d.title) not in listed:
            number += 1
            items.append(f"{number}. [[{d.title}]]")
    body = (f"# {day.isoformat()} 今日內容\n\n"
            f"今日內容 exported from `{name}`: {len(parsed.drafts)} notes, newest first.\n\n"
            + "\n".join(items) + "\n")
    daily = Draft(title=f"{day.isoformat()} 今日內容", date=day, tags=["今日內容"], body=body,
                  source=f"{name} ({day.isoformat()})", lines=lines_used, kind="daily")
    daily.extra["_previews"] = previews_by_title
    return daily
