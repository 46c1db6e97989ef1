"""kb: an Obsidian-style study-notes vault turned into a site, a terminal search and tested code.

Data flows one way: files -> :mod:`kb.parse` (one :class:`~kb.note.Note`) -> :class:`~kb.vault.Vault`
(all notes and their indexes) -> outputs (the CLI, the site plugin, ``kb extract``, importers).
"""

__version__ = "0.1.0"

from .note import CodeBlock, Link, Note, Problem, TagUse  # noqa: E402
from .parse import parse_bytes, parse_text  # noqa: E402
from .vault import Vault  # noqa: E402

__all__ = ["CodeBlock", "Link", "Note", "Problem", "TagUse", "Vault", "parse_bytes", "parse_text"]
