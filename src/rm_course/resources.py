"""Where the built-in programme lives, and the one lookup by which a project's folder overrides it.

A project may hold its own `templates/`, `site/` and `assets/`; a name missing there is taken
from the built-in folder of the same name. `overlay` gives those folders in lookup order, and
every reader (templates, print stylesheets, site files, fonts, the logo) goes through it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import BuildError

PRINT_CSS = "print/print.css"  # the print stylesheet, a file of the templates
_PACKAGE = Path(__file__).resolve().parent


@cache
def defaults_root() -> Path:
    """The folder holding the built-in `curriculum/`, `templates/`, `site/` and `assets/`.

    A wheel carries them in `rm_course/_defaults` (copied at build time); a source checkout or
    an editable install reads the repository's top-level folders, so they exist once in git.
    """
    packaged = _PACKAGE / "_defaults"
    if (packaged / "templates").is_dir():
        return packaged
    repo = _PACKAGE.parent.parent
    if (repo / "templates").is_dir():
        return repo
    raise RuntimeError("rm-course is installed without its built-in templates; reinstall the package")


def builtin_templates() -> Path:
    return defaults_root() / "templates"


def overlay(part: str, project_root: Path | str | None) -> list[Path]:
    """The folders a name of `part` (templates, site, assets) is looked up in, in order: the
    project's, when it has one, then the built-in one. A project that is the built-in programme
    (a source checkout) lists its folder once."""
    builtin = defaults_root() / part
    if project_root is not None:
        own = Path(project_root) / part
        if own.is_dir() and own.resolve() != builtin.resolve():
            return [own, builtin]
    return [builtin]


def find_file(part: str, rel: str, project_root: Path | str | None) -> Path | None:
    """The first file named `rel` in the overlay of `part`, never outside its folder; else None."""
    for folder in overlay(part, project_root):
        candidate = folder / rel
        if candidate.resolve().is_relative_to(folder.resolve()) and candidate.is_file():
            return candidate
    return None


def template_file(project_root: Path | str | None, name: str) -> Path:
    """A file of the templates read as it is (a stylesheet): the project's templates/<name>, else
    the built-in one."""
    for folder in overlay("templates", project_root):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise BuildError(f"no {name} in the project's templates/ or the built-in templates")


def asset_roots(project_root: Path | str) -> tuple[Path, ...]:
    """The folders a printed document may read, resolved: the project's `assets/` (even before
    it exists, so a reference into it is reported as missing rather than outside), then the
    built-in one."""
    roots = [Path(project_root).resolve() / "assets", defaults_root().resolve() / "assets"]
    return tuple(dict.fromkeys(roots))
