"""One build at a time per project: a lock file, holding the builder's pid, guards the output roots.

Two builds of the same project would clear each other's temporary folders and race on the swap.
The lock is an advisory lock taken on `build/rm-course.lock` (`flock` on POSIX, `msvcrt.locking`
on Windows): the system releases it when its holder dies, so the lock of a killed build is taken
over without any guess about pids. The pid written inside only tells the waiting build whom it
waits for.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError

LOCK_FILE = Path("build") / "rm-course.lock"
POLL_SECONDS = 0.2


class BuildLocked(BuildError):
    """Another build holds the project's lock."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except (BlockingIOError, PermissionError):
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def holder(path: Path) -> int | None:
    """The pid written in a lock file, if any."""
    try:
        text = Path(path).read_text("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _who(pid: int | None) -> str:
    return f"another build (pid {pid})" if pid else "another build"


def _hint(wait: float, wait_flag: bool) -> str:
    if not wait_flag:
        return ""
    return ", or give it longer with --wait SECONDS" if wait else ", or pass --wait SECONDS to wait for it"


@contextmanager
def project_lock(project: Path, *, wait: float = 0.0, say: Callable[[str], None] | None = None,
                 wait_flag: bool = True) -> Iterator[Path]:
    """Hold the project's build lock; wait up to `wait` seconds for another build, then fail clearly
    (suggesting `--wait` when the command has it)."""
    path = Path(project) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while not _try_lock(fd):
            pid = holder(path)
            if time.monotonic() >= deadline:
                raise BuildLocked(
                    f"{_who(pid)} is writing this project's outputs ({LOCK_FILE.as_posix()}); "
                    "run again when it has finished" + _hint(wait, wait_flag))
            if not told and say is not None:
                say(f"Waiting for {_who(pid)} of this project to finish (up to {wait:.0f} s)…")
                told = True
            time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)  # the file stays (removing it would let two builds lock two files)
            _unlock(fd)
    finally:
        os.close(fd)
