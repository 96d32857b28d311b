"""What each SCORM package holds: its lesson pages (all must be opened), reference pages and title."""

from __future__ import annotations

from dataclasses import dataclass

from ...content.project import Project

GLOSSARY = "glossary/index.html"
# Never packaged: the error page, the downloads (PDFs belong in the LMS as files of their own).
LEFT_OUT = ("404.html", "downloads/")
KINDS = ("programme", "tracks", "modules")


@dataclass(frozen=True)
class Package:
    """One package: a zip named `name`.zip, launched on `pages[0]`."""

    name: str  # file name without .zip; also the manifest's identifier
    kind: str  # programme, track or module
    title: str
    lang: str
    pages: tuple[str, ...]  # lesson pages (paths of the built site), in reading order
    reference: tuple[str, ...] = (GLOSSARY,)  # packaged, but not needed for completion

    @property
    def all_pages(self) -> tuple[str, ...]:
        return self.pages + tuple(p for p in self.reference if p not in self.pages)


def module_page(track: str, module_id: str) -> str:
    return f"modules/{track}/{module_id}/index.html"


def track_page(track: str) -> str:
    return f"modules/{track}/index.html"


def _programme(project: Project, lang: str, site_pages: list[str]) -> Package:
    pages = ["index.html"] + sorted(
        p for p in site_pages
        if p != "index.html" and p != GLOSSARY and not p.startswith(LEFT_OUT)
    )
    return Package(name="programme", kind="programme", title=project.programme.name[lang], lang=lang,
                   pages=tuple(pages))


def _tracks(project: Project, lang: str) -> list[Package]:
    found = []
    for track in project.tracks.tracks:
        modules = sorted(project.modules_in(track.id.value), key=lambda m: (m.order, m.id))
        if not modules:
            continue
        pages = [track_page(track.id.value)] + [module_page(m.track.value, m.id) for m in modules]
        found.append(Package(name=f"track-{track.id.value}", kind="track", title=track.title[lang], lang=lang,
                             pages=tuple(pages)))
    return found


def _modules(project: Project, lang: str) -> list[Package]:
    return [
        Package(name=f"module-{m.id}", kind="module", title=m.title[lang], lang=lang,
                pages=(module_page(m.track.value, m.id),))
        for m in project.modules.values()
    ]


def plan_packages(project: Project, lang: str, kinds: list[str], site_pages: list[str]) -> list[Package]:
    """The packages of one language, for the kinds asked for (`programme`, `tracks`, `modules`).

    `site_pages` lists the HTML files of that language's built site (paths relative to it).
    """
    packages: list[Package] = []
    if "tracks" in kinds:
        packages += _tracks(project, lang)
    if "modules" in kinds:
        packages += _modules(project, lang)
    if "programme" in kinds:
        packages.append(_programme(project, lang, site_pages))
    return packages


def count_packages(project: Project, kinds: list[str]) -> int:
    """How many packages one language gets (for the progress bar)."""
    tracks = sum(1 for t in project.tracks.tracks if project.modules_in(t.id.value))
    return (tracks if "tracks" in kinds else 0) + (len(project.modules) if "modules" in kinds else 0) + (
        1 if "programme" in kinds else 0)
