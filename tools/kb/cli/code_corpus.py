"""A corpus of real Python the way a notes app exports it, and how well the importer brings
it back (``kb bench``'s ``import_*`` figures).

Blocks come from code that ships with the installed packages: classes of ``torch.nn`` that
define ``__init__`` and ``forward`` (``model``: up to 40 lines, the size of a class in a note;
``model_large``: the library's longer ones), functions of the standard library (``stdlib``),
and the demo vault's Python blocks (``demo``: training loops and checks as notes hold them).
Each is written out without docstrings or comments (``ast.unparse``), its indentation
stripped, with prose lines around and between blocks (Chinese and English, some with
parentheses, colons and ``=``). The importer then
decides which lines are code and re-indents them; the score compares with the originals.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import random
from dataclasses import dataclass
from pathlib import Path

from ..importers import pycode

PROSE = [
    "这里的 hidden state (隐藏状态) 会传给下一步。",
    "Note: the shape is (batch, seq, dim).",
    "In short, y = Wx + b is just an affine map.",
    "下面是完整的代码：",
    "The loss goes down after 3 epochs (see the plot).",
    "Why does this work? Because the gradient flows back through the gates.",
    "结果: loss = 0.25",
    "Step 2: define the model",
    "Let me explain each part:",
    "This is the forward pass.",
    "Output:",
    "In PyTorch, nn.Module is the base class of every layer.",
    "For example, f(x) = max(0, x) is ReLU.",
    "Summary",
    "Great question! Let's look at the code.",
    "def is a keyword in Python, and so is class.",
    "以上就是全部内容。",
    "注意：forward() 里不要直接调用 backward()。",
    "如果 batch_first=True，输入的形状是 (N, L, H)。",
    "Here the encoder returns (hidden, cell), and the decoder takes them.",
    "Run it and you get: torch.Size([2, 3])",
    "That's it — simple, right?",
    "学习率 lr = 1e-3 比较稳妥。",
    "Training loop:",
    "A few things to notice (they matter later):",
    "Then we call it like model(x) to get the logits.",
    "Why not just use a for loop?",
    "总结一下：先定义模型，再写训练循环。",
    "The return value is a tuple.",
    "Attention (Vaswani et al., 2017) changed everything.",
]

MODEL_LINES = 40  # a model class as notes hold them; longer torch.nn classes are scored apart
STDLIB = ["textwrap", "shlex", "difflib", "heapq", "bisect", "fractions", "statistics",
          "calendar", "string", "glob", "fnmatch", "posixpath", "colorsys", "base64",
          "quopri", "html", "ipaddress", "tokenize", "csv", "configparser", "argparse",
          "pprint", "reprlib", "dataclasses", "functools", "copy", "json.encoder",
          "json.decoder", "email.utils", "urllib.parse", "uu", "netrc", "plistlib", "wave"]


@dataclass
class Block:
    code: str  # as written (indented)
    kind: str  # "model", "model_large", "stdlib", "demo", "scripts", "scripts_seen"
    origin: str


def _clean(node: ast.AST) -> str | None:
    """The node's code without docstrings, comments or decorators' oddities, or None."""
    for sub in ast.walk(node):
        body = getattr(sub, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(
                body[0].value.value, str):
            body.pop(0)
            if not body:
                body.append(ast.Pass())
    try:
        text = ast.unparse(node)
    except (ValueError, RecursionError):
        return None
    return text


def _source(module: str) -> tuple[str, str] | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    try:
        return spec.origin, Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return None


def _is_model(node: ast.ClassDef) -> bool:
    names = {b.name for b in node.body if isinstance(b, ast.FunctionDef)}
    return {"__init__", "forward"} <= names


def blocks(limit_model: int = 200, limit_stdlib: int = 400, demo: Path | None = None,
           seed: int = 0) -> list[Block]:
    rng = random.Random(seed)
    out: list[Block] = []
    spec = importlib.util.find_spec("torch")
    if spec and spec.submodule_search_locations:
        folder = Path(list(spec.submodule_search_locations)[0]) / "nn" / "modules"
        models = []
        for path in sorted(folder.glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and _is_model(node):
                    text = _clean(node)
                    size = text.count("\n") + 1 if text else 0
                    if 6 <= size <= 150:
                        # a class of a note's size, or one of the library's long ones
                        models.append(Block(text, "model" if size <= MODEL_LINES else
                                            "model_large", f"torch/nn/modules/{path.name}:"
                                                           f"{node.name}"))
        rng.shuffle(models)
        out.extend(models[:limit_model])
    funcs = []
    for module in STDLIB:
        found = _source(module)
        if found is None:
            continue
        origin, text = found
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                code = _clean(node)
                if code and 4 <= code.count("\n") + 1 <= 60:
                    funcs.append(Block(code, "stdlib", f"{module}:{node.name}"))
    rng.shuffle(funcs)
    out.extend(funcs[:limit_stdlib])
    from .corpus_scripts import SCRIPTS, TUNED

    for i, code in enumerate(SCRIPTS):
        out.append(Block(_clean(ast.parse(code)), "scripts" if i >= TUNED else "scripts_seen",
                         f"corpus_scripts:{i}"))
    if demo is not None:
        from ..core.vault import Vault

        for note in Vault.load(demo):
            for block in note.code:
                if block.lang in ("python", "py") and 3 <= block.code.count("\n") + 1:
                    tree = pycode._parse(block.code)
                    if tree is not None:
                        code = _clean(tree)
                        if code and any(ln[:1].isspace() for ln in code.split("\n")):
                            out.append(Block(code, "demo", note.path))
    return out


def _as_exported(code: str) -> str | None:
    """A block as the digest keeps it: blank lines and white space at lines' ends dropped (the
    export loses them, inside strings too), comments and strings as written; None if it is
    not Python, or too small to nest."""
    lines = [ln.rstrip() for ln in code.replace("\r\n", "\n").split("\n") if ln.strip()]
    if len(lines) < 3 or not any(ln[:1] in " \t" for ln in lines):
        return None
    text = "\n".join(lines)
    return text if pycode._parse(text) is not None else None


def _as_read(code: str) -> str | None:
    """The code's tree, with each docstring as ``help()`` shows it (``inspect.cleandoc``, and
    no white space at lines' ends): a docstring's lines come back under their body's
    indentation, four spaces a level, and a two-space original is no other code for that."""
    tree = pycode._parse(code)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and \
                    isinstance(first.value.value, str):
                first.value.value = inspect.cleandoc(
                    "\n".join(ln.rstrip() for ln in first.value.value.split("\n")))
    return pycode._dump(code, tree)


def code_from(folder: Path) -> list[Block]:
    """The Python of a real vault or repository, as written (``kb bench --code-from``): the
    ``python`` blocks of its notes (``real_md``) and the code cells of its notebooks
    (``real_ipynb``, not those with shell or magic lines), read through the Vault like any
    note, and the top-level functions, classes and compound statements of its ``.py`` files
    (``real_py``). Comments, strings and layout stay as their authors wrote them, so a score
    on them is a score on real shapes."""
    from ..core.vault import Vault

    out: list[Block] = []
    for note in Vault.load(folder):
        kind = "real_ipynb" if note.path.lower().endswith(".ipynb") else "real_md"
        for block in note.code:
            if block.lang not in ("python", "py", "python3") or any(
                    ln.lstrip().startswith(("%", "!")) for ln in block.code.split("\n")):
                continue
            code = _as_exported(block.code)
            if code is not None:
                out.append(Block(code, kind, note.path))
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        tree = pycode._parse(text)
        if tree is None:
            continue
        lines = text.split("\n")
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If,
                                 ast.For, ast.While, ast.With, ast.Try)):
                first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list",
                                                                        [])])
                code = _as_exported("\n".join(lines[first - 1:node.end_lineno]))
                if code is not None:
                    out.append(Block(code, "real_py", rel.as_posix()))
    return out

@dataclass
class Score:
    code_lines: int = 0
    code_kept: int = 0
    prose_lines: int = 0
    prose_out: int = 0
    blocks: dict | None = None  # kind -> [count, compiled, ast equal, uncertain, wrong unsaid]

    def figures(self) -> dict:
        out = {"import_code_line_recall": round(self.code_kept / max(self.code_lines, 1), 4),
               "import_code_line_precision": round(self.prose_out / max(self.prose_lines, 1), 4),
               "import_corpus_blocks": sum(v[0] for v in self.blocks.values()),
               "import_corpus_lines": self.code_lines + self.prose_lines}
        total = [sum(v[i] for v in self.blocks.values()) for i in range(5)]
        out["import_compile_rate"] = round(total[1] / max(total[0], 1), 4)
        out["import_ast_equal_rate"] = round(total[2] / max(total[0], 1), 4)
        # blocks that came back different and were not marked uncertain
        out["import_silently_wrong_rate"] = round(total[4] / max(total[0], 1), 4)
        for kind, (n, ok, same, unsure, _silent) in sorted(self.blocks.items()):
            out[f"import_{kind}_blocks"] = n
            out[f"import_{kind}_compile_rate"] = round(ok / max(n, 1), 4)
            out[f"import_{kind}_ast_equal_rate"] = round(same / max(n, 1), 4)
            out[f"import_{kind}_uncertain_rate"] = round(unsure / max(n, 1), 4)
        return out


def exported(blocks_: list[Block], seed: int = 0) -> tuple[list[str], list[tuple[int, int]]]:
    """The blocks as a notes app exports them: indentation stripped, prose around and between
    them; returns the lines and each block's (start, end) line range."""
    rng = random.Random(seed)
    lines: list[str] = []
    spans = []
    for block in blocks_:
        for _ in range(rng.randint(1, 3)):
            lines.append(rng.choice(PROSE))
        if rng.random() < 0.3:
            lines.append("")
        start = len(lines)
        lines.extend(ln.strip() for ln in block.code.split("\n"))
        spans.append((start, len(lines)))
        if rng.random() < 0.3:
            lines.append("")
    lines.append(rng.choice(PROSE))
    return lines, spans


def score(blocks_: list[Block], seed: int = 0) -> Score:
    lines, spans = exported(blocks_, seed)
    regions = pycode.find_regions(lines)
    covered = [False] * len(lines)
    region_of: dict[int, pycode.Region] = {}
    for r in regions:
        for i in range(r.start, r.end):
            covered[i] = True
            region_of[i] = r
    code_at = set()
    for start, end in spans:
        code_at.update(range(start, end))
    result = Score(blocks={})
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        if i in code_at:
            result.code_lines += 1
            result.code_kept += covered[i]
        else:
            result.prose_lines += 1
            result.prose_out += not covered[i]
    for block, (start, end) in zip(blocks_, spans):
        counts = result.blocks.setdefault(block.kind, [0, 0, 0, 0, 0])
        counts[0] += 1
        found = {id(region_of[i]): region_of[i] for i in range(start, end) if i in region_of}
        if len(found) != 1:
            continue
        region = next(iter(found.values()))
        if region.start < start or region.end > end:
            # the run took prose with it: compare the code lines only
            pass
        mine = [ln for ln in lines[start:end]]
        fixed = pycode.reindent(mine)
        text = "\n".join(fixed.lines)
        if fixed.compiles:
            counts[1] += 1
        marked = fixed.uncertain or fixed.strings  # the note asks for a review
        counts[3] += marked
        if _as_read(text) == _as_read(block.code):
            counts[2] += 1
        elif not marked:
            counts[4] += 1
    return result


# -- training the importer's weights -------------------------------------------------------------

TRAIN_TORCH = ["optim", "utils/data", "distributions", "nn/utils", "ao/nn", "nn/parallel",
               "nn/attention", "nn/functional", "testing/_internal/common_modules", "utils",
               "autograd", "_tensor", "functional", "hub", "serialization"]


def training_blocks(limit: int = 3000, seed: int = 1) -> list[Block]:
    """Code apart from the benchmark's: standard-library modules not in :data:`STDLIB`, and
    torch outside ``torch.nn.modules``."""
    import sysconfig

    rng = random.Random(seed)
    out: list[Block] = []
    lib = Path(sysconfig.get_paths()["stdlib"])
    bench = {m.split(".")[0] for m in STDLIB}
    paths = [p for p in sorted(lib.glob("*.py")) if p.stem not in bench]
    spec = importlib.util.find_spec("torch")
    if spec and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0])
        for sub in TRAIN_TORCH:
            base = root / sub
            paths += sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
    for path in paths:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                code = _clean(node)
                if code and 4 <= code.count("\n") + 1 <= 80:
                    out.append(Block(code, "train", f"{path.name}:{node.name}"))
    rng.shuffle(out)
    return out[:limit]


def gold_depths(block: Block) -> tuple[list, list[int]] | None:
    """The block's units as the importer reads them without indentation, and each statement's
    true depth."""
    lines = block.code.split("\n")
    units = pycode.units_of([ln.strip() for ln in lines])
    depths, at = [], 0
    for unit in units:
        if unit.kind not in ("blank", "comment"):
            first = lines[at]
            depths.append((len(first) - len(first.lstrip())) // 4)
        at += len(unit.lines)
    return (units, depths) if at == len(lines) else None


def train(epochs: int = 4, limit: int = 3000, rate: float = 0.1,
          say=lambda s: None) -> dict[str, float]:
    """Refine :data:`kb.importers.pycode.WEIGHTS` by an averaged structured perceptron: where
    the search's best nesting is not the true one, move the weights so the true one costs
    less. Returns the averaged weights (the module's are left as they were)."""
    blocks = [g for g in (gold_depths(b) for b in training_blocks(limit)) if g is not None]
    weights = dict(pycode.WEIGHTS)
    total = dict(weights)
    count = 1
    original = pycode.WEIGHTS
    try:
        for epoch in range(epochs):
            wrong = 0
            for units, gold in blocks:
                pycode.WEIGHTS = weights
                finals = pycode._search(units, beam=32)
                if not finals:
                    continue
                predicted = list(finals[0].depths)
                if predicted != gold:
                    want = pycode.path_features(units, gold)
                    got = pycode.path_features(units, predicted)
                    if want is not None and got is not None:
                        wrong += 1
                        for k in set(want) | set(got):
                            if k in pycode.NOTES_PRIORS:
                                continue
                            weights[k] = weights.get(k, 0.0) - rate * (want.get(k, 0.0) -
                                                                       got.get(k, 0.0))
                for k, v in weights.items():
                    total[k] = total.get(k, 0.0) + v
                count += 1
            say(f"epoch {epoch + 1}: {wrong} of {len(blocks)} blocks nested wrongly")
    finally:
        pycode.WEIGHTS = original
    return {k: round(v / count, 3) for k, v in sorted(total.items()) if abs(v / count) > 1e-3}
