"""A deterministic synthetic vault: N notes of Chinese and English text with front matter,
hashtags, wikilinks and code blocks, for tests and speed measurements.

``write_vault(folder, n, note_bytes)`` gives the same files for the same arguments.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

_TOPICS = ["rnn", "lstm", "gru", "attention", "transformer", "embedding", "softmax",
           "cross-entropy", "backprop", "micrograd", "makemore", "cnn", "layer-norm",
           "dropout", "optimizer", "梯度消失", "注意力", "位置编码", "ml/rnn", "ml/cnn"]
_EN = ("the hidden state carries information from one step to the next while the gate "
       "decides how much of the old memory is kept and how much new input is written").split()
_ZH = list("隐藏状态把信息从一个时间步传到下一个门控决定保留多少旧的记忆写入多少新的输入梯度在反向传播"
           "时会连乘所以可能消失或者爆炸注意力机制让每个位置都能直接看到其他位置")


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return " ".join(rng.choice(_EN) for _ in range(rng.randint(8, 16))).capitalize() + "."
    return "".join(rng.choice(_ZH) for _ in range(rng.randint(12, 30))) + "。"


def title_of(i: int) -> str:
    return f"Note {i} {_TOPICS[i % len(_TOPICS)]} 笔记"


def note_text(i: int, n: int, note_bytes: int = 4000, seed: int = 0,
              real_shape: bool = False) -> str:
    """The text of synthetic note ``i`` of ``n`` (about ``note_bytes`` bytes of UTF-8).

    ``real_shape``: as a real vault of that size is, with thousands of tags (one for every
    three notes, nested under ``paper/``) and a problem (a link to no note) in every fifth."""
    rng = random.Random(seed * 1_000_003 + i)
    day = dt.date(2022, 1, 1) + dt.timedelta(days=i % 900)
    tags = rng.sample(_TOPICS, 3)
    front_tags = f"[{tags[0]}, paper/p{i % max(1, n // 3)}]" if real_shape else f"[{tags[0]}]"
    lines = ["---", f"title: {title_of(i)}",
             f"date: {day.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+08:00",
             f"tags: {front_tags}", f"aliases: [alias-{i}]", "---", "",
             f"# Note {i}", ""]
    if real_shape and i % 5 == 0:
        lines += [f"还没写的 [[no note {i} yet]]", ""]
    size = sum(len(x.encode()) for x in lines)
    para = 0
    while size < note_bytes:
        para += 1
        parts = [_sentence(rng) for _ in range(3)]
        if rng.random() < 0.5:
            parts.append(f"见 [[{title_of(rng.randrange(n))}]]")
        if rng.random() < 0.3:
            parts.append(f"[[alias-{rng.randrange(n)}]]")
        line = " ".join(parts)
        lines.append(line)
        lines.append("")
        size += len(line.encode()) + 2
        if para % 4 == 0:
            block = ["```python", "import torch", f"x = torch.randn({para}, 4)",
                     "print(x.shape)  # #not-a-tag", "```", ""]
            lines.extend(block)
            size += sum(len(b) + 1 for b in block)
    lines.append(" ".join("#" + t for t in tags[1:]))
    return "\n".join(lines) + "\n"


def notebook_text(i: int, n: int, seed: int = 0) -> str:
    """A small Jupyter notebook: a markdown cell with a title, tags and a link; code cells."""
    rng = random.Random(seed * 7_000_003 + i)
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [
            f"# {title_of(i)}\n", _sentence(rng) + "\n",
            f"见 [[{title_of(rng.randrange(n))}]] #{rng.choice(_TOPICS)}\n"]},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": ["%matplotlib inline\n", "import math\n", f"print(math.tanh({i % 7}))"]},
    ]
    return json.dumps({"cells": cells, "metadata": {"date": f"2023-{1 + i % 12:02d}-01",
                                                    "aliases": [f"alias-{i}"]},
                       "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False)


_AREAS = ["papers", "courses", "projects", "读书笔记", "01-Inbox"]
_SHELVES = ["vision", "language", "理论", "tools"]


def folder_of(i: int, nested: bool = False) -> str:
    """The folder of note ``i``: ``partNNN`` (100 notes each), or with ``nested`` three levels
    the way a real vault files things (area / shelf / month)."""
    if not nested:
        return f"part{i // 100:03d}"
    month = dt.date(2022 + (i // 5) % 24 // 12, 1 + (i // 5) % 12, 1)
    return f"{_AREAS[i % 5]}/{_SHELVES[(i // 120) % 4]}/{month:%Y-%m}"


def write_vault(folder: Path | str, n: int, note_bytes: int = 4000, seed: int = 0,
                notebooks_every: int = 0, nested: bool = False, real_shape: bool = False) -> Path:
    """Write ``n`` synthetic notes under ``folder`` (100 per sub-folder, or nested three
    levels deep, see :func:`folder_of`) and return it.

    With ``notebooks_every=k``, every k-th note is a Jupyter notebook instead."""
    root = Path(folder)
    for i in range(n):
        sub = root / folder_of(i, nested)
        sub.mkdir(parents=True, exist_ok=True)
        if notebooks_every and i % notebooks_every == notebooks_every - 1:
            (sub / f"note-{i:05d}.ipynb").write_text(notebook_text(i, n, seed), encoding="utf-8")
        else:
            (sub / f"note-{i:05d}.md").write_text(
                note_text(i, n, note_bytes, seed, real_shape), encoding="utf-8")
    return root


SEPARATOR = "🐿️🐿️🐿️下一個筆記🐿️🐿️🐿️"


def digest_text(n: int, day: dt.date = dt.date(2024, 9, 1), seed: int = 0) -> str:
    """A 今日內容 digest of ``n`` notes with the export's quirks (cut titles, flattened front
    matter, stripped Python indentation, lost math delimiters, half-lost lists, chat residue,
    a duplicated titleless chunk)."""
    rng = random.Random(seed)
    titles = [f"{rng.choice(_TOPICS)} 的问题 {i}: " + "为什么" * rng.randint(1, 30) for i in range(n)]
    out = [f"{day:%Y %m %d}, 1000 pm 今日內容", f"{day.isoformat()}, 10:00 PM-今日內容"]
    for t in titles:
        out.append(f"{day.isoformat()}-{t[:40] + '…' if len(t) > 40 else t}")
    for i, t in enumerate(titles):
        stamp = f"{day.isoformat()}T{23 - i * 23 // max(n, 1):02d}:{i % 60:02d}:00+08:00"
        out += [SEPARATOR]
        if len(t) > 40:
            out.append(f"{day.isoformat()}-{t[:40]}…")
        out += [f"{day.isoformat()}-{t}", f"layout: post title: ‘{t}’ date: {stamp}",
                _sentence(rng), "[ c_t = f_t \\odot c_{t-1} + i_t \\odot g_t ]", "-", _sentence(rng),
                "import torch", "class Cell(torch.nn.Module):", "def __init__(self):",
                "super().__init__()", "self.fc = torch.nn.Linear(4, 4)", "def forward(self, x):",
                "for _ in range(2):", "x = torch.tanh(self.fc(x))", "return x",
                "print(Cell()(torch.zeros(1, 4)).shape)"]
        if i % 10 == 0:
            out += ["Shortcuts for Next Step:", "- input “1” for more",
                    "Or, you can just type “continue” or “c”, I will continue automatically."]
        out.append(f"#{rng.choice(_TOPICS)} #digest")
        if i % 25 == 24:
            out += [SEPARATOR, " ".join(out[-12:-6])]  # a flattened copy
    return "\n".join(out) + "\n"
