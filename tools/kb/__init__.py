"""kb: an Obsidian-style study-notes vault turned into a site, a terminal search and tested code.

Data flows one way, and the subpackages follow it (a module imports only from its left)::

    files ──> core ──────────────────> store ──────> outputs
              text    (keys, slugs)    .kb/: one       site/       mkdocs plugin, generated
              files   (the one walk)   owner, caches   pages, rendering passes, search
              parse   (one Note, with  versioned by    code/       snippet format, extract,
                       line numbers)   their code,     runner, pytest plugin
              note    (the model)      atomic writes   importers/  digests and clippings
              vault   (all notes:                      cli/        commands, terminal
                       titles, tags,                   output, bench, synthetic vaults
                       links, days)
              query   (kb find's language)

``core`` knows nothing of ``.kb/`` or of any output; ``store`` keeps what ``core`` produced;
each output reads the :class:`~kb.core.vault.Vault` (through the store's caches) and never
parses a note itself.
"""

__version__ = "0.1.0"

__all__ = ["CodeBlock", "Link", "Note", "Problem", "TagUse", "Vault", "parse_bytes", "parse_text"]

_HOMES = {"CodeBlock": "core.note", "Link": "core.note", "Note": "core.note",
          "Problem": "core.note", "TagUse": "core.note", "Vault": "core.vault",
          "parse_bytes": "core.parse", "parse_text": "core.parse"}


def __getattr__(name: str):
    """Import lazily, so that ``kb find`` does not pay for the parser it may not need."""
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
