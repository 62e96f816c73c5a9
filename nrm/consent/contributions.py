"""What the consent registry contributes to the registry's doors (read in `ready()`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.consent import panels, rules
from nrm.consent.audit_codes import ConsentCode
from nrm.consent.notices import NOTICES
from nrm.consent.selectors import (
    consent_records,
    consent_withdrawn,
    statistics_withdrawn,
    suspected_givers,
)
from nrm.core.errors import ValidationFailed
from nrm.deadlines.doors import add_notices
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.consent"


def sharing_veto(case, institution) -> None:
    if consent_withdrawn(case=case, purpose=rules.SHARING, institution=institution):
        raise ValidationFailed(
            {"consent": [_("Consent to sharing with this institution was withdrawn.")]}
        )


def suspected_requester(person, requester: str) -> bool:
    return any(requester in suspected_givers(case=c) for c in person.cases.all())


def export_records(actor, case, language) -> list[dict]:
    return [
        {
            "purpose": r.purpose,
            "institution": r.institution.name if r.institution else "",
            "country": r.country,
            "given": r.given,
            "given_by": r.given_by,
            "signatory": r.signatory,
            "acts_because": r.acts_because,
            # The child's own view is the person's data too.
            "child_view": r.child_view,
            "child_view_note": r.child_view_note,
            "form": r.form,
            "signed_on": iso(r.signed_on),
            "recorded_at": iso(r.recorded_at),
        }
        for r in consent_records(actor=actor, case=case).select_related("institution")
    ]


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(ConsentCode, code="consent", app=APP)
    doors.case_panels.add(
        doors.CasePanel("consent/_banner.html", panels.banner, slot=doors.SLOT_BANNER),
        code="consent.banner",
        app=APP,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "consent/_section.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Consent registry"),
        ),
        code="consent.section",
        app=APP,
        order=300,
    )
    doors.person_export_sections.add(
        doors.ExportSection("consent_records", export_records, "consent/export/records.html"),
        code="consent_records",
        app=APP,
        order=200,
    )
    doors.share_vetoes.add(sharing_veto, code="consent.sharing", app=APP)
    doors.export_filters.add(statistics_withdrawn, code="consent.statistics", app=APP)
    doors.requester_refusals.add(suspected_requester, code="consent.suspected", app=APP)
