"""Build one language's generated project with Zensical (`site: {engine: zensical}`), in strict mode.

Zensical runs in a child process: its build runs in a native runtime that writes its warnings to the
terminal itself, and keeps state between builds. It writes only inside the project's folder, so the
site is built into `site/` there and then moved to where MkDocs would have written it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ...errors import BuildError

log = logging.getLogger(__name__)

TIMEOUT = 600  # seconds; a build of the shipped curriculum takes a few
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^\s*(?:Warning|Error):\s*(.+)$")
_WHERE = re.compile(r"\[\s*(\S+?:\d+:\d+)\s*\]")

# What the generated project asks for that Zensical does not do (yet), said once per build.
DEGRADED = (
    "the site is built with Zensical, pinned in the `zensical` extra and still before its 1.0: its search "
    "box indexes every page with its own tokenizer (the language's stemming of MkDocs' search is not applied), "
    "and the SCORM packages, made from the site, carry no search index"
)


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def warnings_of(output: str) -> list[str]:
    """Zensical's warnings as `docs/<page>.md:line:col: message`, from its terminal output."""
    found: list[str] = []
    pending: str | None = None
    for line in _ANSI.sub("", output).splitlines():
        if m := _WARNING.match(line):
            if pending:
                found.append(pending)
            pending = m.group(1).strip()
        elif pending and (where := _WHERE.search(line)):
            found.append(f"docs/{where.group(1)}: {pending}")
            pending = None
    if pending:
        found.append(pending)
    return found


def run_zensical(config_file: Path, site_dir: Path) -> None:
    """Build the project of `config_file` (whose `site_dir` is `site`) and move it to `site_dir`."""
    if not zensical_installed():
        raise BuildError("programme.yml: site.engine is zensical, which is not installed: "
                         "pip install 'rm-course[zensical]', or set `site: {engine: mkdocs}`")
    project = config_file.parent
    built = project / "site"
    shutil.rmtree(built, ignore_errors=True)
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f",
                               str(config_file)], cwd=project, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"Zensical did not build {project.name} within {TIMEOUT} s") from exc
    output = done.stdout + done.stderr
    warnings = warnings_of(output)
    if done.returncode != 0 or warnings or not built.is_dir():
        details = warnings or [line for line in _ANSI.sub("", output).splitlines()[-5:] if line.strip()]
        raise BuildError(f"Zensical could not build {project.name}:\n" + "\n".join(f"  {w}" for w in details))
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)
