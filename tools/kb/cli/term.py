"""Terminal output: colour when the terminal has it, CJK-aware columns, a progress line."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from ..core.text import display_width, pad, truncate

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33",
          "blue": "34", "magenta": "35", "cyan": "36"}


def use_colour(stream: TextIO, mode: str = "auto") -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


class Style:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"


def table(rows: list[list[str]], styles: list[tuple[str, ...]], style: Style,
          max_widths: list[int | None] | None = None) -> list[str]:
    """Align ``rows`` in columns (display width, so CJK lines up); the last column is not padded."""
    if not rows:
        return []
    ncol = len(rows[0])
    max_widths = max_widths or [None] * ncol
    cut = [[truncate(c, max_widths[i]) if max_widths[i] else c for i, c in enumerate(r)]
           for r in rows]
    widths = [max(display_width(r[i]) for r in cut) for i in range(ncol)]
    lines = []
    for r in cut:
        cells = []
        for i, c in enumerate(r):
            text = c if i == ncol - 1 else pad(c, widths[i])
            cells.append(style(text, *styles[i]) if c else text)
        lines.append("  ".join(cells).rstrip())
    return lines


class Progress:
    """A one-line progress counter on stderr, shown only on a terminal and for long work."""

    def __init__(self, label: str, stream: TextIO | None = None, minimum: int = 500):
        self.label = label
        self.stream = stream or sys.stderr
        self.minimum = minimum
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.minimum:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\r{self.label} {bar} {done}/{total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
