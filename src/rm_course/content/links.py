"""Symbolic links in a project: refused when they leave it, or leave a folder that is published.

A link under `curriculum/` or `templates/` could make the build read any file on the disk, and a
link under `site/` or `assets/` would publish its target (a roster, a key) with the site or in a
PDF. A link is allowed only to a target inside the project, and for the published folders only
inside that same folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Diagnostic

READ_FOLDERS = ("curriculum", "templates", "cohorts")
PUBLISHED_FOLDERS = ("site", "assets")


def _target(link: Path) -> Path | None:
    try:
        return link.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop of links
        return None


def _problem(link: Path, limit: Path, folder: str, published: bool) -> str | None:
    target = _target(link)
    if target is None:
        return "this symbolic link loops; replace it with the file itself"
    if target.is_relative_to(limit):
        return None
    if published:
        return (f"this symbolic link points outside {folder}/, and its target would be published; "
                f"copy the file into {folder}/ instead")
    return ("this symbolic link points outside the project, which is never read; copy the file into the "
            "project instead")


def escaping_links(root: Path) -> list[Diagnostic]:
    """Every symbolic link under the project's content folders whose target is not allowed."""
    root = Path(root).resolve()
    diags: list[Diagnostic] = []
    for folder in READ_FOLDERS + PUBLISHED_FOLDERS:
        base = root / folder
        if base.is_symlink():
            message = _problem(base, root, folder, published=False)
            if message:
                diags.append(Diagnostic(folder, 1, 1, message))
            continue
        if not base.is_dir():
            continue
        limit = base if folder in PUBLISHED_FOLDERS else root
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    message = _problem(path, limit, folder, folder in PUBLISHED_FOLDERS)
                    if message:
                        diags.append(Diagnostic(path.relative_to(root).as_posix(), 1, 1, message))
    return diags
