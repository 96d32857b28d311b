"""The programme's name reaches every place of the site's pages escaped once, attributes included."""

from __future__ import annotations

import html
import re

from conftest import run_cli

NAME = {"fr": 'Mentorat R&D "Lab"', "en": 'Mentoring R&D "Lab"'}


def test_the_programme_name_is_escaped_once_in_titles_and_labels(mini):
    programme = mini / "curriculum" / "programme.yml"
    text = programme.read_text("utf-8")
    text = re.sub(r"^name: .*$", f"name: {{fr: '{NAME['fr']}', en: '{NAME['en']}'}}", text, count=1, flags=re.M)
    programme.write_text(text, "utf-8")
    code, out, err = run_cli("build", "--project", str(mini), "--only", "site")
    assert code == 0, out + err
    for lang, name in NAME.items():
        page = (mini / "dist" / "site" / lang / "index.html").read_text("utf-8")
        assert "&amp;amp;" not in page and "&amp;#" not in page
        for attr in ("title", "aria-label"):
            values = [html.unescape(v) for v in re.findall(rf'{attr}="([^"]*Lab[^"]*)"', page)]
            assert values and set(values) == {name}, (attr, values)
