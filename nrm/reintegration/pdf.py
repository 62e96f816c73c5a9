"""The case monitoring report (D2, "Raport monitorimi i rastit") as a printable document in
the profile's default language (Albanian), rendered by WeasyPrint: the period, who reported,
the progress of each plan item, the situation per domain, risks, the criteria of
sustainable reintegration."""

from django.template.loader import render_to_string
from django.utils import translation

from nrm.core import clock
from nrm.core.pdf import render_pdf
from nrm.registry.services import profile_of
from nrm.reintegration import plan
from nrm.reintegration.models import MonitoringReport

TITLE = "Raport monitorimi i rastit"


def report_html(report: MonitoringReport, *, visibility=None) -> str:
    case = report.case
    profile = profile_of(case)
    r = profile.reintegration
    redact = visibility.redact if visibility is not None else (lambda x: x)
    checks = {c.criterion: c.met for c in report.checks.all()}
    situations = {s.domain: redact(s) for s in report.situations.all()}
    labels = plan.item_labels(case)
    statuses = dict(plan.item_statuses())
    context = {
        "doc": {"number": "D2", "title": {"sq": TITLE}},
        "profile": profile,
        "case": case,
        "report": redact(report),
        "person": redact(case.person),
        "periods": r.periods,
        "criteria": [(c.name.sq, checks.get(c.code)) for c in r.criteria],
        "domains": [(d.name.sq, situations.get(d.code)) for d in r.domains],
        "items": [
            (
                labels.get(i.plan_item_id, f"#{i.plan_item_id}"),
                statuses.get(i.status, i.status),
                redact(i),
            )
            for i in report.items.all()
        ],
        "today": clock.today(),
    }
    with translation.override(profile.default_language):
        return render_to_string("reintegration/pdf/d2.html", context)


def report_pdf(report: MonitoringReport, *, visibility=None) -> bytes:
    return render_pdf(report_html(report, visibility=visibility))
