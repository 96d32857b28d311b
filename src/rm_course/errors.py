"""Diagnostics and the one exception root every user-facing failure derives from.

The errors know nothing of the command line: `cli.py` prints them and maps them to exit codes.
"""

from __future__ import annotations

import json
import traceback
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem: `file:line:col: field.path: message`."""

    file: str
    line: int
    col: int
    message: str
    field: str = ""
    severity: str = "error"  # "error" or "warning"

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        label = "" if self.severity == "error" else " warning:"
        return f"{where}:{label}{field} {self.message}"

    def github(self) -> str:
        # GitHub annotations: newlines and percent signs must be escaped.
        msg = (f"{self.field}: " if self.field else "") + self.message
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.col}::{msg}"


def format_diagnostics(diags: list[Diagnostic], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([asdict(d) for d in diags], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in diags)
    return "\n".join(d.text() for d in diags)


def relpath(path: Path, root: Path | None) -> str:
    """A path as the user should read it: relative to the project when inside it."""
    try:
        if root is not None:
            return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        pass
    return str(path)


class RmCourseError(Exception):
    """Root of every error a user can cause; the CLI prints it without a traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        """The text a user reads."""
        return self.message


class ContentError(RmCourseError):
    """The project's content does not validate; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic], fmt: str = "text"):
        self.diagnostics = sorted(diagnostics)
        self.fmt = fmt
        errors = sum(1 for d in self.diagnostics if d.severity == "error")
        super().__init__(f"{errors} error(s) found")

    def format_message(self) -> str:
        body = format_diagnostics(self.diagnostics, self.fmt)
        return f"{body}\n{self.message}" if self.fmt == "text" else body


class YamlError(RmCourseError):
    """A YAML file that cannot be read strictly; carries every diagnostic found in it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics


class UnsafeName(RmCourseError, ValueError):
    """An id that cannot name a file."""


class BuildError(RmCourseError):
    """Rendering failed; the previous output is left untouched."""


class UnsafeReference(BuildError):
    """Content points at a file or URL the renderer must not read."""


class ScheduleError(RmCourseError):
    """A pair's sessions cannot be scheduled or filled; `detail` lets documents say why in their language."""

    def __init__(self, message: str, detail: dict | None = None):
        super().__init__(message)
        self.detail = detail or {}


# Files a template failure may be reported in (the frame closest to the failure wins).
TEMPLATE_FILES = (".html", ".md", ".css", ".yml", ".svg", ".xml")


def template_path(filename: str) -> str:
    """A template file as its author knows it — `templates/site/home.md`, `site/overrides/main.html`
    (MkDocs reads the overrides from its generated project) — never a path of the machine."""
    parts = Path(filename).parts
    if "site-src" in parts and "overrides" in parts:
        return "/".join(("site", *parts[parts.index("overrides"):]))
    if "templates" in parts:
        i = len(parts) - 1 - parts[::-1].index("templates")
        rel = "/".join(parts[i:])
        if i and parts[i - 1] == "material":
            return f"the theme's {rel}"
        return f"{rel} (built-in)" if i and parts[i - 1] == "_defaults" else rel
    return Path(filename).name


def _template_frame(exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_FILES):
            return f"{template_path(frame.filename)}:{frame.lineno}: "
    return ""


def template_error(exc: Exception) -> BuildError:
    """A clear message for a failure inside a template: the template file, its line, what went wrong."""
    where = _template_frame(exc)
    mark = getattr(exc, "problem_mark", None)  # YAML (labels.yml): the file is named by the caller
    if not where and getattr(exc, "lineno", None):
        name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
        where = f"{template_path(name) if name else 'a template'}:{exc.lineno}: "
    elif not where and mark is not None:
        where = f"{template_path(mark.name)}:{mark.line + 1}:{mark.column + 1}: "
    message = getattr(exc, "problem", None) or getattr(exc, "message", None) or str(exc)
    return BuildError(f"{where}{type(exc).__name__}: {message}; fix the template (no output was changed)")


def template_failure(exc: BaseException) -> bool:
    """Whether an exception comes from a template (Jinja, a template's YAML, or raised in a template's code)."""
    kind = type(exc).__module__.split(".")[0]
    return kind in ("jinja2", "yaml") or bool(_template_frame(exc))


@contextmanager
def templates_reported():
    """Turn a failure inside a template into a BuildError naming the template and its line."""
    try:
        yield
    except RmCourseError:
        raise
    except Exception as exc:
        if not template_failure(exc):
            raise
        raise template_error(exc) from None
