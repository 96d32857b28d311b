"""Where the built-in programme (curriculum, templates, site) lives, installed or not."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
PARTS = ("curriculum", "templates", "site", "assets")


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
