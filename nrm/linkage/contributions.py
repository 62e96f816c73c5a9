"""What unique persons contribute to the doors: the case page's lazy panel "Also recorded
as", the demo's person recorded twice, the profile check (nrm.E140) and the audit codes
(the worker's nightly scan: `jobs`, imported by `ready()`)."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import profile_checks
from nrm.linkage import checks, panels
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.demo import demo_walk
from nrm.registry import doors

APP = "nrm.linkage"


def contribute() -> None:
    audit_codes.add(LinkageCode, code="linkage", app=APP)
    profile_checks.add(checks.check_linkage, code="linkage", app=APP)
    doors.case_panels.add(
        doors.CasePanel(
            "linkage/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Also recorded as"),
        ),
        code="linkage.also_recorded",
        app=APP,
        order=85,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="linkage", app=APP, order=95)
