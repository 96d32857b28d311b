"""Build the training site: write each language's MkDocs project into a work folder and run the engine (strict).

Also writes the language chooser at the root and copies the available PDFs into each language's
downloads. MkDocs is imported only here, when the site is built; Zensical runs in `zensical_build`.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from markupsafe import Markup

from ...content.project import Project
from ...errors import BuildError, templates_reported
from .files import root_page, site_files
from .finish import typeset_site
from .notfound import not_found_pages
from .pages import PDF_NAMES
from .zensical_build import DEGRADED, run_zensical

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, site_dir: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.propagate
    logger.addHandler(collect)
    # MkDocs' progress lines are noise here and its warnings come back in the BuildError, once.
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
        # The generated mkdocs.yml holds the programme's name HTML-escaped, as the theme prints it
        # as it is; marked as markup, it is not escaped a second time where the theme escapes it
        # (the logo's `title="{{ config.site_name | e }}"`).
        config["site_name"] = Markup(config["site_name"])
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with templates_reported():  # the theme overrides in site/overrides are templates too
                build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit, OSError) as exc:
        details = "\n".join(f"  {m}" for m in collect.messages)
        raise BuildError(
            f"MkDocs could not build {config_file.parent.name}: {exc}" + (f"\n{details}" if details else "")
        ) from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate = saved
    if collect.messages:  # strict mode aborts on these already; this catches any that slip past
        raise BuildError("MkDocs warned:\n" + "\n".join(f"  {m}" for m in collect.messages))


def engine_note(project: Project, purpose: str = "") -> str:
    """What the build says before it builds the site: the engine, and what Zensical does not do."""
    if project.programme.site.engine.value == "zensical":
        return f"Building the training site{purpose} (Zensical, strict)\nwarning: {DEGRADED}"
    return f"Building the training site{purpose} (MkDocs, strict)"


def _check_work_dir(project: Project, work_dir: Path) -> None:
    work = work_dir.resolve()
    for name in ("site", "curriculum", "templates", "assets"):
        inside = (Path(project.root) / name).resolve()
        if work == inside or work.is_relative_to(inside):
            raise BuildError(f"the site's build folder must not be inside {name}/: {work_dir}")


def available_pdfs(pdf_dir: Path | None, languages: list[str]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for lang in languages:
        folder = pdf_dir / lang if pdf_dir else None
        found[lang] = [folder / f"{n}.pdf" for n in PDF_NAMES if folder and (folder / f"{n}.pdf").is_file()]
    return found


def build_site(project: Project, dest: Path, *, work_dir: Path, pdf_dir: Path | None = None,
               quiet: bool = False) -> None:
    """Generate each language's MkDocs project into `work_dir/<lang>/` and build it into `dest/<lang>/`.

    Also writes `dest/index.html` (the language chooser) and copies the PDFs found in
    `pdf_dir/<lang>/` into `dest/<lang>/downloads/`. Raises BuildError on any MkDocs warning.
    """
    # Absolute: MkDocs resolves a relative site_dir against the folder of mkdocs.yml.
    dest, work_dir = Path(dest).resolve(), Path(work_dir).resolve()
    _check_work_dir(project, work_dir)
    pdfs = available_pdfs(pdf_dir, project.languages)
    sources = site_files(project, {lang: {p.name: p.stat().st_size for p in paths} for lang, paths in pdfs.items()})
    dest.mkdir(parents=True, exist_ok=True)
    engine = project.programme.site.engine.value
    for lang, files in sources.items():
        root = work_dir / lang
        if root.exists():
            shutil.rmtree(root)
        for rel, data in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for pdf in pdfs[lang]:
            # In docs/, so MkDocs checks the page's links to them and copies them with the site.
            shutil.copyfile(pdf, root / "docs" / "downloads" / pdf.name)
        (run_zensical if engine == "zensical" else run_mkdocs)(root / "mkdocs.yml", dest / lang)
        typeset_site(dest / lang, lang)
        if not quiet:
            log.info("built the %s site into %s", lang, dest / lang)
    (dest / "index.html").write_text(root_page(project), encoding="utf-8")
    # MkDocs' own 404 pages link the theme's files from the server's root; ours need nothing.
    for rel, page in not_found_pages(project).items():
        (dest / rel).write_text(page, encoding="utf-8")
