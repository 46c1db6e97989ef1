"""What kb asks of the machine it runs on: cores, and work in a forked child."""

from __future__ import annotations

import os
from collections.abc import Callable


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fork_child(work: Callable[[int], None], report: bool = False) -> tuple[int, int] | None:
    """Run ``work(write_fd)`` in a forked child; returns ``(pid, read end of its pipe)``, or
    None where the system cannot fork (the caller then does the work itself).

    The child leaves through ``os._exit``: status 0 when ``work`` returned, 70 when it raised
    (with the traceback on stderr if ``report``), never running the parent's exit handlers or
    flushing its buffers a second time. The caller reads the pipe to its end and reaps the
    child with ``os.waitpid``."""
    if not hasattr(os, "fork"):
        return None
    import sys

    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child
        status = 70
        try:
            os.close(read_fd)
            work(write_fd)
            status = 0
        except BaseException:
            if report:
                import traceback

                traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd
