"""What oversight contributes to the registry's doors (read in `ready()`): the AP's panel of
who read and who changed the case, newest first, with a link to the whole trail."""

from nrm.accounts.capabilities import Capability
from nrm.audit.doors import audit_codes
from nrm.deadlines.doors import add_notices
from nrm.oversight import duplicates
from nrm.oversight.audit_codes import OversightCode
from nrm.oversight.notices import NOTICES
from nrm.oversight.selectors import access_log_for_case, events_for_case
from nrm.registry import doors

APP = "nrm.oversight"
PANEL_ROWS = 20  # the newest rows on the case page; the rest on the trail's own pages


def access_panel(request, case) -> dict | None:
    actor = request.actor
    if not actor.can(Capability.AUDIT_READ):
        return None
    reads = list(
        access_log_for_case(actor=actor, case=case).order_by("-at", "-id")[: PANEL_ROWS + 1]
    )
    events = list(events_for_case(actor=actor, case=case).order_by("-at", "-id")[: PANEL_ROWS + 1])
    return {
        "access_log": reads[:PANEL_ROWS],
        "access_more": len(reads) > PANEL_ROWS,
        "events": events[:PANEL_ROWS],
        "events_more": len(events) > PANEL_ROWS,
    }


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    # Issue 13: a case opened past possible duplicates its opener may not see.
    add_notices(duplicates.NOTICES, app=APP)
    doors.duplicate_sinks.add(duplicates.tell, code="oversight", app=APP)
    audit_codes.add(OversightCode, code="oversight", app=APP)
    doors.case_panels.add(
        doors.CasePanel("oversight/_access_panel.html", access_panel),
        code="oversight.access",
        app=APP,
        order=900,
    )
