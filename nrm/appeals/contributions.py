"""What the appeals contribute to the doors: the case-page panel, the deadline events their
services emit, the demo's walk, the profile codes their code names and their audit codes."""

from django.utils.translation import gettext_lazy

from nrm.appeals import meeting, panels, selectors
from nrm.appeals.audit_codes import AppealCode
from nrm.appeals.demo import demo_walk
from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import RequiredCodes, codes_of, event_producers, required_codes
from nrm.meetings.doors import meeting_purposes
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.appeals"

EVENTS = [
    "decision_notified",
    "appeal_filed",
    "appeal_withdrawn",
    "appeal_waived",
    "commission_convened",
    "appeal_file_reviewed",
    "commission_decided",
    "commission_members_appointed",
]


def appeal_events(profile) -> list[str]:
    return EVENTS if profile.appeals is not None else []


def export_appeals(actor, case, language) -> list[dict]:
    """The person's appeals, for their data export (docs/person-rights.md)."""
    return [
        {
            "number": a.number,
            "kind": a.kind,
            "filed_on": a.filed_on.isoformat(),
            "appellant": a.appellant,
            "status": a.status,
            "outcome": a.outcome,
            "decided_at": iso(a.decided_at),
        }
        for a in selectors.appeal_list(actor=actor, case=case)
    ]


def _kinds(profile):
    if profile.appeals is None:
        return None
    rules = profile.appeals
    return (*rules.appealable, rules.decision_kind, rules.court_kind, rules.reevaluation_kind)


def contribute() -> None:
    audit_codes.add(AppealCode, code="appeals", app=APP)
    event_producers.add(appeal_events, code="appeals", app=APP)
    doors.case_panels.add(
        doors.CasePanel("appeals/_case_banner.html", panels.banner, slot=doors.SLOT_BANNER),
        code="appeals.banner",
        app=APP,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "appeals/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Appeal"),
        ),
        code="appeals.section",
        app=APP,
    )
    doors.person_export_sections.add(
        doors.ExportSection("appeals", export_appeals, "appeals/export/appeals.html"),
        code="appeals",
        app=APP,
        order=150,
    )
    meeting_purposes.add(meeting.APPEAL_REVIEW, code=meeting.PURPOSE, app=APP)
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="appeals", app=APP, order=30)
    required_codes.add(
        RequiredCodes(
            "status_authorities",
            ("group_decision", "commission_decision", "court_ruling", "reevaluation"),
            lambda p: codes_of(p.status_authorities) if p.appeals is not None else None,
            optional=True,  # only a profile with an appeals block
        ),
        code="appeals.status_authorities",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "identification_statuses",
            ("victim", "potential_victim", "not_recognised"),
            lambda p: codes_of(p.identification_statuses) if p.appeals is not None else None,
            optional=True,  # only a profile with an appeals block
        ),
        code="appeals.statuses",
        app=APP,
    )
    doors.decision_paths.add(
        doors.DecisionPath(may_record=panels.may_record_commission), code="commission", app=APP
    )
