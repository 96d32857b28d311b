"""SIGTERM (CI, systemd, `timeout`) stops a build the way Ctrl-C does: cleanly, output untouched."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_TERMINATED = 128 + signal.SIGTERM  # 143, what a shell reports for a process ended by SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived. A KeyboardInterrupt, so every clean-up written for Ctrl-C (stopping the
    workers, removing the temporary folders) runs for it too."""


_owner: int | None = None


def _on_sigterm(signum, frame) -> None:
    if os.getpid() != _owner:
        # A forked print worker inherited this handler: it must die at once, as the pool
        # expects when it terminates its workers.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    # A second SIGTERM while the temporary folders are being removed must not cut that short.
    signal.signal(signum, signal.SIG_IGN)
    raise Terminated()


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated in this process (main thread only)."""
    global _owner
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_owner = _owner
    _owner = os.getpid()
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _owner = previous_owner
