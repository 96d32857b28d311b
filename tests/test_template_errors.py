"""A broken template, site or print, is reported as `templates/...:line: message`, exit 1, output untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run_cli

# (file in the project, its text, the location expected in the message)
SITE_CASES = {
    "root page, undefined variable": (
        "templates/site/root.html",
        (REPO / "templates/site/root.html").read_text("utf-8").replace("<p>{{ organisation }}</p>",
                                                                      "<p>{{ organisation }}{{ nope }}</p>"),
        "templates/site/root.html:{line}: ",
    ),
    "site page, undefined attribute": (
        "templates/site/home.md",
        (REPO / "templates/site/home.md").read_text("utf-8").replace("# {{ programme.name",
                                                                    "{{ nope.x }}\n# {{ programme.name"),
        "templates/site/home.md:{line}: ",
    ),
    "site page, syntax error": (
        "templates/site/glossary.md",
        "---\ntitle: x\n---\n{% if %}\n",
        "templates/site/glossary.md:4: ",
    ),
    "labels, invalid YAML": (
        "templates/site/labels.yml",
        "en:\n  home: [unclosed\n",
        "templates/site/labels.yml:",
    ),
    "theme override, undefined": (
        "site/overrides/main.html",
        '{% extends "base.html" %}\n{% block site_meta %}{{ super() }}{{ nope.x }}{% endblock %}\n',
        "site/overrides/main.html:2: ",
    ),
}

PRINT_CASES = {
    "print template, syntax error": (
        "templates/print/mentor-workbook.html",
        '{% extends "builtin/print/mentor-workbook.html" %}\n{% block cover %}{% if %}{% endblock %}\n',
        "templates/print/mentor-workbook.html:2: ",
    ),
    "print template, undefined": (
        "templates/print/mentor-workbook.html",
        '{% extends "builtin/print/mentor-workbook.html" %}\n{% block cover %}\n{{ nope.x }}{% endblock %}\n',
        "templates/print/mentor-workbook.html:3: ",
    ),
}


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _break(mini: Path, rel: str, text: str, where: str) -> str:
    path = mini / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    if "{line}" in where:
        where = where.format(line=_line_of(text, "nope"))
    return where


def _previous_output(mini: Path) -> Path:
    marker = mini / "dist" / "site" / "index.html"
    marker.parent.mkdir(parents=True)
    marker.write_text("the last good site", "utf-8")
    return marker


def _assert_reported(code: int, err: str, where: str, mini: Path, marker: Path) -> None:
    assert code == 1, err
    assert "Traceback" not in err, err
    assert where in err, err
    assert str(mini) not in err, "a machine path in the message"
    assert marker.read_text("utf-8") == "the last good site"
    assert not [p for p in (mini / "dist").parent.iterdir() if p.name.startswith(".dist.tmp")]


@pytest.mark.parametrize("case", sorted(SITE_CASES))
def test_site_template_errors_are_located(mini, case):
    rel, text, where = SITE_CASES[case]
    where = _break(mini, rel, text, where)
    marker = _previous_output(mini)
    code, out, err = run_cli("build", "--project", str(mini), "--only", "site", "--quiet")
    _assert_reported(code, err, where, mini, marker)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PRINT_CASES))
def test_print_template_errors_are_located(mini, case):
    rel, text, where = PRINT_CASES[case]
    where = _break(mini, rel, text, where)
    marker = _previous_output(mini)
    code, out, err = run_cli("build", "--project", str(mini), "--only", "pdf", "--quiet")
    _assert_reported(code, err, where, mini, marker)
