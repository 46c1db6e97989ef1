"""Which pages of the site show a note: the one answer to "what must be rebuilt after an edit"
(``kb serve``). Everything that decides whether a page shows something of a note is here."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.vault import Vault
from . import pages as site


def face(vault: Vault, path: str) -> tuple:
    """Everything of a note that pages other than its own show or depend on: title, date, tags
    as spelled, aliases, headings (anchors of links to it), where its links go."""
    n = vault.notes[path]
    return (n.title, n.date, n.kind, tuple((u.key, u.name) for u in n.tags), tuple(n.aliases),
            tuple((h.level, h.text) for h in n.headings),
            tuple((rl.link.raw, rl.target, rl.is_note) for rl in vault.links.get(path, ())))


def neighbours(paths: Iterable[str], *vaults: Vault | None) -> set[str]:
    """Note pages that show something of the notes ``paths`` in any of ``vaults`` (before and
    after an edit): the notes themselves, the notes they link to (their backlinks list them)
    and the notes linking to them (their links show them)."""
    out: set[str] = set()
    for vault in vaults:
        if vault is None:
            continue
        for p in paths:
            if p not in vault.notes:
                continue
            out.add(p)
            out.update(rl.target for rl in vault.links.get(p, ()) if rl.target and rl.is_note)
            out.update(rl.source for rl in vault.backlinks.get(p, ()))
    return out


def generated_pages_of(vault: Vault, path: str) -> set[str]:
    """The generated pages that list a note: its tags' pages (parents included) and its day."""
    note = vault.notes.get(path)
    if note is None:
        return set()
    out = set()
    for tag_key in note.tag_keys:
        parts = tag_key.split("/")
        out.update(site.tag_page_path("/".join(parts[:i])) for i in range(1, len(parts) + 1))
    if note.day is not None:
        out.add(site.day_page_path(note.day))
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    while True:  # its folder lists it; every folder above counts it and may show it as recent
        out.add(site.folder_page_path(folder))
        if not folder:
            break
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return out


def affected(old: Vault, new: Vault) -> tuple[set[str], set[str]]:
    """(docs-relative pages to rebuild, generated pages that no longer exist) after the notes
    that ``new`` parsed again, or that appeared or disappeared, changed."""
    changed = set(new.parsed_paths) | (set(old.notes) ^ set(new.notes))
    if changed and old.notes.keys() == new.notes.keys() and all(
            face(old, p) == face(new, p) for p in changed):
        # what other pages show of these notes is as it was (an edit of the text): their own
        # pages, and the pages that embed them, are all that change
        return changed | {rl.source for p in changed for rl in new.backlinks.get(p, ())
                          if rl.link.embed}, set()
    pages = neighbours(changed, new, old)
    for vault in (old, new):
        for p in changed:
            pages |= generated_pages_of(vault, p)
    if changed:
        pages.update({site.TAGS_INDEX, site.DAYS_INDEX, site.GRAPH_PAGE, site.HOME_PAGE})
    gone = ({site.tag_page_path(k) for k in old.tags} - {site.tag_page_path(k) for k in new.tags}
            ) | ({site.day_page_path(d) for d in old.days} - {site.day_page_path(d)
                                                              for d in new.days}) | (
        {site.folder_page_path(f) for f in old.folders()}
        - {site.folder_page_path(f) for f in new.folders()})
    return pages, gone
