"""Writing imported notes safely.

* Paths: ``<dest>/<YYYY-MM-DD>-<title>.md`` (CJK kept, unsafe characters replaced, cut to fit
  255-byte file-name limits); two notes of one import never share a path.
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

from ..core.text import safe_filename
from ..store import DIR_NAME, IMPORT_LOCK, IMPORT_STATE, atomic_write, lock
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
    return f"{day}-{safe_filename(draft.title, 150)}.md"


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
        stems: dict[str, list[str]] = {}
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
                _link_daily_by_file(draft, stems)
            else:
                stems.setdefault(draft.title, []).append(rel.rsplit("/", 1)[-1][:-3])
            out.append(Planned(draft, rel, note_text(draft)))
    return out


def _link_daily_by_file(daily: Draft, stems: dict[str, list[str]]) -> None:
    """Notes of one import that share a title: the daily page links each by its file name."""
    for title, names in stems.items():
        if len(names) < 2:
            continue
        parts = daily.body.split(f"[[{title}]]")
        if len(parts) - 1 != len(names):
            continue
        body = parts[0]
        for name, rest in zip(names, parts[1:]):
            body += f"[[{name}|{title}]]" + rest
        daily.body = body


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
