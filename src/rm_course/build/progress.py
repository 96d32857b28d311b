"""Progress on long builds (rich) and the one-line summary; labels never name a person."""

from __future__ import annotations

import sys

import click


class Reporter:
    """A progress bar on a terminal, plain lines elsewhere, nothing but the summary with --quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self._progress = None
        self._task = None

    def note(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def start(self, message: str, total: int) -> None:
        self.note(message)
        if self.quiet or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("printing", total=total)

    def advance(self, label: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1, description=label[:40])

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def summary(self, message: str) -> None:
        click.echo(message, err=True)
