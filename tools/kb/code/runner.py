"""Run a snippet's cells in order, in one namespace, and say what happened to each.

Each note runs in a child process forked from the test process, so modules the parent has
imported (torch) are not imported again, while a note that calls ``os._exit``, crashes the
interpreter or hangs in C code fails alone. Inside the child every cell has a time limit, a
fixed random seed at the start, stdout captured, and a working directory of the note's own.

Order: code and setup cells in note order (an output cell is compared right after the cell it
follows); then test cells and model checks. After a code cell fails, the cells that depend on
it are not run and say why.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import linecache
import os
import random
import re
import select
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.system import fork_child
from .snippets import Cell, Snippet
from .verdict import plan as static_plan

DEFAULT_TIMEOUT = 120.0
_GRACE = 5.0  # seconds the parent waits past a cell's own limit before killing the child


@dataclass(slots=True)
class CellResult:
    key: str  # "45", "45[output]", "45[test]", "45[model]"
    line: int
    role: str
    outcome: str  # passed, failed, skipped, xfailed, xpassed
    message: str = ""
    stdout: str = ""
    duration: float = 0.0
    # why: passed, failed, xfailed, xpassed, skipped (marked), needs (packages), fragment,
    # unparsable, depends (on a block that did not run)
    verdict: str = ""
    needs: list = field(default_factory=list)  # pip names, for "needs"


def cell_key(cell: Cell, check: bool = False) -> str:
    if cell.role == "output":
        return f"{cell.line}[output]"
    if cell.role == "test":
        return f"{cell.line}[test]"
    if cell.role == "model" and check:
        return f"{cell.line}[model]"
    return str(cell.line)


def keys_in_order(snippet: Snippet) -> list[tuple[str, Cell]]:
    """Every result a snippet gives, in the order the cells run."""
    first, second = [], []
    for cell in snippet.cells:
        if cell.role in ("code", "setup", "model", "output"):
            first.append((cell_key(cell), cell))
        if cell.role in ("test", "model"):
            second.append((cell_key(cell, check=True), cell))
    return first + second


class CellTimeout(Exception):
    pass


class ProcessExit(Exception):
    """Raised instead of leaving the interpreter when a cell calls os._exit."""


_NO_GPU = ("Torch not compiled with CUDA enabled", "Found no NVIDIA driver",
           "no CUDA GPUs are available", "CUDA driver version is insufficient",
           "No CUDA GPUs are available")


def environment_need(exc: BaseException) -> str | None:
    """What this machine lacks, when an exception says so rather than anything about the
    note: a module that is not installed (imported at run time), or a CUDA GPU."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        from .verdict import pip_name

        return pip_name(exc.name.split(".")[0])
    text = str(exc)
    if "Unable to obtain driver" in text:  # selenium without a browser driver here
        return "a browser driver for selenium"
    if any(marker in text for marker in _NO_GPU):
        from .verdict import NO_GPU

        return NO_GPU
    return None


def _format_error(snippet: Snippet, cell: Cell, exc: BaseException) -> str:
    note = snippet.note
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == note]
    where = frames[-1].lineno if frames else cell.code_line
    first = f"{note}:{where}: {type(exc).__name__}: {exc}".rstrip(": ")
    lines = [first, f"  in the block at {note}:{cell.line} "
                    f"(line {where - cell.code_line + 1} of the block)"]
    if frames:
        lines.append("Traceback (most recent call last, in the note):")
        lines.extend(traceback.format_list(frames))
        lines.append("".join(traceback.format_exception_only(type(exc), exc)).rstrip())
    return "\n".join(lines).rstrip()


def _compile(snippet: Snippet, cell: Cell):
    # pad with blank lines so that tracebacks carry the note's own line numbers
    return compile("\n" * (cell.code_line - 1) + cell.code, snippet.note, "exec")


def _register_source(snippet: Snippet) -> None:
    last = max((c.code_line + c.code.count("\n") for c in snippet.cells), default=0)
    lines = ["\n"] * (last + 1)
    for c in snippet.cells:
        if c.role == "output":
            continue
        for i, text in enumerate(c.code.split("\n")):
            lines[c.code_line - 1 + i] = text + "\n"
    linecache.cache[snippet.note] = (sum(map(len, lines)), None, lines, snippet.note)


_ELLIPSIS_LINE = "..."


def output_matches(expected: str, got: str) -> bool:
    """Compare printed output with an output block. ``...`` matches any text (a whole line of
    ``...`` matches any number of lines); trailing white space is ignored."""
    exp = [ln.rstrip() for ln in expected.rstrip("\n").split("\n")] if expected.strip() else []
    act = [ln.rstrip() for ln in got.rstrip("\n").split("\n")] if got.strip() else []
    pattern = []
    for ln in exp:
        if ln.strip() == _ELLIPSIS_LINE:
            pattern.append(r"(?:.*\n)*?")
        else:
            pattern.append(".*".join(re.escape(part) for part in ln.split("...")) + r"\n")
    return re.fullmatch("".join(pattern), "".join(a + "\n" for a in act)) is not None


def _output_diff(expected: str, got: str) -> str:
    diff = difflib.unified_diff(expected.rstrip("\n").split("\n"), got.rstrip("\n").split("\n"),
                                "expected (output block)", "printed by the code", lineterm="")
    return "\n".join(diff)


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def _cuda_available() -> bool:
    torch = sys.modules.get("torch")
    if torch is None:
        try:
            import torch
        except ImportError:
            return False
    return bool(torch.cuda.is_available())


def _flatten_tensors(obj: Any) -> list:
    torch = sys.modules["torch"]
    if isinstance(obj, torch.Tensor):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [t for item in obj for t in _flatten_tensors(item)]
    if isinstance(obj, dict):
        return [t for item in obj.values() for t in _flatten_tensors(item)]
    return []


def check_model(cell: Cell, ns: dict) -> str:
    """Build the module, run forward on the example input, check shape, finiteness, gradients."""
    import torch

    module = eval(cell.options["build"], ns)  # noqa: S307 - the note's own code
    if not isinstance(module, torch.nn.Module):
        raise AssertionError(f"build={cell.options['build']!r} made a "
                             f"{type(module).__name__}, not an nn.Module")
    args = eval("(" + cell.options.get("input", "") + ",)", ns) if cell.options.get(
        "input", "").strip() else ()
    out = module(*args)
    tensors = _flatten_tensors(out)
    if not tensors:
        raise AssertionError("the forward pass returned no tensors")
    if "shape" in cell.options:
        want = eval(cell.options["shape"], ns)
        shapes = [tuple(t.shape) for t in tensors]
        wants = [tuple(w) for w in want] if want and isinstance(want[0], (tuple, list)) else [
            tuple(want)]
        if shapes[:len(wants)] != wants:
            raise AssertionError(f"output shape {shapes[0] if len(wants) == 1 else shapes} "
                                 f"!= expected {wants[0] if len(wants) == 1 else wants}")
    for i, t in enumerate(tensors):
        if t.is_floating_point() and not torch.isfinite(t).all():
            raise AssertionError(f"output {i} has non-finite values (nan or inf)")
    loss = sum(t.float().sum() for t in tensors if t.requires_grad)
    if not isinstance(loss, torch.Tensor):
        raise AssertionError("no output depends on the parameters (nothing requires grad)")
    loss.backward()
    params = [(n, p) for n, p in module.named_parameters() if p.requires_grad]
    missing = [n for n, p in params if p.grad is None]
    if missing:
        raise AssertionError(f"no gradient reached: {', '.join(missing)}")
    bad = [n for n, p in params if not torch.isfinite(p.grad).all()]
    if bad:
        raise AssertionError(f"non-finite gradient in: {', '.join(bad)}")
    shape = tuple(tensors[0].shape)
    return f"model ok: output {shape}, {len(params)} parameter tensors got finite gradients"


class _Alarm:
    """A per-cell time limit using SIGALRM (main thread, POSIX); a no-op elsewhere."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.usable = hasattr(signal, "setitimer") and _main_thread()

    def __enter__(self):
        if self.usable:
            def on_alarm(signum, frame):
                raise CellTimeout(f"timed out after {self.seconds:g} s")
            self.old = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def execute(snippet: Snippet, workdir: Path, timeout: float = DEFAULT_TIMEOUT, seed: int = 0,
            emit=None, strict: bool = False) -> list[CellResult]:
    """Run the cells here, in this process; ``emit`` gets each result as soon as it exists.

    Each block gets the verdict it deserves (:mod:`kb.code.verdict`): a block that does not
    parse, needs a package that is not installed or is a fragment is skipped saying so (with
    ``strict``, or a block or note marked ``strict``, it fails instead); a block that uses a
    name that a failed or skipped block should have defined is skipped as depending on it;
    everything else runs, and fails if it raises."""
    results: list[CellResult] = []
    ns: dict[str, Any] = {"__name__": "__kb_snippet__", "__file__": snippet.note}
    _register_source(snippet)
    workdir.mkdir(parents=True, exist_ok=True)
    old_cwd = os.getcwd()
    os.chdir(workdir)
    real_exit = os._exit
    owner = os.getpid()

    def fake_exit(code=0):
        if os.getpid() != owner:  # a process the note forked: it really leaves
            real_exit(code)
        raise ProcessExit(f"the code called os._exit({code})")

    os._exit = fake_exit  # type: ignore[assignment]
    verdicts = static_plan(snippet)
    unavailable: dict[str, int] = {}  # name -> the block (line) that should have defined it
    available: set[str] = set()  # names blocks that ran have defined

    def lose(names, line: int) -> None:
        """A block that did not run: what it defines is missing, unless defined before."""
        for name in names:
            if name not in available:
                unavailable.setdefault(name, line)

    outputs: dict[int, str] = {}
    ran_ok: set[int] = set()
    cuda: bool | None = None

    def record(result: CellResult) -> None:
        if os.getpid() != owner:
            # a copy of this process that a block forked came back from the block: it must not
            # run the rest of the note, nor report anything
            real_exit(0)
        results.append(result)
        if emit is not None:
            emit(result)

    try:
        _seed_everything(seed)
        for key, cell in keys_in_order(snippet):
            check_phase = key.endswith(("[test]", "[model]"))
            base = CellResult(key, cell.line, cell.role if not key.endswith("[model]") else "model",
                              "passed")
            if cell.role == "output":
                of = int(cell.options.get("of", 0))
                if of not in ran_ok:
                    base.outcome, base.verdict, base.message = "skipped", "depends", (
                        f"not compared: the block at {snippet.note}:{of} did not run")
                elif not output_matches(cell.code, outputs.get(of, "")):
                    base.outcome = "failed"
                    base.message = (f"{snippet.note}:{cell.code_line}: printed output differs from "
                                    f"the output block (block at {snippet.note}:{of})\n"
                                    + _output_diff(cell.code, outputs.get(of, "")))
                base.verdict = base.verdict or base.outcome
                record(base)
                continue
            verdict = verdicts.get(cell.line)
            facts = verdict.facts if verdict is not None else None

            def not_run(outcome: str, why: str, message: str, base=base, facts=facts,
                        line=cell.line, check_phase=check_phase) -> None:
                base.outcome, base.verdict, base.message = outcome, why, message
                if facts is not None and not check_phase:
                    lose(facts.defines, line)
                record(base)

            if "skip" in cell.options:
                not_run("skipped", "skipped", cell.options["skip"] or "marked skip")
                continue
            if "gpu" in cell.options:
                if cuda is None:
                    cuda = _cuda_available()
                if not cuda:
                    not_run("skipped", "skipped", "needs a CUDA GPU (marked gpu)")
                    continue
            if key.endswith("[model]") and cell.line not in ran_ok:
                not_run("skipped", "depends",
                        f"not run: the block at {snippet.note}:{cell.line} did not run")
                continue
            if verdict is not None and verdict.kind != "runs" and not key.endswith("[model]"):
                base.needs = verdict.needs
                if strict or cell.options.get("strict"):
                    not_run("failed", verdict.kind, f"{snippet.note}:{cell.line}: "
                            f"{verdict.message} (strict: every block must run)")
                else:
                    not_run("skipped", verdict.kind, verdict.message)
                continue
            # names it reads as it runs, and (unless it only defines functions and classes)
            # names its functions need: it may call them itself
            used = (facts.reads_now | (set() if facts.only_defines else facts.uses_later)) \
                if facts else ()
            waiting = sorted((unavailable[n], n) for n in used if n in unavailable)
            if waiting and not key.endswith("[model]"):
                line, _ = waiting[0]
                names = ", ".join(sorted({n for _, n in waiting}))
                not_run("skipped", "depends", f"depends on the block at {snippet.note}:{line}, "
                                              f"which did not run ({names})")
                continue
            limit = float(cell.options.get("timeout", timeout))
            need = None
            buf = io.StringIO()
            start = time.perf_counter()
            try:
                with _Alarm(limit), contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
                    if key.endswith("[model]"):
                        print(check_model(cell, ns))
                    else:
                        exec(_compile(snippet, cell), ns)  # noqa: S102 - the note's own code
                error = None
            except CellTimeout as exc:
                error = f"{snippet.note}:{cell.line}: {exc} (the block's time limit; set " \
                        f"timeout=N in its info string to change it)"
            except BaseException as exc:  # SystemExit and KeyboardInterrupt are failures too
                if isinstance(exc, SystemExit):
                    exc = ProcessExit(f"the code called sys.exit({exc.code!r})")
                error = _format_error(snippet, cell, exc)
                need = environment_need(exc)
            base.duration = time.perf_counter() - start
            base.stdout = buf.getvalue()
            outputs[cell.line] = base.stdout
            if "xfail" in cell.options:
                reason = cell.options["xfail"] or "marked xfail"
                base.outcome = "xfailed" if error else "xpassed"
                base.message = f"{reason}\n{error}" if error else reason
            elif error and need and not (strict or cell.options.get("strict")):
                # the machine lacks something the code needs: that says nothing of the note
                base.outcome, base.verdict, base.needs = "skipped", "needs", [need]
                base.message = f"needs {need}: {error.splitlines()[0]}"
                if facts is not None and not check_phase:
                    lose(facts.defines, cell.line)
            elif error:
                base.outcome, base.message = "failed", error
                if facts is not None and not check_phase:
                    lose(facts.defines, cell.line)
            base.verdict = base.verdict or base.outcome
            if base.outcome in ("passed", "xpassed", "xfailed") and not check_phase:
                ran_ok.add(cell.line)
                if facts is not None:
                    for name in facts.defines:  # defined again: available from here on
                        unavailable.pop(name, None)
                    available.update(facts.defines)
                    later = sorted(unavailable[n] for n in facts.uses_later if n in unavailable)
                    if later:  # its functions use what is missing: so do their callers
                        for name in facts.defines:
                            unavailable.setdefault(name, later[0])
                            available.discard(name)
            record(base)
    finally:
        os._exit = real_exit  # type: ignore[assignment]
        os.chdir(old_cwd)
    return results


def run_forked(snippet: Snippet, workdir: Path, timeout: float = DEFAULT_TIMEOUT,
               seed: int = 0, strict: bool = False) -> list[CellResult]:
    """Run the snippet in a forked child; a crash, os._exit or hang fails only this note."""
    order = keys_in_order(snippet)

    import tempfile

    # results go through a pipe as they come; a block that closes every file descriptor
    # (os.closerange) cannot silence them: they then go to this file, opened anew each time
    spill_fd, spill = tempfile.mkstemp(prefix="kb-results-", suffix=".jsonl")
    os.close(spill_fd)

    def run(write_fd: int) -> None:
        _close_inherited_streams(keep=write_fd)
        pipe: Any = os.fdopen(write_fd, "w", encoding="utf-8")

        def emit(result: CellResult) -> None:
            nonlocal pipe
            line = json.dumps(asdict(result)) + "\n"
            if pipe is not None:
                try:
                    pipe.write(line)
                    pipe.flush()
                    return
                except (OSError, ValueError):
                    pipe = None
            with open(spill, "a", encoding="utf-8") as fh:
                fh.write(line)

        execute(snippet, workdir, timeout, seed, emit, strict)
        if pipe is not None:
            try:
                pipe.close()
            except OSError:
                pass

    child = fork_child(run, report=True)
    if child is None:
        os.unlink(spill)
        return execute(snippet, workdir, timeout, seed, strict=strict)
    pid, read_fd = child
    try:
        return _collect(snippet, order, timeout, pid, read_fd, spill)
    finally:
        try:
            os.unlink(spill)
        except OSError:
            pass


def _close_inherited_streams(keep: int) -> None:
    """Close the pipes, sockets and terminals this forked runner inherited from pytest (its
    saved terminal, xdist's channels), but for ``keep`` and 0-2: a process a note forks and
    leaves running then holds nothing that makes pytest, or whatever reads its output, wait."""
    import stat

    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except (OSError, ValueError):
        return
    for fd in fds:
        if fd <= 2 or fd == keep:
            continue
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(fd):
                os.close(fd)
        except OSError:
            continue


def _lines(data: bytes) -> list[CellResult]:
    return [CellResult(**json.loads(ln)) for ln in data.split(b"\n") if ln.strip()]


def _collect(snippet: Snippet, order: list, timeout: float, pid: int, read_fd: int,
             spill: str) -> list[CellResult]:
    """The results a forked runner sends, until it has sent them all or is gone: each block
    within its time limit, a process that ended early reported at the block it was running."""
    results: list[CellResult] = []
    buffer = b""
    deadline_for = {k: float(c.options.get("timeout", timeout)) + _GRACE for k, c in order}
    started = time.monotonic()
    status_text = ""
    status: int | None = None
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while len(results) < len(order):
            key, cell = order[len(results)]
            wait = deadline_for[key] - (time.monotonic() - started)
            if wait <= 0:
                os.kill(pid, signal.SIGKILL)
                status_text = (f"{snippet.note}:{cell.line}: timed out after "
                               f"{deadline_for[key] - _GRACE:g} s (the process did not respond "
                               "and was killed)")
                break
            ready, _, _ = select.select([pipe], [], [], min(wait, 0.5))
            if not ready:
                # a process the note forked may hold the pipe open: the runner's own end
                # is what counts
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = st
                    while select.select([pipe], [], [], 0)[0]:  # what it wrote before leaving
                        chunk = pipe.read(65536)
                        if not chunk:
                            break
                        buffer += chunk
                    results += _lines(buffer)
                    break
                continue
            chunk = pipe.read(65536)
            if not chunk:
                break
            buffer += chunk
            if b"\n" in buffer:
                complete, _, buffer = buffer.rpartition(b"\n")
                results += _lines(complete + b"\n")
                started = time.monotonic()
    if status is None:
        _, status = os.waitpid(pid, 0)
    try:
        with open(spill, encoding="utf-8") as fh:
            results += [CellResult(**json.loads(ln)) for ln in fh if ln.strip()]
    except (OSError, ValueError):
        pass
    results = results[:len(order)]
    if len(results) < len(order):
        key, cell = order[len(results)]
        if not status_text:
            if os.WIFSIGNALED(status):
                sig = signal.Signals(os.WTERMSIG(status)).name
                status_text = f"{snippet.note}:{cell.line}: the process crashed ({sig})"
            else:
                status_text = (f"{snippet.note}:{cell.line}: the process exited with code "
                               f"{os.WEXITSTATUS(status)} while running this block")
        results.append(CellResult(key, cell.line, cell.role, "failed", status_text))
        for key, cell in order[len(results):]:
            results.append(CellResult(key, cell.line, cell.role, "skipped",
                                      f"not run: the process running {snippet.note} ended "
                                      "early (see the failure above)"))
    return results
