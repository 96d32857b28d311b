"""The build engine: atomic, incremental, parallel, reproducible."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rm_course.build.engine import BuildOptions, run_build
from rm_course.errors import RmCourseError

from conftest import run_cli, write_tree

pytestmark = pytest.mark.slow


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(root: Path, *only: str, **kw):
    return run_build(BuildOptions(project=root, only=set(only), quiet=True, **kw))


@pytest.fixture
def built(mini):
    """The fixture programme with PDFs and plans built once."""
    build(mini, "pdf", "plans", jobs=2)
    return mini


def test_noop_rebuild_renders_nothing(built):
    before = tree_digest(built / "dist")
    stats = build(built, "pdf", "plans")
    assert stats.built == 0 and stats.rendered == []
    assert tree_digest(built / "dist") == before


def test_one_module_edit_rerenders_only_what_includes_it(built):
    path = built / "curriculum/modules/mentee-preparation/learner-posture.yml"
    path.write_text(path.read_text().replace("Les questions naïves", "Les vraies questions naïves"))
    stats = build(built, "pdf", "plans")
    rendered = set(stats.rendered)
    assert rendered, "the edit changed nothing"
    assert not any("mentor-workbook" in r for r in rendered)
    assert not any(r.endswith(".ics") for r in rendered)
    assert any("mentee-booklet" in r for r in rendered)
    # The plans read the module (their first session's guide), the overview lists every module;
    # inserts, calendars and the group events never read it, so they are not even rendered.
    remade = sorted(r for r in stats.remade if r.startswith("test-cohort/"))
    assert remade == ["test-cohort/overview.pdf",
                      "test-cohort/pairs/a1/mentee-plan.pdf", "test-cohort/pairs/a1/mentor-plan.pdf",
                      "test-cohort/pairs/a2/mentee-plan.pdf", "test-cohort/pairs/a2/mentor-plan.pdf"]


def test_editing_a_module_nobody_reads_renders_nothing_private(built):
    path = built / "curriculum/modules/business-uses/linkedin-basics.yml"
    manifest = json.loads((built / "private/test-cohort/.rm-course-manifest.json").read_text())
    readers = sorted(d for d, used in manifest["uses"].items() if "linkedin-basics" in used or "*" in used)
    stats = build(built, "plans")
    assert stats.remade == []
    path.write_text(path.read_text() + "\n# A comment: the module file changed, its text did not.\n")
    stats = build(built, "plans")
    assert sorted(r.removeprefix("test-cohort/") for r in stats.remade) == readers
    assert stats.rendered == []  # rendered again, found identical, not printed


def test_one_pair_edit_rerenders_only_that_pair(built):
    path = built / "rosters/roster.yml"
    path.write_text(path.read_text().replace('role: "Directrice"', 'role: "Directrice générale"'))
    stats = build(built, "pdf", "plans")
    rendered = set(stats.rendered)
    assert any("pairs/a1/" in r for r in rendered)
    assert not any("pairs/a2/" in r for r in rendered)
    assert not any(r.startswith("dist/") for r in rendered)
    # Counted: the pair's four files and the four cohort-wide ones, nothing of the other pair.
    remade = sorted(r.removeprefix("test-cohort/") for r in stats.remade)
    assert remade == ["group-events.ics", "group-events.pdf", "overview.csv", "overview.pdf",
                      "pairs/a1/booklet-insert.pdf", "pairs/a1/mentee-plan.pdf", "pairs/a1/mentor-plan.pdf",
                      "pairs/a1/sessions.ics"]


def test_force_rebuilds_everything(built):
    stats = build(built, "pdf", force=True)
    assert stats.built == 8 and stats.skipped == 0


def test_failed_build_leaves_previous_output_and_no_temp_folder(built):
    before = tree_digest(built / "dist")
    write_tree(built, {"templates/print/book.html": "{{ no_such_variable.anything }}"})
    code, _, err = run_cli("build", "--project", str(built), "--only", "pdf", "--force", "--quiet")
    assert code == 1 and "Traceback" not in err
    assert tree_digest(built / "dist") == before
    assert not list(built.glob(".dist.*"))


def test_interrupted_build_leaves_previous_output(built, monkeypatch):
    import rm_course.build.engine as engine

    before = tree_digest(built / "dist")

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "render_outputs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(built, "pdf", force=True)
    assert tree_digest(built / "dist") == before
    assert not list(built.glob(".dist.*"))


def test_only_pdf_keeps_the_site_and_only_plans_keeps_dist(built):
    (built / "dist/site").mkdir(exist_ok=True)
    (built / "dist/site/marker.txt").write_text("site")
    before = tree_digest(built / "dist")
    build(built, "plans", force=True)
    assert tree_digest(built / "dist") == before
    build(built, "pdf", force=True)
    assert (built / "dist/site/marker.txt").read_text() == "site"


def test_building_one_cohort_leaves_another_untouched(built):
    other = built / "private" / "other-cohort"
    other.mkdir()
    (other / "keep.txt").write_text("untouched")
    cohort = built / "private" / "test-cohort"
    before = tree_digest(cohort)
    code, _, err = run_cli("build", "--project", str(built), "--only", "plans", "--cohort", "test-cohort",
                           "--force", "--quiet")
    assert code == 0, err
    assert (other / "keep.txt").read_text() == "untouched"
    assert set(tree_digest(cohort)) == set(before)


def test_output_does_not_depend_on_jobs(mini, tmp_path):
    import shutil

    twin = tmp_path / "twin"
    shutil.copytree(mini, twin)
    build(mini, "pdf", "plans", jobs=1)
    build(twin, "pdf", "plans", jobs=2)
    for part in ("dist/pdf", "private"):
        assert tree_digest(mini / part) == tree_digest(twin / part), part


def test_clean_cohort_removes_private_outputs(built):
    code, out, _ = run_cli("clean-cohort", "test-cohort", "--yes", "--project", str(built))
    assert code == 0 and not (built / "private" / "test-cohort").exists()
    code, out, _ = run_cli("clean-cohort", "../etc", "--yes", "--project", str(built))
    assert code != 0


def test_relative_project_path_builds_the_site_in_dist(mini, monkeypatch):
    """MkDocs resolves a relative site_dir against mkdocs.yml: the engine must pass absolute paths."""
    monkeypatch.chdir(mini)
    code, _, err = run_cli("build", "--only", "site", "--quiet")
    assert code == 0, err
    for lang in ("fr", "en"):
        assert (mini / "dist" / "site" / lang / "index.html").is_file()
    assert (mini / "dist" / "site" / "index.html").is_file()


def test_ctrl_c_in_a_terminal_stops_the_workers_and_keeps_the_output(built):
    """A terminal sends Ctrl-C to the whole process group, workers included."""
    import os
    import signal
    import subprocess
    import sys
    import time

    before = tree_digest(built / "private")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rm_course", "build", "--project", str(built), "--only", "plans", "--force",
         "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # A runner started in the background ignores SIGINT, and children inherit that: restore it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = []
    for line in proc.stderr:  # wait until the workers are printing
        seen.append(line)
        if line.startswith("Rendering"):
            break
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    err = "".join(seen) + rest
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "previous output is unchanged" in err
    assert tree_digest(built / "private") == before
    assert not list((built / "private").glob(".test-cohort.*"))
