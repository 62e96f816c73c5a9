"""The reintegration's part of the case page (lazy): the monitoring timeline month by month,
the reasoned report, the service lines, and links to the D2 form and the full page."""

from nrm.core import clock
from nrm.core.language import current_language
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import profile_of
from nrm.reintegration import selectors


def overview(actor, case) -> dict | None:
    """What both the panel and the case's reintegration page show."""
    profile = profile_of(case)
    r = profile.reintegration
    if r is None:
        return None
    visibility = case_visibility(actor, case)
    months = selectors.timeline(case, today=clock.today())
    start = selectors.monitoring_start(case)
    proposal = selectors.proposal_of(case)
    lines = list(selectors.line_list(actor=actor, case=case))
    kinds = {k.code: k for k in r.service_kinds}
    reporter = selectors.is_reporter(actor=actor, profile=profile) and case.closed_at is None
    over = selectors.monitoring_over(case)
    next_month = next((m for m in months if m.state in ("missing", "current")), None)
    latest = selectors.latest_report(case)
    return {
        "rules": r,
        "start": start,
        "months": months,
        "reported": sum(1 for m in months if m.state == "reported"),
        "missing": sum(1 for m in months if m.state == "missing"),
        "over": over,
        "proposal": visibility.redact(proposal),
        "lines": [visibility.redact(line) for line in lines],
        "kind_labels": {c: k.name.get(current_language()) for c, k in kinds.items()},
        "reporter": reporter,
        "may_report": reporter and start is not None and not over and next_month is not None,
        "next_month": next_month,
        "may_propose": reporter
        and not over
        and proposal is None
        and latest is not None
        and latest.criteria_met,
        "may_end": selectors.is_concluder(actor=actor, profile=profile)
        and start is not None
        and not over
        and case.closed_at is None,
        "may_close": over and case.closed_at is None and bool(r.closure_reason),
    }


def section(request, case) -> dict | None:
    return overview(request.actor, case)
