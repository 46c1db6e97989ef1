"""Python in exported text: which lines are code, decided by Python's own grammar, and the
indentation a notes app stripped, found again by search.

**Lines.** A line is code when Python's parser takes it as a complete statement (a call, an
assignment, ``return x``, ``import y``...), as the header of a compound statement (``def f(x):``,
``else:``), or as the start of a statement whose brackets or triple quotes close on later lines
(those lines go with it). A lone word, a bare name or a sentence is not: ``Attention (2017)`` is
prose (a call never has a space before its parenthesis), and so is every line with Chinese
outside its strings and comments. Lines Python reads as an expression of no effect (a name, a
string, a comparison) are *weak*: they stay in a run of code but never start one. Blank lines
and comments inside a run stay in it.

**Indentation.** Once the white space is gone, a block's lines can be nested in many ways; the
grammar rules out most (a header's body is one level in; ``else`` goes back to its ``if``,
``for``, ``while`` or ``try``; ``return`` only in a function, ``break`` only in a loop; no empty
block). Among the rest, a beam search prefers the nestings that make names defined where they
are used: ``self`` only inside methods, a method's locals only inside it, a loop variable inside
its loop and an accumulator after it, a call of a class or function outside of its own body,
nothing after a ``return`` at the same level, ``class`` and ``import`` at the top. Where a loop
ends is read from what its names do: a value a loop sets and never reads (only its last turn's
would count), a start value nothing reads, a sum or a list it keeps read whole, a ``while True``
with no way out, a list made for a loop and left empty by it, a turn that reads nothing it
changes all speak against a nesting; so do lines of one shape or one training step split
apart, and ``model.train()`` and ``model.eval()`` at different levels. So do the mistakes
Python, pyflakes and torch find when code runs: a function that binds a name it has already
read (an ``UnboundLocalError``), or ends on setting a local nothing reads; a ``return`` that
would end its loop on the first turn; an ``if`` that tests what the line before emptied; a
``backward()`` in a loop on the sum that loop adds to (the second turn goes through the first
one's freed graph). The best choices are compiled; the first that compiles is kept. When the
runner-up compiles too, is nearly as likely and means something else, the block is
*uncertain* and says so, at the first line the two put at different depths ("nearly": within
1.0, or 1.25 for a line right after a body of one or two lines that the runner-up puts in it).
"""

from __future__ import annotations

import ast
import builtins
import math
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# string literals, triple-quoted ones first (a docstring's lines are its text, not prose)
_STRINGS = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|' +
                      r"'''(?:[^'\\]|\\[\s\S]|'(?!''))*'''|"
                      r"""("([^"\\\n]|\\.)*"|'([^'\\\n]|\\.)*')""")
_SHELL = re.compile(r"^(\$ |pip3? install |conda (install|create|activate) |git (clone|pull|push|"
                    r"commit|checkout|add) |apt(-get)? install |python3? -m |npm (install|run) |"
                    r"mkdir -p |export [A-Z_]+=)")
_SPACE_CALL = re.compile(r"[A-Za-z_]\w* \(")
_PARTNERS = {"elif": ("if", "elif"), "else": ("if", "elif", "for", "while", "try", "except"),
             "except": ("try", "except"), "finally": ("try", "except", "else")}
_WRAP = {"elif": "if 1:\n pass\n", "else": "if 1:\n pass\n", "except": "try:\n pass\n",
         "finally": "try:\n pass\n"}
_LOOPS = ("for", "while")
_BUILTINS = frozenset(dir(builtins))
_REPORT = re.compile(r"(print|assert|plt\.|display|logging\.|logger\.|writer\.|wandb\.log|"
                     r"mlflow\.log)\b")  # a line that shows or logs a value
_SAVE = re.compile(r"(^|[.\s=(])(save|save_\w+|\w+_save|checkpoint)\s*\(|"
                   r"(?<!load_)state_dict\(\)")  # torch.save(...), deepcopy(m.state_dict())
_MUTATORS = {"append", "extend", "add", "update", "insert", "pop", "remove", "setdefault",
             "appendleft", "discard", "clear", "sort"}
_TRAIN_CALLS = {"backward", "step", "zero_grad", "zero_", "clip_grad_norm_",
                "clip_grad_value_", "no_grad", "unscale_"}
_CLIPS = {("call", "clip_grad_norm_"), ("call", "clip_grad_value_"), ("call", "unscale_")}
_QUITS = {"sys.exit", "exit", "quit", "os._exit"}  # calls that end the program, like raise


def _init(stmt: ast.AST | None) -> bool:
    """``total = 0.0``, ``xs, ys = [], []``, ``seen = set()``: a start value, set before the
    code that fills it."""
    if not isinstance(stmt, ast.Assign) or not all(
            isinstance(t, ast.Name) or isinstance(t, ast.Tuple) and all(
                isinstance(e, ast.Name) for e in t.elts) for t in stmt.targets):
        return False  # p.grad = None clears an object's field: not a name's start value
    values = stmt.value.elts if isinstance(stmt.value, ast.Tuple) else [stmt.value]

    def empty(v: ast.AST) -> bool:
        if isinstance(v, ast.Constant):
            return v.value in (0, 0.0, "", None) and not isinstance(v.value, bool)
        if isinstance(v, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            return not (v.keys if isinstance(v, ast.Dict) else v.elts)
        return isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in (
            "list", "dict", "set") and not v.args

    return all(empty(v) for v in values)


def _dotted(node: ast.AST) -> str:
    """``self.lr_scheduler`` for a name and its attributes, the node's kind for anything else
    (``ast.unparse`` recurses, and a line may hold an expression a thousand levels deep)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    parts.append(node.id if isinstance(node, ast.Name) else type(node).__name__)
    return ".".join(reversed(parts))


def _train_step(stmt: ast.AST | None) -> bool:
    """A statement that takes a training step: it calls backward, step, zero_grad, zero_ or
    clips the gradients, or it writes a gradient or a parameter's data (``p.grad = None``,
    ``p.data -= lr * p.grad``, ``w -= lr * w.grad``). Reading a gradient to show or check it
    (``print(p.grad)``, ``norm = sum(p.grad ** 2 ...)``) is not one."""
    if stmt is None:
        return False
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = _dotted(func.value).lower() if isinstance(func, ast.Attribute) else ""
        if name == "step" and "sched" in owner:
            return False  # a learning-rate schedule steps once an epoch, not with the batch
        if name in _TRAIN_CALLS:
            return True
        if name == "update" and "scaler" in owner:
            return True  # a mixed-precision step: scaler.step(opt) / scaler.update()
    if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Attribute) and sub.attr in ("grad", "data"):
                    return True
        if isinstance(stmt, ast.AugAssign):
            return any(isinstance(sub, ast.Attribute) and sub.attr == "grad"
                       for sub in ast.walk(stmt.value))
    # an environment's step gives what it did (obs, reward, done, info = env.step(a))
    unpacked = isinstance(stmt, ast.Assign) and any(
        isinstance(t, (ast.Tuple, ast.List)) for t in stmt.targets)
    for sub in ast.walk(stmt):  # also in an assignment: loss = crit(...); loss.backward() ...
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                sub.func.attr in ("backward", "step", "zero_grad") and not (
                    unpacked and sub.func.attr == "step"):
            return True
    return False


def _test_shape(test: ast.AST) -> str:
    """``isinstance(m, nn.Linear)`` and ``isinstance(m, nn.Embedding)``: one shape of test,
    the tests of one if and its elif."""
    if isinstance(test, ast.UnaryOp):
        test = test.operand
    if isinstance(test, ast.Call):
        func = test.func
        return "call:" + (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    if isinstance(test, ast.Compare):
        left = test.left
        if isinstance(left, ast.Constant) and isinstance(test.ops[0], (ast.Eq, ast.NotEq)):
            left = test.comparators[0]  # "__main__" == __name__
        return "cmp:" + _dotted(left) + ":" + type(test.ops[0]).__name__
    if isinstance(test, ast.Constant):
        return "const"  # if False: (a part switched off, or on)
    if isinstance(test, ast.NamedExpr):
        return "got:" + test.target.id  # if prompt := st.chat_input(): (what to do with it)
    return ""


def _checked(test: ast.AST, failed: bool = False) -> frozenset:
    """The names a test checks are not None: ``mask`` of ``if mask is not None and k:``; or,
    ``failed``, the names that are not None when it fails: ``x`` of ``if x is None or k:``
    (in the if's elif or else)."""
    joint, comparison = (ast.Or, ast.Is) if failed else (ast.And, ast.IsNot)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, joint):
        return frozenset().union(*(_checked(v, failed) for v in test.values))
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
            test.ops[0], comparison) and isinstance(test.comparators[0], ast.Constant) and \
            test.comparators[0].value is None:
        name = _dotted(test.left)
        return frozenset([name]) if name else frozenset()
    return frozenset()


def _tested(test: ast.AST) -> frozenset:
    """The collections a test asks are not empty: ``items`` of ``if items:``, of
    ``if items and ok:`` and of ``if len(items) > 0:``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return frozenset().union(*(_tested(v) for v in test.values))
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
            test.left, ast.Call) and getattr(test.left.func, "id", "") == "len" and \
            test.left.args and isinstance(test.ops[0], (ast.Gt, ast.NotEq)) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value == 0:
        test = test.left.args[0]
    name = _dotted(test) if isinstance(test, (ast.Name, ast.Attribute)) else ""
    return frozenset([name]) if name else frozenset()


def _keyed(stmt: ast.AST | None) -> tuple[frozenset, frozenset]:
    """``results[lr] = x``: each (name, names in its key) written by subscript, and which of
    those names the line also reads elsewhere (``d[k] = d.get(k, 0) + 1``)."""
    if not isinstance(stmt, ast.Assign):
        return frozenset(), frozenset()
    keyed, roots = set(), []
    targets = [t for target in stmt.targets for t in (
        target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target])]
    for target in targets:  # (fpr[i], tpr[i], _ = roc_curve(...) writes two)
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            keys = frozenset(n.id for n in ast.walk(target.slice) if isinstance(n, ast.Name))
            keyed.add((target.value.id, keys))
            roots.append(target.value.id)
    if not keyed:
        return frozenset(), frozenset()
    loads = [n.id for n in ast.walk(stmt)
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    read = frozenset(r for r in set(roots) if loads.count(r) > roots.count(r))
    return frozenset(keyed), read


def prose_outside_strings(line: str) -> bool:
    """Chinese (or full-width text) outside strings and comments: a sentence, not code."""
    return bool(_CJK.search(_without_comments(_STRINGS.sub("''", line))))


def _without_comments(text: str, masked: str | None = None) -> str:
    """``text`` without the comment of each of its lines (``dim,  # 输入的维度`` in a call laid
    over lines); ``masked``: the same text with its strings blotted out, where a # is not one."""
    masked = text if masked is None else masked
    out, at = [], 0
    for line in masked.split("\n"):
        cut = line.find("#")
        out.append(text[at:at + cut].rstrip() if cut >= 0 else text[at:at + len(line)])
        at += len(line) + 1
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# scanning: where a statement's brackets and strings end


def _scan(line: str, depth: int, quote: str | None) -> tuple[int, str | None]:
    """Bracket depth and open quote after ``line``, from those before it: a triple quote, or
    a single one a backslash at the line's end carries over."""
    i, n = 0, len(line)
    while i < n:
        if quote and len(quote) == 1:  # a string a backslash carried over from the line before
            j = i
            while j < n and line[j] != quote:
                j += 2 if line[j] == "\\" else 1
            if j >= n:
                return depth, quote if line.endswith("\\") else None
            i, quote = j + 1, None
            continue
        if quote:
            end = line.find(quote, i)
            if end < 0:
                return depth, quote
            i, quote = end + 3, None
            continue
        c = line[i]
        if c == "#":
            break
        if line.startswith(('"""', "'''"), i):
            quote = line[i:i + 3]
            i += 3
            continue
        if c in "\"'":
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            if j >= n and line.endswith("\\"):
                return depth, c  # the string goes on on the next line
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    if line.rstrip().endswith("\\") and not quote:
        depth = max(depth, 1) if depth else -1  # a backslash continues the line
    return depth, quote


def statement_extent(lines: list[str], start: int, limit: int = 60) -> int:
    """Index after the last physical line of the statement starting at ``start`` (its brackets,
    triple quotes and backslashes closed), or ``start + 1`` when they never close. A
    triple-quoted string (a prompt, a long docstring) may run five times as far, and so may a
    bracket opened at a line's end (``tools = [``: a list of schemas, a config)."""
    depth, quote = 0, None
    long = lines[start].split("#", 1)[0].rstrip().endswith(("[", "(", "{"))
    for j in range(start, len(lines)):
        if j >= start + (limit * 5 if quote or long else limit):
            break
        depth, quote = _scan(lines[j].strip(), max(depth, 0), quote)
        if depth == 0 and quote is None:
            return j + 1
    return start + 1


# ---------------------------------------------------------------------------------------------
# lines


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _header(text: str) -> str | None:
    """The keyword of a compound statement's header (``def``, ``for``, ``else``...), if
    ``text`` is one."""
    code = text.rstrip()
    if "#" in code:  # (each line's comment: a header laid over lines may have several)
        code = _without_comments(code, _STRINGS.sub(lambda m: "x" * len(m.group(0)), code))
    if not code.endswith(":"):
        return None
    word = re.match(r"(async\s+)?(\w+)", code)
    kw = word.group(2) if word else ""
    if kw == "case":
        return "case" if _parse("match x:\n " + code + "\n  pass") is not None else None
    tree = _parse(_WRAP.get(kw, "") + code + "\n pass" + (
        "\nexcept Exception:\n pass" if kw == "try" else ""))
    if tree is None and kw == "match":
        tree = _parse(code + "\n case _:\n  pass")
        return "match" if tree is not None else None
    if tree is None:
        return None
    if kw in _WRAP:
        return kw
    stmt = tree.body[0]
    names = {ast.FunctionDef: "def", ast.AsyncFunctionDef: "def", ast.ClassDef: "class",
             ast.If: "if", ast.For: "for", ast.AsyncFor: "for", ast.While: "while",
             ast.With: "with", ast.AsyncWith: "with", ast.Try: "try"}
    if hasattr(ast, "TryStar"):
        names[ast.TryStar] = "try"
    if hasattr(ast, "Match"):
        names[ast.Match] = "match"
    return names.get(type(stmt))


def line_kind(text: str) -> str | None:
    """``"header"``, ``"strong"`` (a statement that is surely code), ``"weak"`` (Python, but
    could be prose), ``"comment"``, ``"bash"``, or None (prose). ``text``: one statement,
    its continuation lines joined with newlines."""
    s = text.strip()
    if not s:
        return None
    if s.startswith("#"):
        return "comment"
    if prose_outside_strings(s):
        return None
    if _SHELL.match(s):
        return "bash"
    if s.startswith("@"):
        return "header" if _parse(s + "\ndef f(): pass") is not None else None
    if _header(s):
        return "header"
    tree = _parse(s)
    word = re.match(r"(elif|else|except|finally)\b", s)
    if tree is None and word and _parse(_WRAP[word.group(1)] + s) is not None:
        return "strong"  # a branch and its body on one line (else: score -= 2.5)
    if tree is None or not tree.body:
        return "weak" if _broken_code(s) else None
    kinds = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Expr):
            v = stmt.value
            if isinstance(v, ast.Call) and isinstance(v.func, ast.List):
                return None  # [a Markdown link](to/a/page.md): a list is never called
            if isinstance(v, ast.Call):
                first = s.split("\n", 1)[0]
                kinds.append("weak" if _SPACE_CALL.match(first) and "." not in first.split("(")[0]
                             else "strong")
            elif isinstance(v, (ast.Await, ast.Yield, ast.YieldFrom)) or "\n" in s and (
                    isinstance(v, (ast.Dict, ast.List, ast.Set, ast.Tuple)) or any(
                        isinstance(sub, ast.Call) for sub in ast.walk(v)) or isinstance(
                    v, ast.Constant) and isinstance(v.value, str) and s[:3] in ('"""', "'''")):
                # (a display laid over lines: a value shown, pasted; a docstring, a prompt;
                # what a call made, shown: pd.DataFrame(..., \n columns=[...]).T)
                kinds.append("strong")
            elif isinstance(v, ast.Name) and re.fullmatch(r"[A-Z][a-z]+", v.id):
                return None  # "Summary", "Output": a heading, not a name shown
            else:
                kinds.append("weak")
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            kinds.append("strong")
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is None:
            kinds.append("weak")
        elif isinstance(stmt, (ast.Global, ast.Nonlocal, ast.Pass, ast.Break, ast.Continue)) \
                and " " not in s.strip() and s.strip() not in ("pass", "break", "continue"):
            kinds.append("weak")
        else:
            kinds.append("strong")
    if "strong" in kinds:
        # a keyword and a word ("return home", "raise awareness") is a sentence as often
        if len(kinds) == 1 and re.fullmatch(r"(return|raise|del|global|assert|yield) [A-Za-z]+",
                                            s):
            return "keyword"  # stays with code before it, does not start a run
        return "strong"
    return "weak"


_SENTENCE = re.compile(r"[A-Za-z]{2,}[,;]? [A-Za-z]{2,}[,;]? [A-Za-z]{2,}")


def _broken_code(s: str) -> bool:
    """A line Python cannot parse that still reads as code, not as a sentence (a typo in a
    call, a bracket too many): kept in a run of code for review, never starts one."""
    if not s.isascii() or _SENTENCE.search(_STRINGS.sub("''", s)):
        return False
    return bool(re.match(r"[A-Za-z_][\w.]*\s*(\(|\[|=|\+=|-=)", s)) and s.count("(") + s.count(
        ")") > 0


@dataclass
class Region:
    start: int  # index in the lines
    end: int  # exclusive
    lang: str
    reconstructed: bool = False
    compiles: bool = True
    uncertain: bool = False
    strings: bool = False  # a multi-line string's inner layout could not come back
    long: bool = False  # in doubt for its length and depth (see :data:`LONG_BLOCK`)
    code: list[str] = field(default_factory=list)


def _shown(line: str, above: str) -> bool:
    """A value shown at a cell's end, not a word: a name with an underscore or a digit, or an
    expression of one token (x.shape, df.loc[i], f(x)[0]) that no sentence is; or any
    expression (``output``, ``'# tokens: %d' % n``, ``'#batches:', len(it)``) whose every name
    is a builtin or one the code above (``above``) uses, one at least of them the code's own."""
    s = line.strip()
    tree = _parse(s)
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return False
    value = tree.body[0].value
    names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    used = set(re.findall(r"[A-Za-z_]\w*", "\n".join(
        ln.partition("#")[0] for ln in _STRINGS.sub("''", above).split("\n"))))
    if names - _BUILTINS and names <= _BUILTINS | used and not (
            isinstance(value, ast.Name) and re.fullmatch(r"[A-Z][a-z]+", value.id)):
        return True
    bare = _STRINGS.sub("''", s).partition("#")[0].strip()
    if names & used - _BUILTINS and all(re.search(r"[_\d]", n) or len(n) <= 2 and n.islower()
                                        for n in names - used - _BUILTINS) and not re.search(
            r"\b(and|or|not|in|is|if|else|for|lambda)\b", bare):
        # (and one that reads the code's names beside others no word is, y_preds == preds_1,
        # train_loader, test_loader)
        return True
    if " " in bare:
        return False
    if isinstance(value, ast.Name):
        return bool(re.search(r"[_\d]", value.id)) or len(value.id) <= 2 and value.id.islower()
    return isinstance(value, (ast.Attribute, ast.Subscript, ast.Call))


_TAGS = re.compile(r"#[\w/-]+(\s+#[\w/-]+)*")


def _a_comment(line: str) -> bool:
    """A comment, not a heading (``## 小结``: two hashes or more) nor a line of Obsidian tags
    (``#pytorch #lstm``, ``#设置``): one hash, then a space, nothing, or a character no tag
    has (``#!/usr/bin/env python``, ``#start_server.py``)."""
    s = line.strip()
    return s.startswith("#") and not s.startswith("##") and not _TAGS.fullmatch(s)


def _field(line: str) -> bool:
    """``status: int``, ``usage: Dict[str, int]``: a field a class declares, with its type."""
    tree = _parse(line.strip())
    stmt = tree.body[0] if tree is not None and len(tree.body) == 1 else None
    return isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and \
        stmt.target.id[:1].islower() and isinstance(stmt.annotation, (
            ast.Name, ast.Subscript, ast.Attribute, ast.BinOp, ast.Constant))


def _fields_at(lines: list[str], kinds: list, i: int) -> bool:
    """Line ``i`` is one of the fields that follow a class's header, unbroken (a dataclass, a
    pydantic model): they are the class's, though each could be a "Note: this" of prose."""
    while i > 0 and kinds[i] in ("weak", "strong") and _field(lines[i]):
        i -= 1
    return kinds[i] == "header" and lines[i].lstrip().startswith("class ")


def _distinctive(text: str) -> bool:
    return bool(re.search(r"[(=.\[]|^(import|from)\s|:$", text.strip()))


def find_regions(lines: list[str]) -> list[Region]:
    """Runs of code: lines Python's grammar takes (see the module's docstring), kept together
    across blank lines, comments and weak lines; a run needs two sure lines, or one that
    could not be a sentence."""
    n = len(lines)
    kinds: list[str | None] = [None] * n
    over: set[int] = set()
    i = 0
    while i < n:
        s = lines[i].strip()
        if not s:
            kinds[i] = "blank"
            i += 1
            continue
        end = statement_extent(lines, i)
        kind = line_kind("\n".join(ln.strip() for ln in lines[i:end]))
        if kind is None and end > i + 1:
            end = i + 1
            kind = line_kind(s)
        for j in range(i, end):
            kinds[j] = kind if j == i else (kind and "cont")
        if end > i + 1 and kind in ("strong", "header"):
            over.add(i)  # a statement laid over lines is no sentence
        i = end
    regions: list[Region] = []
    i = 0
    while i < n:
        if kinds[i] not in ("strong", "header", "bash"):
            i += 1
            continue
        lang = "bash" if kinds[i] == "bash" else "python"
        start = j = i
        last = i
        while j < n and kinds[j] is not None and (kinds[j] != "bash") == (lang == "python"):
            if kinds[j] in ("strong", "header", "bash", "weak", "cont", "keyword"):
                last = j
            j += 1
        end = last + 1
        # a run ends before trailing weak lines that no sure line follows
        sure = [k for k in range(start, end) if kinds[k] in ("strong", "header", "bash")]
        end = max(end, 0)
        while end > start and kinds[end - 1] in ("weak",) and end - 1 > sure[-1] and not (
                kinds[end - 2] == "header" and end - 2 == sure[-1]) and not (
                _fields_at(lines, kinds, end - 1)) and not (
                end == last + 1 and kinds[end - 2] != "blank" and _shown(
                    lines[end - 1], "\n".join(lines[start:end - 1]))):
            # (a header's body stays; so does a notebook cell's last line that shows a value,
            # right after the code: df.shape, res[0], df_melted)
            end -= 1
        if len(sure) >= 2 or any(k in over or _distinctive(lines[k]) for k in sure):
            # a comment right above the code is its first line (# 导入工具库 / import torch);
            # a heading in a chat answer has two hashes or more, a tag line none after a space
            floor = regions[-1].end if regions else 0
            while lang == "python" and start > floor and kinds[start - 1] == "comment" and \
                    _a_comment(lines[start - 1]):
                start -= 1
            # and one right below its last line is its last (# model = nn.DataParallel(model))
            while lang == "python" and end < n and kinds[end] == "comment" and \
                    _a_comment(lines[end]):
                end += 1
            regions.append(Region(start, end, lang))
        i = max(end, i + 1)
    return regions


# ---------------------------------------------------------------------------------------------
# indentation


@dataclass
class _Unit:
    """A logical line of the block: its physical lines and what the search needs to know."""
    lines: list[str]
    kind: str  # header, stmt, comment, blank
    kw: str = ""
    name: str = ""  # of a def or class
    first_param: str = ""
    loads: frozenset = frozenset()
    stores: frozenset = frozenset()
    calls: frozenset = frozenset()
    targets: frozenset = frozenset()  # a for loop's variables
    over: frozenset | None = None  # a for loop's: the names of what it goes over, if known
    items: bool = False  # a for loop's over data (a loader, a list), not over range(n)
    augs: frozenset = frozenset()  # names updated with +=, -=...
    terminal: bool = False  # return, raise, break, continue
    pads: list = field(default_factory=list)  # per line: 0 at the statement's level, 1 inside
    shape: tuple = ()  # what kind of statement on what (parallel lines share it)
    train_step: bool = False  # a statement of a training loop (see _train_step)
    init: bool = False  # sets a name to an empty or zero value (total = 0.0, xs = [])
    keyed: frozenset = frozenset()  # (name, names in the key) of each ``name[key] = ...``
    augs_read: frozenset = frozenset()  # of those names, the ones read elsewhere in the line
    scaled: frozenset = frozenset()  # total /= n, xs.sort(): a result made of what was kept
    receiver: str = ""  # x of a call statement x.f(...) or x.f(...).g(...)
    collection: bool = False  # sets one name to a list, dict or set written out ([start])
    in_place: bool = False  # writes into an object: x[i] = v, x.a = v, x.copy_(y), x.fill_(0)
    handed: frozenset = frozenset()  # names given whole to a function, which may change them
    test: str = ""  # an if's or elif's test: the function it calls or how it compares
    into: frozenset = frozenset()  # x of x[i] = v, x.a = v, x.b += v: objects written into
    checked: frozenset = frozenset()  # an if's: the names its test checks are not None
    otherwise: frozenset = frozenset()  # an if's: the names not None when its test fails
    recent: frozenset = frozenset()  # names whose last items it reads (losses[-10:])
    tested: frozenset = frozenset()  # an if's: the collections its test asks are not empty
    quits: bool = False  # sys.exit(1), exit(): ends the program
    bound: str = ""  # a for loop's over range(n): n
    shown: bool = False  # an expression that does nothing but show its value (x.shape)
    static: bool = False  # a def under @staticmethod: a method, though it takes no self
    rescaled: str = ""  # n of n = max(0.05, n * 0.99), n *= 0.5: a value made over from itself
    iterated: frozenset = frozenset()  # x of x -= eta * 2 * x: a state stepped, not a sum
    sched: str = ""  # of sched.step(): "batch", "epoch" or "either", when its scheduler is made
    partners: frozenset = frozenset()  # ys of xs.append(x) when xs, ys = [], [] made them both
    assigned: frozenset = frozenset()  # the names of name = value (in a function, its locals)
    shared: frozenset = frozenset()  # the names of a global or nonlocal statement
    binds: frozenset = frozenset()  # names it binds (x = ..., a, b = ..., n += 1, import m)


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _walk_outside_comprehensions(node: ast.AST):
    """``ast.walk``, with each name a comprehension binds left out inside it (``w`` of
    ``sum(w.grad for w in ws)`` is not the ``w`` of the code around it). Iterative, as
    ``ast.walk`` is: a chain of a thousand ``+`` is a thousand levels deep."""
    todo: list[tuple[ast.AST, frozenset]] = [(node, frozenset())]
    while todo:
        sub, bound = todo.pop()
        if isinstance(sub, _COMPREHENSIONS):
            inner = bound | {n.id for gen in sub.generators for n in ast.walk(gen.target)
                             if isinstance(n, ast.Name)}
            for i, gen in enumerate(sub.generators):  # the first iterable is read outside
                todo.append((gen.iter, inner if i else bound))
                todo.extend((cond, inner) for cond in gen.ifs)
            parts = [sub.key, sub.value] if isinstance(sub, ast.DictComp) else [sub.elt]
            todo.extend((part, inner) for part in parts)
            continue
        if isinstance(sub, ast.Name) and sub.id in bound:
            continue
        yield sub
        todo.extend((child, bound) for child in ast.iter_child_nodes(sub))


def _names(node: ast.AST) -> tuple[set, set, set, set]:
    loads, stores, calls, augs = set(), set(), set(), set()
    for sub in _walk_outside_comprehensions(node):
        if isinstance(sub, ast.Name):
            (stores if isinstance(sub.ctx, ast.Store) else loads).add(sub.id)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            calls.add(sub.func.id)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                sub.func.attr in _MUTATORS and (isinstance(sub.func.value, ast.Name) or isinstance(
                    sub.func.value, ast.Subscript) and isinstance(sub.func.value.value, ast.Name)):
            # xs.append(x) updates xs; so does log['val'].append(x) update log
            receiver = sub.func.value
            augs.add(receiver.id if isinstance(receiver, ast.Name) else receiver.value.id)
        elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name):
            augs.add(sub.target.id)
            loads.add(sub.target.id)
        elif isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store) and isinstance(
                sub.value, ast.Name):
            augs.add(sub.value.id)  # freq[word] = ... updates freq
        elif isinstance(sub, ast.arg):
            stores.add(sub.arg)
        elif isinstance(sub, ast.alias):
            stores.add((sub.asname or sub.name).split(".")[0])
    return loads, stores, calls, augs


# modules notes call by these names without importing them in the same block
_MODULES = frozenset({"torch", "nn", "F", "np", "os", "sys", "plt", "math", "random", "json",
                      "time", "logging", "st", "gr", "pd", "tf", "jax", "jnp", "init", "dist"})


def _imported(lines: list[str]) -> frozenset:
    """The names a block's imports bind (``import torch.nn as nn``: nn)."""
    names = set()
    for s in lines:
        if s.startswith(("import ", "from ")):
            tree = _parse(s)
            for node in tree.body if tree else ():
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(names)


_WRAPPERS = {"enumerate", "zip", "tqdm", "range", "len", "sorted", "reversed", "list", "iter",
             "tuple", "set", "trange"}
_VIEWS = {"items", "keys", "values", "children", "parameters", "named_parameters", "modules",
          "named_modules", "named_children", "iterrows", "split", "splitlines"}


def _gone_over(it: ast.AST) -> frozenset | None:
    """The names a for loop goes over: xs of ``enumerate(xs)``, ``d.items()``, ``range(len(xs))``;
    none for a call of the note's own (``data_iter(batch_size, X, y)``: which argument is gone
    over and which only sizes the batches, its name does not say); None when it cannot tell."""
    while isinstance(it, (ast.Attribute, ast.Subscript)):  # (a chain may be long: no recursion)
        it = it.value
    if isinstance(it, ast.Name):
        return frozenset([it.id])
    if isinstance(it, (ast.Tuple, ast.List)):
        parts = [_gone_over(e) for e in it.elts]
        return None if None in parts else frozenset().union(*parts)
    if isinstance(it, ast.Call):
        func = it.func
        if isinstance(func, ast.Name) and func.id in _WRAPPERS:
            parts = [_gone_over(a) for a in it.args[:1 if func.id != "zip" else None]]
            return None if None in parts else frozenset().union(*parts)
        if isinstance(func, ast.Attribute) and func.attr in _VIEWS:
            return _gone_over(func.value)
        return frozenset()
    return None


def _shape(stmt: ast.AST | None, modules: frozenset = _MODULES) -> tuple:
    """``self.grad += g`` and ``other.grad += g`` share a shape; so do ``ln.weight.fill_(1)``
    and ``ln.bias.fill_(0)``: lines written one after the other at one level."""
    def last_name(node: ast.AST) -> str:
        if isinstance(node, ast.Attribute):
            return node.attr
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Subscript):
            return last_name(node.value) + "[]"
        return type(node).__name__

    if isinstance(stmt, ast.AugAssign):
        # w -= lr * w.grad and b -= lr * b.grad go together, as do total += x and count += 1
        target = stmt.target
        if isinstance(target, ast.Name):
            return ("aug", "", "")  # nll -= lp; n += 1: a sum and its count, kept together
        return ("aug", type(stmt.op).__name__, last_name(target))
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if isinstance(func, ast.Attribute):
            # out.append and samples.append are two lines' work; model.train / model.eval, one
            receiver = func.value
            who = receiver.id if isinstance(receiver, ast.Name) else (
                receiver.value.id + "[]" if isinstance(receiver, ast.Subscript) and isinstance(
                    receiver.value, ast.Name) else "")
            chain = _dotted(receiver) if isinstance(receiver, ast.Attribute) else ""
            if chain.count(".") >= 1 and chain.split(".")[0] in modules and \
                    func.attr not in _TRAIN_CALLS:
                # torch.cuda.empty_cache() / torch.cuda.ipc_collect(): one namespace's calls
                return ("call", "*", chain)
            return ("call", "mode" if func.attr in ("train", "eval") else func.attr, who)
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name) and isinstance(stmt.value, (ast.Subscript, ast.Call)):
        # x = x.to(device); y = y.to(device) / ids = ids[:n]; mask = mask[:n]: a name remade
        # from itself, one line per name
        value, name = stmt.value, stmt.targets[0].id
        inner = value.value if isinstance(value, ast.Subscript) else value.func
        root = inner.value if isinstance(inner, ast.Attribute) else inner
        if isinstance(root, ast.Name) and root.id == name:
            return ("remade", type(value).__name__,
                    inner.attr if isinstance(inner, ast.Attribute) else "")
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], (ast.Name, ast.Tuple, ast.List)) and isinstance(
                stmt.value, ast.Call) and len(stmt.value.keywords) >= 2 and all(
                    k.arg for k in stmt.value.keywords):
        # chosen = logprobs(logits=..., labels=...) / rejected = logprobs(logits=...,
        # labels=...): one function called with the same keywords, one result per line
        # (and train_loss, train_acc = evaluate(loader=train_loader, ...) / val_loss, ...)
        return ("made", _dotted(stmt.value.func),
                tuple(sorted(k.arg for k in stmt.value.keywords)))
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Attribute):
        return ("set", type(stmt.value).__name__)
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return ("field",)  # name: int = 0, the fields of a dataclass or a pydantic model
    return ()


def _negative(node: ast.AST | None) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)


def _latest(stmt: ast.AST):
    """The names whose last items a statement reads: ``losses`` of ``losses[-1]`` and of
    ``sum(losses[-100:])``."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                isinstance(node.ctx, ast.Load) and (_negative(node.slice) or isinstance(
                    node.slice, ast.Slice) and _negative(node.slice.lower)):
            yield node.value.id


def _what_it_does(unit: _Unit, stmt: ast.AST | None) -> None:
    """What a simple statement does to the names and objects around it, for the features that
    read where a loop ends: what it writes into, hands to a function, starts, divides."""
    if stmt is None:
        return
    unit.keyed, unit.augs_read = _keyed(stmt)
    unit.recent = frozenset(_latest(stmt))
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        unit.assigned = frozenset(t.id for t in targets if isinstance(t, ast.Name))
    if isinstance(stmt, (ast.Global, ast.Nonlocal)):
        unit.shared = frozenset(stmt.names)
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        unit.binds = frozenset(n.id for t in targets for n in ast.walk(t)
                               if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        unit.binds = frozenset((a.asname or a.name).split(".")[0] for a in stmt.names)
    # a value shown, not used (data.device, df.shape): a notebook cell's display, at its top
    unit.shown = isinstance(stmt, ast.Expr) and not isinstance(stmt.value, ast.Constant) and \
        not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
                for n in ast.walk(stmt.value))
    unit.in_place = isinstance(stmt, (ast.Assign, ast.AugAssign)) and any(
        isinstance(t, (ast.Subscript, ast.Attribute))
        for t in getattr(stmt, "targets", [getattr(stmt, "target", None)])) or \
        isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
        isinstance(stmt.value.func, ast.Attribute) and \
        re.fullmatch(r"[a-z]\w*[a-z0-9]_", stmt.value.func.attr) is not None
    unit.handed = frozenset(
        a.id for call in ast.walk(stmt) if isinstance(call, ast.Call) and not (
            isinstance(call.func, ast.Name) and call.func.id in _BUILTINS)
        for a in call.args if isinstance(a, ast.Name)
    )
    for t in getattr(stmt, "targets", [getattr(stmt, "target", None)]):
        while isinstance(t, (ast.Subscript, ast.Attribute)):
            t = t.value
        if isinstance(t, ast.Name) and t is not getattr(stmt, "target", None) and \
                t not in getattr(stmt, "targets", []):
            unit.into = unit.into | {t.id}
    unit.collection = isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
        isinstance(stmt.targets[0], ast.Name) and isinstance(
            stmt.value, (ast.List, ast.Dict, ast.Set))
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (
            ast.Div, ast.FloorDiv)) and isinstance(stmt.target, ast.Name):
        unit.scaled = frozenset([stmt.target.id])
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(
            stmt.value.func, ast.Attribute) and stmt.value.func.attr in ("sort", "reverse") and \
            isinstance(stmt.value.func.value, ast.Name):
        unit.scaled = frozenset([stmt.value.func.value.id])  # xs.sort(): the list made, read
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and any(
            isinstance(n, ast.Name) and n.id == stmt.target.id for n in ast.walk(stmt.value)):
        unit.iterated = frozenset([stmt.target.id])
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Mult, ast.Div, ast.Pow)) \
            and isinstance(stmt.target, ast.Name):
        unit.rescaled = stmt.target.id
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name) and any(
                isinstance(n, ast.Name) and n.id == stmt.targets[0].id
                for n in _walk_outside_comprehensions(stmt.value)):
        unit.rescaled = stmt.targets[0].id
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        root = stmt.value.func
        while isinstance(root, (ast.Attribute, ast.Call)):
            root = root.value if isinstance(root, ast.Attribute) else root.func
        if isinstance(root, ast.Name) and root is not stmt.value.func:
            unit.receiver = root.id


# Learning-rate schedulers stepped after every batch (PyTorch's OneCycleLR and CyclicLR,
# transformers' warm-up schedules) and those stepped once an epoch (StepLR, MultiStepLR,
# ExponentialLR; ReduceLROnPlateau takes the epoch's metric); others are stepped either way
_SCHEDULER = re.compile(r"([A-Za-z_]\w*)\s*=\s*([\w.]+)\(")
_PER_BATCH = re.compile(r"OneCycleLR|CyclicLR|get_\w+_schedule_with_warmup")
_PER_EPOCH = re.compile(r"StepLR|MultiStepLR|ExponentialLR|ReduceLROnPlateau")


def _scheduler_steps(units: list[_Unit]) -> None:
    """Mark ``s.step()`` of a scheduler made in the block: whether it is stepped each batch
    (a training step's part, whatever its name) or each epoch, or either."""
    kinds: dict[str, str] = {}
    for unit in units:
        m = _SCHEDULER.match(unit.lines[0]) if unit.kind == "stmt" else None
        made = m.group(2).rsplit(".", 1)[-1] if m else ""
        if _PER_BATCH.fullmatch(made):
            kinds[m.group(1)] = "batch"
        elif _PER_EPOCH.fullmatch(made):
            kinds[m.group(1)] = "epoch"
        elif m and ("lr_scheduler." in m.group(2) or made.endswith("LR")):
            kinds[m.group(1)] = "either"
        elif unit.kind == "stmt" and unit.shape[:2] == ("call", "step") and unit.shape[2] in kinds:
            unit.sched = kinds[unit.shape[2]]
            unit.train_step = unit.sched == "batch"  # it goes with the optimizer's step


def _continuation_pads(lines: list[str]) -> list[int]:
    """How far in each physical line of one statement goes, from the statement's level, the
    way black lays it out: a line in brackets by how many are open, one that closes them at
    the level of the line that opened them, a line inside a triple-quoted string at the
    statement's own level (a prompt or a docstring written flush with the code), a line after
    a backslash one level in."""
    pads, depth, quote = [0], 0, None
    for prev, line in zip(lines, lines[1:]):
        depth, quote = _scan(prev, max(depth, 0), quote)
        if quote:
            pads.append(0)
        elif depth < 0:
            pads.append(1)
        else:
            pads.append(max(depth - (1 if line[:1] in ")]}" else 0), 0))
    return pads


def units_of(lines: list[str]) -> list[_Unit]:
    stripped = [ln.strip() for ln in lines]
    modules = _MODULES | _imported(stripped)
    out: list[_Unit] = []
    i = 0
    while i < len(stripped):
        s = stripped[i]
        if not s:
            out.append(_Unit([""], "blank"))
            i += 1
            continue
        if s.startswith("#"):
            out.append(_Unit([s], "comment"))
            i += 1
            continue
        end = statement_extent(stripped, i)
        text = "\n".join(stripped[i:end])
        unit = _Unit(stripped[i:end], "stmt")
        if end > i + 1:
            unit.pads = _continuation_pads(unit.lines)
        if text.startswith("@"):
            unit.kind, unit.kw = "decorator", "@"
            tree = _parse(text + "\ndef f(): pass")
            node = tree.body[0].decorator_list[0] if tree else None
        else:
            kw = _header(text)
            if kw:
                unit.kind, unit.kw = "header", kw
                tree = _parse(_WRAP.get(kw, "") + text + "\n pass")
                node = tree.body[-1] if tree and kw not in _WRAP else None
                if tree is not None and kw in ("if", "elif"):
                    test = tree.body[0].orelse[0].test if kw == "elif" else tree.body[-1].test
                    unit.test, unit.checked = _test_shape(test), _checked(test)
                    unit.otherwise = _checked(test, failed=True)
                    unit.tested = _tested(test)
                if tree is not None and kw == "elif":  # what it tests
                    node = ast.Module(body=[ast.Expr(tree.body[0].orelse[0].test)],
                                      type_ignores=[])
                elif tree is not None and kw == "except":  # what it catches, and its name
                    handler = tree.body[0].handlers[0]
                    node = ast.Module(body=[ast.Expr(handler.type)] if handler.type else [],
                                      type_ignores=[])
                    unit.stores = frozenset([handler.name] if handler.name else [])
            else:
                tree = _parse(text)
                node = tree if tree else None
                first = tree.body[0] if tree and tree.body else None
                if isinstance(first, ast.Return):
                    unit.kw = "return"
                elif isinstance(first, ast.Raise):
                    unit.kw = "raise"
                elif isinstance(first, (ast.Break, ast.Continue)):
                    unit.kw = "break"
                elif isinstance(first, (ast.Import, ast.ImportFrom)):
                    unit.kw = "import"
                elif isinstance(first, ast.Expr) and isinstance(
                        first.value, (ast.Yield, ast.YieldFrom, ast.Await)):
                    unit.kw = "yield" if not isinstance(first.value, ast.Await) else "await"
                elif isinstance(first, ast.Pass):
                    unit.kw = "pass"
                elif first is not None and isinstance(first, (ast.If, ast.For, ast.While,
                                                              ast.With, ast.FunctionDef,
                                                              ast.ClassDef, ast.Try)):
                    unit.kw = "flat"  # a compound statement written on one line
                unit.terminal = unit.kw in ("return", "raise", "break", "pass")
                # sys.exit(1), exit(): nothing after it in its block runs either
                unit.quits = isinstance(first, ast.Expr) and isinstance(
                    first.value, ast.Call) and _dotted(first.value.func) in _QUITS
                unit.terminal = unit.terminal or unit.quits
                unit.shape = _shape(first, modules)
                if not unit.shape and isinstance(first, ast.Expr) and isinstance(
                        first.value, ast.Call):
                    # print(f"using {n}") in an if's branch and again in its else: one line
                    unit.shape = ("line", " ".join(ln.strip() for ln in unit.lines))
                unit.train_step = _train_step(first)
                unit.init = _init(first)
                _what_it_does(unit, first)
        if node is not None:
            target = node
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                unit.name = node.name
                args = node.args.posonlyargs + node.args.args
                unit.first_param = args[0].arg if args else ""
                target = ast.Module(body=[*node.decorator_list, *node.args.defaults], type_ignores=[])
                unit.stores = frozenset(a.arg for a in args + node.args.kwonlyargs + [
                    node.args.vararg, node.args.kwarg] if a is not None)
            elif isinstance(node, ast.ClassDef):
                unit.name = node.name
                target = ast.Module(body=[ast.Expr(b) for b in node.bases], type_ignores=[])
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                unit.targets = frozenset(n.id for n in ast.walk(node.target)
                                         if isinstance(n, ast.Name))
                unit.over = _gone_over(node.iter)
                unit.items = not (isinstance(node.iter, ast.Call) and _dotted(
                    node.iter.func).rsplit(".", 1)[-1] in ("range", "trange", "count"))
                it = node.iter  # n of for _ in range(n): (see _Frame.accum)
                if isinstance(it, ast.Call) and getattr(it.func, "id", "") == "range" and \
                        len(it.args) == 1 and isinstance(it.args[0], (ast.Name, ast.Attribute)):
                    unit.bound = _dotted(it.args[0])
            elif isinstance(node, (ast.With, ast.AsyncWith)) and node.items and isinstance(
                    node.items[0].context_expr, ast.Call):
                func = node.items[0].context_expr.func  # with torch.no_grad(): "no_grad"
                unit.name = func.attr if isinstance(func, ast.Attribute) else getattr(
                    func, "id", "")
            loads, stores, calls, augs = _names(target)
            unit.loads = frozenset(loads)
            unit.stores = unit.stores | frozenset(stores)
            unit.calls, unit.augs = frozenset(calls), frozenset(augs)
            if unit.kind == "header" and isinstance(node, (ast.For, ast.AsyncFor)):
                unit.stores = unit.stores | unit.targets
        out.append(unit)
        i = end
    _scheduler_steps(out)
    _pair_collections(out)
    # a decorator goes with the def or class under it
    merged: list[_Unit] = []
    for unit in out:
        if merged and merged[-1].kind == "decorator" and unit.kind in ("header", "decorator"):
            head = merged.pop()
            unit.static = unit.static or any(ln.startswith("@staticmethod") for ln in head.lines)
            unit.pads = (head.pads or [0] + [1] * (len(head.lines) - 1)) + (
                unit.pads or [0] + [1] * (len(unit.lines) - 1))
            unit.lines = head.lines + unit.lines
            unit.loads = unit.loads | head.loads
            unit.calls = unit.calls | head.calls
        merged.append(unit)
    return merged


def _pair_collections(units: list[_Unit]) -> None:
    """Lists made in one statement (``xs, ys = [], []``) are filled together: each line that
    adds to one of them knows the others."""
    groups = [u.stores for u in units if u.init and len(u.stores) > 1]
    if not groups:
        return
    for unit in units:
        who = unit.shape[2] if unit.shape[:1] == ("call",) and unit.shape[1] in _MUTATORS \
            else ""
        if who:
            unit.partners = frozenset().union(*(g for g in groups if who in g)) - {who}


class _Frame(NamedTuple):
    kw: str
    name: str
    first_param: str
    stores: frozenset  # names stored in its body so far
    statements: int
    ended: bool  # its body ended with return / raise / break / continue
    targets: frozenset
    before: frozenset  # names stored before the block began (for accumulators)
    sibling: int = 0  # for else / elif / except: statements of the branch before it
    last: str = "simple"  # the kind of its last statement (see _ENDS_AFTER)
    reads: frozenset = frozenset()  # a loop's: the names its iterable reads; an if's: its test's
    last_init: bool = False  # its last statement set a start value
    augs: frozenset = frozenset()  # names its body added to (xs.append, total +=)
    body_loads: frozenset = frozenset()  # names read anywhere in its body (a while: its test)
    body_stores: frozenset = frozenset()  # names set by statements anywhere in its body
    body_augs: frozenset = frozenset()  # names added to anywhere in its body
    body_keyed: frozenset = frozenset()  # the ``name[key] = ...`` anywhere in its body
    shapes: frozenset = frozenset()  # of the statements directly in its body
    steps: bool = False  # a training step is taken in its body
    handed: frozenset = frozenset()  # names given to functions in its body (train(model))
    per_item: bool = True  # a for loop's: each line directly in it works on its item
    test: str = ""  # an if's or elif's: what its test calls or compares (isinstance, ==)
    tests: frozenset = frozenset()  # the tests of the ifs directly in its body
    sibling_shapes: frozenset = frozenset()  # an else's: the shapes of its if's lines
    branch_stores: frozenset | None = None  # an if's else: the names its if's branch set
    counts: frozenset = frozenset()  # names its own lines add to with +=, -=... (step += 1)
    loop_vars: frozenset = frozenset()  # the variables of the for loops directly in its body
    resource: frozenset = frozenset()  # a with's: the names it binds (with open(p) as fh)
    fresh: frozenset = frozenset()  # a loop's: start values set before it and not yet read
    forever: bool = False  # a while True loop
    watch: frozenset = frozenset()  # a while's: the names its test reads, when it calls nothing
    kept_if: frozenset = frozenset()  # a loop's: names set in an if's branch in its body
    turn_inits: frozenset = frozenset()  # a loop's: start values set directly in it (out = [])
    exits: bool = False  # a break of its own, a return or a raise is in its body
    breaks: bool = False  # a break of its own is (after it, its variable is where it stopped)
    still: frozenset = frozenset()  # a loop's: names set by lines that read nothing it changes
    returned: bool = False  # its body ended with a return
    continued: bool = False  # its body ended with a continue
    stepped: frozenset = frozenset()  # the optimizers stepped in its body (opt of opt.step())
    switched: frozenset = frozenset()  # models its body puts in a mode (model.train())
    checked: frozenset = frozenset()  # an if's: the names its test checks are not None
    otherwise: frozenset = frozenset()  # an if's: the names not None in its elif / else
    head: str = ""  # an if's: its test as written, without spaces
    tested: frozenset = frozenset()  # an if's: the collections its test asks are not empty
    bound: str = ""  # a for loop's over range(n): n
    accum: bool = False  # such a loop's body divides by n: it accumulates gradients
    chain_ended: bool = True  # an elif's or else's: every branch of its if before it ended
    body_iterated: frozenset = frozenset()  # names its body updates from themselves (x -= lr * x)
    items: bool = False  # a for loop's over data (a loader, a list), not over range(n)
    last_assigned: frozenset = frozenset()  # what its last line directly in it set (x = ...)
    shared: frozenset = frozenset()  # names its body declares global or nonlocal
    known: frozenset = frozenset()  # a def's: names bound in it so far, its parameters first
    early: frozenset = frozenset()  # a def's: names its lines read before it bound them
    # a def's parameters: its own, though a notebook's later cells often pass it names of
    # theirs with the same names (def train(model): ... / train(model))
    params: frozenset = frozenset()


_NO_FRAME = _Frame("", "", "", frozenset(), 0, False, frozenset(), frozenset())


@dataclass(frozen=True)
class _State:
    stack: tuple  # of _Frame
    score: float
    trail: tuple  # the depths chosen so far, last first: (depth, (depth before, (...)))
    module: frozenset  # names stored at module level
    seen_loop: bool  # a loop ended (training steps come inside loops; see _step)
    hidden: frozenset = frozenset()  # names stored only in a closed function or if branch
    under: frozenset = frozenset()  # (name, test) of those an if's branch stored: if rank == 0:
    shape: tuple = ()  # of the statement before
    unread: frozenset = frozenset()  # names set to a start value that nothing has read since
    top_shapes: frozenset = frozenset()  # of the statements at the top level
    top_tests: frozenset = frozenset()  # of the ifs at the top level
    top_loop_vars: frozenset = frozenset()  # the variables of the for loops at the top level
    step_depth: int = -1  # the depth of the statement before, if it took a training step
    stale: frozenset = frozenset()  # the variables of loops that ended
    started: frozenset = frozenset()  # names set to a new list, dict or set, not read since
    step_levels: frozenset = frozenset()  # depths at which a loop that took steps has ended
    skipped: frozenset = frozenset()  # (name, depth of the loop) of start values a loop left
    unguarded: frozenset = frozenset()  # names an if that ended checked were not None
    branch_set: frozenset = frozenset()  # (name, depth): set in a branch that ended, unread
    accum_after: bool = False  # a loop that accumulated gradients ended since the last step
    evals: frozenset = frozenset()  # (model, depth) of model.eval() not yet followed by .train()
    last_set: frozenset = frozenset()  # the names the statement before set (x = ...)
    falsy: frozenset = frozenset()  # the names it set to an empty or zero value (xs = [])
    # the nearest path the beam merged into this one (same open blocks, same last depths):
    # (how much more it cost, its depths then); what follows costs them both the same
    rival: tuple = ()
    unbound: frozenset = frozenset()  # what withs that ended bound (context_id), not set again

    @property
    def depths(self) -> tuple:
        """The depth chosen for each statement unit, in order."""
        return _unwound(self.trail)

    def last_depths(self, k: int) -> tuple:
        out, trail = [], self.trail
        while trail and len(out) < k:
            out.append(trail[0])
            trail = trail[1]
        return tuple(out)


def _unwound(trail: tuple) -> tuple:
    """The depths of a trail (last first, each with the trail before it), in order."""
    out = []
    while trail:
        out.append(trail[0])
        trail = trail[1]
    return tuple(reversed(out))


# P(a block's body ends after its n-th statement), n = 1..10, by the kind of block: counted
# over the standard library's own code (Python 3.11); a body that did not end has more to come
_ENDS = {
    "def": (.388, .319, .318, .291, .25, .244, .242, .236, .217, .197),
    "class": (.193, .193, .164, .18, .175, .147, .137, .089, .098, .109),
    "if": (.743, .611, .543, .526, .485, .397, .305, .281, .366, .346),
    "for": (.48, .398, .412, .416, .399, .376, .308, .241, .317, .357),
    "try": (.798, .548, .436, .392, .417, .25, .238, .188, .231, .3),
    "finally": (.823, .5, .643, .8, .5, .5, .5, .5, .5, .5),
    "else": (.762, .592, .55, .519, .308, .389, .455, .167, .4, .167),
    "except": (.762, .688, .655, .658, .385, .5, .5, .5, .5, .5),
    "with": (.597, .543, .441, .545, .2, .417, .429, .5, .5, .5),
}
_LIKE = {"elif": "if", "while": "for", "match": "if", "case": "if"}
# P(a body ends after a statement that is not return / raise / break / continue), by the kind
# of block and of that statement: a simple one, an if, an if that ends in raise or return
# (a guard: the body nearly always goes on), another compound statement. Standard library.
_ENDS_AFTER = {
    "def": {"simple": .103, "if": .197, "guard": .034, "compound": .356},
    "if": {"simple": .575, "if": .584, "guard": .334, "compound": .649},
    "else": {"simple": .678, "if": .626, "guard": .652, "compound": .656},
    "for": {"simple": .377, "if": .558, "guard": .364, "compound": .485},
}
_AFTER_LIKE = {"elif": "if", "while": "for", "with": "for", "try": "if", "except": "else",
               "finally": "else", "match": "if", "case": "if"}


# How much each feature of :func:`_features` costs: set by hand, then refined by
# kb.cli.code_corpus.train (epochs=3, limit=3000, rate=0.05) on standard-library and torch code
# apart from the benchmark's; the NOTES_PRIORS below were kept as set
WEIGHTS: dict[str, float] = {
    "body_name_closed": 0.285, "class_not_top": 4.733, "close:class:compound:1": 1.06,
    "close:class:compound:2": 0.002, "close:class:compound:3": 0.125,
    "close:class:compound:4": 0.187, "close:class:simple:1": 0.123, "close:class:simple:2": 0.102,
    "close:class:simple:3": 0.097, "close:class:simple:4": 0.121, "close:def:compound:1": 0.181,
    "close:def:compound:2": -0.013, "close:def:compound:3": 0.08, "close:def:compound:4": 0.375,
    "close:def:if:1": 0.194, "close:def:if:2": 0.09, "close:def:if:3": 0.148,
    "close:def:if:4": 0.216, "close:def:simple:1": 0.326, "close:def:simple:2": 0.134,
    "close:def:simple:3": -0.049, "close:def:simple:4": -0.03, "close:else:compound:1": 0.165,
    "close:else:compound:2": -0.202, "close:else:compound:3": -0.013,
    "close:else:compound:4": -0.069, "close:else:if:1": 0.378, "close:else:if:2": 0.047,
    "close:else:if:3": -0.161, "close:else:if:4": -0.171, "close:else:simple:1": 0.023,
    "close:else:simple:2": -0.096, "close:else:simple:3": -0.154, "close:else:simple:4": -0.087,
    "close:for:compound:1": -0.149, "close:for:compound:2": -0.191, "close:for:compound:3": -0.33,
    "close:for:compound:4": -0.276, "close:for:if:1": -0.247, "close:for:if:2": -0.411,
    "close:for:if:3": -0.377, "close:for:if:4": -0.43, "close:for:simple:1": 0.016,
    "close:for:simple:2": -0.317, "close:for:simple:3": -0.422, "close:for:simple:4": -0.407,
    "close:if:compound:1": -0.143, "close:if:compound:2": -0.201, "close:if:compound:3": -0.245,
    "close:if:compound:4": -0.213, "close:if:if:1": 0.064, "close:if:if:2": -0.205,
    "close:if:if:3": -0.298, "close:if:if:4": -0.378, "close:if:simple:1": -0.059,
    "close:if:simple:2": -0.367, "close:if:simple:3": -0.297, "close:if:simple:4": -0.421,
    "close_logp": 0.219, "def_in_def": 1.711, "for_else": 1.076, "hidden_name": 0.963,
    "import_not_top": 1.137, "local_outside_def": 3.7, "loop_var_outside": 1.514,
    "main_not_top": 8.0, "method_misplaced": 4.145, "own_class_called": 6.075,
    "own_class_called_bare": 2.92, "own_def_called": 2.864, "own_def_named": 2.811,
    "self_outside_method": 8.0, "stay:class:compound:1": -1.235, "stay:class:compound:2": -0.27,
    "stay:class:compound:3": -0.566, "stay:class:compound:4": -0.977, "stay:class:if:4": 0.152,
    "stay:class:simple:1": -0.123, "stay:class:simple:2": -0.185, "stay:class:simple:3": 0.032,
    "stay:class:simple:4": -0.257, "stay:def:compound:1": -0.166, "stay:def:compound:2": -0.348,
    "stay:def:compound:3": -0.325, "stay:def:compound:4": -0.39, "stay:def:if:1": -0.57,
    "stay:def:if:2": -0.507, "stay:def:if:3": -0.441, "stay:def:if:4": -0.38,
    "stay:def:simple:1": -0.326, "stay:def:simple:2": -0.317, "stay:def:simple:3": -0.347,
    "stay:def:simple:4": -0.281, "stay:else:compound:1": -0.253, "stay:else:compound:2": -0.379,
    "stay:else:compound:3": -0.253, "stay:else:compound:4": 0.024, "stay:else:if:1": -0.342,
    "stay:else:if:2": -0.141, "stay:else:if:3": -0.111, "stay:else:if:4": -0.075,
    "stay:else:simple:1": -0.023, "stay:else:simple:2": -0.139, "stay:else:simple:3": -0.194,
    "stay:else:simple:4": 0.331, "stay:for:compound:1": -0.056, "stay:for:compound:2": -0.25,
    "stay:for:compound:3": -0.316, "stay:for:compound:4": -0.211, "stay:for:if:1": -0.069,
    "stay:for:if:2": -0.305, "stay:for:if:3": -0.362, "stay:for:if:4": -0.434,
    "stay:for:simple:1": -0.016, "stay:for:simple:2": -0.294, "stay:for:simple:3": -0.38,
    "stay:for:simple:4": -0.328, "stay:if:compound:1": -0.213, "stay:if:compound:2": -0.329,
    "stay:if:compound:3": -0.319, "stay:if:compound:4": -0.286, "stay:if:if:1": -0.211,
    "stay:if:if:2": -0.174, "stay:if:if:3": -0.195, "stay:if:if:4": -0.249,
    "stay:if:simple:1": 0.059, "stay:if:simple:2": -0.271, "stay:if:simple:3": -0.156,
    "stay:if:simple:4": -0.128, "stay_after_end": 6.159, "stay_logp": 0.071,
}
# What notes hold and library code does not teach: scripts at the top level, training loops,
# what a loop's names say of where it ends (see :func:`_features`). Set by hand and checked on
# the corpus's scripts; kept as set when the weights above are trained on library code.
_NOTES_WEIGHTS: dict[str, float] = {
    "def_not_top": 4.0, "check_in_top_block": 0.8, "shape_moved": 1.5, "stay_in_no_grad": 1.0,
    "local_unread": 1.0, "read_before_local": 2.0, "loop_return_unconditional": 2.0,
    "loop_over_body_name": 1.0, "iterable_in_loop": 1.0, "loop_ends_on_init": 1.0,
    "collected_remade_in_loop": 1.5, "dead_in_loop": 0.75, "kept_read_in_loop": 2.5,
    "init_unread": 1.5, "shape_elsewhere": 1.0, "step_split": 1.5, "untied_in_inner_loop": 0.3,
    "loop_body_constant": 1.5, "init_skipped_by_loop": 1.0, "closed_loop_var": 1.0,
    "loop_exit_unconditional": 1.0, "invariant_after_work": 0.625, "endless_loop": 3.0,
    "exit_after_if": 1.0, "backward_in_with": 1.0,
    "outer_report_in_inner": 1.0, "item_loop_left": 1.0, "elif_unlike_if": 1.0,
    "step_leaves_loop": 1.0, "branch_shape_left": 1.0, "report_after_break": 0.5,
    "loop_like_earlier_elsewhere": 0.5, "stay_top_if": 0.3, "resource_left": 0.5,
    "resource_after": 1.0, "function_no_grad_left": 1.0, "pair_split": 1.0,
    "train_step_outside": 1.5, "assert_in_loop": 0.8, "report_in_loop": 1.0,
    "save_left_record": 1.0, "scheduler_off_its_loop": 2.0, "schedule_in_inner_loop": 1.0,
    "class_value_after_method": 1.0, "guard_left": 1.0, "def_falls_off": 1.0,
    "loop_var_collected_outside": 1.0, "count_left_reader": 1.0, "repeat_loop_other_step": 2.0,
    "turn_value_after_loop": 1.0, "branch_store_left": 1.0, "own_class_in_body": 6.0,
    "class_call_after_method": 3.0, "await_outside_def": 1.5,
    "shown_nested": 2.0, "main_left": 1.5,
    "branch_store_overwritten": 1.0, "step_in_accum_loop": 2.0,
    "backward_on_sum_in_loop": 2.0, "tests_what_was_emptied": 2.0,
    "continue_at_loop_end": 1.5, "mode_unpaired": 1.5,
    "both_branches_read_in_else": 1.0, "set_then_left": 1.5,
    "bare_return_in_def": 1.0, "tested_loop_left": 1.0, "quit_at_top": 1.5,
    "after_endless_loop": 3.0, "loop_only_counts": 2.0, "loop_targets_unread": 1.5,
    # trained on library code at 2.92; notes make an instance right after the class, with
    # values of their own (d = Labrador("Bruno", "Brown")), far more often than a method does
    "own_class_called_bare": 4.0,
}
NOTES_PRIORS = tuple(_NOTES_WEIGHTS)
WEIGHTS.update(_NOTES_WEIGHTS)


def _p_close(frame: _Frame) -> float:
    after = _ENDS_AFTER.get(_AFTER_LIKE.get(frame.kw, frame.kw))
    if after is not None:
        p = after[frame.last]
    else:
        table = _ENDS.get(_LIKE.get(frame.kw, frame.kw), _ENDS["if"])
        p = table[min(max(frame.statements, 1), 10) - 1]
    if frame.sibling:  # branches of one if (try) tend to be about as long as each other
        p = p * 0.6 if frame.statements < frame.sibling else p * 1.3
    return min(max(p, 0.05), 0.95)


def _features(state: _State, unit: _Unit, d: int, forced: bool) -> dict | None:
    """What speaks for and against putting ``unit`` at depth ``d`` (None: the grammar forbids
    it), as named features; :data:`WEIGHTS` turns them into a cost."""
    stack = state.stack
    top = len(stack)
    if forced and d != top:
        return None
    if d > top:
        return None
    closing = stack[d:]
    if any(f.statements == 0 for f in closing):
        return None  # a block with no body
    open_ = stack[:d]
    phi: dict[str, float] = {}

    def feat(name: str, value: float = 1.0) -> None:
        phi[name] = phi.get(name, 0.0) + value

    if unit.kw in _PARTNERS:
        if not closing or closing[0].kw not in _PARTNERS[unit.kw]:
            return None
        if unit.kw == "else" and closing[0].kw in _LOOPS and not closing[0].exits:
            # for ... else is rare; an if's else is what people write (a loop that can break
            # is the one that has an else: for x in xs: if ok(x): break / else: ...)
            feat("for_else")
    innermost_scope = next((f for f in reversed(open_) if f.kw in ("def", "class")), None)
    # a function binds no name it read before (that read would fail: UnboundLocalError):
    # the line that binds it is the module's, after the function (in a loop, the read may
    # be of the turn before: else: inputs = layer / layer = relu(inputs @ w))
    if unit.binds and _binds_read_name(open_, unit.binds):
        feat("read_before_local")
    if unit.kw in ("return", "yield") and (
            innermost_scope is None or innermost_scope.kw != "def"):
        return None
    if unit.kw == "await" and (innermost_scope is None or innermost_scope.kw != "def"):
        if innermost_scope is not None:
            return None
        feat("await_outside_def")  # a notebook's cell may await at its top level
    if unit.kw == "break" or (unit.kind == "stmt" and unit.lines[0].startswith("continue")):
        loop = next((f for f in reversed(open_) if f.kw in _LOOPS + ("def", "class")), None)
        if loop is None or loop.kw not in _LOOPS:
            return None
    # a try block ends only where its except or finally begins
    if any(f.kw == "try" for f in closing[1:]) or (
            closing and closing[0].kw == "try" and unit.kw not in ("except", "finally")):
        return None
    # how long blocks are: the innermost open blocks end here, the one around goes on
    def p_close(j: int) -> float:
        f = stack[j]
        if f.kw == "def" and any(g.kw == "def" for g in stack[:j]):
            f = f._replace(kw="if")  # a closure is short
        if j + 1 < top and stack[j + 1].kw in ("if", "elif") and stack[j + 1].ended:
            f = f._replace(last="guard")
        return _p_close(f)

    for j in range(d, top):
        if not stack[j].ended:
            feat("close_logp", -math.log(p_close(j)))
            feat("close:" + _kind_of(stack[j]))
    if d >= 1:
        f = stack[d - 1]
        if (f.ended or closing and closing[0].kw == "else" and closing[0].ended and
                closing[0].chain_ended) and unit.kw not in _PARTNERS:
            # after a return, or after an if whose every branch returned: never reached
            feat("stay_after_end")
        else:
            feat("stay_logp", -math.log(1 - p_close(d - 1)))
            feat("stay:" + _kind_of(f))
    names = unit.loads
    if unit.shown and d > 0:
        feat("shown_nested")  # it would do nothing there
    # class, imports, the main guard: at the top
    if unit.kw == "class" and d != 0:
        feat("class_not_top")
    if unit.kw == "import" and d != 0:
        feat("import_not_top")
    if unit.kw == "if" and "__name__" in names and d != 0:
        feat("main_not_top")
    if d == 0 and stack and stack[0].kw == "if" and ("__name__" in stack[0].test or
                                                    stack[0].test == "const") and \
            unit.kw not in _PARTNERS:
        feat("main_left")  # the main guard holds the rest of the script, a switch the rest
    # a def: a method where a class is open and it takes self, else at the top
    if unit.kw == "def":
        cls = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].kw == "class"), None)
        if unit.first_param in ("self", "cls") or unit.static:
            if cls is None or d != cls + 1:
                feat("method_misplaced")
        elif d != 0:
            enclosing = open_[-1] if open_ else None
            feat("def_in_def" if enclosing is not None and enclosing.kw == "def" else "def_not_top")
    # self only inside a method
    if unit.kw != "def" and ("self" in names or "self" in unit.stores or "super" in unit.calls):
        # in a method, or in a function nested in one (a closure sees its self)
        # (or in a function that sets a self of its own: self = ref.local_value())
        if not any(f.kw == "def" and (f.first_param in ("self", "cls") or "self" in f.stores |
                                      f.body_stores) for f in open_) and \
                "self" not in unit.stores:
            feat("self_outside_method")
    # names stored only inside a function are used inside it
    for i, f in enumerate(stack):
        if f.kw != "def":
            continue
        # (a name the function around it has is not: def enc(s): def sub(m): s = ...)
        local = ((f.stores | f.body_stores) - state.module - f.params) & names - \
            frozenset().union(*(g.stores for g in open_))
        if local and i >= d:
            feat("local_outside_def")
    # a call of a function or class is outside of its own body (recursion is rare in notes)
    for i, f in enumerate(open_):
        if f.name and f.name in unit.calls and f.kw in ("def", "class"):
            methods = [g for g in open_[i + 1:] if g.kw == "def"]
            if f.kw == "def":
                feat("own_def_called")
            elif not methods:
                feat("own_class_called")
            elif not names & frozenset().union(*(g.stores for g in methods)):
                # a method may make instances of its own class, from what it has
                feat("own_class_called_bare")
        elif f.name and f.kw == "def" and f.name in names:
            feat("own_def_named")  # a function named inside its own body: rare; after it: common
    # a loop's variable is used inside the loop; an accumulator it updates, after it
    for i, f in enumerate(stack):
        if f.kw not in _LOOPS:
            continue
        inside = i < d
        uses_target = bool(f.targets & (names | unit.augs))
        uses_body = bool((f.stores - f.before - f.targets) & names)
        # a count checked in the inner block that counts it (step += 1 / if step % k == 0) is
        # not a sum read after the loop
        # (nor is what a while tests, shown in it, n of while n > 0: n -= 1 / print(n): it
        # counts the turns)
        counted = frozenset().union(*(stack[j].counts for j in range(i + 1, d))) | (
            f.watch if _REPORT.match(unit.lines[0]) else frozenset())
        if any(stack[j].kw in ("if", "elif", "else") for j in range(i + 1, d)):
            counted = counted | f.counts  # if step % 100 == 0: print(step): now and then
        accumulator = bool((f.stores & f.before) & (names | unit.stores) - counted) and \
            not uses_target and not uses_body and not unit.augs
        if uses_target and not inside and not f.breaks:
            # (after a loop that can break, its variable says where it stopped)
            feat("loop_var_outside")
        if uses_target and not inside and unit.augs - unit.scaled:
            # its item collected after the loop: the last one only
            feat("loop_var_collected_outside")
        if not inside and names & f.turn_inits and _REPORT.match(unit.lines[0]):
            # what each turn starts over (out = [] in the loop), shown after it: the last only
            feat("turn_value_after_loop")
        if accumulator and inside and (unit.kw == "return" or _REPORT.match(unit.lines[0])):
            feat("report_in_loop")
        made = frozenset().union(*(g.targets | g.stores | g.body_stores for g in stack[i:d])) \
            - f.before - f.targets - frozenset().union(*(g.still for g in stack[i:d]))
        # what the loop adds to (total +=, xs.append), not a state it steps (x -= eta * 2 * x)
        kept = (f.body_augs & f.before) - counted - f.body_iterated
        # a buffer used where it is filled once it holds enough (if len(replay) >= 64: ...)
        kept = kept - frozenset().union(*(stack[j].reads for j in range(i + 1, d)
                                          if stack[j].kw in ("if", "elif")))
        # and one flushed now and then (if total_step % n == 0 or done: ... buffer_r ...)
        if any(stack[j].kw in ("if", "elif") and (stack[j].reads & f.counts - f.targets or
                                                  re.search(r"%[\w.()]+==0", stack[j].head))
               for j in range(i + 1, d)):
            kept = frozenset()
        if unit.kw in ("if", "elif") and "len" in unit.calls and not re.search(
                r"len\([\w.]+\)\s*(>|==|!=|>=)\s*[01]\s*:", unit.lines[0]):
            kept = frozenset()  # (if len(found) > 0: asks whether the loop found any)
        updates = unit.augs - unit.scaled  # total /= n reads the sum, it does not add to it
        # (the last items of what it keeps, losses[-100:], are read as they come)
        if inside and (kept & names) - updates - unit.recent and not uses_target and \
                not made & names and not f.forever and not updates & kept and \
                not unit.train_step and not (
                    unit.kw in ("if", "elif") and d >= 1 and names & stack[d - 1].counts):
            # what a loop keeps, read without the loop's own values: after the loop (an if on
            # a count where it is counted, step += 1 / if step >= n, is not that, nor a
            # while True's history, read each turn: a chat's messages)
            feat("kept_read_in_loop")
        if inside and unit.shape[:2] == ("call", "backward") and unit.receiver in (
                f.body_augs & f.before) - f.turn_inits and "retain_graph" not in unit.lines[0]:
            # a sum of losses the loop adds to, taken back through each turn: the second turn
            # goes back through the first one's graph again, and torch raises an error
            feat("backward_on_sum_in_loop")
        if inside and f.kw == "for" and not uses_target and not uses_body and \
                (f.body_augs & f.before) & unit.stores & names and not unit.augs:
            # what a loop collected, made over from itself (preds = torch.cat(preds)): after it
            feat("collected_remade_in_loop")
        if inside and f.kw == "for" and f.reads & names and not uses_target and \
                not uses_body and not unit.augs:
            # what a loop goes over, read whole without its items: after the loop
            feat("iterable_in_loop")
    # a value a loop sets and never reads is overwritten by its next turn unread: the line
    # that reads it belongs in the loop (embeddings.append(z) with z = encoder(x))
    _dead_in_loops(closing, feat)
    _unread_locals(closing, feat)
    # a start value is set just before the code that fills it: a loop does not end on one
    if any(f.kw in _LOOPS and f.last_init for f in closing):
        feat("loop_ends_on_init")
    # names first stored in a block's body are used in that body (what a with made may be
    # returned after it: its body always runs)
    for f in closing:
        if (f.stores - f.before) & names and not f.ended and not (
                f.kw == "with" and unit.kw == "return"):
            feat("body_name_closed")
            if unit.kind == "header" and unit.kw in _LOOPS and f.kw in _LOOPS:
                # a loop over what a loop's body just made is nested in it
                feat("loop_over_body_name")
    # a name stored only inside a function that ended, or an if branch that ended without
    # an else, is not what a later line means (it would be undefined there)
    hidden = [n for n in _hidden_after(state, closing, unit).intersection(names | unit.augs)
              if n not in state.module and not any(n in f.stores for f in open_)]
    if hidden:
        # (set under a test, read under the same test again: if rank == 0: ... if rank == 0:)
        again = {n for n, head in _under_after(state, closing) if any(
            f.kw == "if" and f.head == head for f in open_)}
        if set(hidden) - again:
            feat("hidden_name")
    # lines of one shape, one after the other, are at one level
    # (unless it leaves an inner loop to show the outer one's turn: log(loss, step) in the
    # batch loop, log(epoch, step) after it)
    # (nor when it leaves a with whose resource the line before read and it does not:
    # with open(p) as f: self.label = json.load(f) / self.transform = Compose(...))
    if unit.shape and unit.shape == state.shape and state.trail and d != state.trail[0] and not (
            d < state.trail[0] and d >= 1 and stack[d - 1].kw in _LOOPS and
            stack[d - 1].targets & names) and not (
            d < state.trail[0] and stack[d].kw == "with" and stack[d].resource and
            not stack[d].resource & (names | unit.augs)):
        feat("shape_moved")
    # lists made together are filled together: xs.append(ix1) / ys.append(ix2)
    if unit.partners and state.shape[:2] == unit.shape[:2] and state.shape[2] in \
            unit.partners and state.trail and d != state.trail[0]:
        feat("pair_split")
    # a line of the shape of one written earlier in an open block goes at that one's level
    # (history['train'].append ... history['val'].append; model.train() ... model.eval())
    if unit.shape[:1] == ("call",) and unit.shape[2] not in ("", "self") and \
            unit.shape[1] != "*" and unit.shape != state.shape:
        levels = {k + 1 for k, f in enumerate(stack) if unit.shape in f.shapes}
        if unit.shape in state.top_shapes:
            levels.add(0)
        if levels and d not in levels:
            feat("shape_elsewhere")
    # the variable of a loop that ended is rarely read after it
    if state.stale & (names | unit.augs) - unit.stores:
        feat("closed_loop_var")
    # break, continue or return as a loop's own line after its work: the loop would turn
    # once, or for nothing; they end an if's branch
    if unit.kw in ("break", "return") and d >= 1 and stack[d - 1].kw in _LOOPS and \
            stack[d - 1].statements >= 1:
        feat("loop_exit_unconditional")
        if unit.kw == "return":  # (a break there shows one batch; a return ends a search)
            feat("loop_return_unconditional")
    if unit.kw == "break" and closing and closing[0].kw in ("if", "elif", "else"):
        feat("exit_after_if")  # if x: print(...) / break: the break ends the if's branch
    # the loop the line would be in (not past a def or class), if any
    loop_at = _loop_at(stack, d)
    # a line that reads nothing a loop changes, after the loop's work, is after the loop
    if _invariant(stack, unit, d, loop_at):
        feat("invariant_after_work")
    # the backward pass comes after a with block that computed the loss (autocast), not in it
    if unit.train_step and d >= 1 and stack[d - 1].kw == "with" and ".backward(" in \
            unit.lines[0]:
        feat("backward_in_with")
    # a report of the outer loop's turn (print(epoch, loss)) in an inner loop whose own
    # variable it does not show: after the inner loop
    loops = [f for f in open_ if f.kw in _LOOPS]
    if len(loops) >= 2 and (_REPORT.match(unit.lines[0]) or unit.augs) and \
            loops[-2].targets & names and not loops[-1].targets & names:
        feat("outer_report_in_inner")
    # a loop over items (each of its lines read its variable: for p in params: p.grad = None)
    # ends at the first line that does not and reads nothing it made
    if loop_at is not None and stack[loop_at].kw == "for" and stack[loop_at].per_item and \
            stack[loop_at].statements >= 1 and unit.kw not in _PARTNERS:
        loop = stack[loop_at]
        made = frozenset().union(*(g.targets | g.stores | g.body_stores
                                   for g in stack[loop_at:d]))
        if not made & (names | unit.augs) and not unit.stores & loop.body_loads:
            feat("item_loop_left")
    # an elif tests what its if tests (isinstance ... elif isinstance ...)
    if unit.kw == "elif" and unit.test and closing and closing[0].test != unit.test and (
            unit.test in (stack[d - 1].tests if d else state.top_tests) or
            any(f.test == unit.test for f in stack[:d] if f.kw in ("if", "elif"))):
        feat("elif_unlike_if")
    # a loop that takes training steps takes them all (a GAN's two in one batch loop)
    # (with torch.no_grad(): right after a backward pass holds the update, after the
    # optimizer's step an evaluation; a loop over the parameters in it is not a loop of the
    # script's)
    update = unit.kw == "with" and unit.name == "no_grad" and state.shape[:2] == (
        "call", "backward")
    if (unit.train_step or update) and (any(k <= d and not any(
            stack[j].kw in _LOOPS and not (stack[j].kw == "for" and stack[j].per_item)
            for j in range(k, d)) for k in state.step_levels) or any(map(_step_loop, closing))):
        feat("step_leaves_loop")
    # a report right after a loop's break check shows where the loop stopped: after the loop
    if _REPORT.match(unit.lines[0]) and 1 <= d < top and stack[d - 1].kw in _LOOPS and \
            stack[d].kw in ("if", "elif", "else") and stack[d].ended and stack[d - 1].exits:
        feat("report_after_break")
    # an else sets what its if set (if ddp: master = rank == 0 / else: master = True)
    if closing and closing[0].kw == "else" and closing[0].branch_stores and \
            unit.kind == "stmt" and unit.stores and \
            unit.stores <= closing[0].branch_stores - closing[0].stores:
        feat("branch_store_left")
    # an else's lines mirror its if's (j += 2 ... else: ... j += 1)
    # (not past an else that already set all its if set: self.conv3 = ... / else:
    # self.conv3 = None / self.bn1 = ...)
    if unit.shape and any(unit.shape in f.sibling_shapes and not _else_done(f) for f in closing):
        feat("branch_shape_left")
    # what a with bound is used in it; after it, only shown (with profile() as prof: ... /
    # print(prof.key_averages()), assert of pytest.raises' excinfo)
    unbound = state.unbound.union(*(f.resource for f in closing if f.kw == "with"))
    if unbound & (names | unit.augs) and not _REPORT.match(unit.lines[0]):
        feat("resource_after")
    # a with block holds what uses what it opened (with open(p) as fh: ...)
    if d >= 1 and stack[d - 1].kw == "with" and stack[d - 1].resource and \
            stack[d - 1].statements >= 1:
        held = stack[d - 1]
        if not (held.resource | held.stores | held.body_stores) & (names | unit.augs):
            feat("resource_left")
    # a loop over the same variable as an earlier loop (for param in ...: twice) is its sibling
    if unit.kw == "for" and unit.targets:
        levels = {k + 1 for k, f in enumerate(stack) if unit.targets in f.loop_vars}
        if unit.targets in state.top_loop_vars:
            levels.add(0)
        if levels and d not in levels:
            feat("loop_like_earlier_elsewhere")
    # the lines of a training step (zero_grad, backward, step) are written together
    # (not the step after a loop that accumulated gradients, nor after clipping them in an if)
    if unit.train_step and state.step_depth >= 0 and d != state.step_depth and not (
            0 < state.step_depth <= top and (stack[state.step_depth - 1].kw == "with" or
                                             stack[state.step_depth - 1].kw == "for" and
                                             stack[state.step_depth - 1].per_item or
                                             stack[state.step_depth - 1].kw == "if" and
                                             state.shape[:2] in _CLIPS and
                                             unit.shape[:2] not in _CLIPS and "clip" in
                                             stack[state.step_depth - 1].head.lower())) and \
            not (state.accum_after or any(f.accum for f in closing)):
        feat("step_split")
    # a check comes after the work it checks, not inside its loop
    if unit.kind == "stmt" and unit.lines[0].startswith("assert ") and any(
            f.kw in _LOOPS for f in open_):
        feat("assert_in_loop")
    # a no_grad block holds an update or a copy, not what follows it
    # (one a function opens with, after its docstring or a line, holds all of it:
    # def accuracy(...): with torch.no_grad():)
    if d >= 1 and stack[d - 1].kw == "with" and stack[d - 1].name == "no_grad" and \
            stack[d - 1].statements >= 1 and not (unit.shape and unit.shape == state.shape) and \
            not (unit.in_place and not unit.train_step) and not (
                d >= 2 and stack[d - 2].kw == "def" and stack[d - 2].statements <= 2) and not (
                unit.kw == "for" and unit.items and unit.over):  # (nor a loop over data)
        feat("stay_in_no_grad")
    # and a line after such a block, still in its function, is rare
    if 1 <= d < len(stack) and stack[d].kw == "with" and stack[d].name == "no_grad" and \
            stack[d - 1].kw == "def" and stack[d - 1].statements <= 2 and \
            unit.kw not in _PARTNERS and unit.kw != "return":  # (its return: in it or after)
        feat("function_no_grad_left")
    # a script's if at the top (if cuda: model = DataParallel(model)) guards a line or two;
    # the main guard holds the rest of the script
    if d >= 1 and stack[0].kw in ("if", "elif", "else") and not _holds_rest(stack[0]) and \
            not stack[0].ended:
        feat("stay_top_if", min(stack[0].statements, 6))
    # a check or a print in a script's top block that shows no loop's variable: after it
    # (or a name a while loop made this turn: print(answer) in a chat loop)
    tied_targets = frozenset().union(*(f.targets | (f.stores - f.before if f.kw == "while"
                                                    else frozenset()) for f in open_)) & names \
        if open_ else None
    if unit.kind == "stmt" and unit.lines[0].startswith(("assert ", "print(")) and open_ and \
            open_[0].kw not in ("def", "class") and not _holds_rest(open_[0]) and \
            not tied_targets:
        feat("check_in_top_block")
    # a loop in a loop: a line that reads nothing the inner one made stays out of it
    if loop_at is not None and loop_at >= 1 and stack[0].kw not in ("def", "class"):
        loop = stack[loop_at]
        made = frozenset().union(*(f.targets | f.stores | f.body_stores
                                   for f in stack[loop_at:d])) | loop.body_augs
        # (a line under an if on what the inner loop made is tied to it through the if:
        # if step % 300 == 0: cur_epoch = epoch)
        tied_if = any(f.kw in ("if", "elif") and f.reads & made for f in stack[loop_at + 1:d])
        if not made & (names | unit.augs) and not unit.stores & loop.body_loads and \
                not tied_if and \
                not unit.train_step and not unit.augs and not unit.terminal and \
                unit.sched != "batch" and unit.kw != "with" and not (
                    loop.steps and any(f.kw == "with" and f.name == "no_grad"
                                       for f in stack[loop_at:d])):
            # (a with is judged by the lines in it; with torch.no_grad(): after a backward
            # pass holds the update)
            feat("untied_in_inner_loop", min(_done(stack, loop_at, d), 6))
    # a checkpoint is written where a new best was just kept (if acc > best: best = acc /
    # torch.save(...)), not after every turn
    if unit.kind == "stmt" and _SAVE.search(unit.lines[0]) and any(
            f.kw in ("if", "elif") and f.reads & f.stores and not f.ended for f in closing):
        feat("save_left_record")
    # a schedule (eps = max(0.05, eps * 0.99), lr *= 0.5) set before the loops and updated
    # from itself, reading nothing the inner loop made: once per turn of the outer loop
    if loop_at is not None and unit.rescaled and any(f.kw in _LOOPS for f in stack[:loop_at]):
        outer = next(f for f in stack[:loop_at] if f.kw in _LOOPS)
        made = frozenset().union(*(g.targets | g.stores | g.body_stores for g in stack[loop_at:d]))
        if (unit.rescaled in outer.before or unit.rescaled not in outer.body_stores) and \
                not (made | outer.targets) & (
                names - {unit.rescaled}):
            feat("schedule_in_inner_loop")
    # a class's own values come before its methods; a line after them that is not a special
    # name (__hash__ = None) or another name for a method (__call__ = forward) is after the class
    if d >= 1 and stack[d - 1].kw == "class" and unit.kind == "stmt" and \
            stack[d - 1].last == "compound":
        if not unit.stores and unit.kw not in ("pass", "return", "raise"):
            feat("class_call_after_method")  # print("B") in a class's body, after a method
        elif unit.stores and not all(n.startswith("__") for n in unit.stores) and \
                names - stack[d - 1].stores - _BUILTINS:
            feat("class_value_after_method")
    # a class's body cannot name the class (it is bound once the body has run):
    # Dog.count += 1 is a method's, Dog.check('x') after the class
    if d >= 1 and stack[d - 1].kw == "class" and stack[d - 1].name in names | unit.augs and \
            unit.kw != "def":
        feat("own_class_in_body")
    # a loop that repeats one optimizer's step (for _ in range(n_critic), an inner loop)
    # does not take another's: that one comes after it, once a turn of the loop around
    if unit.train_step and unit.shape[:2] == ("call", "step") and loop_at is not None:
        loop = stack[loop_at]
        if loop.kw == "for" and not loop.targets & loop.body_loads and loop.stepped and \
                unit.shape[2] not in loop.stepped and any(f.kw in _LOOPS for f in stack[:loop_at]):
            feat("repeat_loop_other_step")
    # a count the loop reads (step += 1 under writer.add_scalar(..., step)) is counted in it
    if unit.shape == ("aug", "", "") and unit.loads <= unit.augs and any(
            f.kw in _LOOPS and unit.augs & f.body_loads for f in closing):
        feat("count_left_reader")
    # a scheduler made for every batch is stepped in the loop that takes the training steps;
    # one made for epochs, once the batch loop is over
    if unit.sched == "batch" and any(f.kw in _LOOPS and f.steps for f in closing):
        feat("scheduler_off_its_loop")
    if unit.sched == "epoch" and loop_at is not None and stack[loop_at].steps and any(
            f.kw in _LOOPS for f in stack[:loop_at]):
        feat("scheduler_off_its_loop")
    # a line that reads what an if just checked was there (if x is not None: ... y = x)
    # is that if's, not after it, where x may be None
    if unit.kw not in _PARTNERS and any(_guards(f, unit) for f in closing):
        feat("guard_left")
    elif state.unguarded and unit.kw not in _PARTNERS and _looks_into(
            state.unguarded - frozenset().union(*(f.checked for f in open_)), unit):
        feat("guard_left")  # (the guard ended some lines before)
    # model.eval() ... model.train() bracket an evaluation: they are at one level
    if unit.shape[:2] == ("call", "mode") and unit.shape[2] and "train" in unit.lines[0] and \
            "False" not in unit.lines[0] and any(
                m == unit.shape[2] and k != d for m, k in state.evals) and not any(
                f.kw in ("def", "class") for f in closing):
        feat("mode_unpaired")
    # a name both branches of an if set is read after them, not in the else alone (nor
    # deeper in it: else: device = cpu / with no_grad(): for ...: x.to(device))
    # (what a block inside the else sets again is its own: for name in names:)
    if any(f.kw == "else" and f.branch_stores and names & f.stores & f.branch_stores -
           unit.stores - unit.augs - frozenset().union(*(g.targets | g.stores
                                                         for g in open_[j + 1:]))
           for j, f in enumerate(open_)):
        feat("both_branches_read_in_else")
    # a script stops when something is wrong: sys.exit(1) at its top level would always stop
    # it (sys.exit(main()) passes main's result on)
    if unit.quits and d == 0 and not re.search(r"\(\s*[A-Za-z_][\w.]*\(", unit.lines[0]):
        feat("quit_at_top")
    # a loop over what an if asked was not empty is that if's (if items: / for x in items:)
    if unit.kw == "for" and any(f.kw in ("if", "elif") and f.tested and re.search(
            r"\sin\s+(" + "|".join(re.escape(n) for n in f.tested) + r")\b", unit.lines[0])
            for f in closing):
        feat("tested_loop_left")
    # after a while True that no break leaves, nothing runs (a return in it leaves the function)
    if closing and closing[0].forever and not closing[0].breaks and unit.kw not in _PARTNERS:
        feat("after_endless_loop")
    # a bare return at a function's own level ends it where it would end anyway (or leaves
    # dead code after it): it ends a branch
    if unit.kw == "return" and unit.lines[0].rstrip(" ;") == "return" and d >= 1 and \
            stack[d - 1].kw == "def":
        feat("bare_return_in_def")
    # x = ... right before a return that does not read x: x was set for nothing
    if unit.kw in ("return", "raise") and state.trail and state.trail[0] == d and \
            state.last_set and not state.last_set & names:
        feat("set_then_left")
    # a loop does not end on an if that continues: continue would skip nothing there
    if any(stack[j].kw in _LOOPS and stack[j + 1].kw in ("if", "elif", "else") and
           stack[j + 1].continued for j in range(d, top - 1)):
        feat("continue_at_loop_end")
    # a name an if's branch set, set again after the if before anything read it: the branch
    # set it for nothing (the line is the else's: if ...: m = a / else: ... m = b)
    if unit.kind == "stmt" and unit.stores - names - unit.augs and unit.kw not in _PARTNERS:
        written = {n for n, k in _branch_set_after(state, d) if k == d}
        if (unit.stores - names - unit.augs) & written:
            feat("branch_store_overwritten")
    # a function whose last statement is an if that returns gives None when the test fails:
    # the return after the if is the function's
    if _falls_off(closing):
        feat("def_falls_off")
    # a training step stays in its loop (once a loop began, it is not after it)
    if (unit.train_step or update) and state.seen_loop and not any(
            f.kw in _LOOPS for f in open_):
        feat("train_step_outside")
    # an if right after the line that emptied what it tests never runs its body
    # (batch = [] / if batch:): the line that emptied it ended a block, the if is after it
    if unit.kw in ("if", "elif") and unit.tested & state.falsy and state.trail and \
            d == state.trail[0]:
        feat("tests_what_was_emptied")
    # the optimizer steps once the loop that accumulates gradients has ended
    if unit.train_step and (unit.shape[:2] == ("call", "step") or unit.shape[:2] in _CLIPS) \
            and any(f.accum for f in open_):
        feat("step_in_accum_loop")
    return phi


def _holds_rest(frame: _Frame) -> bool:
    """An if at a script's top that may hold the rest of it: the main guard, a part switched
    off or on (if False:), what to do with what the test got (if prompt := st.chat_input():)."""
    return "__name__" in frame.test or frame.test == "const" or frame.test.startswith("got:")


def _else_done(frame: _Frame) -> bool:
    """An else that set all its if set, in as many lines: its branch mirrors the if's whole."""
    return frame.kw == "else" and (frame.branch_stores or frozenset()) <= frame.stores and \
        frame.statements >= frame.sibling


def _step_loop(frame: _Frame) -> bool:
    """Whether ``frame`` is the loop that takes a script's training steps: not a loop over
    items (for p in params: p.grad = None), nor one that repeats a step (for _ in
    range(n_critic): ...), which the loop around it takes other steps after."""
    return frame.kw in _LOOPS and frame.steps and not (frame.kw == "for" and (
        frame.per_item or not frame.targets & frame.body_loads))


def _done(stack, k: int, d: int) -> int:
    """How many statements of block ``k`` and the blocks in it a line at depth ``d`` comes
    after (the headers of the blocks it is inside do not count, nor, for a line in an else,
    its if: the else is instead of it)."""
    return sum(f.statements - (1 if f.kw in _PARTNERS and j > k else 0)
               for j, f in enumerate(stack[k:d], k)) - (d - 1 - k)


def _loop_at(stack, d: int) -> int | None:
    """The index of the loop a line at depth ``d`` would be in (not past a def or class)."""
    k = next((k for k in range(d - 1, -1, -1) if stack[k].kw in _LOOPS + ("def", "class")), None)
    return k if k is not None and stack[k].kw in _LOOPS else None


def _invariant(stack, unit: _Unit, d: int, loop_at: int | None) -> bool:
    """Whether ``unit`` at depth ``d`` reads nothing its loop changes, after the loop's work.
    What a line of that kind made (fig, ax = plt.subplots()) does not change with the loop
    either: the lines that read it are as much after the loop as it is."""
    # what it writes at a fixed key (fpr["micro"] = ...) is the same entry each turn
    fixed = frozenset(name for name, keys in unit.keyed if not keys) - unit.augs_read
    if loop_at is None or unit.kind != "stmt" or unit.train_step or unit.init or \
            _done(stack, loop_at, d) < 1 or unit.terminal or unit.augs - fixed or \
            unit.shape[:2] == ("call", "step"):  # sched.step(): each turn; n += 1: counting
        return False
    f = stack[loop_at]
    if f.forever and not f.exits:
        return False  # (nothing comes after a while True that nothing leaves: a worker's loop)
    frames = stack[loop_at:d]
    varying = (frozenset().union(*(g.targets | g.stores | g.body_stores for g in frames)) -
               frozenset().union(*(g.still for g in frames))) | f.body_augs | f.handed | \
        f.switched  # (model.eval() in the loop: the model changes with it)
    return not varying & (unit.loads - fixed) and not unit.stores & f.body_loads


def _looks_into(names: frozenset, unit: _Unit) -> bool:
    """Whether ``unit`` looks into one of ``names`` (x.a, x[i]), which fails if it is None."""
    return any(name.split(".")[0] in unit.loads and re.search(
        rf"(?<![\w.]){re.escape(name)}\s*[.\[]", unit.lines[0]) for name in names)


def _guards(frame: _Frame, unit: _Unit) -> bool:
    """Whether ``frame`` is an if that checks that a name ``unit`` reads is not None (or an
    else after ``if x is None:``, when ``unit`` looks into x: x.a, x[i], d[x])."""
    for name in frame.checked:
        if name.startswith("!"):
            name = name[1:]
            if name.split(".")[0] in unit.loads and re.search(
                    rf"(?<![\w.]){re.escape(name)}\s*[.\[]|\[\s*{re.escape(name)}\s*\]",
                    unit.lines[0]):
                return True
        elif name in unit.loads if "." not in name else \
                name.split(".")[0] in unit.loads and name in unit.lines[0]:
            return True
    return False


def _falls_off(frames) -> bool:
    """Whether a function among the blocks ``frames`` (closing) ends with an if that returns."""
    return any(f.kw == "def" and k + 1 < len(frames) and frames[k + 1].kw in ("if", "elif") and
               frames[k + 1].returned for k, f in enumerate(frames))


def _branch_set_after(state: _State, d: int) -> frozenset:
    """(name, depth) of the names set in branches (if, elif, else) that ended at ``d``, or
    before, and that nothing has read since, once a line is put at depth ``d``."""
    out = frozenset((n, k) for n, k in state.branch_set if k <= d)
    if d < len(state.stack) and state.stack[d].kw in ("if", "elif", "else"):
        f = state.stack[d]
        out = out | {(n, d) for n in f.body_stores | f.stores - f.before}
    return out


def _under_after(state: _State, closing) -> frozenset:
    """(name, test) of the names stored only in the branch of an if that has ended."""
    return _plus(state.under, frozenset((n, f.head) for f in closing if f.kw == "if"
                                        for n in f.stores - f.before))


def _hidden_after(state: _State, closing, unit: _Unit) -> frozenset:
    """The names set only in a function or class that ended, in an if's branch that ended
    without an else, or in an if's else (undefined when the if's own branch ran)."""
    hidden = state.hidden
    for f in closing:
        if f.kw == "def":  # (what it set anywhere in its body is its own)
            hidden = _plus(hidden, (f.stores | f.body_stores) - state.module - f.params)
        elif f.kw == "class":
            hidden = _plus(hidden, f.stores - state.module)
        elif f.kw in ("if", "elif") and unit.kw not in ("elif", "else"):
            hidden = _plus(hidden, (f.stores | f.body_stores) - f.before)
        elif f.kw in ("else", "except") and f.branch_stores is not None:
            # (what only an except set is undefined when nothing was raised)
            hidden = _plus(hidden, (f.stores | f.body_stores) - f.before - f.branch_stores)
    return hidden


def _binds_read_name(open_: list, binds: frozenset) -> bool:
    """Whether the function a line is in (not through a loop or a class) read one of the names
    the line binds before anything in it bound them."""
    for f in reversed(open_):
        if f.kw in _LOOPS + ("class",):
            return False
        if f.kw == "def":
            return bool(binds & f.early - f.shared)
    return False


def _unread_locals(frames, feat) -> None:
    """A function does not end on setting a local it never reads (pyflakes' F841): the line
    came after the function (def worker_init_fn(i): seed(i) / tfs = Transform())."""
    for f in frames:
        if f.kw == "def" and any(not n.startswith("_") for n in
                                 f.last_assigned - f.body_augs - f.shared):
            feat("local_unread")


def _dead_in_loops(frames, feat) -> None:
    for f in frames:
        if f.kw in _LOOPS:
            # (what an if in the loop sets, best = acc, is kept for after it: not dead)
            dead = {n for n in f.body_stores - f.body_loads - f.targets - f.kept_if
                    if not n.startswith("_")}
            # a key that does not change in the loop is written over by each turn
            dead |= {(name, keys) for name, keys in f.body_keyed if not keys & (
                f.targets | f.body_stores) and name not in f.body_loads | f.targets |
                f.body_stores}
            if dead:
                feat("dead_in_loop", len(dead))
            if not f.body_loads & (f.targets | f.body_stores) and not f.body_augs and \
                    not f.steps and not f.handed and not (f.forever and f.exits):
                # (train(model) may change model each turn; while True: try: return f()
                # except E: ... tries again until it works)
                # a loop whose turns read nothing they change: its body goes on
                feat("loop_body_constant")
            named = {n for n in f.targets if not n.startswith("_")}
            if f.items and named and not named & (f.body_loads | f.body_augs):
                # for batch_idx, (x, y) in loader: whose body reads neither: its body goes on
                # (a loop over range(n) may only count its turns)
                feat("loop_targets_unread")
            if f.watch and f.body_augs | f.body_stores <= f.watch and \
                    f.body_loads <= f.watch | _BUILTINS and not f.handed:
                # while n > 0: n -= 1 and nothing else: the loop would only count down
                feat("loop_only_counts")
            if (f.forever or f.watch and not f.watch & (
                    f.body_stores | f.body_augs | f.handed)) and not f.exits:
                # while True, or while node is not None, with nothing in it that changes
                # what it tests and no break, return or raise
                feat("endless_loop")


def _skipped(frame: _Frame) -> frozenset:
    """The start values set just before a loop that the loop did not touch."""
    return frame.fresh - frame.body_loads - frame.body_augs - frame.kept_if \
        if frame.kw in _LOOPS else frozenset()


def end_features(state: _State) -> dict:
    """What speaks against ending the block with ``state``'s blocks open."""
    phi: dict[str, float] = {}

    def feat(name: str, value: float = 1.0) -> None:
        phi[name] = phi.get(name, 0.0) + value

    _dead_in_loops(state.stack, feat)
    _unread_locals(state.stack, feat)
    if _falls_off(state.stack):
        feat("def_falls_off")
    if state.unread:  # a start value nothing reads: a reset that belonged in a loop
        feat("init_unread", len(state.unread))
    # a start value set just before a loop is for a loop to fill: if the loop after it did
    # not, a later loop must (n = 0 before two loops, the second counting)
    skipped = {n for n, _ in state.skipped}.union(*(_skipped(f) for f in state.stack))
    if skipped:
        feat("init_skipped_by_loop", len(skipped))
    return phi


def _cost(state: _State, unit: _Unit, d: int, forced: bool) -> float | None:
    """The cost of putting ``unit`` at depth ``d`` (None: the grammar forbids it)."""
    phi = _features(state, unit, d, forced)
    if phi is None:
        return None
    return sum(WEIGHTS.get(k, 0.0) * v for k, v in phi.items())


def _kind_of(frame: _Frame) -> str:
    kind = _AFTER_LIKE.get(frame.kw, frame.kw)
    return f"{kind}:{frame.last}:{min(frame.statements, 4)}"


def _step(state: _State, unit: _Unit, d: int, cost: float) -> _State:
    stack = list(state.stack[:d])
    loop_at = _loop_at(stack, d)
    if _invariant(state.stack, unit, d, loop_at):
        stack[loop_at] = stack[loop_at]._replace(still=stack[loop_at].still | unit.stores)
    module = state.module
    # what a with block set is set after it: its body always runs
    run, k = frozenset(), d
    while k < len(state.stack) and state.stack[k].kw == "with":
        run, k = run | state.stack[k].stores, k + 1
    if run and stack:
        stack[-1] = stack[-1]._replace(stores=stack[-1].stores | run)
    elif run:
        module = _plus(module, run)
    if stack and d < len(state.stack) and unit.kw not in _PARTNERS:
        # the block just closed was a guard if it ended in return / raise / break
        shut = state.stack[d]
        if shut.kw in ("if", "elif") and shut.ended:
            f = stack[-1]
            stack[-1] = f._replace(last="guard")
    # the name of an except (except E as e) is gone after its block; a def's parameters are
    # its own (only its name is set where it is)
    kept = unit.stores if unit.kw not in ("except", "def") else frozenset()
    if stack:
        f = stack[-1]
        last = ("if" if unit.kw == "if" else "compound") if unit.kind == "header" else "simple"
        if unit.kw in _PARTNERS:
            last = f.last
        if f.kw == "for" and not (f.targets & (unit.into | {unit.receiver})):
            f = f._replace(per_item=False)
        if unit.kw == "if" and unit.test:
            f = f._replace(tests=f.tests | {unit.test})
        if unit.kw == "for" and unit.targets:
            f = f._replace(loop_vars=f.loop_vars | {unit.targets})
        if unit.kind == "stmt" and unit.shape[:1] == ("aug",):
            f = f._replace(counts=f.counts | (unit.augs & unit.stores))
        stack[-1] = f._replace(stores=f.stores | kept | unit.augs | (
            frozenset([unit.name]) if unit.name else frozenset()), statements=f.statements + 1,
            ended=unit.terminal, returned=unit.kw == "return", last=last, last_init=unit.init,
            continued=unit.kind == "stmt" and unit.lines[0].startswith("continue"),
            last_assigned=unit.assigned,
            augs=f.augs | unit.augs, turn_inits=f.turn_inits | unit.stores
            if unit.init and f.kw in _LOOPS else f.turn_inits)
    else:
        module = _plus(module, kept | (frozenset([unit.name]) if unit.name else frozenset()))
    read = unit.loads | unit.augs
    set_ = unit.stores if unit.kind == "stmt" else frozenset()
    if unit.keyed:  # results[lr] = x reads results only to write in it
        written = {name for name, _ in unit.keyed}
        read = (read - written) | (written & unit.augs_read)
    if unit.kw in ("return", "raise") or unit.kw == "break" and unit.lines[0].startswith("break"):
        # a break leaves the innermost loop; return and raise leave every one
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].kw in _LOOPS:
                stack[k] = stack[k]._replace(exits=True, breaks=stack[k].breaks or
                                             unit.kw == "break")
                if unit.kw == "break":
                    break
    switched = frozenset([unit.shape[2]]) if unit.shape[:2] == ("call", "mode") else frozenset()
    stepped = frozenset([unit.shape[2]]) if unit.train_step and \
        unit.shape[:2] == ("call", "step") and unit.shape[2] else frozenset()
    if set_ and stack and stack[-1].kw in ("if", "elif", "else"):
        stack = [f._replace(kept_if=_plus(f.kept_if, set_)) if f.kw in _LOOPS else f
                 for f in stack]
    stack = [f._replace(body_loads=f.body_loads | read, body_stores=f.body_stores | set_,
                     body_augs=f.body_augs | unit.augs, body_keyed=f.body_keyed | unit.keyed,
                     body_iterated=f.body_iterated | unit.iterated,
                     steps=f.steps or unit.train_step, stepped=_plus(f.stepped, stepped),
                     handed=_plus(f.handed, unit.handed), switched=_plus(f.switched, switched))
             for f in stack]
    if unit.shared:
        stack = [f._replace(shared=f.shared | unit.shared) for f in stack]
    scope = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].kw == "def"), None)
    if scope is not None:
        f = stack[scope]
        bound = (unit.stores if unit.kw != "def" else frozenset()) | unit.targets | (
            frozenset([unit.name]) if unit.name else frozenset())
        # (a name a line reads and binds, guess.group(1) if (guess := ...), is not read early)
        early, known = _plus(f.early, read - f.known - bound), _plus(f.known, bound)
        if early is not f.early or known is not f.known:
            stack[scope] = f._replace(early=early, known=known)
    if any(f.bound for f in stack):  # loss = loss / accum_steps in for _ in range(accum_steps)
        stack = [f._replace(accum=True) if f.bound and not f.accum and re.search(
            r"/=?\s*" + re.escape(f.bound) + r"(?![\w.])", unit.lines[0]) else f for f in stack]
    if unit.kind == "header":
        # the branches after an if's: what its test (and an elif's) ruled out is not None
        partner = state.stack[d] if unit.kw in ("elif", "else") and d < len(state.stack) and \
            state.stack[d].kw in ("if", "elif") else _NO_FRAME
        before = module | frozenset().union(*(f.stores for f in stack)) if stack else module
        if unit.kw == "def":  # (its parameters are there when its body begins)
            before = before | unit.stores
        sibling = state.stack[d].statements if unit.kw in _PARTNERS and d < len(
            state.stack) else 0
        stack.append(_Frame(unit.kw, unit.name, unit.first_param,
                            unit.stores if unit.kw in ("def", "except") else
                            frozenset(unit.targets),
                            0, False, unit.targets, before, sibling,
                            reads=(unit.loads if unit.over is None else unit.over) - _BUILTINS
                            if unit.kw in _LOOPS + ("if", "elif") else frozenset(),
                            body_loads=read if unit.kw == "while" else frozenset(),
                            tested=unit.tested,
                            items=unit.kw == "for" and unit.items,
                            head=re.sub(r"\s+", "", unit.lines[0]) if unit.kw == "if"
                            else "", bound=unit.bound,
                            test=unit.test, checked=unit.checked | frozenset(
                                "!" + n for n in partner.otherwise - partner.stores),
                            otherwise=(unit.otherwise | partner.otherwise) - partner.stores,
                            chain_ended=unit.kw not in ("elif", "else") or d < len(
                                state.stack) and state.stack[d].kw in ("if", "elif") and
                            state.stack[d].ended and state.stack[d].chain_ended,
                            resource=unit.stores if unit.kw == "with" else frozenset(),
                            known=unit.stores if unit.kw == "def" else frozenset(),
                            params=unit.stores if unit.kw == "def" else frozenset(),
                            sibling_shapes=state.stack[d].shapes if unit.kw in _PARTNERS and
                            d < len(state.stack) else frozenset(),
                            branch_stores=state.stack[d].stores if unit.kw == "else" and
                            d < len(state.stack) and state.stack[d].kw in ("if", "elif")
                            else state.stack[d].stores | (state.stack[d].branch_stores or
                                                          frozenset())
                            if unit.kw == "except" and d < len(state.stack) and
                            state.stack[d].kw in ("try", "except") else None,
                            fresh=(state.unread | state.started) - unit.loads - frozenset(
                                ).union(*(f.fresh for f in stack))
                            if unit.kw in _LOOPS else frozenset(),
                            forever=unit.kw == "while" and bool(
                                re.fullmatch(r"while\s*\(?\s*(True|1)\s*\)?\s*:", unit.lines[0])),
                            watch=unit.loads - _BUILTINS if unit.kw == "while" and
                            "(" not in unit.lines[0] else frozenset()))
    # a loop that ended, other than one over items (for p in params: p.grad = None): the
    # training steps after it belonged in it
    # (nor one that took no step and summed what was there before it, loss += crit(...) over
    # a sequence: the step after it takes the sum back)
    seen_loop = state.seen_loop or any(
        f.kw in _LOOPS and not (f.kw == "for" and f.per_item) and not f.accum and
        (f.steps or not f.body_augs & f.before) for f in state.stack[d:])
    evals = state.evals
    if any(f.kw in ("def", "class") for f in state.stack[d:]):
        evals = frozenset()
    if unit.shape[:2] == ("call", "mode") and unit.shape[2]:
        evals = frozenset((m, k) for m, k in evals if m != unit.shape[2])
        if "eval" in unit.lines[0] or "False" in unit.lines[0]:
            evals = evals | {(unit.shape[2], d)}
    accum_after = any(f.accum for f in state.stack[d:]) or state.accum_after and \
        not unit.train_step
    touched = unit.loads | unit.augs
    hidden = _minus(_hidden_after(state, state.stack[d:], unit), unit.stores)
    under = _under_after(state, state.stack[d:]) if hidden else frozenset()
    unread = _minus(state.unread, touched)
    if unit.init:  # a start value: read later, or by the turn of a loop it is in
        unread = unread | {n for n in unit.stores if not any(
            f.kw in _LOOPS and n in f.body_loads for f in stack)}
    top_shapes = state.top_shapes
    top_tests = state.top_tests | ({unit.test} if d == 0 and unit.kw == "if" and unit.test
                                   else frozenset())
    top_loop_vars = state.top_loop_vars | ({unit.targets} if d == 0 and unit.kw == "for" and
                                           unit.targets else frozenset())
    if unit.shape and d == 0:
        top_shapes = top_shapes | {unit.shape}
    elif unit.shape:
        stack[d - 1] = stack[d - 1]._replace(shapes=stack[d - 1].shapes | {unit.shape})
    stale = _minus(_plus(state.stale, frozenset().union(
        *(f.targets for f in state.stack[d:] if not f.breaks))), unit.stores | unit.targets)
    step_levels = frozenset(k for k in state.step_levels if k <= d) | {
        k for k in range(d, len(state.stack)) if _step_loop(state.stack[k])}
    skipped = state.skipped.union(*({(n, k) for n in _skipped(state.stack[k])}
                                     for k in range(d, len(state.stack))))
    # filled by a loop begun after the one that skipped it, at its level or deeper
    loops_at = [j for j, f in enumerate(stack) if f.kw in _LOOPS]
    if skipped and loops_at:
        skipped = frozenset((n, k) for n, k in skipped if n not in touched or not any(
            j >= k for j in loops_at))
    branch_set = frozenset((n, k) for n, k in _branch_set_after(state, d)
                           if n not in touched) if state.branch_set or d < len(
        state.stack) else state.branch_set
    unguarded = _minus(_plus(state.unguarded, frozenset().union(*(
        {n for n in f.checked if n[:1] != "!"} for f in state.stack[d:]
        if f.kw in ("if", "elif") and not f.ended))),
        unit.stores | unit.targets)
    started = _minus(state.started, touched)
    if unit.collection:
        started = started | unit.stores
    return _State(tuple(stack), state.score + cost, (d, state.trail), module, seen_loop,
                  hidden=hidden, under=under, shape=unit.shape, unread=unread,
                  top_shapes=top_shapes,
                  top_tests=top_tests, top_loop_vars=top_loop_vars,
                  step_depth=d if unit.train_step else (
                      state.step_depth if unit.shape[:2] == ("call", "step") else -1),
                  stale=stale, started=started,
                  step_levels=step_levels, skipped=skipped, unguarded=unguarded,
                  branch_set=branch_set, accum_after=accum_after, evals=evals,
                  last_set=unit.stores - unit.augs if unit.kind == "stmt" and unit.kw not in (
                      "import", "global", "nonlocal") else frozenset(), rival=state.rival,
                  falsy=unit.stores if unit.kind == "stmt" and unit.init else frozenset(),
                  unbound=frozenset() if any(f.kw in ("def", "class") for f in state.stack[d:])
                  else _minus(state.unbound.union(*(f.resource for f in state.stack[d:]
                                                 if f.kw == "with")), unit.stores))


def _plus(a: frozenset, b: frozenset) -> frozenset:
    """``a | b`` without copying ``a`` when ``b`` adds nothing: the state's name sets grow
    with the block, and most lines leave them as they were."""
    return a if b <= a else a | b


def _minus(a: frozenset, b: frozenset) -> frozenset:
    """``a - b`` without copying ``a`` when they share nothing."""
    return a if a.isdisjoint(b) else a - b


def _render(units: list[_Unit], depths: tuple) -> list[str]:
    out: list[str] = []
    k = 0
    level = 0
    for unit in units:
        if unit.kind == "blank":
            out.append("")
            continue
        if unit.kind == "comment":
            # a comment takes the depth of the statement after it
            nxt = depths[k] if k < len(depths) else level
            out.append("    " * nxt + unit.lines[0])
            continue
        level = depths[k]
        k += 1
        pad = "    " * level
        pads = unit.pads or [0] + [1] * (len(unit.lines) - 1)
        out.extend((pad + "    " * inner + ln) if ln else "" for ln, inner in zip(unit.lines, pads))
    return out


def _compiles(text: str) -> bool:
    try:
        # (a notebook's cell may await at its top level: await main())
        compile(text, "<import>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                dont_inherit=True)
        return True
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


def _dump(text: str, tree: ast.Module | None = None) -> str | None:
    tree = _parse(text) if tree is None else tree
    if tree is None:
        return None
    try:
        return ast.dump(tree)
    except RecursionError:  # ast.dump recurses: a very deep expression is compared as text
        return text


@dataclass
class Reindented:
    lines: list[str]
    compiles: bool
    uncertain: bool
    doubt: int | None = None  # the first line whose nesting the runner-up puts elsewhere
    strings: bool = False  # a multi-line string (not a docstring) lost its inner layout
    long: bool = False  # in doubt for its length and depth, not for a nesting as likely


LONG_BLOCK, LONG_DEPTH = 40, 4  # statements, levels: past both, a block is marked for review
# how much likelier the best nesting must be for a line right after a body of one or two lines,
# which the runner-up puts in that body, not to be in doubt (1.0 for any other line): of
# 7,111 real blocks, this marks 64 more that came back right and 10 that were silently wrong
SHORT_BODY_MARGIN = 1.25


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _after_short_body(units: list[_Unit], best: list[str], runner: list[str], k: int) -> bool:
    """Whether line ``k`` of the best nesting comes right after a body of one or two
    statements, and the runner-up puts it in that body (``if ...: x = f(x)`` / ``y = g(x)``:
    the textbook case where the stripped text says nothing)."""
    if _indent(runner[k]) <= _indent(best[k]):
        return False
    starts, at = set(), 0
    for unit in units:
        if unit.kind not in ("blank", "comment"):
            starts.add(at)
        at += len(unit.lines)
    body, j = 0, k - 1
    while j >= 0 and (j not in starts or _indent(best[j]) > _indent(best[k])):
        if j in starts and _indent(best[j]) == _indent(best[k]) + 4:
            body += 1
        j -= 1
    return 1 <= body <= 2


def reindent(lines: list[str], beam: int = 64) -> Reindented:
    """Indentation for Python whose leading white space was stripped (see the module's
    docstring): the likeliest nesting that compiles, and whether another was about as likely."""
    units = units_of(lines)
    finals = _search(units, beam)
    best: tuple[float, list[str]] | None = None
    runner: tuple[float, str] | None = None
    for s in finals[:24]:
        text_lines = _render(units, s.depths)
        text = "\n".join(text_lines)
        if not _compiles(text):
            continue
        if best is None:
            best = (s.score, text_lines)
            best_tree = _parse(text)  # (once: its dump, and its strings below)
            best_dump = _dump(text, best_tree)
            merged, best_depths = s.rival, s.depths
            continue
        if _dump(text) != best_dump:
            runner = (s.score, text_lines)
            break
    if best is None:
        s = finals[0]
        return Reindented(_render(units, s.depths), False, True)
    if merged and (runner is None or best[0] + merged[0] < runner[0]):
        # the path the beam merged into the best one, with the rest of the best one's depths
        prefix = _unwound(merged[1])
        depths = prefix + best_depths[len(prefix):]
        text_lines = _render(units, depths)
        text = "\n".join(text_lines)
        if _compiles(text) and _dump(text) != best_dump:
            runner = (best[0] + merged[0], text_lines)
    doubt = None
    if runner is not None:
        doubt = next((i for i, (a, b) in enumerate(zip(best[1], runner[1])) if a != b), None)
    uncertain = runner is not None and (runner[0] - best[0] < 1.0 or (
        runner[0] - best[0] < SHORT_BODY_MARGIN and doubt is not None and
        _after_short_body(units, best[1], runner[1], doubt)))
    # a long block nested deep is rarely right whole: of real blocks with 40 statements or
    # more and a line four levels in, 2 of 77 came back as written (whatever the margin)
    long = not uncertain and max(map(_indent, best[1]), default=0) >= 4 * LONG_DEPTH and \
        sum(u.kind not in ("blank", "comment") for u in units) >= LONG_BLOCK
    if not uncertain:
        doubt = None
    return Reindented(best[1], True, uncertain or long, doubt, _flattened_strings(best_tree),
                      long)


_PARAM_LINE = re.compile(r"\w+ \([^)]*\)\s*[:：]")


def _flattened_strings(tree: ast.Module | None) -> bool:
    """Whether the code holds a multi-line string, other than a docstring, with text on its
    inner lines: the export took their leading white space (a prompt's nested list, a code
    template), and nothing in the text says what it was."""
    if tree is None:
        return False
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.end_lineno > node.lineno:
            inner = [ln.strip() for ln in node.value.split("\n")[1:]]
            if id(node) not in bare and any(inner):
                return True
            # a docstring's sections (Args:, Returns:, 参数:) indent the lines under them
            if any(a.endswith((":", "：")) and b for a, b in zip(inner, inner[1:])):
                return True
            # and so do a bracket still open at a line's end (a model's repr pasted in a
            # string, tensor([[0, 0],) and a parameter's line (pred (Tensor): ...)
            depth = 0
            for line in inner[:-1]:
                depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
                if depth > 0 or _PARAM_LINE.match(line):
                    return True
    return False


def _shape_after(state: _State, unit: _Unit, d: int) -> tuple:
    """The (kind, has a body, ended) of each open block once ``unit`` is put at depth ``d``,
    as :func:`_step` would leave them."""
    shape = [(f.kw, f.statements > 0, f.ended) for f in state.stack[:d]]
    if shape:
        shape[-1] = (shape[-1][0], True, unit.terminal)
    if unit.kind == "header":
        shape.append((unit.kw, False, False))
    return tuple(shape)


def _search(units: list[_Unit], beam: int = 64) -> list[_State]:
    """The beam's final states, best first."""
    statements = [u for u in units if u.kind not in ("blank", "comment")]
    states = [_State((), 0.0, (), frozenset(), False)]
    forced = False
    for unit in statements:
        # every choice is scored first; only those the beam keeps are stepped into a state
        choices: list[tuple[float, _State, int, float]] = []
        for state in states:
            for d in range(len(state.stack), -1, -1):
                cost = _cost(state, unit, d, forced)
                if cost is not None:
                    choices.append((state.score + cost, state, d, cost))
        if not choices:  # nothing fits the grammar: keep the best guess at the current depth
            choices = [(s.score + 10.0, s, len(s.stack), 10.0) for s in states]
        choices.sort(key=lambda c: c[0])
        # keep one state per (stack shape, last depths, costs still to come) to give the beam
        # some variety: a start value a loop has not touched yet costs at the end, so a state
        # that owes it is not the same as one that does not
        seen: dict = {}
        states = []
        for total, state, d, cost in choices:
            sig = (_shape_after(state, unit, d), (d,) + state.last_depths(5),
                   len(state.skipped), len(state.unread))
            if sig in seen:
                # merged, not lost: a path as likely as the one kept is a nesting in doubt
                k = seen[sig]
                kept = states[k]
                gap = total - kept.score
                if not kept.rival or gap < kept.rival[0]:
                    states[k] = replace(kept, rival=(gap, (d, state.trail)))
                continue
            seen[sig] = len(states)
            states.append(_step(state, unit, d, cost))
            if len(states) >= beam:
                break
        forced = unit.kind == "header"
    states = [replace(s, score=s.score + sum(WEIGHTS.get(k, 0.0) * v for k, v in
                                             end_features(s).items())) for s in states]
    states.sort(key=lambda s: s.score)
    # a block must not end on an open header
    return [s for s in states if not s.stack or s.stack[-1].statements > 0] or states


def path_features(units: list[_Unit], depths: list[int]) -> dict | None:
    """The features of one nesting (for training :data:`WEIGHTS`), None if the grammar
    forbids it."""
    state = _State((), 0.0, (), frozenset(), False)
    forced = False
    total: dict[str, float] = {}
    statements = [u for u in units if u.kind not in ("blank", "comment")]
    for unit, d in zip(statements, depths):
        phi = _features(state, unit, d, forced)
        if phi is None:
            return None
        for k, v in phi.items():
            total[k] = total.get(k, 0.0) + v
        state = _step(state, unit, d, 0.0)
        forced = unit.kind == "header"
    for k, v in end_features(state).items():
        total[k] = total.get(k, 0.0) + v
    return total
