"""Diagnostics and the one exception root every user-facing failure derives from."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import click


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


class RmCourseError(click.ClickException):
    """Root of every error a user can cause; the CLI prints it without a traceback."""

    exit_code = 1


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

    def show(self, file=None) -> None:  # click calls this; no "Error:" prefix for the list
        click.echo(self.format_message(), err=True, file=file)


class BuildError(RmCourseError):
    """Rendering failed; the previous output is left untouched."""


class UnsafeReference(BuildError):
    """Content points at a file or URL the renderer must not read."""


class ScheduleError(RmCourseError):
    """A pair's sessions cannot be scheduled or filled; `detail` lets documents say why in their language."""

    def __init__(self, message: str, detail: dict | None = None):
        super().__init__(message)
        self.detail = detail or {}
