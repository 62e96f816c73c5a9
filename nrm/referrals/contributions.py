"""What referrals contribute to the doors: the case-page panel, the deadline event an
emergency referral emits, the demo's walk, the profile check and their audit codes."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.referrals import panels
from nrm.referrals.audit_codes import ReferralCode
from nrm.referrals.checks import check_referrals
from nrm.referrals.demo import demo_walk
from nrm.registry import doors

APP = "nrm.referrals"


def referral_events(profile) -> list[str]:
    rules = profile.referrals
    return [rules.emergency_event] if rules is not None and rules.emergency_event else []


def contribute() -> None:
    audit_codes.add(ReferralCode, code="referrals", app=APP)
    event_producers.add(referral_events, code="referrals", app=APP)
    profile_checks.add(check_referrals, code="referrals", app=APP)
    doors.case_panels.add(
        doors.CasePanel(
            "referrals/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Referrals"),
        ),
        code="referrals.section",
        app=APP,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="referrals", app=APP, order=40)
