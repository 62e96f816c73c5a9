"""What the reintegration contributes to the doors: the case-page panel, the person's export
section, the deadline events its services emit, the demo's walk, the profile codes its code
names and its audit codes."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.deadlines.doors import add_notices
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.registry import doors
from nrm.reintegration import panels, selectors, services
from nrm.reintegration.audit_codes import ReintegrationCode
from nrm.reintegration.checks import check_reintegration
from nrm.reintegration.demo import demo_walk
from nrm.reintegration.notices import NOTICES

APP = "nrm.reintegration"


def reintegration_events(profile) -> list[str]:
    return list(services.EVENTS) if profile.reintegration is not None else []


def export_reports(actor, case, language) -> list[dict]:
    """The person's monitoring reports and service lines, for their data export."""
    if selectors.reintegration_rules(case) is None:
        return []
    rows = [
        {
            "report": "D2",
            "month": m.period,
            "from": m.period_start.isoformat(),
            "to": m.period_end.isoformat(),
            "reported_on": m.reported_on.isoformat(),
            "criteria_met": m.criteria_met,
        }
        for m in selectors.report_list(actor=actor, case=case)
    ]
    rows += [
        {
            "service": line.kind,
            "institution": line.institution.name,
            "status": line.status,
            "requested_on": line.requested_on.isoformat(),
        }
        for line in selectors.line_list(actor=actor, case=case)
    ]
    return rows


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(ReintegrationCode, code="reintegration", app=APP)
    event_producers.add(reintegration_events, code="reintegration", app=APP)
    doors.case_panels.add(
        doors.CasePanel(
            "reintegration/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Reintegration and monitoring"),
        ),
        code="reintegration.section",
        app=APP,
    )
    doors.person_export_sections.add(
        doors.ExportSection(
            "reintegration", export_reports, "reintegration/export/reintegration.html"
        ),
        code="reintegration",
        app=APP,
        order=160,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="reintegration", app=APP, order=40)
    profile_checks.add(check_reintegration, code="reintegration.block", app=APP)
