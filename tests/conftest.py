"""Shared fixtures: a copy of the small fixture programme, and a helper to write files inline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parent.parent

# Tests never rot with the calendar: "today" is pinned for freshness checks and calendars.
TODAY = "2026-12-02"
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796169600")  # TODAY at midnight UTC
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root (the copier-style helper)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the fixture programme in tmp_path."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_cli(*args: str):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from rm_course.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False, standalone_mode=True)
    return result.exit_code, result.stdout, result.stderr


def html_of(output) -> str | None:
    """The HTML of a printed output (rendered on demand, as the engine does)."""
    output.materialize()
    return output.html


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, once per test module (tests/browser_helpers.py)."""
    from browser_helpers import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def watched(browser):
    """Opens watched pages (console errors, requests to other hosts), closed after the test."""
    from browser_helpers import Watched

    opened: list[Watched] = []

    def open_page(**kwargs) -> Watched:
        opened.append(Watched(browser, **kwargs))
        return opened[-1]

    yield open_page
    for w in opened:
        w.close()
