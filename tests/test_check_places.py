"""`check` catches what the build would otherwise fail on late: a bad timezone or country, a FIFO in curriculum/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

PROGRAMME = "curriculum/programme.yml"


def set_programme(root: Path, line: str) -> int:
    """Append `line` to programme.yml (replacing the key if it is there); return its line number."""
    path = root / PROGRAMME
    key = line.split(":")[0]
    lines = [x for x in path.read_text("utf-8").splitlines() if not x.startswith(f"{key}:")]
    lines.append(line)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return len(lines)


def check(root: Path):
    return run_cli("check", "--project", str(root), "--today", "2026-11-22")


@pytest.mark.parametrize("value, expected", [
    ("Europe/Pariss", "unknown timezone 'Europe/Pariss'"),
    ("europe/paris", "did you mean 'Europe/Paris'"),
    ("../../etc/passwd", "unknown timezone"),
    ("/etc/localtime", "unknown timezone"),
])
def test_bad_timezone_is_located(mini, value, expected):
    line = set_programme(mini, f'timezone: "{value}"')
    code, out, err = check(mini)
    assert code == 1 and "Traceback" not in err
    assert f"{PROGRAMME}:{line}:11: timezone: " in err, err
    assert expected in err


@pytest.mark.parametrize("value, expected", [
    ("XX", "no public-holiday calendar for the country 'XX'"),
    ("fr", "did you mean 'FR'"),
])
def test_bad_country_is_located(mini, value, expected):
    line = set_programme(mini, f'country: "{value}"')
    code, out, err = check(mini)
    assert code == 1 and "Traceback" not in err
    assert f"{PROGRAMME}:{line}:10: country: " in err, err
    assert expected in err


def test_a_good_timezone_and_country_pass(mini):
    set_programme(mini, "timezone: America/Montreal")
    set_programme(mini, "country: CA")
    code, out, err = check(mini)
    assert code == 0, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("rel", ["curriculum/modules/digital-history/pipe.yml", "curriculum/glossary.yml"])
def test_a_fifo_in_the_curriculum_is_refused_not_waited_on(mini, rel):
    path = mini / rel
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    try:
        done = subprocess.run([sys.executable, "-m", "rm_course", "check", "--project", str(mini)],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("check waited on a named pipe")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{rel}:1:1: " in done.stderr and "not a regular file" in done.stderr, done.stderr
