"""A project on top of the built-in curriculum: init, replacements, exclusions, patches, base.lock."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from rm_course.commands.scaffold import init_project
from rm_course.content import extends
from rm_course.content.load import load_project, open_project
from rm_course.errors import ContentError
from rm_course.generators import private as plans
from rm_course.generators.books import BOOKS, render_book
from rm_course.generators.site.files import site_files

from conftest import REPO, html_of, run_cli, write_tree

COHORT = """\
id: co-2027
name: "Cohorte"
roster: ../rosters/roster.yml
start: 2027-03-01
weekday: thursday
time: "14:00"
"""
ROSTER = """\
pairs:
  - id: p1
    mentor: {name: "Zéphyrin Quatremer", role: "Analyste", department: "Finance", email: "z@example.com"}
    mentee: {name: "Bérénice Ollivier", role: "Directrice", department: "RH", email: "b@example.com"}
    language: fr
    goals: [teams-essentials, privacy-security]
"""
POLICY = "Politique interne de Exemplum : un seul outil de messagerie."


def make(tmp_path: Path, programme_tail: str = "", files: dict[str, str] | None = None) -> Path:
    root = init_project(tmp_path / "company")
    programme = root / "curriculum" / "programme.yml"
    text = programme.read_text("utf-8").replace("cohorts: []\n", "cohorts: [cohorts/co.yml]\n")
    for key in ("replace", "exclude", "patches"):  # init's empty ones give way to the test's
        if f"{key}:" in programme_tail:
            text = re.sub(rf"(?m)^{key}:.*\n", "", text)
    programme.write_text(text + programme_tail, "utf-8")
    write_tree(root, {"cohorts/co.yml": COHORT, "rosters/roster.yml": ROSTER, **(files or {})})
    return root


def own_module(module_id: str, title: str) -> str:
    """A built-in module's file with another French title, as a company's replacement."""
    path = next((REPO / "curriculum" / "modules").glob(f"*/{module_id}.yml"))
    text = path.read_text("utf-8")
    return re.sub(r"(?m)^title:\n  fr: .*$", f'title:\n  fr: "{title}"', text, count=1)


def site_text(project, lang: str = "fr") -> str:
    return "\n".join(data.decode("utf-8", "replace") for rel, data in site_files(project)[lang].items()
                     if rel.endswith(".md"))


def books_text(project, lang: str = "fr") -> str:
    return "\n".join(html.unescape(render_book(project, name, lang)) for name in BOOKS)


def plans_text(project) -> str:
    ref = plans.selected_cohorts(project, [], None)[0]
    return "\n".join(html.unescape(html_of(o) or "") for o in plans.cohort_outputs(project, ref)
                     if o.dest.startswith("pairs/p1/") and o.dest.endswith(".pdf"))


def check_errors(root: Path) -> str:
    code, out, err = run_cli("check", "--project", str(root))
    assert code == 1
    return out + err


# ---------------------------------------------------------------------------- init


def test_init_extends_the_base_without_copying_it(tmp_path):
    root = init_project(tmp_path / "company")
    assert not (root / "curriculum" / "modules").exists()
    assert not any((root / part).exists() for part in ("templates", "site", "assets"))
    assert sorted(p.name for p in (root / "curriculum").iterdir()) == ["programme.yml"]
    assert (root / "base.lock").is_file()
    project, builtin = open_project(root), open_project(REPO)
    assert list(dict.keys(project.modules)) == list(dict.keys(builtin.modules))
    assert project.glossary == builtin.glossary and project.tools == builtin.tools
    # The same site pages and the same books, but for where each chapter's file is named.
    assert site_files(project) == site_files(builtin)
    strip = re.compile(r' data-source="[^"]*"')
    for name in BOOKS:
        assert strip.sub("", render_book(project, name, "en")) == strip.sub("", render_book(builtin, name, "en"))


def test_init_copy_keeps_the_full_copy(tmp_path):
    root = init_project(tmp_path / "copied", copy=True)
    assert len(list((root / "curriculum" / "modules").glob("*/*.yml"))) == 42
    assert "extends" not in (root / "curriculum" / "programme.yml").read_text("utf-8")
    assert not (root / "base.lock").exists()
    open_project(root)


# ---------------------------------------------------------------------------- an upgrade of the base


@pytest.fixture
def base_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the built-in curriculum standing in for the base of a newer rm-course."""
    fake = tmp_path / "newer"
    shutil.copytree(REPO / "curriculum", fake / "curriculum")
    monkeypatch.setattr(extends, "defaults_root", lambda: fake)
    return fake / "curriculum"


def test_an_update_of_the_base_reaches_the_project_and_its_override_is_kept(tmp_path, base_copy):
    root = make(tmp_path, "replace: {modules: [teams-essentials]}\n",
                {"curriculum/modules/business-uses/teams-essentials.yml": own_module("teams-essentials", "Teams chez nous")})
    for module_id, title in (("linkedin-profile", "LinkedIn, édition 2028"), ("teams-essentials", "Teams 2028")):
        path = base_copy / "modules" / "business-uses" / f"{module_id}.yml"
        path.write_text(own_module(module_id, title).replace(str(REPO), ""), "utf-8")
    project = open_project(root)
    assert project.modules["linkedin-profile"].title["fr"] == "LinkedIn, édition 2028"
    assert project.modules["teams-essentials"].title["fr"] == "Teams chez nous"
    assert "LinkedIn, édition 2028" in site_text(project) and "Teams chez nous" in site_text(project)
    assert "Teams 2028" not in site_text(project) + books_text(project)

    code, out, _ = run_cli("base", "--project", str(root))
    assert code == 0
    assert "changed  module linkedin-profile\n" in out
    assert "changed  module teams-essentials  ← review: the project has it replaced" in out
    assert "replaced  module teams-essentials" in out
    run_cli("base", "--project", str(root), "--record")
    assert "nothing" in run_cli("base", "--project", str(root))[1]


def test_an_error_in_the_base_names_the_base_file(tmp_path, base_copy):
    root = make(tmp_path)
    path = base_copy / "modules" / "business-uses" / "linkedin-profile.yml"
    path.write_text(path.read_text("utf-8").replace("level: ", "level: expert #", 1), "utf-8")
    out = check_errors(root)
    assert f"{path}:" in out and "level" in out


# ---------------------------------------------------------------------------- replace, exclude, patch


def test_a_replaced_module_reaches_site_books_and_plans(tmp_path):
    root = make(tmp_path, "replace: {modules: [teams-essentials]}\n",
                {"curriculum/modules/business-uses/teams-essentials.yml": own_module("teams-essentials", "Teams chez nous")})
    project = open_project(root)
    assert project.module_file("teams-essentials").is_relative_to(root)
    for text in (site_text(project), books_text(project), plans_text(project)):
        assert "Teams chez nous" in text


def test_an_excluded_module_and_tool_are_gone_everywhere(tmp_path):
    root = make(tmp_path, "exclude: {modules: [slack-essentials], tools: [slack]}\n")
    project = open_project(root)
    assert "slack-essentials" not in project.modules
    assert "slack" not in {t.id for t in project.tools.tools}
    assert all("slack" not in m.tools for m in project.modules.values())
    assert all("slack-essentials" not in t.modules for t in project.glossary.terms)
    builtin_title = open_project(REPO).modules["slack-essentials"].title["fr"]
    for text in (site_text(project), books_text(project), plans_text(project)):
        assert builtin_title not in text


def test_patches_change_a_date_a_tool_name_and_add_a_section(tmp_path):
    root = make(tmp_path, f"""\
patches:
  - tool: slack
    set: {{name: Talkspirit}}
  - module: privacy-security
    set: {{reviewed_on: "2026-11-30", title: {{fr: "Sécurité chez Exemplum", en: "Security at Exemplum"}}}}
    add_sections:
      - title: {{fr: "Notre politique", en: "Our policy"}}
        body: {{fr: "{POLICY}", en: "Exemplum's policy: one messaging tool."}}
""")
    project = open_project(root)
    assert {t.id: t.name for t in project.tools.tools}["slack"] == "Talkspirit"
    module = project.modules["privacy-security"]
    assert str(module.reviewed_on) == "2026-11-30" and module.sections[-1].title["fr"] == "Notre politique"
    assert "Talkspirit" in books_text(project)
    for text in (site_text(project), books_text(project)):
        assert "Notre politique" in text and "Sécurité chez Exemplum" in text
    assert "Sécurité chez Exemplum" in plans_text(project)  # plans name the topic, not its sections


# ---------------------------------------------------------------------------- bad references


@pytest.mark.parametrize("tail, where, words", [
    ("replace: {modules: [teams-esentials]}\n", "replace.modules[0]", "no module 'teams-esentials'; did you mean"),
    ("exclude: {modules: [gone-module]}\n", "exclude.modules[0]", "no module 'gone-module'"),
    ("exclude: {tools: [slak]}\n", "exclude.tools[0]", "no tool 'slak'; did you mean 'slack'?"),
    ("patches:\n  - {module: gone-module, set: {reviewed_on: '2026-11-30'}}\n", "patches[0].module", "no module"),
    ("patches:\n  - {tool: slak, set: {name: Talkspirit}}\n", "patches[0].tool", "no tool 'slak'"),
    ("patches:\n  - {tool: slack, set: {nmae: Talkspirit}}\n", "patches[0].set.nmae", "did you mean 'name'?"),
    ("patches:\n  - {module: pair-charter, set: {id: other}}\n", "patches[0].set.id", "cannot change"),
    ("patches:\n  - {module: pair-charter, set: {reviewed_on: '2026-13-01'}}\n", "patches[0].set.reviewed_on",
     "valid date"),
])
def test_a_bad_reference_is_reported_at_its_line(tmp_path, tail, where, words):
    root = make(tmp_path, tail)
    out = check_errors(root)
    lines = (root / "curriculum" / "programme.yml").read_text("utf-8").splitlines()
    located = re.search(rf"curriculum/programme\.yml:(\d+):\d+: {re.escape(where)}: (.*)", out)
    assert located, out
    assert words in located.group(2)
    assert int(located.group(1)) > len(lines) - tail.count("\n")  # the line of the patch, not the top


def test_a_same_id_without_replace_is_an_error_in_the_project_file(tmp_path):
    root = make(tmp_path, files={"curriculum/modules/business-uses/teams-essentials.yml":
                                 own_module("teams-essentials", "Teams chez nous")})
    out = check_errors(root)
    assert "curriculum/modules/business-uses/teams-essentials.yml:" in out
    assert "list it under `replace: modules:`" in out and "duplicate" not in out


def test_excluding_a_module_the_base_sessions_run_needs_own_sessions(tmp_path):
    root = make(tmp_path, "exclude: {modules: [reverse-mentor-role]}\n")
    _, diags = load_project(root)
    assert any(d.field == "exclude.modules[0]" and "own curriculum/sessions.yml" in d.message for d in diags)
    with pytest.raises(ContentError):
        open_project(root)
