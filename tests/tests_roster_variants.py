"""Write a roster as the spreadsheets coordinators export: CSV (both separators, BOM, Windows-1252) and XLSX."""

from __future__ import annotations

from pathlib import Path

from rm_course.content.models import Roster
from rm_course.planning.roster import COLUMNS


def rows(roster: Roster, dims: list[str], date_style: str = "iso") -> list[list[str]]:
    header = COLUMNS + [f"score_{d.replace('-', '_')}" for d in dims]
    out = [header]
    for p in roster.pairs:
        def fmt(d):
            return d.isoformat() if date_style == "iso" else d.strftime("%d/%m/%Y")
        row = {
            "id": p.id, "language": p.language, "goals": " ".join(p.goals),
            "unavailable": " ".join(fmt(d) for d in p.unavailable),
            "weekday": p.weekday.value if p.weekday else "", "time": p.time.strftime("%Hh%M") if p.time else "",
            "cadence_weeks": str(p.cadence_weeks or ""), "session_minutes": str(p.session_minutes or ""),
        }
        for who in ("mentor", "mentee"):
            person = getattr(p, who)
            for f in ("name", "role", "department", "email"):
                row[f"{who}_{f}"] = getattr(person, f) or ""
        for d in dims:
            row[f"score_{d.replace('-', '_')}"] = str(p.scores.get(d, ""))
        out.append([row[h] if h in row else row.get(h, "") for h in header])
    return out


def write_variants(roster: Roster, folder: Path) -> list[Path]:
    import csv
    import io

    import openpyxl

    dims = sorted({d for p in roster.pairs for d in p.scores})
    table = rows(roster, dims)
    paths = []
    for name, delimiter, encoding, style in (
        ("comma-utf8.csv", ",", "utf-8", "iso"),
        ("semicolon-bom.csv", ";", "utf-8-sig", "fr"),
        ("semicolon-cp1252.csv", ";", "cp1252", "fr"),
    ):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows(roster, dims, style))
        path = folder / name
        path.write_bytes(buf.getvalue().encode(encoding))
        paths.append(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in table:
        ws.append(r)
    path = folder / "roster.xlsx"
    wb.save(path)
    paths.append(path)
    return paths
