"""Writing imported notes safely.

* Paths: ``<dest>/<YYYY-MM-DD>-<title>.md`` (CJK kept, unsafe characters replaced; a title
  over 60 characters is cut at a word or character with a short hash of it, the same on every
  import); two notes of one import never share a path.
* Day pages link each note by its path (a same-titled note elsewhere never takes the link) and
  list the notes of every import of that day, in time order (``.kb/import-days.json``).
* Idempotent: a file whose text is already what the import would write is ``unchanged``.
* Never overwrites a person's edits: kb remembers (``.kb/import-state.json``) a hash of what
  it wrote; a file that differs from that is ``conflict`` and the new version goes beside it
  (``<name>.md.kb-new``), unless ``force``.
* Atomic (temporary file + rename) and serialised by a lock, so two imports at once and an
  interrupted import leave no half-written note.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.text import key, safe_filename, short_filename
from ..store import DIR_NAME, IMPORT_DAYS, IMPORT_LOCK, IMPORT_STATE, atomic_write, lock
from .model import Draft, Parsed
from .safe import neutralise


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def note_text(draft: Draft) -> str:
    """The note as Markdown with YAML front matter (title, date, tags, source, extras)."""
    fm = ["---", f"title: {_yaml_str(draft.title)}"]
    if draft.date is not None:
        fm.append(f"date: {draft.date.isoformat()}")
    fm.append("tags: [" + ", ".join(_yaml_str(t) for t in draft.tags) + "]")
    fm.append(f"source: {_yaml_str(draft.source)}")
    for k, v in draft.extra.items():
        if k.startswith("_"):
            continue
        fm.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    fm.append("---")
    # the body came from outside: what would run on the site is neutralised (kb.importers.safe)
    return "\n".join(fm) + "\n\n" + neutralise(draft.body).rstrip("\n") + "\n"


def note_path(draft: Draft) -> str:
    if draft.kind == "daily":
        return f"{safe_filename(draft.title, 150)}.md"
    day = draft.date.isoformat()[:10] if draft.date else "undated"
    return f"{day}-{short_filename(draft.title)}.md"


@dataclass
class Planned:
    draft: Draft
    rel: str  # relative to the vault
    text: str
    status: str = ""
    written_to: str | None = None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImportState:
    """What kb wrote last time, per file (relative to the project)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(self.data, ensure_ascii=False, indent=1,
                                           sort_keys=True) + "\n")


def import_lock(project: Path):
    """One import at a time per project (a second one waits)."""
    return lock(project / DIR_NAME / IMPORT_LOCK)


def plan(parsed_files: list[Parsed], dest: Path, vault_root: Path) -> list[Planned]:
    """Paths and texts for every draft of every file; two drafts never share a path."""
    out: list[Planned] = []
    taken: set[str] = set()  # casefolded paths
    dest_rel = dest.resolve().relative_to(vault_root.resolve()).as_posix() \
        if dest.resolve().is_relative_to(vault_root.resolve()) else dest.as_posix()
    for parsed in parsed_files:
        drafts = list(parsed.drafts) + ([parsed.daily] if parsed.daily else [])
        paths: list[tuple[Draft, str]] = []
        for draft in drafts:
            name = note_path(draft)
            rel = f"{dest_rel}/{name}" if dest_rel not in ("", ".") else name
            stem = rel[:-3]
            n = 2
            while rel.casefold() in taken:
                rel = f"{stem}-{n}.md"
                n += 1
            taken.add(rel.casefold())
            if draft.kind == "daily" and parsed.daily is draft:
                draft.extra["_entries"] = [
                    {"rel": r, "title": d.title, "time": d.date.isoformat() if d.date else None,
                     "previews": draft.extra.get("_previews", {}).get(key(d.title), [])}
                    for d, r in paths]
                draft.extra["_file"] = parsed.path.rsplit("/", 1)[-1]
                draft.body = day_page_body(draft, [(draft.extra["_file"],
                                                    draft.extra["_entries"])])
            else:
                paths.append((draft, rel))
            out.append(Planned(draft, rel, note_text(draft)))
    return out


def _link(rel: str, title: str) -> str:
    """A wikilink to a note by its vault path (no same-titled note can take it)."""
    shown = title.replace("|", "¦").replace("]]", "] ]").replace("[[", "[ [")
    return f"[[{rel[:-3] if rel.endswith('.md') else rel}|{shown}]]"


def day_page_body(daily: Draft, imports: list[tuple[str, list[dict]]]) -> str:
    """The day page: every note that the day's imports brought, in time order, each linked by
    its path, with the digest's own preview lines."""
    day = daily.title.split(" ", 1)[0]
    entries = [(e.get("time") or "", n, i, e) for n, (_f, es) in enumerate(imports)
               for i, e in enumerate(es)]
    entries.sort(key=lambda x: (x[0], x[1], x[2]))
    files = ", ".join(f"`{f}`" for f, _ in imports)
    lines = [f"# {day} 今日內容", "",
             f"今日內容 exported from {files}: {len(entries)} notes, in time order.", ""]
    for number, (_t, _n, _i, e) in enumerate(entries, 1):
        lines.append(f"{number}. {_link(e['rel'], e['title'])}")
        lines.extend(f"    > {p}" for p in e.get("previews", []))
    return "\n".join(lines) + "\n"


def _inside(rel: object) -> bool:
    """A recorded note path that stays inside the vault (the record is read from disk: it may
    have been edited or come from elsewhere)."""
    if not isinstance(rel, str) or not rel.endswith(".md") or rel.startswith(("/", "\\")):
        return False
    parts = rel.replace("\\", "/").split("/")
    return ".." not in parts and ":" not in parts[0]


class ImportDays:
    """What each import of a day brought (day -> input file -> its notes), so a second digest
    of the same day adds to the day page instead of replacing it."""

    def __init__(self, path: Path):
        self.path = path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        # what is not of the expected shape (a damaged or foreign file) is left out
        self.data: dict[str, dict[str, list[dict]]] = {
            day: imports for day, imports in (data.items() if isinstance(data, dict) else ())
            if isinstance(imports, dict)}

    def merged(self, daily: Draft, vault_root: Path) -> list[tuple[str, list[dict]]]:
        day = daily.title.split(" ", 1)[0]
        mine = daily.extra.get("_file", "")
        imports = []
        recorded = self.data.get(day) or {}
        for name, entries in recorded.items():  # in the order they were first imported
            if name == mine:
                imports.append((mine, daily.extra.get("_entries", [])))
                continue
            if not isinstance(entries, list):
                continue
            kept = [e for e in entries if isinstance(e, dict) and _inside(e.get("rel"))
                    and isinstance(e.get("title"), str) and (vault_root / e["rel"]).is_file()]
            if kept:
                imports.append((name, kept))
        if mine not in recorded:
            imports.append((mine, daily.extra.get("_entries", [])))
        return imports

    def record(self, daily: Draft) -> None:
        day = daily.title.split(" ", 1)[0]
        self.data.setdefault(day, {})[daily.extra.get("_file", "")] = \
            daily.extra.get("_entries", [])

    def save(self) -> None:  # in the order of import, not sorted: the page lists them so
        atomic_write(self.path, json.dumps(self.data, ensure_ascii=False, indent=1) + "\n")


def _remove_leftovers(folders: set[Path]) -> None:
    """Temporary files an import killed midway left (we hold the import lock: no other import
    is writing them now)."""
    for folder in folders:
        for pattern in (".*.kb-tmp", ".kb-import-*.tmp"):
            for leftover in folder.glob(pattern):
                try:
                    leftover.unlink()
                except OSError:
                    pass


def write(planned: list[Planned], vault_root: Path, project: Path, dry_run: bool = False,
          force: bool = False) -> list[Planned]:
    """Write (or, with dry_run, only decide) each planned note; sets ``status``."""
    with import_lock(project) if not dry_run else contextlib.nullcontext():
        if not dry_run:
            _remove_leftovers({(vault_root / p.rel).parent for p in planned})
        state = ImportState(project / DIR_NAME / IMPORT_STATE)
        days = ImportDays(project / DIR_NAME / IMPORT_DAYS)
        for p in planned:  # a day page lists the earlier imports of its day too
            if p.draft.kind == "daily" and "_entries" in p.draft.extra:
                merged = days.merged(p.draft, vault_root)
                p.draft.body = day_page_body(p.draft, merged)
                p.draft.source = ", ".join(name for name, _ in merged) + \
                    f" ({p.draft.title.split(' ', 1)[0]})"
                p.text = note_text(p.draft)
                days.record(p.draft)
        for p in planned:
            path = vault_root / p.rel
            state_key = path.resolve().relative_to(project.resolve()).as_posix() \
                if path.resolve().is_relative_to(project.resolve()) else path.as_posix()
            try:
                current = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                current = None
            except (OSError, UnicodeDecodeError):
                current = "\0unreadable"
            if current is None:
                p.status = "created"
            elif current == p.text:
                p.status = "unchanged"
            elif state.data.get(state_key) == _sha(current) or force:
                p.status = "updated"
            else:
                p.status = "conflict"
            if dry_run or p.status == "unchanged":
                if p.status == "unchanged" and not dry_run:
                    state.data[state_key] = _sha(p.text)
                continue
            if p.status == "conflict":
                beside = path.with_name(path.name + ".kb-new")
                atomic_write(beside, p.text)
                p.written_to = str(beside)
                continue
            atomic_write(path, p.text)
            p.written_to = str(path)
            state.data[state_key] = _sha(p.text)
        if not dry_run:
            state.save()
            if any(p.draft.kind == "daily" for p in planned):
                days.save()
    return planned


def report(parsed: Parsed, planned: list[Planned]) -> dict:
    """The import report of one input file (the README documents the shape)."""
    mine = [p for p in planned if p.draft in parsed.drafts]
    daily = next((p for p in planned if p.draft is parsed.daily), None)
    return {
        "file": parsed.path,
        "notes": [{"path": p.rel, "title": p.draft.title,
                   "date": p.draft.date.isoformat() if p.draft.date else None,
                   "tags": p.draft.tags, "status": p.status, "repairs": p.draft.notes}
                  for p in mine],
        "daily": daily.rel if daily else None,
        "daily_status": daily.status if daily else None,
        "duplicates": [{"line": line, "of": of} for line, of in parsed.duplicates],
        "dropped": [{"line": line, "kind": kind} for line, kind in sorted(parsed.dropped)],
        "suggested_tags": parsed.suggested_tags,
        "lines": parsed.total_lines,
    }
