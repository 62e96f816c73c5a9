"""What meetings contribute to the doors of the registry, the profile loader and the audit
trail (read in `ready()`): the case page's panel of the case's meetings, the deadline events
its services emit, the check of the profile's `meeting_bodies`, its audit codes, and the
general purpose (a meeting not about one case: a plan of work, a regional committee)."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.core.language import current_language
from nrm.deadlines.doors import add_notices
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.meetings import selectors
from nrm.meetings.audit_codes import MeetingCode
from nrm.meetings.checks import check_meeting_bodies
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from nrm.meetings.notices import NOTICES
from nrm.meetings.services import EVENTS
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.meetings"
GENERAL = "general"


def case_meetings(request, case) -> dict | None:
    """`case` comes from the registry's case_open, so the scope check is made."""
    actor = request.actor
    meetings = list(selectors.meeting_list(actor=actor, case=case))
    if not meetings and not selectors.bodies_of(actor):
        return None
    for m in meetings:
        m.purpose_label = selectors.purpose_label(m)
        m.body_label = selectors.body_label(m, request)
    # The bodies the reader convenes that a stage app asks to meet on this case now.
    language = current_language()
    convene = [
        (b.code, b.name.get(language))
        for b in selectors.profile_for(case).meeting_bodies
        if selectors.may_convene(actor, b) and selectors.purposes_offered(case=case, body=b.code)
    ]
    return {"meetings": meetings, "convene": convene}


def export_meetings(actor, case, language) -> list[dict]:
    """The person's data export: the meetings about the case the exporter may see, with
    each decision, its votes and its reasoning (the minutes, which speak of others too, stay
    out)."""
    from django.utils import translation

    rows = []
    with translation.override(language):
        for m in selectors.meeting_list(actor=actor, case=case):
            outcomes = dict(selectors.outcomes_of(m))
            rows.append(
                {
                    "body": selectors.body_label(m),
                    "purpose": selectors.purpose_label(m),
                    "status": m.status,
                    "scheduled_for": iso(m.scheduled_for),
                    "held_at": iso(m.held_at),
                    "decisions": [
                        {
                            "outcome": str(outcomes.get(d.outcome, d.outcome)),
                            "votes_for": d.votes_for,
                            "votes_against": d.votes_against,
                            "abstentions": d.abstentions,
                            "decided_at": iso(d.decided_at),
                            "reasoning": d.text or "",
                        }
                        for d in m.decisions.all()
                    ],
                }
            )
    return rows


def general_outcomes(meeting) -> list[tuple[str, str]]:
    return [
        ("approved", gettext_lazy("Approved")),
        ("not_approved", gettext_lazy("Not approved")),
    ]


def _nothing(**_kwargs) -> None:
    return None


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(MeetingCode, code="meetings", app=APP)
    event_producers.add(lambda profile: list(EVENTS), code="meetings", app=APP)
    profile_checks.add(check_meeting_bodies, code="meetings.bodies", app=APP)
    meeting_purposes.add(
        MeetingPurpose(
            body="",
            label=lambda: gettext_lazy("General meeting (not about one case)"),
            outcomes=general_outcomes,
            on_decision=_nothing,
            about_case=False,
            decisions=None,
        ),
        code=GENERAL,
        app=APP,
    )
    doors.person_export_sections.add(
        doors.ExportSection("meetings", export_meetings, "meetings/export/meetings.html"),
        code="meetings",
        app=APP,
        order=250,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "meetings/_case_panel.html",
            case_meetings,
            lazy=True,
            title=gettext_lazy("Meetings"),
        ),
        code="meetings.case",
        app=APP,
        order=90,
    )
