"""A deterministic synthetic vault: N notes of Chinese and English text with front matter,
hashtags, wikilinks and code blocks, for tests and speed measurements.

``write_vault(folder, n, note_bytes)`` gives the same files for the same arguments.
"""

from __future__ import annotations

import datetime as dt
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


def note_text(i: int, n: int, note_bytes: int = 4000, seed: int = 0) -> str:
    """The text of synthetic note ``i`` of ``n`` (about ``note_bytes`` bytes of UTF-8)."""
    rng = random.Random(seed * 1_000_003 + i)
    day = dt.date(2022, 1, 1) + dt.timedelta(days=i % 900)
    tags = rng.sample(_TOPICS, 3)
    lines = ["---", f"title: {title_of(i)}",
             f"date: {day.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+08:00",
             f"tags: [{tags[0]}]", f"aliases: [alias-{i}]", "---", "",
             f"# Note {i}", ""]
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


def write_vault(folder: Path | str, n: int, note_bytes: int = 4000, seed: int = 0) -> Path:
    """Write ``n`` synthetic notes under ``folder`` (100 per sub-folder) and return it."""
    root = Path(folder)
    for i in range(n):
        sub = root / f"part{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"note-{i:05d}.md").write_text(note_text(i, n, note_bytes, seed), encoding="utf-8")
    return root
