"""The `rm-course` command line: each command reads its flags and calls one library function.

MkDocs and WeasyPrint are imported only inside the commands that use them, so `--help` is instant.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__
from .content.vocabulary import TRACKS
from .build.signals import EXIT_TERMINATED, Terminated
from .errors import ContentError, RmCourseError

project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default="the current directory",
    help="The programme project (a folder with curriculum/).",
)


def exit_code(exc: RmCourseError) -> int:
    """The exit code of a failure a user caused: 1 for every kind (0 is success, 2 a usage error,
    130 an interrupt)."""
    return 1


def report(exc: RmCourseError) -> str:
    """What the user reads: the list of diagnostics as it is, any other failure after "Error:"."""
    if isinstance(exc, ContentError):
        return exc.format_message()
    return f"Error: {exc.format_message()}"


INTERRUPTED = "Interrupted; the previous output is unchanged."
TERMINATED = "Stopped (SIGTERM); the previous output is unchanged."


class RmGroup(click.Group):
    def main(self, *args, **kwargs):
        # Ctrl-C: say so in one line, no traceback; builds already left the old output in place.
        try:
            kwargs.pop("standalone_mode", None)
            return super().main(*args, standalone_mode=False, **kwargs)
        except Terminated:
            click.echo(TERMINATED, err=True)
            sys.exit(EXIT_TERMINATED)
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, Terminated):
                click.echo(TERMINATED, err=True)
                sys.exit(EXIT_TERMINATED)
            if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
                click.echo(INTERRUPTED, err=True)
                sys.exit(130)
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except RmCourseError as exc:
            click.echo(report(exc), err=True)
            sys.exit(exit_code(exc))
        except click.ClickException as exc:  # a usage error
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except OSError as exc:  # a full disk, a read-only folder: say it plainly, the old output is intact
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            sys.exit(1)


@click.group(cls=RmGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rm-course")
def main() -> None:
    """Courseware for reverse mentoring programmes.

    Turns a programme project (curriculum/ YAML, templates/, site/) into a training site,
    PDF workbooks and per-pair session plans with calendars.

    \b
    Typical use:
      rm-course init my-programme     start a project on top of the built-in curriculum
      rm-course base                  what it overrides, what the built-in one changed since
      rm-course check                 validate the YAML before you commit
      rm-course build                 build dist/ (site, PDFs) and private/<cohort>/ (plans)
      rm-course serve                 preview the site, rebuilt when a file changes

    \b
    Before and after a cohort (the coordinator):
      rm-course match signups.csv     propose pairs from volunteers' sign-ups
      rm-course report                the cohort's evaluation report for its sponsor
    """


@main.command(short_help="Start a programme project on the built-in curriculum.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--copy", "full_copy", is_flag=True,
              help="Copy the whole built-in curriculum instead of extending it (no later corrections reach it).")
def init(directory: Path, full_copy: bool) -> None:
    """Create a new programme project in DIRECTORY that extends the built-in curriculum."""
    from .commands.scaffold import init_project

    init_project(directory, copy=full_copy)
    click.echo(f"Created a programme project in {directory}. Next: cd {directory} && rm-course check")


@main.command("base", short_help="What the project overrides; what the base changed.")
@project_option
@click.option("--record", "record_lock", is_flag=True,
              help="Note the built-in curriculum's version in base.lock once its changes are reviewed.")
def base(project_dir: Path, record_lock: bool) -> None:
    """What the project overrides of the built-in curriculum, and what the base changed since base.lock."""
    from .commands.base import base_report

    click.echo(base_report(project_dir, record_lock=record_lock))


@main.command(short_help="Validate the curriculum and cohort files.")
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings (stale modules, unsourced facts) as errors.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Pin today's date (YYYY-MM-DD) for freshness checks; SOURCE_DATE_EPOCH also works.",
)
def check(project_dir: Path, strict: bool, fmt: str, today: dt.datetime | None) -> None:
    """Validate the curriculum: schema, cross-references, translations, timings, freshness.

    Exit code 0 when clean, 1 when errors were found, 2 on a usage error.
    """
    from .commands.check import run_check

    code = run_check(project_dir, strict=strict, fmt=fmt, today=today.date() if today else None)
    sys.exit(code)


@main.command(short_help="Build the site, PDFs, LMS packages and pair plans.")
@project_option
@click.option(
    "--only", type=click.Choice(["site", "pdf", "lms", "plans"]), multiple=True,
    help="Build only these parts (repeatable). Default: everything.",
)
@click.option("--cohort", "cohorts", multiple=True, help="Build the plans of this cohort id only (repeatable).")
@click.option(
    "--roster", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
    help="Build plans for this roster file with the first cohort's settings.",
)
@click.option("--force", is_flag=True, help="Rebuild every output, even those that did not change.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only errors and the one-line summary.")
@click.option("--wait", type=click.FloatRange(0), default=600, show_default=True, metavar="SECONDS",
              help="How long to wait for another build of the project to finish (0: fail at once).")
@click.option("--csv-keys", is_flag=True,
              help="Head overview.csv with stable machine keys (pair, date, status…) and coded values, "
                   "instead of the programme language's words.")
def build(project_dir: Path, only: tuple[str, ...], cohorts: tuple[str, ...], roster: Path | None,
          force: bool, jobs: int | None, quiet: bool, wait: float, csv_keys: bool) -> None:
    """Build the site and PDFs into dist/ and each cohort's plans into private/<cohort>/."""
    from .commands.build import build as run

    run(project_dir, only=set(only), cohorts=list(cohorts), roster=roster, force=force, jobs=jobs, quiet=quiet,
        wait=wait, csv_keys=csv_keys)


@main.command(short_help="Propose mentor-mentee pairs from a sign-up sheet.")
@project_option
@click.argument("signups", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--cohort", default=None,
              help="Cohort id: the proposal goes to private/ID/matching/ (default: the programme's first cohort).")
def match(project_dir: Path, signups: Path, cohort: str | None) -> None:
    """Propose mentor-mentee pairs from SIGNUPS, a sign-up sheet of volunteers.

    SIGNUPS is a .yml, .csv (',' or ';', UTF-8 or Windows-1252) or .xlsx file, one row per
    volunteer: side (mentor or mentee), department, site, languages, availability (monday-am…),
    topics, optional employee and manager ids and a preferred person
    (see examples/signups-example-2027.csv). The hard rules of programme.yml `matching:` come
    first (never in the same reporting line, a different department unless allowed, a common
    language, a common half-day, the site when remote is not allowed, the mentor capacity);
    the pairs that remain are scored (topics, availability, stated preferences, site) and one
    assignment is solved.

    \b
    Writes private/<cohort>/matching/ (personal data: keep private/ private):
      proposed-roster.yml  the pairs as a cohort roster, for `build --roster`
      shortlists.csv       each mentee's three best mentors, scored per criterion
      matching-<lang>.pdf  the same, explained, in each language of the programme

    \b
    Example:
      rm-course match private/signups-2027.xlsx --cohort example-2027
      rm-course build --roster private/example-2027/matching/proposed-roster.yml
    """
    from .commands.match import run_match

    click.echo(run_match(project_dir, signups, cohort).text())


@main.command("report", short_help="Write a cohort's evaluation report (PDF, charts).")
@project_option
@click.option("--cohort", default=None, help="Cohort id (default: the programme's only cohort).")
@click.option("--pre", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Self-assessments at kick-off (CSV or XLSX from the form tool).")
@click.option("--post", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Self-assessments at closing, with the optional goals-reached column.")
@click.option("--survey", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="End-of-programme survey: satisfaction 1-5, would-recommend 0-10, highlights.")
@click.option("--attendance", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Which sessions took place: one row per pair and session (optional).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress; only errors and the one-line summary.")
def evaluation_report(project_dir: Path, cohort: str | None, pre: Path | None, post: Path | None,
                      survey: Path | None, attendance: Path | None, jobs: int | None, quiet: bool) -> None:
    """Write a cohort's evaluation report for its sponsor into private/<cohort>/report/.

    Inputs: the cohort's roster, the self-assessments at kick-off (--pre) and at closing
    (--post), the end-of-programme survey (--survey) and, optionally, which sessions took
    place (--attendance), each a .csv or .xlsx exported from the form tool with French or
    English headers. A file not given is the one the cohort file names (`evaluation: pre:
    FILE`...; `rm-course check` checks those paths).

    \b
    Writes private/<cohort>/report/:
      report-<lang>.pdf               the report, in each language of the programme
      figures/<lang>/<chart>.svg|png  its charts, for a slide deck

    It shows participation and sessions held, the self-assessment before and after, goals
    reached, satisfaction, net promoter score and Kirkpatrick's four levels. Aggregates only:
    a group smaller than programme.yml `evaluation: min_group` (5) is merged or left out, and
    says so.

    \b
    Example:
      rm-course report --cohort example-2027 --survey private/survey-2027.xlsx
    """
    from .commands.report import report as run

    run(project_dir, cohort=cohort, pre=pre, post=post, survey=survey, attendance=attendance, jobs=jobs,
        quiet=quiet)


@main.command(short_help="Preview the training site on localhost.")
@project_option
@click.option("--port", default=8000, show_default=True, help="Port to listen on (localhost only).")
@click.option("--lang", default=None, help="Language to open first (default: the programme's).")
def serve(project_dir: Path, port: int, lang: str | None) -> None:
    """Preview the training site on localhost; rebuilt when a YAML file or template changes."""
    from .commands.serve import serve_site

    serve_site(project_dir, port=port, lang=lang)


@main.command(short_help="Write JSON Schemas of the files, for editors.")
@project_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the schemas (default: <project>/schemas).")
def schema(project_dir: Path, out: Path | None) -> None:
    """Write JSON Schemas for module, programme, cohort and roster files (for editors)."""
    from .content.schema import write_schemas

    for path in write_schemas(out or project_dir / "schemas"):
        click.echo(f"wrote {path}")


@main.group()
def new() -> None:
    """Create a new content file from a commented skeleton."""


@new.command("module")
@project_option
@click.argument("module_id")
@click.option("--track", required=True, type=click.Choice(TRACKS))
def new_module(project_dir: Path, module_id: str, track: str) -> None:
    """Write curriculum/modules/TRACK/MODULE_ID.yml, a valid skeleton to fill in."""
    from .commands.scaffold import new_module as make

    path = make(project_dir, module_id, track)
    click.echo(f"wrote {path}")


@main.command("clean-cohort", short_help="Delete a finished cohort's personal outputs.")
@project_option
@click.argument("cohort_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clean_cohort(project_dir: Path, cohort_id: str, yes: bool) -> None:
    """Delete private/COHORT_ID/, the personal outputs of a finished cohort."""
    from .commands.clean import remove_cohort_outputs

    if not yes:
        click.confirm(f"Delete every plan and calendar of cohort {cohort_id}?", abort=True)
    removed = remove_cohort_outputs(project_dir, cohort_id)
    click.echo(f"removed {removed}" if removed else f"nothing to remove for {cohort_id}")


if __name__ == "__main__":
    main()
