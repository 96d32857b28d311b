"""Authoring help: init, new module, schema, the template search path, --help speed."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rm_course.content.schema import SCHEMAS, schema_for
from rm_course.render.templating import make_env, search_path

from conftest import REPO, TODAY, run_cli, write_tree


def test_init_creates_a_project_that_passes_check(tmp_path):
    target = tmp_path / "prog"
    code, out, err = run_cli("init", str(target))
    assert code == 0, err
    for part in ("curriculum/programme.yml", "base.lock", ".gitignore", "schemas"):
        assert (target / part).exists(), part
    assert not any((target / part).exists() for part in ("curriculum/modules", "templates", "site", "assets"))
    ignore = (target / ".gitignore").read_text()
    assert "/private/" in ignore and "/rosters/" in ignore
    # A new programme lists no cohort and invents no one.
    assert "cohorts: []" in (target / "curriculum/programme.yml").read_text()
    assert not list(target.rglob("*example-cohort*"))
    code, _, err = run_cli("check", "--project", str(target), "--today", TODAY)
    assert code == 0, err


def test_init_copy_copies_the_whole_curriculum_templates_site_and_assets(tmp_path):
    target = tmp_path / "prog"
    assert run_cli("init", "--copy", str(target))[0] == 0
    for part in ("curriculum/modules", "curriculum/tools.yml", "templates", "site", "assets/fonts"):
        assert (target / part).exists(), part
    assert not (target / "base.lock").exists()


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.txt").write_text("keep me")
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 1 and "not empty" in err
    assert (tmp_path / "x.txt").read_text() == "keep me"


def test_new_module_skeleton_is_valid(mini):
    code, out, err = run_cli("new", "module", "slack-huddles", "--track", "business-uses", "--project", str(mini))
    assert code == 0, err
    path = mini / "curriculum/modules/business-uses/slack-huddles.yml"
    assert path.is_file() and path.read_text().startswith("# yaml-language-server: $schema=")
    code, _, err = run_cli("check", "--project", str(mini))
    assert code == 0, err
    code, _, err = run_cli("new", "module", "slack-huddles", "--track", "business-uses", "--project", str(mini))
    assert code == 1 and "already exists" in err


def test_new_module_rejects_bad_ids(mini):
    code, _, err = run_cli("new", "module", "Bad Id", "--track", "business-uses", "--project", str(mini))
    assert code == 1 and "not a valid id" in err


def test_schemas_are_written_and_describe_every_field(tmp_path):
    code, out, _ = run_cli("schema", "--out", str(tmp_path))
    assert code == 0
    module = json.loads((tmp_path / "module.schema.json").read_text())
    assert module["additionalProperties"] is False
    for name, prop in module["properties"].items():
        assert prop.get("description"), f"module.{name} has no description"


def test_committed_schemas_are_up_to_date():
    for name in SCHEMAS:
        committed = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        assert committed == schema_for(name), f"schemas/{name}.schema.json is stale: run `rm-course schema`"


def test_shipped_yaml_files_point_at_their_schema():
    files = list((REPO / "curriculum").rglob("*.yml")) + list((REPO / "cohorts").glob("*.yml"))
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"


def test_template_search_path_project_first_then_builtin(mini):
    write_tree(mini, {
        "templates/print/probe.html": "project {% include 'builtin/print/probe-base.html' ignore missing %}",
    })
    paths = search_path(mini)
    assert paths[0] == mini / "templates" and paths[-1].name == "templates" and len(paths) == 2
    env = make_env(mini)
    assert env.get_template("print/probe.html").render().startswith("project")


def test_project_template_can_extend_the_builtin(mini, tmp_path):
    builtin = sorted((REPO / "templates").rglob("*.html"))[0].relative_to(REPO / "templates").as_posix()
    write_tree(mini, {f"templates/{builtin}": "{% extends 'builtin/" + builtin + "' %}"})
    env = make_env(mini)
    assert env.get_template(builtin).filename.startswith(str(mini))


def test_strict_undefined(mini):
    import jinja2

    write_tree(mini, {"templates/x.html": "{{ nothing.here }}"})
    with pytest.raises(jinja2.UndefinedError):
        make_env(mini).get_template("x.html").render()


def test_help_does_not_import_mkdocs_or_weasyprint():
    code = ("import sys; from rm_course.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('weasyprint', 'mkdocs', 'material') if m in sys.modules]\n"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.slow
def test_wheel_carries_the_builtin_programme(tmp_path):
    """A non-editable install (pip install .) can still init: curriculum/templates/site/assets are in the wheel."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("rm_course-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for part in ("curriculum/programme.yml", "templates/", "site/", "assets/fonts/"):
        assert any(n.startswith(f"rm_course/_defaults/{part}") for n in names), part
