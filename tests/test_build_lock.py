"""One build at a time per project (issue 17, item 4): a lock file holding the builder's pid."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rm_course.build.lock import LOCK_FILE, BuildLocked, holder, project_lock

from conftest import run_cli

HOLD = """
import sys, time
from pathlib import Path
from rm_course.build.lock import project_lock
with project_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(project: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(project), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_lock_fails_clearly_naming_the_holder(tmp_path):
    proc = hold_lock(tmp_path, 30)
    try:
        with pytest.raises(BuildLocked) as caught:
            with project_lock(tmp_path, wait=0):
                pass
        assert f"pid {proc.pid}" in str(caught.value) and "--wait" in str(caught.value)
        assert holder(tmp_path / LOCK_FILE) == proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_a_second_lock_waits_with_a_message(tmp_path):
    proc = hold_lock(tmp_path, 1.0)
    said = []
    start = time.monotonic()
    with project_lock(tmp_path, wait=30, say=said.append):
        assert holder(tmp_path / LOCK_FILE) == __import__("os").getpid()
    assert time.monotonic() - start >= 0.5
    assert len(said) == 1 and f"pid {proc.pid}" in said[0]
    proc.wait()


def test_the_lock_of_a_dead_build_is_taken_over(tmp_path):
    proc = hold_lock(tmp_path, 30)
    proc.kill()  # killed while holding it: the file still names it
    proc.wait()
    assert holder(tmp_path / LOCK_FILE) == proc.pid
    with project_lock(tmp_path, wait=0):
        pass


def test_build_refuses_while_another_holds_the_lock(mini):
    proc = hold_lock(mini, 30)
    try:
        code, _, err = run_cli("build", "--project", str(mini), "--only", "plans", "--quiet", "--wait", "0")
        assert code == 1 and "Traceback" not in err
        assert f"another build (pid {proc.pid})" in err, err
        assert not (mini / "private").exists()
    finally:
        proc.kill()
        proc.wait()


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_concurrent_builds_leave_identical_output_and_no_stage(mini):
    cmd = [sys.executable, "-m", "rm_course", "build", "--project", str(mini), "--only", "plans", "--jobs", "1"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = tree_digest(mini / "private")
    procs = [subprocess.Popen(cmd + ["--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    errs = [err for _, err in results]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert any("Waiting for another build" in e for e in errs), errs
    after = tree_digest(mini / "private")
    # Every document byte-identical; the manifest's keys hash the package's own code as well, so
    # they are compared by name only (they change whenever the code does).
    manifest = "test-cohort/.rm-course-manifest.json"
    assert after.pop(manifest) and before.pop(manifest)
    assert after == before
    assert not list((mini / "private").glob(".test-cohort.*"))


def test_clean_cohort_refuses_while_a_build_holds_the_lock(mini):
    (mini / "private/test-cohort").mkdir(parents=True)
    proc = hold_lock(mini, 30)
    try:
        code, _, err = run_cli("clean-cohort", "test-cohort", "--yes", "--project", str(mini))
        assert code == 1 and f"pid {proc.pid}" in err and "Traceback" not in err
        assert (mini / "private/test-cohort").is_dir()
    finally:
        proc.kill()
        proc.wait()
