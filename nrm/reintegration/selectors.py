"""Every read of the reintegration, scoped by the reader: a report, a proposal or a service
line is visible with its case (registry.selectors.case_scope); missing and forbidden alike
are NotFound."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from nrm.accounts.models import Institution
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.deadlines.models import Deadline, Status
from nrm.deadlines.services import calendar_for
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Reintegration
from nrm.registry import rules as registry_rules
from nrm.registry.models import Case
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.services import profile_of
from nrm.reintegration import rules
from nrm.reintegration.models import MonitoringReport, ReevaluationProposal, ServiceLine


def reintegration_rules(case_or_profile) -> Reintegration | None:
    if isinstance(case_or_profile, Case):
        return profile_of(case_or_profile).reintegration
    return case_or_profile.reintegration


def _is(actor, recorders) -> bool:
    if actor.institution is None:
        return False
    return registry_rules.may_record(
        role=actor.role, institution_type=actor.institution.type, recorders=recorders
    )


def is_reporter(*, actor, profile) -> bool:
    """The social worker or case manager (the profile's `reported_by`): files D2s, the
    reasoned report and service lines."""
    r = profile.reintegration
    return r is not None and _is(actor, r.reported_by)


def is_concluder(*, actor, profile) -> bool:
    """The AP secretariat: ends the monitoring without sustainable reintegration."""
    r = profile.reintegration
    return r is not None and _is(actor, r.concluded_by)


def _start_deadline(case: Case, r: Reintegration) -> Deadline | None:
    return Deadline.objects.filter(case=case, rule=r.start_rule).order_by("opened_at", "pk").first()


def monitoring_start(case: Case) -> date | None:
    """The day monitoring started: the AP's decision on the D1, as the deadline engine
    recorded it (the first opening of the profile's `start_rule`). None before it."""
    r = reintegration_rules(case)
    if r is None:
        return None
    deadline = _start_deadline(case, r)
    if deadline is None:
        return None
    return calendar_for(profile_of(case)).local_date(deadline.series_start)


def monitoring_over(case: Case) -> bool:
    """`reintegration_completed` met the monitoring (sustainable, or ended by the AP)."""
    r = reintegration_rules(case)
    deadline = _start_deadline(case, r) if r is not None else None
    return deadline is not None and deadline.met_at is not None


@dataclass(frozen=True)
class Month:
    period: rules.Period
    report: MonitoringReport | None
    state: str  # reported | current | missing | upcoming


def timeline(case: Case, *, today: date | None = None) -> list[Month]:
    """Every monitoring period that has begun, and the next one: reported, current (begun,
    not yet due), missing (due and not reported) or upcoming."""
    r = reintegration_rules(case)
    start = monitoring_start(case)
    if r is None or start is None:
        return []
    day = today or clock.today()
    reports = {m.period: m for m in MonitoringReport.objects.filter(case=case)}
    begun = rules.periods_until(r, start, day)
    out = []
    for p in begun:
        report = reports.get(p.number)
        if report is not None:
            state = "reported"
        elif p.due > day:
            state = "current"
        else:
            state = "missing"
        out.append(Month(p, report, state))
    if len(begun) < r.periods and not monitoring_over(case):
        out.append(Month(rules.period_of(r, start, len(begun) + 1), None, "upcoming"))
    return out


def report_list(*, actor, case: Case) -> QuerySet[MonitoringReport]:
    case_in_scope(actor=actor, case=case)
    return (
        MonitoringReport.objects.filter(case=case)
        .select_related("reported_by", "institution")
        .prefetch_related("items", "situations", "checks")
        .order_by("period")
    )


def report_get(*, actor, id: int) -> MonitoringReport:
    report = MonitoringReport.objects.select_related("case").filter(pk=id).first()
    if report is None:
        raise NotFound()
    case_in_scope(actor=actor, case=report.case)
    return report


def proposal_of(case: Case) -> ReevaluationProposal | None:
    return ReevaluationProposal.objects.filter(case=case).first()


def latest_report(case: Case) -> MonitoringReport | None:
    return MonitoringReport.objects.filter(case=case).order_by("-period").first()


@dataclass(frozen=True)
class Due:
    case: Case
    period: rules.Period
    overdue: bool
    missing: int  # earlier months not reported


def reports_due(*, actor, today: date | None = None) -> list[Due]:
    """The worker's "reports due this month": for each case the actor sees whose monitoring
    runs, the first month not reported that is due by the end of this calendar month."""
    day = today or clock.today()
    month_end = clock.add_months(clock.month_start(day), 1)
    r = get_profile(settings.NRM_JURISDICTION).reintegration
    if r is None:
        return []
    running = Deadline.objects.filter(
        rule=r.start_rule,
        met_at__isnull=True,
        status__in=[Status.OPEN, Status.MISSED],
        case__in=case_scope(actor=actor).filter(closed_at__isnull=True),
    ).values_list("case_id", flat=True)
    out = []
    for case in Case.objects.filter(pk__in=list(running)).order_by("reference"):
        months = [m for m in timeline(case, today=day) if m.state in ("missing", "current")]
        pending = [m for m in months if m.period.due < month_end]
        if not pending:
            continue
        first = pending[0]
        out.append(
            Due(
                case=case,
                period=first.period,
                overdue=first.state == "missing",
                missing=sum(1 for m in months if m.state == "missing"),
            )
        )
    return sorted(out, key=lambda d: (d.period.due, d.case.reference))


def line_list(*, actor, case: Case) -> QuerySet[ServiceLine]:
    case_in_scope(actor=actor, case=case)
    return (
        ServiceLine.objects.filter(case=case)
        .select_related("institution")
        .prefetch_related("steps")
        .order_by("requested_on", "pk")
    )


def line_get(*, actor, id: int) -> ServiceLine:
    line = ServiceLine.objects.select_related("case", "institution").filter(pk=id).first()
    if line is None:
        raise NotFound()
    case_in_scope(actor=actor, case=line.case)
    return line


def institutions_for(kind) -> QuerySet[Institution]:
    """The institutions of the type that provides a service of `kind`."""
    return Institution.objects.filter(type=kind.institution_type, is_active=True).order_by("name")
