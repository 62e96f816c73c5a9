"""What the plans contribute to the doors: the case-page panel, the person's export, the
deadline events their services emit, the demo's walk, the profile codes their code names and
their audit codes."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.core import clock
from nrm.core.language import current_language
from nrm.deadlines.doors import add_notices
from nrm.jurisdictions.doors import RequiredCodes, codes_of, event_producers, required_codes
from nrm.plans import panels, selectors, services
from nrm.plans.audit_codes import PlanCode
from nrm.plans.demo import demo_walk
from nrm.plans.notices import NOTICES
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.plans"


def plan_events(profile) -> list[str]:
    """The events of the plan kinds (the IPP's, the D1's) and the items' tasks."""
    if profile.plans is None:
        return []
    found = list(services.EVENTS)
    for kind in profile.plans.kinds:
        for event in (
            kind.approved_event,
            kind.submitted_event,
            kind.decided_event,
            kind.returned_event,
        ):
            if event and event not in found:
                found.append(event)
    return found


def export_plans(actor, case, language) -> dict:
    """The person's needs assessments and plans, for their data export."""
    return {
        "assessments": [
            {
                "form": a.form,
                "revision": a.revision,
                "assessed_on": a.assessed_on.isoformat(),
                "views": a.views or "",
                "needs": [
                    {"domain": f.domain, "need_found": f.need_found, "level": f.level}
                    for f in a.findings.all()
                ],
            }
            for a in selectors.assessment_list(actor=actor, case=case)
        ],
        "plans": [
            {
                "number": p.number,
                "kind": p.kind,
                "status": p.status,
                "revision": p.revision,
                "approved_at": iso(p.approved_at),
                "items": [
                    {
                        "domain": i.domain,
                        "action": i.action or "",
                        "institution": i.institution.name,
                        "due_on": i.due_on.isoformat(),
                        "status": i.status,
                    }
                    for i in p.items.all()
                ],
            }
            for p in selectors.plan_list(actor=actor, case=case)
        ],
    }


def home_tasks(actor) -> dict | None:
    """Plan actions tasked to the actor's institution (shown only when there are some)."""
    rows = selectors.items_tasked_home(actor=actor, limit=doors.HOME_ROWS)
    if not rows:
        return None
    language = current_language()
    shown = rows[: doors.HOME_ROWS]
    for item in shown:
        rules = selectors.plan_rules(item.case)
        domains = {d.code: d.name.get(language) for d in rules.assessment.domains} if rules else {}
        item.domain_name = domains.get(item.domain, item.domain)
    return {"items": shown, "more": len(rows) > doors.HOME_ROWS, "today": clock.today()}


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(PlanCode, code="plans", app=APP)
    event_producers.add(plan_events, code="plans", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("Plan actions for your institution"), "plans/_home_tasks.html", home_tasks
        ),
        code="plans.tasks",
        app=APP,
        order=50,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "plans/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Needs assessment and plans"),
        ),
        code="plans.section",
        app=APP,
    )
    doors.person_export_sections.add(
        doors.ExportSection("plans", export_plans, "plans/export/plans.html"),
        code="plans",
        app=APP,
        order=160,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="plans", app=APP, order=40)
    required_codes.add(
        RequiredCodes(
            "roles",
            ("focal_point",),
            lambda p: codes_of(p.roles) if p.plans is not None else None,
            optional=True,
        ),
        code="plans.roles",
        app=APP,
    )
