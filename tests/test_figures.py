"""Figures drawn at build time: well-formed SVG, an accessible name, labels and patterns (black and white)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from rm_course.render import figures_svg as fig

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> str:
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))


FIGURES = {
    "arc": lambda: fig.arc([(0, "Lancement", "solid"), (3, "Séance", "plain"), (6, "Point d'étape", "hatch"),
                            (9, "Clôture", "dots")], weeks_label="Semaines 0 à 9", alt="Le programme & ses séances"),
    "blocks": lambda: fig.blocks([("Lancement", [("Accueil", 15, "solid"), ("Charte", 20, "hatch")]),
                                  ("Séance", [("Rituel", 10, "solid"), ("Thème <b>", 40, "dots")])],
                                 minutes_label="{n} min", alt="Les blocs"),
    "cycle": lambda: fig.cycle(["Préparer", "Séance", "Pratiquer", "Retour"], alt="Le cycle du binôme"),
    "tree": lambda: fig.tree(fig.Node("Workspace", (fig.Node("#general", (fig.Node("Thread"),)),
                                                     fig.Node("Direct messages"))), alt="Slack"),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_is_well_formed_named_and_labelled(name):
    svg = FIGURES[name]()
    root = ET.fromstring(svg)  # escaped data keeps it well formed
    assert root.get("role") == "img" and root.get("aria-label")
    assert "Source Sans 3" in root.get("font-family")
    assert _texts(svg).strip()


def test_shapes_are_told_apart_by_pattern_not_only_colour():
    svg = FIGURES["blocks"]()
    assert 'fill="url(#rm-fig-hatch)"' in svg and 'fill="url(#rm-fig-dots)"' in svg
    assert "Thème <b>" in _texts(svg) and "40 min" in _texts(svg)


def test_the_arc_numbers_every_session_and_the_cycle_every_step():
    assert all(str(n) in _texts(FIGURES["arc"]()).split() for n in range(1, 5))
    cycle = _texts(FIGURES["cycle"]())
    assert all(f"{i}. {s}" in cycle for i, s in enumerate(["Préparer", "Séance", "Pratiquer", "Retour"], 1))
    assert FIGURES["cycle"]().count('marker-end="url(#rm-fig-arrow)"') == 4


def test_a_tree_links_each_box_to_its_parent():
    svg = FIGURES["tree"]()
    assert svg.count('fill="none" class="rm-fig-line"') == 3 and "Direct messages" in _texts(svg)
