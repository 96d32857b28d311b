"""`rm-course init` and `rm-course new module`: new projects and skeleton files that pass `check`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..content.baselock import record
from ..content.checks import today
from ..content.models import ID_PATTERN, TRACKS
from ..content.schema import write_schemas
from ..errors import RmCourseError
from ..resources import defaults_root

GITIGNORE = """\
# Build outputs
/dist/
/build/
# Personal data: plans and calendars of real people, and the rosters they come from
/private/
/rosters/
*.xlsx
*.csv
"""

PROJECT_README = """\
# {name}

A reverse mentoring programme built with rm-course.

- `rm-course check` validates the curriculum (run it before every commit).
- `rm-course build` writes the training site and PDFs to `dist/`, and each cohort's plans to
  `private/<cohort>/` (personal data: never publish that folder).
- `rm-course serve` previews the site while you edit.

To run a cohort, put its roster (YAML, CSV or XLSX) in `rosters/` (ignored by git), write a cohort
file in `cohorts/` naming it, and list that file under `cohorts:` in `curriculum/programme.yml`.
"""


EXTENDS = """\
# Built on the curriculum shipped with rm-course: this project holds only what it changes.
# Its own modules go in curriculum/modules/<track>/; a module, tool or glossary term with a
# built-in id replaces the built-in one once listed under `replace:`. `rm-course base` lists what
# the project overrides and what a new version of rm-course changed.
extends: builtin
replace: {modules: [], tools: [], terms: []}
exclude: {modules: [], tools: []}   # built-in modules and tools left out
patches: []   # e.g. - {tool: slack, set: {name: Talkspirit}}
"""


def init_project(directory: Path, *, copy: bool = False) -> Path:
    """A new project folder: its programme.yml on top of the built-in curriculum, templates, site and
    assets (or, with `copy`, a full copy of them, which no later correction of rm-course reaches)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise RmCourseError(f"{directory} is not empty; choose a new folder")
    src = defaults_root()
    directory.mkdir(parents=True, exist_ok=True)
    if copy:
        for part in ("curriculum", "templates", "site", "assets"):
            if (src / part).is_dir():
                shutil.copytree(src / part, directory / part, ignore=shutil.ignore_patterns("__pycache__", ".keep"))
    else:
        (directory / "curriculum").mkdir()
        shutil.copyfile(src / "curriculum" / "programme.yml", directory / "curriculum" / "programme.yml")
    # A new programme lists no cohort and invents no one.
    programme = directory / "curriculum" / "programme.yml"
    text = programme.read_text("utf-8")
    text = re.sub(r"(?ms)^cohorts:\n(?:\s+-.*\n?)*", "cohorts: []\n", text)
    programme.write_text(text if copy else text + EXTENDS, "utf-8")
    if not copy:
        record(directory)
    for folder in ("rosters", "cohorts"):
        (directory / folder).mkdir(exist_ok=True)
    (directory / "cohorts" / "README.md").write_text(
        "One YAML file per cohort (id, name, roster, start, weekday, time…). See `rm-course schema`.\n", "utf-8")
    (directory / ".gitignore").write_text(GITIGNORE, "utf-8")
    write_schemas(directory / "schemas")  # the YAML files' `$schema` lines point here
    (directory / "README.md").write_text(PROJECT_README.format(name=directory.name), "utf-8")
    return directory


SKELETON = """\
# yaml-language-server: $schema=../../../schemas/module.schema.json
# A new module. Every text has a French (fr) and an English (en) version; bodies are Markdown.
id: {id}
track: {track}
order: 100                    # position within the track (smaller first)
audiences: [mentor, mentee]   # mentor, mentee, manager, coordinator
level: beginner               # beginner, intermediate, advanced
minutes: 60                   # at least the sum of the activities' minutes
tools: []                     # ids from curriculum/tools.yml
prerequisites: []             # ids of modules to take first
reviewed_on: {today}          # update whenever you check the content against the tools
title:
  fr: "Titre du module"
  en: "Module title"
summary:
  fr: "Deux ou trois phrases qui disent à quoi sert le module."
  en: "Two or three sentences saying what the module is for."
objectives:                   # reverse mentoring goes both ways
  mentee:
    - fr: "Ce que le mentoré saura faire."
      en: "What the mentee will be able to do."
  mentor:
    - fr: "Ce que le mentor apprend en retour."
      en: "What the mentor learns in return."
sections:
  - title:
      fr: "Première section"
      en: "First section"
    body:
      fr: |
        Le texte d'enseignement, en Markdown.
      en: |
        The teaching text, in Markdown.
scenario:
  title: {{fr: "Une situation de travail", en: "A workplace situation"}}
  body:
    fr: "Une personne, un contexte, un dilemme."
    en: "A person, a context, a dilemma."
activities:
  - id: first-activity
    kind: hands-on            # demo, hands-on, discussion, role-play, reflection, quiz
    minutes: 20
    own_tools: true           # done on the mentee's own accounts or tools
    title: {{fr: "Activité", en: "Activity"}}
    instructions:
      fr: "1. Première étape."
      en: "1. First step."
    facilitator_notes:
      fr: "Les difficultés que l'on rencontre souvent, et quoi faire."
      en: "The difficulties people typically meet, and what to do."
discussion_questions:
  - {{fr: "Une question à discuter ?", en: "A question to discuss?"}}
checklist:
  - {{fr: "Une chose à cocher", en: "One thing to check off"}}
key_takeaways:
  - {{fr: "Une idée à retenir.", en: "One idea to remember."}}
glossary: []                  # ids from curriculum/glossary.yml
sources: []                   # {{title, url, consulted: YYYY-MM-DD}} for every fact stated
"""


def new_module(project_dir: Path, module_id: str, track: str) -> Path:
    if not re.fullmatch(ID_PATTERN, module_id):
        raise RmCourseError(f"{module_id!r} is not a valid id: use lowercase letters, digits and dashes")
    if track not in TRACKS:
        raise RmCourseError(f"unknown track {track!r}; tracks are {', '.join(TRACKS)}")
    curriculum = Path(project_dir) / "curriculum"
    if not (curriculum / "programme.yml").is_file():
        raise RmCourseError(f"no programme in {project_dir}; run `rm-course init DIR` first or pass --project")
    existing = list((curriculum / "modules").glob(f"*/{module_id}.yml"))
    if existing:
        raise RmCourseError(f"a module {module_id!r} already exists: {existing[0]}")
    path = curriculum / "modules" / track / f"{module_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The same "today" as the checker (SOURCE_DATE_EPOCH when set), so a new module checks clean.
    path.write_text(SKELETON.format(id=module_id, track=track, today=today().isoformat()), "utf-8")
    return path
