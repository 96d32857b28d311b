"""The LMS packages in a build: made from the same build's site, again only when their key changed.

Their key (`lms/` in the manifest) is the site's key, the `lms:` settings and the runtime: an
unchanged curriculum leaves the packages as they are. With `--only lms` the site is not rebuilt
into `dist/site/`; if the last one built is out of date, a current one is built aside for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..content.project import Project
from ..generators.digests import digest
from ..generators.lms.builder import build_lms, runtime_digest
from ..generators.lms.packages import count_packages
from ..generators.site.builder import build_site, engine_note
from .manifest import SITE_KEY, salt, site_changed
from .progress import Reporter
from .stage import Stage, carry_tree

LMS_KEY = "lms/"


def _settings(project: Project) -> tuple[str, list[str]]:
    lms = project.programme.lms
    return lms.standard.value, sorted(k.value for k in lms.packages)


def _site_key(project: Project, st_plan, old: dict, manifest: dict) -> tuple[str, bool]:
    """The key of the site the packages are made from, and whether the last one built is current."""
    if st_plan.site:  # built in this build (or found unchanged): its key is recorded already
        return manifest["outputs"][SITE_KEY], True
    probe = {"outputs": dict(manifest["outputs"]), "inputs": dict(manifest["inputs"])}
    stale = site_changed(project, st_plan, old, probe)
    return probe["outputs"][SITE_KEY], not stale


def lms_changed(project: Project, plan, old: dict, manifest: dict) -> bool:
    """Whether dist/lms must be made again; records its key in `manifest`."""
    site_key, _ = _site_key(project, plan, old, manifest)
    standard, kinds = _settings(project)
    key = digest(site_key, standard, kinds, runtime_digest(), salt())
    manifest["outputs"][LMS_KEY] = key
    return not (plan.root / "lms").is_dir() or old.get("outputs", {}).get(LMS_KEY) != key


def make_lms(st: Stage, project: Project, project_dir: Path, reporter: Reporter) -> str:
    """Fill the stage's `lms/`: carried over when its key is unchanged, made from the site otherwise."""
    if not lms_changed(project, st.plan, st.old, st.manifest):
        carry_tree(st.plan.root / "lms", st.folder / "lms")
        return "unchanged"
    standard, kinds = _settings(project)
    _, current = _site_key(project, st.plan, st.old, st.manifest)
    site, aside = st.folder / "site", None
    if not current:  # --only lms with an out-of-date site: build a current one aside, not in dist/site
        reporter.note(engine_note(project, " for the LMS packages"))
        aside = Path(project_dir) / "build" / "lms-site"
        shutil.rmtree(aside, ignore_errors=True)
        build_site(project, aside, work_dir=Path(project_dir) / "build" / "site-src", pdf_dir=st.folder / "pdf",
                   quiet=True)
        site = aside
    total = count_packages(project, kinds) * len(project.languages)
    reporter.start(f"Making {total} SCORM package(s) ({standard})", total=total)
    try:
        shutil.rmtree(st.folder / "lms", ignore_errors=True)
        build_lms(project, site, st.folder / "lms", standard, kinds, progress=reporter.advance)
    finally:
        reporter.stop()
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    return "built"
