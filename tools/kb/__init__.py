"""kb: an Obsidian-style study-notes vault turned into a site, a terminal search and tested code.

Data flows one way: files -> :mod:`kb.parse` (one :class:`~kb.note.Note`) -> :class:`~kb.vault.Vault`
(all notes and their indexes) -> outputs (the CLI, the site plugin, ``kb extract``, importers).
"""

__version__ = "0.1.0"

__all__ = ["CodeBlock", "Link", "Note", "Problem", "TagUse", "Vault", "parse_bytes", "parse_text"]

_HOMES = {"CodeBlock": "note", "Link": "note", "Note": "note", "Problem": "note",
          "TagUse": "note", "Vault": "vault", "parse_bytes": "parse", "parse_text": "parse"}


def __getattr__(name: str):
    """Import lazily, so that ``kb find`` does not pay for the parser it may not need."""
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
