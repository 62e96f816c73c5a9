"""The needs assessment (C4 child / C5 adult) and the individual reintegration plan (D1)
as printable documents, in the profile's default language (Albanian), rendered by
WeasyPrint. An IPP or an assistance plan prints on the same layout under its own name."""

from django.template.loader import render_to_string
from django.utils import translation

from nrm.core import clock
from nrm.core.pdf import render_pdf
from nrm.plans.models import NeedsAssessment, Plan
from nrm.registry.services import profile_of

ASSESSMENT_TITLE = "Formular vlerësimi i nevojave"


def _identity(redact):
    return redact if redact is not None else (lambda x: x)


def assessment_html(assessment: NeedsAssessment, *, visibility=None) -> str:
    case = assessment.case
    profile = profile_of(case)
    rules = profile.plans
    redact = _identity(visibility.redact if visibility is not None else None)
    domains = {d.code: d.name.sq for d in rules.assessment.domains}
    levels = {lv.code: lv.name.sq for lv in rules.assessment.levels}
    context = {
        "doc": {"number": assessment.form, "title": {"sq": ASSESSMENT_TITLE}},
        "profile": profile,
        "case": case,
        "person": redact(case.person),
        "assessment": redact(assessment),
        "findings": [
            (domains.get(f.domain, f.domain), redact(f), levels.get(f.level, ""))
            for f in assessment.findings.all()
        ],
        "today": clock.today(),
    }
    with translation.override(profile.default_language):
        return render_to_string("plans/pdf/assessment.html", context)


def assessment_pdf(assessment: NeedsAssessment, *, visibility=None) -> bytes:
    return render_pdf(assessment_html(assessment, visibility=visibility))


def plan_html(plan: Plan, *, visibility=None) -> str:
    case = plan.case
    profile = profile_of(case)
    rule = profile.plans.kind(plan.kind)
    redact = _identity(visibility.redact if visibility is not None else None)
    domains = {d.code: d.name.sq for d in profile.plans.assessment.domains}
    context = {
        "doc": {"number": rule.form, "title": {"sq": rule.name.sq}},
        "profile": profile,
        "case": case,
        "person": redact(case.person),
        "plan": redact(plan),
        "items": [
            (domains.get(i.domain, i.domain), redact(i))
            for i in plan.items.select_related("institution").order_by("number")
        ],
        "decision": redact(plan.decisions.first()),
        "sent_to_ap": bool(rule.decided_by),
        "today": clock.today(),
    }
    with translation.override(profile.default_language):
        return render_to_string("plans/pdf/plan.html", context)


def plan_pdf(plan: Plan, *, visibility=None) -> bytes:
    return render_pdf(plan_html(plan, visibility=visibility))
