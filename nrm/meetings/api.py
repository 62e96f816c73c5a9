"""API of meetings: the list and one meeting, and recording attendance, a decision and the
minutes. Handlers translate HTTP to one selector or service call; 404 for a meeting the
caller may not see, 400 with field errors for bad input."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from nrm.core.api_input import ApiDateTime, ErrorOut
from nrm.meetings import selectors, services
from nrm.meetings.audit_codes import MeetingCode

router = Router(tags=["meetings"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class AgendaItemOut(Schema):
    position: int
    text: str


class AttendeeOut(Schema):
    id: int
    capacity: str
    user: str | None
    institution_id: int | None
    name: str
    required: bool
    votes: bool
    present: bool | None


class DecisionOut(Schema):
    id: int
    outcome: str
    text: str
    votes_for: int
    votes_against: int
    abstentions: int
    carried: bool
    decided_at: datetime


class TaskOut(Schema):
    id: int
    institution_id: int
    text: str
    due_on: date
    status: str
    done_at: datetime | None


class OutcomeOut(Schema):
    code: str
    label: str


class MeetingSummaryOut(Schema):
    id: int
    body: str
    purpose: str
    case_id: int | None
    case_reference: str | None
    status: str
    scheduled_for: datetime
    held_at: datetime | None


class MeetingOut(MeetingSummaryOut):
    place: str
    closed_session: bool
    voting_members: int
    voting_present: int
    agenda: list[AgendaItemOut]
    attendees: list[AttendeeOut]
    outcomes: list[OutcomeOut]
    decisions: list[DecisionOut]
    tasks: list[TaskOut]
    minutes: str
    minutes_reference: str
    minutes_recorded_at: datetime | None


class MeetingQuery(Schema):
    body: str | None = Field(None, description="A body's code, e.g. ap or commission")
    case: int | None = Field(None, description="A case's id")


class AttendanceIn(Schema):
    present: list[int] = Field(..., description="Ids of the attendees who were present")
    held_at: ApiDateTime


class DecisionIn(Schema):
    outcome: str
    text: str
    votes_for: int
    votes_against: int = 0
    abstentions: int = 0


class MinutesIn(Schema):
    minutes: str
    reference: str = ""


def _summary(m) -> dict:
    return {
        "id": m.pk,
        "body": m.body,
        "purpose": m.purpose,
        "case_id": m.case_id,
        "case_reference": m.case.reference if m.case_id else None,
        "status": m.status,
        "scheduled_for": m.scheduled_for,
        "held_at": m.held_at,
    }


def _out(m) -> dict:
    return {
        **_summary(m),
        "place": m.place or "",
        "closed_session": m.closed_session,
        "voting_members": m.voting_members,
        "voting_present": m.voting_present,
        "agenda": [{"position": a.position, "text": a.text} for a in m.agenda.all()],
        "attendees": [
            {
                "id": a.pk,
                "capacity": a.capacity,
                "user": a.user.username if a.user_id else None,
                "institution_id": a.institution_id,
                "name": a.name or "",
                "required": a.required,
                "votes": a.votes,
                "present": a.present,
            }
            for a in selectors.attendees_of(m)
        ],
        "outcomes": [{"code": c, "label": str(label)} for c, label in selectors.outcomes_of(m)],
        "decisions": [
            {
                "id": d.pk,
                "outcome": d.outcome,
                "text": d.text or "",
                "votes_for": d.votes_for,
                "votes_against": d.votes_against,
                "abstentions": d.abstentions,
                "carried": d.carried,
                "decided_at": d.decided_at,
            }
            for d in m.decisions.all()
        ],
        "tasks": [
            {
                "id": t.pk,
                "institution_id": t.institution_id,
                "text": t.text,
                "due_on": t.due_on,
                "status": t.status,
                "done_at": t.done_at,
            }
            for t in m.tasks.all()
        ],
        "minutes": m.minutes or "",
        "minutes_reference": m.minutes_reference,
        "minutes_recorded_at": m.minutes_recorded_at,
    }


@router.get("/meetings", response={200: list[MeetingSummaryOut], 400: ErrorOut, **_READ})
def meeting_list(request, query: Query[MeetingQuery]):
    """Meetings the caller may see, what is to be held first."""
    qs = selectors.meeting_list(actor=request.actor, body=query.body, case=query.case)
    return [_summary(m) for m in qs[:500]]


@router.get("/meetings/{int:meeting_id}", response={200: MeetingOut, **_READ})
def meeting_detail(request, meeting_id: int):
    meeting = services.meeting_open(
        actor=request.actor, id=meeting_id, action=MeetingCode.MEETING_VIEWED
    )
    return _out(meeting)


def _fresh(request, meeting_id: int) -> dict:
    return _out(services.meeting_open(actor=request.actor, id=meeting_id))


@router.post("/meetings/{int:meeting_id}/attendance", response={200: MeetingOut, **_WRITE})
def attendance_record(request, meeting_id: int, payload: AttendanceIn):
    services.meeting_attendance_record(
        actor=request.actor, meeting_id=meeting_id, present=payload.present, held_at=payload.held_at
    )
    return _fresh(request, meeting_id)


@router.post("/meetings/{int:meeting_id}/decisions", response={201: DecisionOut, **_WRITE})
def decision_record(request, meeting_id: int, payload: DecisionIn):
    d = services.meeting_decide(actor=request.actor, meeting_id=meeting_id, **payload.dict())
    return Status(
        201,
        {
            "id": d.pk,
            "outcome": d.outcome,
            "text": d.text,
            "votes_for": d.votes_for,
            "votes_against": d.votes_against,
            "abstentions": d.abstentions,
            "carried": d.carried,
            "decided_at": d.decided_at,
        },
    )


@router.post("/meetings/{int:meeting_id}/minutes", response={200: MeetingOut, **_WRITE})
def minutes_record(request, meeting_id: int, payload: MinutesIn):
    services.meeting_minutes_record(
        actor=request.actor,
        meeting_id=meeting_id,
        minutes=payload.minutes,
        reference=payload.reference,
    )
    return _fresh(request, meeting_id)
