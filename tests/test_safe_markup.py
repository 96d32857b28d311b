"""Curriculum text that could run script on the site or reach a local file: refused by `check` and `build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

WEB = "curriculum/modules/digital-history/web-history.yml"
BODY = 'body: {fr: "Proposé en 1989 au CERN.", en: "Proposed at CERN in 1989."}'


def put_body(root: Path, english: str) -> tuple[int, int]:
    """Write a block-scalar section body; return the (line, col) where the English text starts."""
    path = root / WEB
    text = path.read_text("utf-8")
    lines = [f"        {line}" if line else "" for line in english.splitlines()]
    block = "body:\n      fr: \"Proposé en 1989 au CERN.\"\n      en: |\n" + "\n".join(lines) + "\n"
    assert BODY in text
    text = text.replace(BODY, block, 1)
    path.write_text(text, "utf-8")
    first = text.splitlines().index(lines[0]) + 1
    return first, 9


def check(root: Path, *extra: str):
    return run_cli("check", "--project", str(root), "--today", "2026-11-22", *extra)


HOSTILE = {
    "event handler": ("Look <img src=x onerror=alert(1)> here.", "<img src=x onerror=alert(1)>", "raw HTML"),
    "script": ("<script>alert(document.cookie)</script>", "<script>", "raw HTML"),
    "javascript link": ("[Click](javascript:alert(1))", "javascript:alert(1)", "javascript: address"),
    "mixed-case scheme": ("[Click](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "javascript: address"),
    "data link": ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html", "data: address"),
    "file link": ("[passwd](file:///etc/passwd)", "file:///etc/passwd", "file: address"),
    "loopback link": ("[admin](http://127.0.0.1:8080/admin)", "http://127.0.0.1:8080/admin", "this machine"),
    "localhost image": ("![a chart](http://localhost/x.png)", "http://localhost/x.png", "not a file of assets/"),
    "file image": ("![a chart](file:///etc/hosts)", "file:///etc/hosts", "not a file of assets/"),
    "handler in admonition": ('!!! note\n    <div onclick="steal()">hi</div>', '<div onclick="steal()">', "raw HTML"),
    "iframe block": ("<iframe src=\"https://evil.example\"></iframe>", "<iframe", "raw HTML"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_check_locates_unsafe_text(mini, case):
    text, snippet, expected = HOSTILE[case]
    first, _ = put_body(mini, f"Intro line.\n\n{text}\n")
    source = (mini / WEB).read_text("utf-8").splitlines()
    line = next(i for i, s in enumerate(source, 1) if snippet in s)
    col = source[line - 1].index(snippet) + 1
    code, out, err = check(mini)
    assert code == 1, err
    assert "Traceback" not in err
    assert f"{WEB}:{line}:{col}: sections[0].body.en: " in err, err
    assert expected in err


def test_every_problem_at_once_with_exit_1(mini):
    put_body(mini, "<b>bold</b> and [x](javascript:void(0))\n\n![p](file:///etc/passwd)\n")
    code, out, err = check(mini, "--format", "github")
    assert code == 1
    lines = [x for x in out.splitlines() if x.startswith("::error")]
    assert len(lines) == 3, out  # <b>, the link, the image


def test_addresses_in_data_fields_are_checked(mini):
    path = mini / WEB
    text = path.read_text("utf-8")
    path.write_text(text.replace("https://it-history-journal.pages.dev/en/", "http://localhost:8000/"), "utf-8")
    code, out, err = check(mini)
    assert code == 1
    assert f"{WEB}:" in err and "sources[0].url: the link 'http://localhost:8000/" in err


LEGITIMATE = [
    "Use `<script>` tags only in code.",
    "```html\n<img src=x onerror=alert(1)>\n```",
    "a < b, and 3 > 2; see <https://example.org> or write to <someone@example.org>.",
    "[The CNIL](https://www.cnil.fr/fr) · [call](tel:+33100000000) · [mail](mailto:a@example.org) · [up](#top)",
    "- [ ] a task\n- [x] done\n\nTerm\n:   definition\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "Escaped entities &lt;b&gt; stay text.",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_markdown_passes(mini, text):
    put_body(mini, text + "\n")
    code, out, err = check(mini, "--strict")
    assert code == 0, err


def test_shipped_curriculum_has_no_unsafe_text():
    from rm_course.content.load import load_project
    from rm_course.render.safe_markup import markup_problems

    project, _ = load_project(Path(__file__).resolve().parent.parent)
    assert project is not None
    assert [d.text() for d in markup_problems(project)] == []


def test_build_refuses_before_writing(mini):
    put_body(mini, "<img src=x onerror=alert(1)>\n")
    code, out, err = run_cli("build", "--project", str(mini), "--only", "site", "--quiet")
    assert code == 1
    assert "raw HTML" in err and "Traceback" not in err
    assert not (mini / "dist").exists()
