"""The minutes (procesverbal) of a meeting as a PDF, in Albanian, by WeasyPrint.

Only what the minutes need: the body, the purpose, the case reference (never the person's
name), when and where, the agenda, who attended and who was absent, each decision with its
votes and reasoning, the tasks and the minutes' text. Printing the minutes of a meeting about
a case is a read of the case and goes to the access log.
"""

from django.template.loader import render_to_string
from django.utils import translation

from nrm.core import clock
from nrm.core.pdf import render_pdf
from nrm.meetings import selectors, services
from nrm.meetings.audit_codes import MeetingCode

LANGUAGE = "sq"


def minutes_html(*, actor, meeting_id: int) -> tuple[str, str]:
    meeting = services.meeting_open(actor=actor, id=meeting_id, action=MeetingCode.MINUTES_PDF)
    with translation.override(LANGUAGE):
        profile = selectors.profile_for(meeting)
        body = selectors.body_of(meeting)
        outcomes = dict(selectors.outcomes_of(meeting))
        attendees = list(selectors.attendees_of(meeting))
        decisions = list(meeting.decisions.all())
        for d in decisions:
            d.outcome_label = outcomes.get(d.outcome, d.outcome)
        html = render_to_string(
            "meetings/pdf/minutes.html",
            {
                "meeting": meeting,
                "profile": profile,
                "body": body,
                "purpose_label": selectors.purpose_label(meeting),
                "agenda": list(meeting.agenda.all()),
                "attendees": attendees,
                "decisions": decisions,
                "tasks": list(meeting.tasks.select_related("institution")),
                "today": clock.today(),
            },
        )
    return html, f"procesverbal-{meeting.pk}.pdf"


def minutes(*, actor, meeting_id: int) -> tuple[bytes, str]:
    """(pdf bytes, file name). NotFound for a meeting the caller may not see."""
    html, filename = minutes_html(actor=actor, meeting_id=meeting_id)
    return render_pdf(html), filename
