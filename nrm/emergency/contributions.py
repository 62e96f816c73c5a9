"""What the emergency app contributes to the doors: the case-page panel, the person's
export section, the deadline events its services emit, the meaning check of its profile
block, its audit codes, the AP meetings' purposes (`meeting.py`) and the demo's walk."""

from nrm.audit.doors import audit_codes
from nrm.deadlines.doors import add_notices
from nrm.emergency import checks, meeting, panels, selectors
from nrm.emergency.audit_codes import EmergencyCode
from nrm.emergency.demo import demo_walk
from nrm.emergency.notices import NOTICES
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.meetings.doors import meeting_purposes
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.emergency"

# The events the services emit whatever the profile's chain; the chain's come from its steps.
EVENTS = [
    "child_emergency_protection_initiated",
    "social_services_director_informed",
    "residence_permit_and_guardianship_started",
    "residence_permit_procedure_started",
    "foreign_child_documentation_notified",
    "foreign_child_documentation_meeting_requested",
]


def emergency_events(profile) -> list[str]:
    if profile.emergency is None:
        return []
    return EVENTS + [s.emits for s in profile.emergency.non_response_steps if s.emits]


def export_emergency(actor, case, language) -> dict:
    """What the emergency app holds on the person's case, for their data export."""
    found = selectors.summary(actor=actor, case=case)
    return {
        "measures": [
            {
                "initiated_at": iso(m.initiated_at),
                "director_informed_at": iso(m.director_informed_at),
                "decision": m.decision,
                "decided_on": iso(m.decided_on),
                "placement_kind": m.placement_kind,
                "placed_on": iso(m.placed_on),
                "gtn_requested_at": iso(m.gtn_requested_at),
                "changes": [
                    {"kind": c.placement_kind, "status": c.status, "drafted_on": iso(c.drafted_on)}
                    for c in m.changes.all()
                ],
            }
            for m in found.measures
        ],
        "permits": [
            {
                "kind": p.kind,
                "requested_on": iso(p.requested_on),
                "outcome": p.outcome,
                "outcome_on": iso(p.outcome_on),
            }
            for p in found.permits
        ],
        "mission_requests": [
            {"country": r.country, "requested_on": iso(r.requested_on), "outcome": r.outcome}
            for r in found.missions
        ],
        "reflection_period": None
        if found.reflection is None
        else {
            "starts_on": iso(found.reflection.starts_on),
            "ends_on": iso(found.reflection.ends_on),
        },
    }


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(EmergencyCode, code="emergency", app=APP)
    event_producers.add(emergency_events, code="emergency", app=APP)
    profile_checks.add(checks.check_emergency, code="emergency", app=APP)
    for code, purpose in meeting.PURPOSES.items():
        meeting_purposes.add(purpose, code=code, app=APP)
    doors.case_panels.add(
        doors.CasePanel("emergency/_case_panel.html", panels.section),
        code="emergency.section",
        app=APP,
    )
    doors.person_export_sections.add(
        doors.ExportSection("emergency", export_emergency, "emergency/export/emergency.html"),
        code="emergency",
        app=APP,
        order=160,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="emergency", app=APP, order=40)
