"""The LMS packages in the build: `--only lms`, part of the default build, incremental and atomic."""

from __future__ import annotations

import zipfile

import pytest

from rm_course.build.engine import BuildOptions, plan_roots, run_build
from rm_course.content.load import open_project
from rm_course.errors import RmCourseError

from conftest import run_cli


def _build(project, *only):
    return run_build(BuildOptions(project=project, only=set(only), quiet=True))


def test_the_default_build_makes_the_packages(mini):
    roots = plan_roots(BuildOptions(project=mini), open_project(mini))
    dist = next(r for r in roots if r.root.name == "dist")
    assert dist.lms and dist.site and "lms/" not in dist.keep_prefixes


def test_only_lms_writes_one_package_per_track_and_the_programme_and_leaves_the_site_alone(mini):
    code, _, err = run_cli("build", "--only", "lms", "--project", str(mini), "--quiet")
    assert code == 0, err
    for lang in ("fr", "en"):
        names = sorted(p.name for p in (mini / "dist" / "lms" / lang).iterdir())
        assert names == ["programme.zip", "track-business-uses.zip", "track-digital-history.zip",
                         "track-mentee-preparation.zip"]
    assert not (mini / "dist" / "site").exists()  # built aside for the packages, not published
    assert not (mini / "build" / "lms-site").exists()
    summary = err.strip().splitlines()[-1]
    assert "LMS packages built" in summary and "site" not in summary  # the site was only built aside
    manifest = zipfile.ZipFile(mini / "dist" / "lms" / "en" / "programme.zip").read("imsmanifest.xml")
    assert b"<schemaversion>1.2</schemaversion>" in manifest


def test_packages_are_made_again_only_when_the_site_or_the_settings_change(mini):
    _build(mini, "site", "lms")
    package = mini / "dist" / "lms" / "en" / "track-business-uses.zip"
    first = package.stat().st_ino
    _build(mini, "site", "lms")
    assert package.stat().st_ino == first  # carried over (hard link), not made again
    programme = mini / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "lms:\n  standard: scorm2004\n  packages: [modules]\n",
                         "utf-8")
    _build(mini, "lms")
    names = sorted(p.name for p in (mini / "dist" / "lms" / "en").iterdir())
    assert names == ["module-learner-posture.zip", "module-linkedin-basics.zip", "module-teams-meetings.zip",
                     "module-web-history.zip"]
    manifest = zipfile.ZipFile(mini / "dist" / "lms" / "en" / "module-web-history.zip").read("imsmanifest.xml")
    assert b"2004 3rd Edition" in manifest
    assert (mini / "dist" / "site" / "en" / "index.html").is_file()  # --only lms kept the site


def test_building_the_site_alone_keeps_the_packages(mini):
    _build(mini, "site", "lms")
    package = mini / "dist" / "lms" / "fr" / "programme.zip"
    data = package.read_bytes()
    _build(mini, "site")
    assert package.read_bytes() == data


def test_a_bad_lms_setting_is_located_and_the_last_packages_stay(mini):
    _build(mini, "lms")
    package = mini / "dist" / "lms" / "en" / "programme.zip"
    data = package.read_bytes()
    programme = mini / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "lms:\n  standard: scorm3\n", "utf-8")
    code, _, err = run_cli("build", "--only", "lms", "--project", str(mini), "--quiet")
    assert code != 0
    assert "programme.yml:" in err and "lms.standard" in err and "Traceback" not in err
    assert package.read_bytes() == data


def test_one_package_kind_may_be_written_as_a_single_value(mini):
    programme = mini / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "lms:\n  packages: programme\n", "utf-8")
    assert [k.value for k in open_project(mini).programme.lms.packages] == ["programme"]
    programme.write_text(programme.read_text("utf-8").replace("packages: programme", "packages: []"), "utf-8")
    with pytest.raises(RmCourseError):
        open_project(mini)


def test_a_failure_while_packaging_leaves_the_last_good_output(mini, monkeypatch):
    import rm_course.build.lms as lms_step
    from rm_course.errors import BuildError

    _build(mini, "site", "lms")
    package = mini / "dist" / "lms" / "en" / "programme.zip"
    data = package.read_bytes()
    programme = mini / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "lms:\n  standard: scorm2004\n", "utf-8")

    def half_done(project, site, dest, *args, **kwargs):
        (dest / "en").mkdir(parents=True)
        (dest / "en" / "programme.zip").write_bytes(b"partial")
        raise BuildError("the package programme could not be made")

    monkeypatch.setattr(lms_step, "build_lms", half_done)
    with pytest.raises(BuildError):
        _build(mini, "site", "lms")
    assert package.read_bytes() == data
    assert not list(mini.glob(".dist.tmp-*"))
