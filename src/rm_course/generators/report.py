"""A cohort's evaluation report as outputs: one PDF per language of the programme, and its charts
as SVG and PNG files for a slide deck (under private/<cohort>/report/).

Only the aggregates of `planning.evaluation` reach these files: the answers themselves never do.
"""

from __future__ import annotations

from collections.abc import Callable

from ..content.project import Project
from ..planning.cohorts import CohortRef
from ..planning.evaluation import Evaluation
from ..render import charts
from ..render.printenv import page_context, print_env, render_document
from .digests import print_deps
from .outputs import Output
from .private import PLAN_CSS

REPORT_CSS = (*PLAN_CSS, "print/report.css")
CHARTS = ("change", "sessions", "satisfaction", "nps", "goals")


def report_labels(project: Project, lang: str) -> dict:
    """The words of print/report-labels.html in one language (a project may override the file)."""
    env = print_env(project, lang)
    return env.get_template("print/report-labels.html").module.labels[lang]  # type: ignore[attr-defined]


def figures(project: Project, ev: Evaluation, held: dict[str, set[int]] | None, planned: dict[str, int],
            lang: str, L: dict) -> dict[str, object]:
    """The matplotlib figures of one language, by name; a suppressed or missing figure is absent."""
    plt = charts.pyplot(str(project.root))
    titles = {d.id: d.title[lang] for d in project.assessment.dimensions}
    C = L["chart"]
    out: dict[str, object] = {}
    if any(not d.suppressed for d in ev.dimensions):
        out["change"] = charts.dumbbell(plt, ev.dimensions, titles, C)
    if held is not None:
        out["sessions"] = charts.sessions_held(plt, charts.per_session(planned, held), C)
    if not ev.satisfaction.suppressed:
        out["satisfaction"] = charts.satisfaction(plt, ev.satisfaction, C)
    if not ev.nps.suppressed:
        out["nps"] = charts.nps(plt, ev.nps, C)
    if not ev.goals.suppressed:
        out["goals"] = charts.goals(plt, ev.goals, C)
    return out


def _chart_files(name: str, lang: str, svg: str, png: bytes) -> list[Output]:
    svg_file = '<?xml version="1.0" encoding="utf-8"?>\n' + svg
    return [Output(f"figures/{lang}/{name}.svg", f"report figure {name} {lang}", data=svg_file.encode("utf-8")),
            Output(f"figures/{lang}/{name}.png", f"report figure {name} {lang}", data=png)]


def report_outputs(project: Project, ref: CohortRef, ev: Evaluation, held: dict[str, set[int]] | None,
                   planned: dict[str, int]) -> list[Output]:
    """The report in every language of the programme, and each chart as SVG and PNG."""
    outs: list[Output] = []
    deps = print_deps(project, REPORT_CSS)
    for lang in project.programme.languages:
        L = report_labels(project, lang)
        figs = figures(project, ev, held, planned, lang, L)
        svgs = {name: charts.to_svg(fig) for name, fig in figs.items()}
        for name, fig in figs.items():
            outs += _chart_files(name, lang, svgs[name], charts.to_png(fig))
            fig.clear()
        charts.pyplot(str(project.root)).close("all")
        title = f"{project.programme.name[lang]} — {L['title']} · {ref.cohort.name}"
        outs.append(Output(f"report-{lang}.pdf", f"{ref.id} report {lang}", lang=lang, title=title, deps=deps,
                           stylesheets=REPORT_CSS, make=_document(project, ref, ev, svgs, lang, L, title)))
    return outs


def _document(project: Project, ref: CohortRef, ev: Evaluation, svgs: dict[str, str], lang: str, L: dict,
              title: str) -> Callable[[], str]:
    def make() -> str:
        ctx = {**page_context(project, lang), "project": project, "cohort": ref.cohort, "doc_title": title,
               "doc_kind": "plan report", "ev": ev, "R": L,
               "charts": {name: charts.data_url(svg) for name, svg in svgs.items()},
               "dims": {d.id: d.title[lang] for d in project.assessment.dimensions}}
        return render_document(print_env(project, lang), "print/report.html", lang, ctx)
    return make
