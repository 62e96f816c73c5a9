"""`GET /api/v1/cases/{id}/deadlines` (api-contract.md): the case's deadlines, oldest due
first. `due_at` is ISO 8601 with the profile time zone's offset."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ninja import Router, Schema

from nrm.core.api_input import ErrorOut
from nrm.deadlines import selectors
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.jurisdictions import get_profile
from nrm.registry import services as registry

router = Router(tags=["deadlines"])


class DeadlineOut(Schema):
    rule: str
    due_at: datetime
    status: str
    title: str
    occurrence: int
    opened_at: datetime
    met_at: datetime | None
    responsible_institution: str | None
    responsible_role: str
    escalation_level: int


@router.get(
    "/{int:case_id}/deadlines",
    response={200: list[DeadlineOut], 401: ErrorOut, 404: ErrorOut},
)
def case_deadlines(request, case_id: int):
    case = registry.case_open(
        actor=request.actor, case_id=case_id, action=DeadlineCode.API_CASE_DEADLINES
    )
    profile = get_profile(case.profile_code, case.profile_version)
    zone = ZoneInfo(profile.calendar.time_zone)
    language = (getattr(request, "LANGUAGE_CODE", None) or profile.default_language)[:2]

    def local(moment):
        return moment.astimezone(zone) if moment is not None else None

    out = []
    for d in selectors.deadline_list_for_case(actor=request.actor, case=case):
        rule = selectors.rule_of(d)
        out.append(
            {
                "rule": d.rule,
                "due_at": local(d.due_at),
                "status": d.status,
                "title": rule.title.get(language) if rule else d.rule,
                "occurrence": d.occurrence,
                "opened_at": local(d.opened_at),
                "met_at": local(d.met_at),
                "responsible_institution": d.responsible_institution.code
                if d.responsible_institution
                else None,
                "responsible_role": d.responsible_role,
                "escalation_level": d.escalation_level,
            }
        )
    return out
