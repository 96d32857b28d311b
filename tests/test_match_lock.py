"""`rm-course match` swaps private/<cohort>/matching/ in under the project's build lock, as a build
does: it waits for a build of the project, and SIGTERM while it waits leaves the last proposal."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from test_build_lock import hold_lock
from test_match_cli import SHEET

from conftest import run_cli

WAITING = "Waiting for another build"


def start_match(mini: Path) -> subprocess.Popen:
    """A match run in a process of its own, stopped once it says it waits for the lock."""
    proc = subprocess.Popen([sys.executable, "-m", "rm_course", "match", str(mini / "signups.csv"),
                             "--project", str(mini)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        if WAITING in line or time.monotonic() > deadline:
            return proc
    raise AssertionError(f"match never waited for the lock (exit {proc.wait()})")


def test_match_waits_for_a_build_of_the_project(mini):
    (mini / "signups.csv").write_text(SHEET, "utf-8")
    holder = hold_lock(mini, 300)
    try:
        proc = start_match(mini)
        assert not (mini / "private" / "test-cohort" / "matching").exists()  # nothing swapped in meanwhile
    finally:
        holder.kill()  # the system releases a dead holder's lock
        holder.wait()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "pair(s) proposed" in out
    assert (mini / "private" / "test-cohort" / "matching" / "matching-fr.pdf").is_file()


def test_sigterm_while_match_waits_keeps_the_last_proposal(mini):
    (mini / "signups.csv").write_text(SHEET, "utf-8")
    assert run_cli("match", str(mini / "signups.csv"), "--project", str(mini))[0] == 0
    folder = mini / "private" / "test-cohort"
    before = {p.name: p.read_bytes() for p in (folder / "matching").iterdir()}
    holder = hold_lock(mini, 300)
    try:
        proc = start_match(mini)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 143
    assert {p.name: p.read_bytes() for p in (folder / "matching").iterdir()} == before
    assert [p.name for p in folder.iterdir()] == ["matching"]  # no stage left beside it
