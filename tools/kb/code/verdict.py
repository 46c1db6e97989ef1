"""What a note's code can be expected to do, found before running it.

Code in study notes and chat answers is often not a program: a fragment of a larger one (it
uses names nothing in the note defines), code for packages this machine lacks, or text that
does not parse (a full-width comma, a cut-off call). Running such a block tells nothing about
the note's claims. For each block of a snippet, :func:`analyse` finds, statically:

* whether it parses (the message and line where it does not);
* the names it defines at the top level (assignments, imports, functions, classes, names a
  function declares ``global``) and the names it uses: at the top level (needed before it
  runs) and inside functions and classes (needed by the time they are called);
* the packages its top-level imports name that are not installed.

:func:`plan` then gives each block its verdict in note order: ``unparsable``, ``needs``
(packages), ``fragment`` (names that no earlier block, nor this one, defines; for names used
inside functions, no block of the note), or ``runs``. The runner adds ``depends`` at run time:
a block that uses a name a failed or skipped block should have defined is not run.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import re
import symtable
import sys
from dataclasses import dataclass, field

from .snippets import Snippet

# the module a package is imported as -> what pip installs it as, where they differ
PIP_NAMES = {
    "PIL": "pillow", "cv2": "opencv-python", "sklearn": "scikit-learn", "yaml": "PyYAML",
    "skimage": "scikit-image", "bs4": "beautifulsoup4", "attr": "attrs",
    "dateutil": "python-dateutil", "Crypto": "pycryptodome", "google.protobuf": "protobuf",
    "jose": "python-jose", "dotenv": "python-dotenv", "docx": "python-docx",
    "fitz": "pymupdf", "serial": "pyserial", "tensorflow_datasets": "tensorflow-datasets",
    "lightgbm": "lightgbm", "Levenshtein": "python-Levenshtein", "faiss": "faiss-cpu",
    "sentencepiece": "sentencepiece", "IPython": "ipython", "mpl_toolkits": "matplotlib",
}
NO_GPU = "a CUDA GPU"  # what a block needs when it needs a GPU this machine lacks

# every verdict a block can end with, worst first (a note's verdict is its worst block's)
VERDICTS = ("failed", "xpassed", "unparsable", "fragment", "needs", "depends", "skipped",
            "xfailed", "passed")

# names a block may use without defining them: Python's builtins and what the runner sets
KNOWN = set(dir(builtins)) | {"__name__", "__file__", "__builtins__", "__doc__",
                              "__spec__", "__loader__", "__package__", "__annotations__"}


@dataclass
class Facts:
    """What one block of code is, statically."""

    parses: bool = True
    error: str = ""  # "line N: message" where it does not parse
    error_line: int = 0  # the note line of the error
    defines: set[str] = field(default_factory=set)
    uses_now: set[str] = field(default_factory=set)  # top level: needed before it runs
    uses_later: set[str] = field(default_factory=set)  # in functions and classes
    reads_now: set[str] = field(default_factory=set)  # read at the top level, even if set too
    only_defines: bool = False  # nothing but imports, functions, classes and plain values
    missing: list[str] = field(default_factory=list)  # pip names of packages not installed


@dataclass
class Verdict:
    """A block's static verdict: ``runs``, ``unparsable``, ``needs`` or ``fragment``."""

    kind: str
    message: str = ""
    needs: list[str] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)


_INSTALLED: dict[str, bool] = {}


def installed(module: str) -> bool:
    """Whether a top-level module can be imported here (found, not imported)."""
    found = _INSTALLED.get(module)
    if found is None:
        if module in sys.builtin_module_names or module in sys.modules:
            found = True
        else:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
        _INSTALLED[module] = found
    return found


def pip_name(module: str) -> str:
    return PIP_NAMES.get(module, module)


_RUN_AT_ONCE = {"listcomp", "setcomp", "dictcomp", "genexpr"}


def _collect(table: symtable.SymbolTable, facts: Facts, when: str) -> None:
    """``when``: "top" (the block's own level), "now" (a class body or comprehension that runs
    as the block runs) or "later" (a function or lambda body, run when called)."""
    uses = facts.uses_later if when == "later" else facts.uses_now
    for sym in table.get_symbols():
        name = sym.get_name()
        if when == "top":
            if sym.is_assigned() or sym.is_imported() or sym.is_namespace():
                facts.defines.add(name)
            elif sym.is_referenced():
                uses.add(name)
            continue
        if sym.is_global() and sym.is_referenced():
            uses.add(name)
        if sym.is_declared_global() and sym.is_assigned():
            facts.defines.add(name)
    for child in table.get_children():
        kind = child.get_type()
        kind = getattr(kind, "value", kind)  # an enum from Python 3.13 on
        runs_now = when != "later" and (kind == "class" or child.get_name() in _RUN_AT_ONCE)
        _collect(child, facts, "now" if runs_now else "later")


def _top_imports(tree: ast.Module) -> list[str]:
    """Root modules of the imports that run when the block runs (not those in a function,
    nor those guarded by try/except, which the code expects may fail)."""
    out: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                out.extend(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                out.append(node.module.split(".")[0])
            elif isinstance(node, (ast.If, ast.With, ast.For, ast.While)):
                visit(node.body)
                visit(getattr(node, "orelse", []))

    visit(tree.body)
    return list(dict.fromkeys(out))


def parse_error(code: str, first_line: int = 1) -> tuple[int, str] | None:
    """(note line, message) where a block is not Python, or None."""
    try:
        compile(code, "<block>", "exec", ast.PyCF_ONLY_AST)
    except (SyntaxError, ValueError) as err:  # ValueError: a NUL byte
        return first_line + (getattr(err, "lineno", None) or 1) - 1, (
            getattr(err, "msg", None) or str(err))
    except (RecursionError, MemoryError):
        return first_line, "nested too deeply to read"
    return None


def _top_reads(tree: ast.Module) -> set[str]:
    """Names the block reads (or deletes) as it runs, not inside functions or lambdas."""
    out: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(getattr(node, "decorator_list", ()))
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
            out.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return out


_HEADER = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)")


def _defines_line_by_line(code: str) -> set[str]:
    """What a block that does not parse would have defined, as far as its lines tell on their
    own (imports, assignments, def and class headers): so that later blocks using those names
    are known to depend on it rather than taken for fragments."""
    out: set[str] = set()
    for line in code.split("\n"):
        m = _HEADER.match(line)
        if m:
            out.add(m.group(1))
            continue
        text = line.strip()
        if not text or line[:1].isspace():
            continue
        try:
            table = symtable.symtable(text, "<line>", "exec")
        except (SyntaxError, ValueError, RecursionError):
            continue
        out.update(s.get_name() for s in table.get_symbols()
                   if s.is_assigned() or s.is_imported())
    return out


def facts_of(code: str, first_line: int = 1) -> Facts:
    """The facts of one block whose first line is line ``first_line`` of its note."""
    facts = Facts()
    try:
        tree = ast.parse(code)
        table = symtable.symtable(code, "<block>", "exec")
    except (SyntaxError, ValueError) as err:  # ValueError: a NUL byte
        line = getattr(err, "lineno", None) or 1
        facts.parses = False
        facts.error_line = first_line + line - 1
        what = getattr(err, "msg", None) or str(err)
        facts.error = f"line {facts.error_line}: {what}"
        facts.defines = _defines_line_by_line(code)
        return facts
    except RecursionError:
        facts.parses = False
        facts.error_line = first_line
        facts.error = f"line {first_line}: nested too deeply to read"
        return facts
    _collect(table, facts, "top")
    facts.reads_now = _top_reads(tree)
    facts.only_defines = all(
        isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                          ast.ClassDef))
        or (isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
            getattr(node, "value", None), ast.Constant))
        or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        for node in tree.body)
    facts.missing = [pip_name(m) for m in _top_imports(tree) if not installed(m)]
    return facts


_SHELL = {"pip", "pip3", "conda", "python", "python3", "cd", "ls", "git", "apt", "apt-get",
          "brew", "npm", "export", "jupyter", "nvidia-smi", "curl", "wget", "mkdir", "rm", "cp",
          "mv", "source", "sudo", "docker", "scrapy", "django-admin", "tensorboard", "chmod",
          "echo", "cat", "set", "activate", "deactivate", "uvicorn", "streamlit", "kill"}


def shell_command(code: str) -> str | None:
    """The first line of a block that is a shell command rather than Python (``pip install``,
    ``conda env list``, ``$ ls``), or None."""
    for line in code.split("\n"):
        text = line.strip().removeprefix("$ ").removeprefix("!")
        if not text or text.startswith("#"):
            continue
        word = text.split()[0]
        return text[:60] if word in _SHELL and (" " in text or word in ("ls", "pwd")) else None
    return None


def plan(snippet: Snippet) -> dict[int, Verdict]:
    """Each running cell's static verdict, by the cell's line (see the module)."""
    cells = [c for c in snippet.cells if c.runs]
    facts = {c.line: facts_of(c.code, c.code_line) for c in cells}
    everywhere = set().union(*(f.defines for f in facts.values())) if facts else set()
    defined: set[str] = set()
    out: dict[int, Verdict] = {}
    # code runs first in note order, then tests (as the runner runs them)
    order = [c for c in cells if c.role != "test"] + [c for c in cells if c.role == "test"]
    for cell in order:
        f = facts[cell.line]
        if not f.parses:
            shell = shell_command(cell.code)
            why = f"not Python: a shell command ({shell})" if shell else f.error
            out[cell.line] = Verdict("unparsable", f"does not parse: {why}", facts=f)
            defined |= f.defines  # later users depend on it; they are not fragments
            continue
        if f.missing:
            out[cell.line] = Verdict("needs", "needs " + ", ".join(f.missing),
                                     list(f.missing), facts=f)
            defined |= f.defines
            continue
        free = (f.uses_now - defined - f.defines - KNOWN) | (
            f.uses_later - everywhere - KNOWN)
        defined |= f.defines
        shell = shell_command(cell.code) if free else None
        if shell:  # `source /opt/x/bin/activate` parses as a division of undefined names
            out[cell.line] = Verdict("unparsable", f"not Python: a shell command ({shell})",
                                     facts=f)
            continue
        if free:
            names = ", ".join(sorted(free)[:6]) + (", …" if len(free) > 6 else "")
            out[cell.line] = Verdict(
                "fragment", f"fragment: uses {names}, which the note does not define", facts=f)
            continue
        out[cell.line] = Verdict("runs", facts=f)
    return out


def static_summary(vault) -> dict:
    """What the vault's code blocks are before anything runs (``kb extract --json``): blocks by
    static verdict (runs, unparsable, needs, fragment), and the packages that would let more
    of them run. Blocks marked skip are counted as skipped."""
    from .snippets import SnippetError, cells_of

    blocks: dict[str, int] = {}
    packages: dict[str, int] = {}
    for note in vault:
        try:
            cells = cells_of(note, note.path)
        except SnippetError:
            continue
        if not any(c.runs for c in cells):
            continue
        for line, verdict in plan(Snippet(note.path, note.title, cells)).items():
            cell = next(c for c in cells if c.line == line)
            kind = "skipped" if "skip" in cell.options else verdict.kind
            blocks[kind] = blocks.get(kind, 0) + 1
            for package in verdict.needs if kind == "needs" else ():
                packages[package] = packages.get(package, 0) + 1
    return {"by_verdict": dict(sorted(blocks.items())),
            "packages": dict(sorted(packages.items(), key=lambda kv: (-kv[1], kv[0])))}
