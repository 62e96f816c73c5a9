"""What referrals contribute to the doors: the case-page panel, the deadline event an
emergency referral emits, the demo's walk, the profile check and their audit codes."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.core.language import current_language
from nrm.deadlines.doors import add_notices
from nrm.directory.selectors import need_name
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.referrals import panels, selectors
from nrm.referrals.audit_codes import ReferralCode
from nrm.referrals.checks import check_referrals
from nrm.referrals.demo import demo_walk
from nrm.referrals.notices import NOTICES
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.referrals"


def referral_events(profile) -> list[str]:
    rules = profile.referrals
    return [rules.emergency_event] if rules is not None and rules.emergency_event else []


def export_referrals(actor, case, language) -> list[dict]:
    """The person's referrals, for their data export (docs/person-rights.md)."""
    return [
        {
            "from_institution": r.from_institution.name,
            "to_institution": r.to_institution.name,
            "need": r.need,
            "service": r.service.name if r.service_id else r.service_label,
            "emergency": r.emergency,
            "status": r.status,
            "created_at": iso(r.created_at),
            "decided_at": iso(r.decided_at),
        }
        for r in selectors.case_referrals(actor=actor, case=case)
    ]


def home_referrals(actor) -> dict | None:
    """Referrals awaiting the actor's institution: incoming ones to accept or decline, its
    own that were declined (shown only when there are some). By reference, as the inbox."""
    rows = list(
        selectors.referral_list(actor=actor, direction=selectors.ACTION)[: doors.HOME_ROWS + 1]
    )
    if not rows:
        return None
    language = current_language()
    shown = []
    for referral in rows[: doors.HOME_ROWS]:
        row = selectors.inbox_row(actor=actor, referral=referral)
        shown.append({"row": row, "need": need_name(referral.need, language)})
    return {"rows": shown, "more": len(rows) > doors.HOME_ROWS}


def contribute() -> None:
    audit_codes.add(ReferralCode, code="referrals", app=APP)
    add_notices(NOTICES, app=APP)
    event_producers.add(referral_events, code="referrals", app=APP)
    profile_checks.add(check_referrals, code="referrals", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("Referrals awaiting your institution"),
            "referrals/_home_referrals.html",
            home_referrals,
        ),
        code="referrals.action",
        app=APP,
        order=30,
    )
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
    doors.person_export_sections.add(
        doors.ExportSection("referrals", export_referrals, "referrals/export/referrals.html"),
        code="referrals",
        app=APP,
        order=160,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="referrals", app=APP, order=40)
