"""What action plans contribute to the doors (read in `ready()`): the profile check of the
`action_plans` block (nrm.E175), the audit codes, and the focal point's reporting tasks on
"My work"."""

from django.utils.translation import gettext_lazy

from nrm.actionplan import selectors
from nrm.actionplan.audit_codes import ActionPlanCode
from nrm.actionplan.checks import check_action_plans
from nrm.actionplan.services import EVENTS
from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.registry import doors

APP = "nrm.actionplan"
HOME_ROWS = 10


def home_tasks(actor) -> dict | None:
    tasks = [
        (a, p, r)
        for a, p, r in selectors.my_tasks(actor=actor)
        if r is None or r.state == "returned"
    ]
    if not tasks:
        return None
    return {"tasks": tasks[:HOME_ROWS], "more": len(tasks) > HOME_ROWS}


def contribute() -> None:
    audit_codes.add(ActionPlanCode, code="actionplan", app=APP)
    profile_checks.add(check_action_plans, code="actionplan.rules", app=APP)
    event_producers.add(lambda profile: list(EVENTS), code="actionplan", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("Action-plan reports due"),
            "actionplan/_home.html",
            home_tasks,
        ),
        code="actionplan.tasks",
        app=APP,
        order=80,
    )
