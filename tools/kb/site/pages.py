"""The pages kb adds to the site, built from the Vault: tags, days, the graph, and each note's
header and footer (tags, backlinks, related notes, its neighbourhood as a picture).

Everything here works from the Vault's indexes (tag -> notes, backlinks, days); nothing scans
the whole vault per page. ``href(from_src, to_src)`` gives the relative URL between two pages
by their docs-relative source paths.
"""

from __future__ import annotations

import calendar
import functools
import datetime as dt
import html
import json
import math
from collections.abc import Callable

from ..core.note import Note
from ..core.text import distinct_slug, ranked_spellings, truncate
from ..core.vault import Vault

Href = Callable[[str, str], str]

TAGS_INDEX = "tags/index.md"
DAYS_INDEX = "days/index.md"
GRAPH_PAGE = "graph.md"
HOME_PAGE = "index.md"  # generated only when the vault has no home note of its own
FOLDERS_INDEX = "folders/index.md"  # the vault's root folder
RELATED_TAG_LIMIT = 200
# Generated pages put their long lists after this marker: the plugin adds that part to the
# finished page, so Markdown and the search indexer never parse it (it is navigation).
HTML_MARKER = "\n\n<!--kb-html-->\n\n"  # a tag on more notes than this says little about relatedness


@functools.lru_cache(maxsize=65536)
def tag_page_path(tag_key: str) -> str:
    """``ml/rnn`` -> ``tags/ml/rnn.md`` (``index`` is kept for the tags index page)."""
    parts = [distinct_slug(part) for part in tag_key.split("/")]  # two tags, two pages
    return "tags/" + "/".join(p + "_" if p == "index" else p for p in parts) + ".md"


def folder_page_path(folder: str) -> str:
    """``caixin/01-Papers`` -> ``folders/caixin/01-papers.md``; the root -> the folders index."""
    if not folder:
        return FOLDERS_INDEX
    parts = [distinct_slug(part.casefold()) for part in folder.split("/")]
    return "folders/" + "/".join(p + "_" if p == "index" else p for p in parts) + ".md"


def day_page_path(day: dt.date) -> str:
    return f"days/{day.isoformat()}.md"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _date_text(note: Note) -> str:
    if note.date is None:
        return ""
    if isinstance(note.date, dt.datetime):
        return note.date.strftime("%Y-%m-%d %H:%M")
    return note.date.isoformat()


def _note_li(vault: Vault, note: Note, src: str, href: Href, show_date: bool = True,
             show_tags: bool = True) -> str:
    date = f'<span class="kb-date">{esc(_date_text(note))}</span> ' if show_date and note.date \
        else ""
    tags = "" if not show_tags else " ".join(f'<a class="kb-tag" href="{esc(href(src, tag_page_path(k)))}">#'
                    f'{esc(vault.tag_name(k))}</a>' for k in note.tag_keys)
    return (f'<li>{date}<a class="kb-note-link" href="{esc(href(src, note.path))}">'
            f'{esc(note.title)}</a> {tags}</li>')


def tag_tree_html(vault: Vault, src: str, href: Href, root: str | None = None) -> str:
    """Nested list of tags (all, or under ``root``) with counts."""
    keys = vault.children.get(root, []) if root else sorted(
        k for k, info in vault.tags.items() if info.parent is None)

    def item(k: str) -> str:
        info = vault.tags[k]
        total = vault.tag_total(k)
        count = f"{info.count}" if total == info.count else f"{info.count} · {total}"
        kids = vault.children.get(k, [])
        inner = "<ul>" + "".join(item(c) for c in kids) + "</ul>" if kids else ""
        return (f'<li><a class="kb-tag" href="{esc(href(src, tag_page_path(k)))}">#'
                f'{esc(info.name)}</a> <span class="kb-count">{count}</span>{inner}</li>')

    return '<ul class="kb-tag-tree">' + "".join(item(k) for k in keys) + "</ul>"


def tags_index_md(vault: Vault, href: Href) -> str:
    n = sum(1 for info in vault.tags.values() if info.count)
    return (f"---\ntitle: Tags 标签\n---\n\n# Tags 标签\n\n{n} tags. The number is how many notes "
            "carry the tag; a second number counts its nested tags too." + HTML_MARKER +
            f"{tag_tree_html(vault, TAGS_INDEX, href)}\n")


def tag_page_md(vault: Vault, tag_key: str, href: Href) -> str:
    info = vault.tags[tag_key]
    src = tag_page_path(tag_key)
    notes = vault.newest_first(vault.notes_with_tag(tag_key))
    parts = [f"---\ntitle: \"#{esc(info.name)}\"\n---\n", f"# #{esc(info.name)}\n"]
    if info.parent:
        parts.append(f'<p>Under <a class="kb-tag" href="{esc(href(src, tag_page_path(info.parent)))}">'
                     f'#{esc(vault.tag_name(info.parent))}</a></p>\n')
    if vault.children.get(tag_key):
        parts.append("<p>Nested tags:</p>\n" + tag_tree_html(vault, src, href, tag_key) + "\n")
    spellings = ranked_spellings(info.spellings)
    if len(spellings) > 1:
        parts.append(f"<p>Written as {', '.join('#' + esc(s) for s in spellings)}.</p>\n")
    parts.append(f"<p>{len(notes)} notes, newest first.</p>\n")
    parts.append(HTML_MARKER + '<ul class="kb-note-list">' +
                 "".join(_note_li(vault, n, src, href) for n in notes) + "</ul>\n")
    return "\n".join(parts)


def day_page_md(vault: Vault, day: dt.date, href: Href) -> str:
    src = day_page_path(day)
    notes = [vault.notes[p] for p in vault.days[day]]
    days = sorted(vault.days)
    i = days.index(day)
    nav = []
    if i > 0:
        nav.append(f'<a href="{esc(href(src, day_page_path(days[i - 1])))}">← '
                   f'{days[i - 1].isoformat()}</a>')
    nav.append(f'<a href="{esc(href(src, DAYS_INDEX))}">calendar</a>')
    if i + 1 < len(days):
        nav.append(f'<a href="{esc(href(src, day_page_path(days[i + 1])))}">'
                   f'{days[i + 1].isoformat()} →</a>')
    weekday = calendar.day_name[day.weekday()]
    return (f"---\ntitle: {day.isoformat()} 今日內容\nsearch:\n  exclude: true\n---\n\n# {day.isoformat()} 今日內容\n\n"
            f'<p class="kb-day-nav">{" · ".join(nav)}</p>\n\n'
            f"<p>{weekday} · {len(notes)} note{'s' if len(notes) != 1 else ''}, in the order of "
            "the day.</p>" + HTML_MARKER +
            '<ol class="kb-note-list">' + "".join(_note_li(vault, n, src, href) for n in notes)
            + "</ol>\n")


def days_index_md(vault: Vault, href: Href) -> str:
    """A calendar of every month with notes: a cell per day, shaded by how many notes."""
    src = DAYS_INDEX
    if not vault.days:
        return "---\ntitle: Days 每日\n---\n\n# Days 每日\n\nNo dated notes yet.\n"
    busiest = max(len(v) for v in vault.days.values())
    months = sorted({(d.year, d.month) for d in vault.days}, reverse=True)
    out = ["---\ntitle: Days 每日\n---\n", "# Days 每日 · 今日內容\n",
           f"<p>{len(vault.days)} days with notes, {sum(len(v) for v in vault.days.values())} "
           "dated notes. Click a day to see its notes.</p>", HTML_MARKER, '<div class="kb-calendar">']
    for year, month in months:
        out.append(f'<section class="kb-month"><h2 id="m{year}-{month:02d}">{year}-{month:02d}'
                   f'</h2><table><thead><tr>' +
                   "".join(f"<th>{d}</th>" for d in ("M", "T", "W", "T", "F", "S", "S")) +
                   "</tr></thead><tbody>")
        for week in calendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append('<td class="kb-out"></td>')
                    continue
                n = len(vault.days.get(d, ()))
                if n:
                    level = 1 + min(3, int(3 * n / max(busiest, 1)))
                    cells.append(f'<td class="kb-l{level}"><a href="{esc(href(src, day_page_path(d)))}" '
                                 f'title="{d.isoformat()}: {n} note{"s" if n != 1 else ""}">'
                                 f'{d.day}<span class="kb-n">{n}</span></a></td>')
                else:
                    cells.append(f"<td>{d.day}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table></section>")
    out.append("</div>\n")
    return "\n".join(out)


def related(vault: Vault, path: str, k: int = 5) -> list[tuple[str, float]]:
    """Notes sharing the most informative tags with ``path`` (rare tags weigh more)."""
    note = vault.notes[path]
    scores: dict[str, float] = {}
    for tag_key in note.tag_keys:
        info = vault.tags.get(tag_key)
        if info is None or len(info.notes) > RELATED_TAG_LIMIT:
            continue
        weight = 1.0 / math.log(1 + len(info.notes))
        for other in info.notes:
            if other != path:
                scores[other] = scores.get(other, 0.0) + weight
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return best


def neighbourhood_svg(vault: Vault, note: Note, href: Href, limit: int = 12) -> str:
    """The note, the notes it links to and from, and its tags, as a small radial picture."""
    src = note.path
    neighbours: list[tuple[str, str]] = []  # (path, relation)
    seen = {note.path}
    for rl in vault.links.get(note.path, []):
        if rl.target and rl.is_note and rl.target not in seen:
            seen.add(rl.target)
            neighbours.append((rl.target, "out"))
    for rl in vault.backlinks.get(note.path, []):
        if rl.source not in seen:
            seen.add(rl.source)
            neighbours.append((rl.source, "in"))
    neighbours = neighbours[:limit]
    tags = note.tag_keys[:6]
    items = [("note", p, rel_) for p, rel_ in neighbours] + [("tag", t, "tag") for t in tags]
    if not items:
        return ""
    w, h, cx, cy, r = 760, 300, 380, 150, 115
    parts = [f'<svg class="kb-graph-local" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="links of {esc(note.title)}" xmlns="http://www.w3.org/2000/svg">']
    nodes = []
    for i, (kind, key, relation) in enumerate(items):
        angle = 2 * math.pi * i / len(items) - math.pi / 2
        x, y = cx + r * 1.9 * math.cos(angle), cy + r * math.sin(angle)
        parts.append(f'<line class="kb-edge kb-{relation}" x1="{cx}" y1="{cy}" '
                     f'x2="{x:.1f}" y2="{y:.1f}"/>')
        if kind == "note":
            other = vault.notes[key]
            label, url, cls = other.title, href(src, other.path), "kb-node"
        else:
            label, url, cls = "#" + vault.tag_name(key), href(src, tag_page_path(key)), "kb-node kb-tagnode"
        short = truncate(label, 16)
        # the name outward from the node: right of it on the right, left on the left, above or
        # below at the top and bottom, so that neighbouring names do not cover each other
        c, sn = math.cos(angle), math.sin(angle)
        if c > 0.35:
            tx, ty, anchor = x + 11, y + 4, "start"
        elif c < -0.35:
            tx, ty, anchor = x - 11, y + 4, "end"
        else:
            tx, ty, anchor = x, y + (20 if sn > 0 else -12), "middle"
        nodes.append(f'<a href="{esc(url)}"><circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="7">'
                     f'<title>{esc(label)}</title></circle><text x="{tx:.1f}" y="{ty:.1f}" '
                     f'text-anchor="{anchor}">{esc(short)}</text></a>')
    parts.extend(nodes)
    parts.append(f'<circle class="kb-node kb-self" cx="{cx}" cy="{cy}" r="10"/>'
                 f'<text x="{cx}" y="{cy - 16}" text-anchor="middle" class="kb-self-label">'
                 f'{esc(note.title if len(note.title) <= 24 else note.title[:23] + "…")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def breadcrumbs_html(vault: Vault, src: str, folder: str, href: Href) -> str:
    """The folders above a page, each a link to its folder page."""
    if not folder:
        return ""
    parts = folder.split("/")
    crumbs = [f'<a href="{esc(href(src, FOLDERS_INDEX))}">{esc(vault.root.name or "vault")}</a>']
    for i in range(len(parts)):
        crumbs.append(f'<a href="{esc(href(src, folder_page_path("/".join(parts[:i + 1]))))}">'
                      f"{esc(parts[i])}</a>")
    return f'<nav class="kb-breadcrumbs" aria-label="folders">{" › ".join(crumbs)}</nav>'


def folder_page_md(vault: Vault, folder: str, href: Href, recent: int = 10) -> str:
    """A folder of the vault: its subfolders and notes as Obsidian lists them, and its most
    recent notes (subfolders included)."""
    src = folder_page_path(folder)
    subfolders, notes = vault.folders().get(folder, ([], []))
    name = folder.rsplit("/", 1)[-1] if folder else (vault.root.name or "vault")
    out = [f"---\ntitle: {json.dumps(name + ' /', ensure_ascii=False)}\nsearch:\n"
           f"  exclude: true\n---\n", f"# {esc(name)} /\n",
           f"<p>{len(subfolders)} folders, {len(notes)} notes.</p>", HTML_MARKER,
           breadcrumbs_html(vault, src, folder.rsplit("/", 1)[0] if "/" in folder else "",
                            href) if folder else ""]
    if subfolders:
        out.append('<ul class="kb-folder-list">' + "".join(
            f'<li><a class="kb-folder-link" href="{esc(href(src, folder_page_path(f)))}">'
            f'{esc(f.rsplit("/", 1)[-1])}/</a> <span class="kb-count">'
            f'{len(vault.notes_below(f))}</span></li>' for f in subfolders) + "</ul>")
    if notes:
        out.append('<ul class="kb-note-list">' + "".join(
            _note_li(vault, vault.notes[p], src, href) for p in notes) + "</ul>")
    below = vault.notes_below(folder)
    if len(below) > len(notes) or len(notes) > recent:
        newest = vault.recent(below, recent)
        out.append('<h2 id="recent">Recent notes</h2><ul class="kb-note-list">'
                   + "".join(_note_li(vault, n, src, href) for n in newest) + "</ul>")
    return "\n".join(out) + "\n"


def note_header_html(vault: Vault, note: Note, href: Href) -> str:
    bits = []
    folder = note.path.rsplit("/", 1)[0] if "/" in note.path else ""
    crumbs = breadcrumbs_html(vault, note.path, folder, href)
    if note.date is not None:
        day = note.day
        bits.append(f'<a class="kb-date" href="{esc(href(note.path, day_page_path(day)))}">'
                    f'{esc(_date_text(note))}</a>')
    bits.extend(f'<a class="kb-tag" href="{esc(href(note.path, tag_page_path(k)))}">#'
                f'{esc(vault.tag_name(k))}</a>' for k in note.tag_keys)
    meta = f'<div class="kb-meta" data-search-exclude>{" ".join(bits)}</div>' if bits else ""
    return crumbs + meta


def note_footer_html(vault: Vault, note: Note, href: Href) -> str:
    src = note.path
    out = ['<div class="kb-footer" data-search-exclude>']
    back = []
    seen = set()
    for rl in vault.backlinks.get(note.path, []):
        if rl.source in seen:
            continue
        seen.add(rl.source)
        back.append(_note_li(vault, vault.notes[rl.source], src, href, show_date=False,
                             show_tags=False))
    out.append(f'<p class="kb-section" id="kb-backlinks">Linked from · 反向链接 ({len(back)})</p>')
    out.append('<ul class="kb-backlinks">' + "".join(back) + "</ul>" if back else
               '<p class="kb-none">No other note links here yet.</p>')
    rel_notes = related(vault, note.path)
    if rel_notes:
        out.append('<p class="kb-section" id="kb-related">Related by tags · 相关笔记</p>')
        out.append('<ul class="kb-related">' + "".join(
            _note_li(vault, vault.notes[p], src, href, show_date=False, show_tags=False)
            for p, _ in rel_notes)
            + "</ul>")
    svg = neighbourhood_svg(vault, note, href)
    if svg:
        out.append('<p class="kb-section" id="kb-neighbourhood">Graph · 关系图</p>')
        out.append(svg)
        out.append(f'<p><a href="{esc(href(src, GRAPH_PAGE))}">The whole vault\'s graph →</a></p>')
    out.append("</div>")
    return "\n".join(out)


def graph_data(vault: Vault, href: Href) -> dict:
    ids = {p: i for i, p in enumerate(vault.notes)}
    nodes = [{"id": i, "title": vault.notes[p].title, "url": href(GRAPH_PAGE, p),
              "tags": [vault.tag_name(k) for k in vault.notes[p].tag_keys[:5]],
              "degree": len(vault.backlinks.get(p, ())) + len(vault.links.get(p, ()))}
             for p, i in ids.items()]
    edges = sorted({(ids[s], ids[rl.target]) for s, links in vault.links.items() for rl in links
                    if rl.target and rl.is_note and rl.target != s and rl.target in ids})
    return {"nodes": nodes, "edges": edges}


def graph_page_md(vault: Vault, href: Href) -> str:
    # "<" escaped so that no title can close the script element or open a comment
    data = json.dumps(graph_data(vault, href), ensure_ascii=False).replace("<", "\\u003c")
    return ("---\ntitle: Graph 关系图\n---\n\n# Graph 关系图\n\n"
            f"<p>{len(vault)} notes. Drag to move, scroll to zoom (names appear as you zoom in), point "
            "at a note to see its neighbours, click it to open it.</p>"
            + HTML_MARKER + '<p><input id="kb-graph-find" class="kb-graph-find" type="search" '
            'placeholder="Find a note by name…" aria-label="Find a note in the graph"></p>'
            '<div class="kb-graph-wrap"><canvas id="kb-graph" width="1200" height="700">'
            "</canvas></div>\n\n"
            f'<script type="application/json" id="kb-graph-data">{data}</script>\n')


def home_page_md(vault: Vault, href: Href, site_name: str = "", featured: str | None = None,
                 recent: int = 12) -> str:
    """A home for a vault without one: the note named as home (if any), the newest notes, the
    most used tags, the latest days and the graph."""
    src = HOME_PAGE
    title = site_name or "Home"
    out = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n",
           f"# {esc(title)}\n",
           f"<p>{len(vault)} notes, {sum(1 for i in vault.tags.values() if i.count)} tags, "
           f"{len(vault.days)} days.</p>", HTML_MARKER]
    if featured and featured in vault.notes:
        note = vault.notes[featured]
        out.append(f'<p class="kb-home-featured">Start here: <a class="kb-note-link" '
                   f'href="{esc(href(src, featured))}">{esc(note.title)}</a></p>')
    newest = vault.recent(vault.notes, recent)
    if newest:
        out.append('<h2 id="recent">Recent notes</h2><ul class="kb-note-list">'
                   + "".join(_note_li(vault, n, src, href) for n in newest) + "</ul>")
    top = sorted((k for k, i in vault.tags.items() if i.count),
                 key=lambda k: (-vault.tags[k].count, k))[:24]
    if top:
        out.append('<h2 id="tags">Tags</h2><p>' + " ".join(
            f'<a class="kb-tag" href="{esc(href(src, tag_page_path(k)))}">#'
            f'{esc(vault.tag_name(k))}</a> <span class="kb-count">{vault.tags[k].count}</span>'
            for k in top) + f' · <a href="{esc(href(src, TAGS_INDEX))}">all tags</a></p>')
    days = sorted(vault.days, reverse=True)[:10]
    if days:
        out.append('<h2 id="days">Days</h2><p>' + " · ".join(
            f'<a href="{esc(href(src, day_page_path(d)))}">{d.isoformat()}</a> '
            f'<span class="kb-count">{len(vault.days[d])}</span>' for d in days)
                   + f' · <a href="{esc(href(src, DAYS_INDEX))}">calendar</a></p>')
    out.append(f'<p><a href="{esc(href(src, GRAPH_PAGE))}">The whole vault\'s graph →</a></p>')
    return "\n".join(out) + "\n"
