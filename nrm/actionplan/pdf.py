"""The annual implementation report (domain/004.md §3.4: the Office of the National
Coordinator's report at the end of each year, published) as a PDF, by WeasyPrint, in a
language of the profile (Albanian, English). Figures and the activities' statuses only: the
institutions' narratives stay out (they are working papers, and may name people)."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from nrm.actionplan import selectors
from nrm.core.errors import NotFound
from nrm.core.pdf import render_pdf


def summary(*, plan, year: int, language: str) -> dict:
    """The year's figures as of 31 December (aggregates only)."""
    as_of = date(year, 12, 31)
    weights = {o.code: float(o.weight) for o in plan.objectives.filter(parent=None)}
    return {"plan": plan, "year": year, "as_of": as_of, **selectors.figures(plan, as_of, weights)}


def annual_report(*, actor, plan_id: int, year: int, language: str) -> tuple[bytes, str]:
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    if not plan.first_year <= year <= plan.last_year or not selectors.may_see_progress(actor):
        raise NotFound()
    with translation.override(language):
        html = render_to_string(
            "actionplan/pdf/annual.html", summary(plan=plan, year=year, language=language)
        )
    return render_pdf(html), f"{plan.code}-{year}-{language}.pdf"
