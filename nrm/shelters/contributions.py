"""What the shelters contribute to the doors: the case-page panel, the deadline events their
services emit, the profile check of their block, the demo's walk, the profile codes their
code names and their audit codes."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.deadlines.doors import add_notices
from nrm.jurisdictions.doors import (
    RequiredCodes,
    codes_of,
    event_producers,
    profile_checks,
    required_codes,
)
from nrm.registry import doors
from nrm.shelters import panels
from nrm.shelters.audit_codes import ShelterCode
from nrm.shelters.checks import check_shelters
from nrm.shelters.demo import demo_walk
from nrm.shelters.notices import NOTICES

APP = "nrm.shelters"
# Emitted by the services themselves; the incident kinds' events come from the profile.
EVENTS = ("shelter_admitted", "foreign_national_placed", "formal_interview_information_given")


def shelter_events(profile) -> list[str]:
    rules = profile.shelters
    if rules is None:
        return []
    kinds = [e for k in rules.incident_kinds for e in (k.emits, k.notified_event) if e]
    return [*EVENTS, *kinds]


def _events(profile):
    return codes_of(profile.deadlines.events) if profile.deadlines is not None else None


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(ShelterCode, code="shelters", app=APP)
    event_producers.add(shelter_events, code="shelters", app=APP)
    profile_checks.add(check_shelters, code="shelters.block", app=APP)
    required_codes.add(
        RequiredCodes("deadlines.events", EVENTS, _events, optional=True),
        code="shelters.events",
        app=APP,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "shelters/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Shelter or centre"),
        ),
        code="shelters.section",
        app=APP,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="shelters", app=APP, order=45)
