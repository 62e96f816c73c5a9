"""Every write of the reintegration (SOP S11, S7 services). One transaction each, with its
audit event.

The social worker or case manager files a monthly monitoring report (D2) from the AP's
decision on the reintegration plan for up to 24 months (`monitoring_report_submit`: emits
`reintegration_report_submitted`, which meets the month's `reintegration_report` deadline);
when a report finds every criterion of sustainable reintegration met, the reasoned report
(`reevaluation_proposal_file`) tells the AP secretariat, ends the case's `reintegration`
procedure as sustainable and emits `reintegration_completed`; the AP secretariat may end
monitoring otherwise (`monitoring_end`). Service lines track the services the person
receives (`service_line_open`, `service_line_status_set`). docs/reintegration.md.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution, Membership
from nrm.audit.services import event_record
from nrm.consent.selectors import consent_in_force, consent_require
from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, ValidationFailed
from nrm.deadlines.services import calendar_for, notice_send
from nrm.registry import rules as registry_rules
from nrm.registry import services as registry
from nrm.registry.models import Case
from nrm.registry.selectors import case_get, procedure_open_of
from nrm.reintegration import plan, rules, selectors
from nrm.reintegration.audit_codes import ReintegrationCode
from nrm.reintegration.error_codes import ReintegrationError
from nrm.reintegration.models import (
    CriterionCheck,
    DomainSituation,
    ItemProgress,
    LineStatus,
    MonitoringReport,
    ReevaluationProposal,
    ServiceLine,
    ServiceLineStep,
)
from nrm.reintegration.notices import ReintegrationNotice

MAX_TEXT = 20_000
REPORT_SUBMITTED = "reintegration_report_submitted"
COMPLETED = "reintegration_completed"
EVENTS = (REPORT_SUBMITTED, COMPLETED)


@dataclass(frozen=True)
class ItemIn:
    """The progress of one plan item in a D2."""

    plan_item_id: int
    status: str
    note: str = ""


@dataclass(frozen=True)
class ReportIn:
    period: int | None
    reported_on: date | None
    criteria: dict = field(default_factory=dict)
    items: tuple = ()
    situations: dict = field(default_factory=dict)
    summary: str = ""
    risks: str = ""
    revision_needed: bool = False


# --- helpers ------------------------------------------------------------------------------


def _rules(profile):
    if profile.reintegration is None:
        raise ValidationFailed({"__all__": [_("This procedure has no reintegration monitoring.")]})
    return profile.reintegration


def _case_for_worker(actor, case_id: int) -> tuple[Case, object]:
    """The case, locked, for its social worker or case manager (NotFound first, then
    Forbidden); a closed case is refused with nothing saved."""
    case = case_get(actor=actor, id=case_id)
    profile = registry.profile_of(case)
    _rules(profile)
    if not actor.can(Capability.CASE_UPDATE) or not selectors.is_reporter(
        actor=actor, profile=profile
    ):
        raise Forbidden(_("The case's social worker or case manager records this."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    _refuse_closed(case, profile)
    return case, profile


def _refuse_closed(case: Case, profile) -> None:
    if case.closed_at is not None or registry_rules.is_closed(profile, case.stage):
        raise ValidationFailed({"__all__": [_("This case is closed: reopen it first.")]})


def _text(value, name: str, errors: dict, *, required=False, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > limit:
        errors[name] = [_("At most %(n)d characters.") % {"n": limit}]
    return value


def _day(value, name: str, errors: dict) -> date | None:
    if value in (None, ""):
        errors[name] = [_("Give the date.")]
        return None
    if isinstance(value, datetime):
        value = value.date()
    if value > clock.today():
        errors[name] = [_("This date is in the future.")]
    return value


def _moment(profile, day: date) -> datetime:
    """When a thing done on `day` happened: now if today, else the day's local noon."""
    if day == clock.today():
        return clock.now()
    return datetime.combine(day, time(12), tzinfo=calendar_for(profile).time_zone)


def _started(case: Case) -> date:
    start = selectors.monitoring_start(case)
    if start is None:
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "Monitoring has not started: it starts with the AP's decision on the "
                        "reintegration plan (D1)."
                    )
                ]
            }
        )
    if selectors.monitoring_over(case):
        raise IllegalTransition(
            _("The monitoring of this case's reintegration has ended."),
            code=ReintegrationError.MONITORING_OVER,
        )
    return start


def _version(case: Case) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case.pk)


def _procedure_running(actor, case: Case, r, reason: str) -> None:
    """The case's reintegration procedure runs (a case that reaches monitoring without it,
    e.g. recorded before issue 12, starts it here)."""
    if procedure_open_of(case, r.procedure) is None:
        registry.procedure_open(
            actor=actor,
            case_id=case.pk,
            code=r.procedure,
            reason=reason,
            expected_version=_version(case),
        )


def _procedure_finish(actor, case: Case, r, to: str, reason: str) -> None:
    _procedure_running(actor, case, r, reason)
    registry.procedure_move(
        actor=actor,
        case_id=case.pk,
        code=r.procedure,
        to=to,
        reason=reason,
        expected_version=_version(case),
    )


def _members(recorders) -> list:
    """The active members, with one of the recorders' roles, at institutions of their types."""
    users = []
    for rec in recorders:
        qs = Membership.objects.filter(
            is_active=True, role__in=rec.roles, institution__is_active=True, user__is_active=True
        )
        if rec.institution_types:
            qs = qs.filter(institution__type__in=rec.institution_types)
        users.extend(m.user for m in qs.select_related("user"))
    return users


# --- the monthly monitoring report (D2) --------------------------------------------------


def _item_problems(case: Case, items, errors: dict) -> list[ItemIn]:
    known = plan.plan_items(case)
    out, seen = [], set()
    for i, item in enumerate(items or ()):
        if not isinstance(item, ItemIn):
            item = ItemIn(**item)
        key = f"items.{i}"
        if item.plan_item_id not in known:
            errors[f"{key}.plan_item_id"] = [_("Not an item of this case's reintegration plan.")]
            continue
        if item.plan_item_id in seen:
            errors[f"{key}.plan_item_id"] = [_("This item is reported twice.")]
            continue
        seen.add(item.plan_item_id)
        if item.status not in plan.item_status_codes():
            errors[f"{key}.status"] = [_("Choose the item's status.")]
        note = _text(item.note, f"{key}.note", errors, limit=4000)
        out.append(ItemIn(item.plan_item_id, item.status, note))
    return out


def _plan_progress(actor, case: Case, row: MonitoringReport, items: list[ItemIn]) -> int:
    """The plan's items move as the D2 reports them (nrm.plans keeps their state). A refusal
    there (an item done or cancelled already) refuses the whole D2, its fields named as the
    D2's. Returns how many items moved."""
    known = plan.plan_items(case)
    moved = 0
    for i, item in enumerate(items):
        try:
            moved += plan.progress_record(
                actor=actor, item=known[item.plan_item_id], reported=item.status, report_id=row.pk
            )
        except ValidationFailed as refused:
            raise refused.prefixed(f"items.{i}") from None
    return moved


@transaction.atomic
def monitoring_report_submit(*, actor, case_id: int, report: ReportIn) -> MonitoringReport:
    """Files the D2 of one month (period 1 … 24 from the AP's decision on the D1): the
    progress of each plan item, the person's situation per domain, risks, and each
    criterion of sustainable reintegration met or not. Refused, with nothing saved, for a
    closed case, a month already reported, a month not begun or past the monitoring.
    Emits `reintegration_report_submitted` (the month's `reintegration_report` deadline)."""
    case, profile = _case_for_worker(actor, case_id)
    r = _rules(profile)
    start = _started(case)
    errors: dict = {}
    reported = set(MonitoringReport.objects.filter(case=case).values_list("period", flat=True))
    if report.period in (None, ""):
        errors["period"] = [_("Choose the month.")]
    else:
        problem = rules.period_problem(
            r, start, int(report.period), today=clock.today(), reported=reported
        )
        if problem:
            errors["period"] = [problem]
    day = _day(report.reported_on, "reported_on", errors)
    if day is not None and day < start:
        errors["reported_on"] = [_("The report cannot precede the start of monitoring.")]
    criteria = report.criteria or {}
    errors.update(rules.criteria_problems(r, criteria))
    domains = {d.code for d in r.domains}
    situations = {}
    for code, text in (report.situations or {}).items():
        if code not in domains:
            errors[f"situations.{code}"] = [_("Unknown domain.")]
            continue
        value = _text(text, f"situations.{code}", errors, limit=4000)
        if value:
            situations[code] = value
    items = _item_problems(case, report.items, errors)
    summary = _text(report.summary, "summary", errors)
    risks = _text(report.risks, "risks", errors)
    if errors:
        raise ValidationFailed(errors)
    period = rules.period_of(r, start, int(report.period))
    met = rules.all_met(r, criteria)
    row = MonitoringReport.objects.create(
        case=case,
        period=period.number,
        period_start=period.start,
        period_end=period.end,
        reported_on=day,
        reported_by=actor.user,
        institution=actor.institution,
        recorded_at=clock.now(),
        summary=summary,
        risks=risks,
        revision_needed=bool(report.revision_needed),
        criteria_met=met,
    )
    CriterionCheck.objects.bulk_create(
        [CriterionCheck(report=row, criterion=c.code, met=criteria[c.code]) for c in r.criteria]
    )
    DomainSituation.objects.bulk_create(
        [
            DomainSituation(report=row, case=case, domain=d.code, note=situations[d.code])
            for d in r.domains
            if d.code in situations
        ]
    )
    ItemProgress.objects.bulk_create(
        [
            ItemProgress(
                report=row, case=case, plan_item_id=i.plan_item_id, status=i.status, note=i.note
            )
            for i in items
        ]
    )
    moved = _plan_progress(actor, case, row, items)
    _procedure_running(actor, case, r, _("Monthly monitoring of the reintegration plan"))
    registry.case_event(actor=actor, case=case, event=REPORT_SUBMITTED, at=_moment(profile, day))
    event_record(
        actor=actor,
        code=ReintegrationCode.REPORT_SUBMITTED,
        case_id=case.pk,
        target=row,
        data={"period": row.period, "criteria_met": met, "items": len(items), "moved": moved},
    )
    return row


# --- sustainable reintegration: the reasoned report --------------------------------------


@transaction.atomic
def reevaluation_proposal_file(
    *, actor, case_id: int, reasoning: str, proposed_on: date
) -> ReevaluationProposal:
    """The reasoned report (L1418–1423): the latest D2 found every criterion met, so the
    worker proposes, through the AP, that the Commission re-evaluate the status. The AP
    secretariat is told in its inbox (it records the Commission's re-evaluation in
    nrm.appeals, kind `reevaluation`); the case's reintegration procedure ends as
    sustainable and `reintegration_completed` ends the monitoring's clocks."""
    case, profile = _case_for_worker(actor, case_id)
    r = _rules(profile)
    _started(case)
    errors: dict = {}
    text = _text(reasoning, "reasoning", errors, required=True)
    day = _day(proposed_on, "proposed_on", errors)
    latest = selectors.latest_report(case)
    if latest is None or not latest.criteria_met:
        errors.setdefault(
            "__all__",
            [
                _(
                    "The latest monitoring report must find every criterion of sustainable "
                    "reintegration met."
                )
            ],
        )
    elif day is not None and day < latest.reported_on:
        errors["proposed_on"] = [_("The proposal cannot precede the report it rests on.")]
    if errors:
        raise ValidationFailed(errors)
    if selectors.proposal_of(case) is not None:
        raise ValidationFailed({"__all__": [_("The reasoned report on this case is filed.")]})
    proposal = ReevaluationProposal.objects.create(
        case=case,
        report=latest,
        reasoning=text,
        proposed_on=day,
        proposed_by=actor.user,
        institution=actor.institution,
        recorded_at=clock.now(),
    )
    notice_send(
        recipients=_members(r.proposal_notice_to),
        kind=ReintegrationNotice.REINTEGRATION_PROPOSAL,
        case=case,
        data={"proposal": proposal.pk},
    )
    _procedure_finish(
        actor, case, r, r.sustainable_state, _("Sustainable reintegration: reasoned report")
    )
    registry.case_event(actor=actor, case=case, event=COMPLETED, at=_moment(profile, day))
    event_record(
        actor=actor,
        code=ReintegrationCode.PROPOSAL_FILED,
        case_id=case.pk,
        target=proposal,
        data={"report": latest.pk, "period": latest.period},
    )
    return proposal


@transaction.atomic
def monitoring_end(*, actor, case_id: int, reason: str) -> Case:
    """The AP secretariat ends the monitoring without sustainable reintegration (the 24
    months are over, or the person left the programme): the reintegration procedure ends
    and `reintegration_completed` stops the monthly clock."""
    case = case_get(actor=actor, id=case_id)
    profile = registry.profile_of(case)
    r = _rules(profile)
    if not actor.can(Capability.CASE_UPDATE) or not selectors.is_concluder(
        actor=actor, profile=profile
    ):
        raise Forbidden(_("The AP secretariat ends the monitoring."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    _refuse_closed(case, profile)
    errors: dict = {}
    text = _text(reason, "reason", errors, required=True, limit=2000)
    if errors:
        raise ValidationFailed(errors)
    _started(case)
    _procedure_finish(actor, case, r, r.ended_state, text)
    registry.case_event(actor=actor, case=case, event=COMPLETED)
    event_record(actor=actor, code=ReintegrationCode.MONITORING_ENDED, case_id=case.pk, target=case)
    return case


# --- service lines -----------------------------------------------------------------------


@transaction.atomic
def service_line_open(
    *,
    actor,
    case_id: int,
    kind: str,
    institution_id: int | None,
    requested_on: date,
    note: str = "",
) -> ServiceLine:
    """Requests a service for the person from the institution responsible for it (of the
    type the profile names for the kind). A child's line whose kind needs consent (primary
    care: the legal guardian's informed consent) needs that consent in force."""
    case, profile = _case_for_worker(actor, case_id)
    r = _rules(profile)
    errors: dict = {}
    try:
        k = r.service_kind(kind or "")
    except KeyError:
        k = None
        errors["kind"] = [_("Choose the service.")]
    if k is not None:
        problem = rules.kind_problem(k, is_child=case.is_child)
        if problem:
            errors["kind"] = [problem]
    institution = Institution.objects.filter(pk=institution_id, is_active=True).first()
    if institution is None:
        errors["institution"] = [_("Choose the responsible institution.")]
    elif k is not None and institution.type != k.institution_type:
        errors["institution"] = [
            _("This service is provided by an institution of the type: %(t)s.")
            % {"t": profile.institution_type(k.institution_type).name.get("sq")}
        ]
    day = _day(requested_on, "requested_on", errors)
    text = _text(note, "note", errors, limit=4000)
    if errors:
        raise ValidationFailed(errors)
    consent = None
    if case.is_child and k.child_consent_purpose:
        consent_require(case=case, purpose=k.child_consent_purpose)
        consent = consent_in_force(case=case, purpose=k.child_consent_purpose)
    if ServiceLine.objects.filter(
        case=case, kind=k.code, status__in=[LineStatus.REQUESTED, LineStatus.IN_PROGRESS]
    ).exists():
        raise ValidationFailed({"kind": [_("This service is already requested for the person.")]})
    now = clock.now()
    line = ServiceLine.objects.create(
        case=case,
        kind=k.code,
        institution=institution,
        status=LineStatus.REQUESTED,
        requested_on=day,
        status_on=day,
        note=text,
        created_by=actor.user,
        created_at=now,
        consent_record_id=getattr(consent, "pk", None),
    )
    ServiceLineStep.objects.create(
        line=line, case=case, status=line.status, on=day, note=text, by=actor.user, at=now
    )
    event_record(
        actor=actor,
        code=ReintegrationCode.LINE_OPENED,
        case_id=case.pk,
        target=line,
        data={"kind": k.code, "institution": institution.code},
    )
    return line


@transaction.atomic
def service_line_status_set(
    *, actor, line_id: int, status: str, on: date, note: str = ""
) -> ServiceLine:
    """Records the next status of a service line: requested → in progress → provided, or
    refused; a provided or refused line is final."""
    line = selectors.line_get(actor=actor, id=line_id)
    case, _profile = _case_for_worker(actor, line.case_id)
    line = ServiceLine.objects.select_for_update().get(pk=line.pk)
    errors: dict = {}
    if status not in LineStatus.values:
        errors["status"] = [_("Choose the status.")]
    day = _day(on, "on", errors)
    if day is not None and day < line.status_on:
        errors["on"] = [_("The date cannot precede the line's previous status.")]
    text = _text(note, "note", errors, limit=4000)
    if errors:
        raise ValidationFailed(errors)
    if not line.is_open:
        raise IllegalTransition(
            _("This service line is already provided or refused."),
            code=ReintegrationError.LINE_CLOSED,
        )
    if not rules.line_move_allowed(line.status, status):
        raise ValidationFailed(
            {"status": [_("A line that is %(s)s cannot move there.") % {"s": line.status}]}
        )
    before = line.status
    line.status, line.status_on = status, day
    line.save(update_fields=["status", "status_on"])
    ServiceLineStep.objects.create(
        line=line, case=case, status=status, on=day, note=text, by=actor.user, at=clock.now()
    )
    event_record(
        actor=actor,
        code=ReintegrationCode.LINE_STATUS,
        case_id=case.pk,
        target=line,
        data={"from": before, "to": status},
    )
    return line
