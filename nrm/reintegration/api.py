"""API of the reintegration. Handlers translate HTTP to one service or selector call."""

from datetime import date

from ninja import Router, Schema, Status

from nrm.audit.services import access_record
from nrm.core.api_input import ErrorOut
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import case_visibility
from nrm.reintegration import selectors, services
from nrm.reintegration.audit_codes import ReintegrationCode
from nrm.reintegration.models import MonitoringReport, ReevaluationProposal, ServiceLine

router = Router(tags=["reintegration"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class ProgressIn(Schema):
    plan_item_id: int
    status: str
    note: str = ""


class ReportIn(Schema):
    period: int | None = None
    reported_on: date | None = None
    criteria: dict[str, bool] = {}
    items: list[ProgressIn] = []
    situations: dict[str, str] = {}
    summary: str = ""
    risks: str = ""
    revision_needed: bool = False


class ProgressOut(Schema):
    plan_item_id: int
    status: str
    note: str | None


class ReportOut(Schema):
    id: int
    case_id: int
    period: int
    period_start: date
    period_end: date
    reported_on: date
    institution: str
    criteria: dict[str, bool]
    criteria_met: bool
    revision_needed: bool
    items: list[ProgressOut]
    # Free text: null when the reader may not see the class it belongs to.
    situations: dict[str, str | None]
    summary: str | None
    risks: str | None


class MonitoringOut(Schema):
    case_id: int
    started_on: date | None
    over: bool
    months: list[dict]
    reports: list[ReportOut]


def _report_out(m: MonitoringReport, visibility) -> dict:
    return {
        "id": m.pk,
        "case_id": m.case_id,
        "period": m.period,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "reported_on": m.reported_on,
        "institution": m.institution.code,
        "criteria": {c.criterion: c.met for c in m.checks.all()},
        "criteria_met": m.criteria_met,
        "revision_needed": m.revision_needed,
        "items": [
            {
                "plan_item_id": i.plan_item_id,
                "status": i.status,
                "note": visibility.value(i, "note"),
            }
            for i in m.items.all()
        ],
        "situations": {s.domain: visibility.value(s, "note") for s in m.situations.all()},
        "summary": visibility.value(m, "summary"),
        "risks": visibility.value(m, "risks"),
    }


@router.post("/cases/{int:case_id}/monitoring-reports", response={201: ReportOut, **_WRITE})
def report_create(request, case_id: int, payload: ReportIn):
    report = services.monitoring_report_submit(
        actor=request.actor,
        case_id=case_id,
        report=services.ReportIn(
            period=payload.period,
            reported_on=payload.reported_on,
            criteria=payload.criteria,
            items=tuple(services.ItemIn(**i.dict()) for i in payload.items),
            situations=payload.situations,
            summary=payload.summary,
            risks=payload.risks,
            revision_needed=payload.revision_needed,
        ),
    )
    report = selectors.report_get(actor=request.actor, id=report.pk)
    return Status(201, _report_out(report, case_visibility(request.actor, report.case)))


@router.get("/cases/{int:case_id}/monitoring-reports", response={200: MonitoringOut, **_READ})
def report_list(request, case_id: int):
    case = case_get(actor=request.actor, id=case_id)
    access_record(actor=request.actor, case_id=case.pk, action=ReintegrationCode.API_READ)
    visibility = case_visibility(request.actor, case)
    return {
        "case_id": case.pk,
        "started_on": selectors.monitoring_start(case),
        "over": selectors.monitoring_over(case),
        "months": [
            {
                "period": m.period.number,
                "from": m.period.start.isoformat(),
                "to": m.period.end.isoformat(),
                "due": m.period.due.isoformat(),
                "state": m.state,
                "report_id": m.report.pk if m.report else None,
            }
            for m in selectors.timeline(case)
        ],
        "reports": [
            _report_out(m, visibility)
            for m in selectors.report_list(actor=request.actor, case=case)
        ],
    }


class LineIn(Schema):
    kind: str = ""
    institution_id: int | None = None
    requested_on: date | None = None
    note: str = ""


class LineStatusIn(Schema):
    status: str = ""
    on: date | None = None
    note: str = ""


class LineOut(Schema):
    id: int
    case_id: int
    kind: str
    institution: str
    status: str
    requested_on: date
    status_on: date
    note: str | None


def _line_out(line: ServiceLine, visibility) -> dict:
    return {
        "id": line.pk,
        "case_id": line.case_id,
        "kind": line.kind,
        "institution": line.institution.code,
        "status": line.status,
        "requested_on": line.requested_on,
        "status_on": line.status_on,
        "note": visibility.value(line, "note"),
    }


@router.post("/cases/{int:case_id}/service-lines", response={201: LineOut, **_WRITE})
def line_create(request, case_id: int, payload: LineIn):
    line = services.service_line_open(
        actor=request.actor,
        case_id=case_id,
        kind=payload.kind,
        institution_id=payload.institution_id,
        requested_on=payload.requested_on,
        note=payload.note,
    )
    return Status(201, _line_out(line, case_visibility(request.actor, line.case)))


@router.post("/service-lines/{int:line_id}/status", response={200: LineOut, **_WRITE})
def line_status(request, line_id: int, payload: LineStatusIn):
    line = services.service_line_status_set(
        actor=request.actor,
        line_id=line_id,
        status=payload.status,
        on=payload.on,
        note=payload.note,
    )
    return _line_out(line, case_visibility(request.actor, line.case))


class ProposalIn(Schema):
    reasoning: str = ""
    proposed_on: date | None = None


class ProposalOut(Schema):
    id: int
    case_id: int
    report_id: int
    proposed_on: date
    institution: str
    reasoning: str | None


@router.post("/cases/{int:case_id}/reevaluation-proposal", response={201: ProposalOut, **_WRITE})
def proposal_create(request, case_id: int, payload: ProposalIn):
    proposal: ReevaluationProposal = services.reevaluation_proposal_file(
        actor=request.actor,
        case_id=case_id,
        reasoning=payload.reasoning,
        proposed_on=payload.proposed_on,
    )
    visibility = case_visibility(request.actor, proposal.case)
    return Status(
        201,
        {
            "id": proposal.pk,
            "case_id": proposal.case_id,
            "report_id": proposal.report_id,
            "proposed_on": proposal.proposed_on,
            "institution": proposal.institution.code,
            "reasoning": visibility.value(proposal, "reasoning"),
        },
    )
