"""What the deadline engine contributes to the registry's doors (read in `ready()`)."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.core import clock
from nrm.deadlines import selectors
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.deadlines.display import annotate, notice_text, urgency
from nrm.deadlines.doors import add_notices
from nrm.deadlines.notice_checks import check_notices
from nrm.deadlines.notices import NOTICES
from nrm.deadlines.services import event_emit, notice_to_addressees
from nrm.jurisdictions.doors import profile_checks
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.deadlines"


def hear(actor, case, event: str, at) -> None:
    event_emit(actor=actor, case=case, event=event, at=at)


def tell(actor, case, kind: str, addressed: tuple) -> None:
    notice_to_addressees(actor=actor, case=case, kind=kind, addressed=addressed)


def timeline(request, case) -> dict:
    """`case` comes from the registry's case_open, so the scope check is made."""
    actor = request.actor
    return {"deadlines": annotate(actor, selectors.deadline_list_for_case(actor=actor, case=case))}


def home_deadlines(actor) -> dict:
    """Overdue, due today, due this week: always shown (an empty list is good news)."""
    now = clock.now()
    rows = selectors.deadline_list_home(actor=actor, now=now, limit=doors.HOME_ROWS)
    shown = annotate(actor, rows[: doors.HOME_ROWS])
    groups = {"overdue": [], "today": [], "week": []}
    for d in shown:
        groups[urgency(d, now)].append(d)
    labels = {
        "overdue": gettext_lazy("Overdue"),
        "today": gettext_lazy("Due today"),
        "week": gettext_lazy("Due this week"),
    }
    return {
        "groups": [(key, labels[key], groups[key]) for key in groups if groups[key]],
        "more": len(rows) > doors.HOME_ROWS,
    }


def home_notices(actor) -> dict | None:
    """Unread inbox notices (shown only when there are some)."""
    rows = selectors.notification_list_unread(actor=actor, limit=doors.HOME_ROWS)
    if not rows:
        return None
    shown = rows[: doors.HOME_ROWS]
    with_deadline = [n for n in shown if n.deadline_id]
    annotated = annotate(actor, [n.deadline for n in with_deadline])
    for n, d in zip(with_deadline, annotated, strict=True):
        n.deadline = d
    for n in shown:
        n.notice_text = "" if n.deadline_id else notice_text(n)
    return {"notifications": shown, "more": len(rows) > doors.HOME_ROWS}


def export_deadlines(actor, case, language) -> list[dict]:
    rows = []
    for d in selectors.deadline_list_for_case(actor=actor, case=case):
        rule = selectors.rule_of(d)
        rows.append(
            {
                "rule": d.rule,
                "title": rule.title.get(language) if rule else d.rule,
                "status": d.status,
                "opened_at": iso(d.opened_at),
                "due_at": iso(d.due_at),
                "met_at": iso(d.met_at),
            }
        )
    return rows


def contribute() -> None:
    audit_codes.add(DeadlineCode, code="deadlines", app=APP)
    doors.case_event_sinks.add(hear, code="deadlines", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("My deadlines"), "deadlines/_home_deadlines.html", home_deadlines
        ),
        code="deadlines.mine",
        app=APP,
        order=10,
    )
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("Unread notices"), "deadlines/_home_notices.html", home_notices
        ),
        code="deadlines.inbox",
        app=APP,
        order=60,
    )
    doors.case_notice_sinks.add(tell, code="deadlines", app=APP)
    add_notices(NOTICES, app=APP)
    profile_checks.add(check_notices, code="deadlines.notices", app=APP)
    doors.case_panels.add(
        doors.CasePanel("deadlines/_timeline.html", timeline),
        code="deadlines.timeline",
        app=APP,
        order=100,
    )
    doors.person_export_sections.add(
        doors.ExportSection("deadlines", export_deadlines, "deadlines/export/deadlines.html"),
        code="deadlines",
        app=APP,
        order=300,
    )
