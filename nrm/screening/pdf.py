"""Printable documents of initial identification (A1–A5 and the certificate), rendered by
WeasyPrint from templates/screening/pdf/, in the profile's default language (Albanian).

Each document carries the case reference and only the personal data its form needs:
A1 none of the person's; A2 and the certificate the person's identity; A3/A4 and A5 the
person's identity, age and language, the indicators and what was done.
Opening a document is a read of the case and goes to the access log.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy

from nrm.consent.models import ActsBecause, ChildView
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.core.language import current_language
from nrm.core.pdf import render_pdf
from nrm.registry.models import Case
from nrm.registry.sensitivity import Visibility, case_visibility
from nrm.registry.services import case_open, profile_of
from nrm.screening import rules, selectors
from nrm.screening.audit_codes import DOCUMENT_READS
from nrm.screening.models import InterviewStatus


@dataclass(frozen=True)
class Link:
    form: str
    number: str
    title: str
    url: str
    detail: str = ""


def _url(case: Case, form: str, object_id: int | None = None) -> str:
    if object_id is None:
        return reverse("screening_document", args=[case.pk, form])
    return reverse("screening_document_of", args=[case.pk, form, object_id])


def available(*, actor, case: Case) -> list[Link]:
    """The documents this case has, for the identification page."""
    stage = rules.stage_rules(profile_of(case))
    language = current_language()
    docs = {d.code: d for d in stage.documents}

    def link(code: str, object_id=None, detail="") -> Link | None:
        doc = docs.get(code)
        if doc is None:
            return None
        return Link(code, doc.number, doc.title.get(language), _url(case, code, object_id), detail)

    links: list[Link | None] = []
    shown = case_visibility(actor, case).value
    for interview in selectors.interview_list(actor=actor, case=case):
        when = timezone.localtime(interview.scheduled_at).strftime("%d.%m.%Y")
        links.append(link(interview.form.lower(), interview.pk, when))
        for p in interview.participants.all():
            links.append(link("a1", p.pk, shown(p, "name") or ""))
    links.append(link("a2"))
    for request in selectors.request_list(actor=actor, case=case):
        when = timezone.localtime(request.requested_at).strftime("%d.%m.%Y")
        links.append(link("a5", request.pk, when))
    # The certificate certifies a past fact: it stays once the status moves on.
    if selectors.potential_victim_since(actor=actor, case=case) is not None:
        links.append(link("certificate"))
    return [x for x in links if x is not None]


def _person(case: Case, visibility: Visibility) -> dict:
    p = visibility.redact(case.person)
    return {
        "name": p.display_name,
        # Lazy: named when the document renders, in its own language (not the reader's).
        "sex": lazy(p.get_sex_display, str)(),
        "date_of_birth": p.date_of_birth,
        "estimated_age": p.estimated_age,
        "citizenship": p.citizenship,
        "languages": ", ".join(p.languages or []),
    }


def _screening(actor, case: Case, visibility: Visibility) -> dict | None:
    screening = selectors.screening_latest(actor=actor, case=case)
    if screening is None:
        return None
    if visibility.hides(screening._meta.label, "indicators"):
        return {"screening": visibility.redact(screening), "indicators": [], "restricted": True}
    profile = profile_of(case)
    catalogue = next(
        (
            c
            for c in profile.indicator_catalogues
            if c.code == screening.catalogue and c.version == screening.catalogue_version
        ),
        None,
    )
    known = catalogue.indicators() if catalogue else {}
    return {
        "screening": visibility.redact(screening),
        "indicators": [
            (code, known[code][1].text.sq if code in known else "") for code in screening.indicators
        ],
    }


def document(*, actor, case_id: int, form: str, object_id: int | None = None) -> tuple:
    """(pdf bytes, file name). NotFound for a case, record or form the caller cannot have."""
    html, filename = document_html(actor=actor, case_id=case_id, form=form, object_id=object_id)
    return render_pdf(html), filename


def document_html(*, actor, case_id: int, form: str, object_id: int | None = None) -> tuple:
    """(HTML, file name) of a document: what the PDF is printed from."""
    if form not in DOCUMENT_READS:
        raise NotFound()
    case = case_open(actor=actor, case_id=case_id, action=DOCUMENT_READS[form])
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    try:
        doc = stage.document(form)
    except KeyError:
        raise NotFound() from None
    # Fields of the classes the actor may not see are printed as "restricted" (sensitivity).
    visibility = case_visibility(actor, case)
    redact = visibility.redact
    context = {"case": case, "doc": doc, "today": clock.today(), "profile": profile}
    if form == "a1":
        participant = selectors.participant_get(actor=actor, id=object_id)
        if participant.interview.case_id != case.pk:
            raise NotFound()
        context |= {"participant": redact(participant), "interview": redact(participant.interview)}
    elif form == "a2":
        consent = selectors.a2_current(actor=actor, case=case)
        context |= {
            "consent": redact(consent),
            "person": _person(case, visibility),
            "child_views": ChildView.choices,
            "acts_because": ActsBecause.choices,
        }
    elif form in {"a3", "a4"}:
        interview = selectors.interview_get(actor=actor, id=object_id)
        if interview.case_id != case.pk or interview.form.lower() != form:
            raise NotFound()
        context |= {
            "interview": redact(interview),
            "participants": [redact(p) for p in interview.participants.all()],
            "conditions": [c for c in stage.interview_conditions if c.code in interview.conditions],
            "person": _person(case, visibility),
            "checklist": selectors.checklist(actor=actor, case=case, profile=profile),
            "a1": stage.document("a1"),
            "held": interview.status == InterviewStatus.HELD,
        }
        context |= _screening(actor, case, visibility) or {}
    elif form == "a5":
        request = selectors.request_get(actor=actor, id=object_id)
        if request.case_id != case.pk:
            raise NotFound()
        context |= {"request": redact(request), "person": _person(case, visibility)}
        context |= _screening(actor, case, visibility) or {}
    elif form == "certificate":
        # Issued for a case identified as a VMT at initial identification, whatever its
        # status now (a victim, or not recognised later): it certifies that past fact.
        since = selectors.potential_victim_since(actor=actor, case=case)
        if since is None:
            raise NotFound()
        context |= {
            "person": _person(case, visibility),
            "certified_status": rules.POTENTIAL_VICTIM,
            "identified_at": since,
        }
        context |= _screening(actor, case, visibility) or {}
    else:
        raise NotFound()
    context["roles"] = {r.code: r.name.sq for r in stage.interview_roles}
    context["givers"] = {
        g.code: g.name.sq for g in selectors.a2_givers(profile=profile, is_child=None)
    }
    with translation.override(profile.default_language):
        html = render_to_string(f"screening/pdf/{form if form != 'a4' else 'a3'}.html", context)
    suffix = f"-{object_id}" if object_id else ""
    return html, f"{case.reference}-{doc.number or form}{suffix}.pdf"
