"""`rm-course schema`: JSON Schemas of every file kind, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path

from .models import (
    Assessment,
    Cohort,
    Glossary,
    Module,
    Programme,
    Roster,
    SessionCatalogue,
    Timeline,
    ToolCatalogue,
    TrackCatalogue,
)
from .models.matching import SignUps

SCHEMAS = {
    "module": Module,
    "programme": Programme,
    "cohort": Cohort,
    "roster": Roster,
    "signups": SignUps,
    "glossary": Glossary,
    "timeline": Timeline,
    "assessment": Assessment,
    "sessions": SessionCatalogue,
    "tools": ToolCatalogue,
    "tracks": TrackCatalogue,
}


def schema_for(name: str) -> dict:
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    return schema


def write_schemas(out: Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written
