"""SIGTERM is handled like Ctrl-C (issue 17, item 5): workers stopped, stage removed, exit 143."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def built(mini):
    done = subprocess.run([sys.executable, "-m", "rm_course", "build", "--project", str(mini), "--only", "plans",
                           "--quiet"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return mini


def group_is_gone(pgid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("to_group", [False, True], ids=["timeout-style", "systemd-style"])
def test_sigterm_stops_the_workers_and_keeps_the_output(built, to_group):
    """`timeout` signals the main process only; systemd signals every process of the unit."""
    before = tree_digest(built / "private")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rm_course", "build", "--project", str(built), "--only", "plans", "--force",
         "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    for line in proc.stderr:  # wait until the workers are printing
        seen.append(line)
        if line.startswith("Rendering"):
            break
    time.sleep(0.5)
    stage = list((built / "private").glob(".test-cohort.tmp-*"))
    assert stage, "the build should be assembling its stage now"
    if to_group:
        os.killpg(proc.pid, signal.SIGTERM)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    _, rest = proc.communicate(timeout=60)
    err = "".join(seen) + rest
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "previous output is unchanged" in err
    assert group_is_gone(proc.pid), "a print worker outlived the build"
    assert tree_digest(built / "private") == before
    assert not list((built / "private").glob(".test-cohort.*"))
