"""Printable documents of formal identification (B1, B2, B3), rendered by WeasyPrint from
templates/identification/pdf/, in the profile's default language (Albanian).

Each carries the case reference and only what its form needs: B1/B2 the interview's time,
participants, conditions, rights explained, duration and the needs assessment; B3 the
group, the outcome, consensus, reasoning, a child's designated shelter and how to appeal.
Opening a document is a read of the case and goes to the access log."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.core.language import current_language
from nrm.core.pdf import render_pdf
from nrm.identification import rules, selectors
from nrm.identification.audit_codes import DOCUMENT_READS
from nrm.registry.models import Case
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open, profile_of


@dataclass(frozen=True)
class Link:
    form: str
    number: str
    title: str
    title_en: str
    url: str
    detail: str = ""


def available(*, actor, case: Case) -> list[Link]:
    stage = rules.stage_rules(profile_of(case))
    docs = {d.code: d for d in stage.documents}
    language = current_language()
    links = []
    for interview in selectors.interview_list(actor=actor, case=case):
        doc = docs.get(interview.form.lower())
        if doc is not None:
            links.append(
                Link(
                    doc.code,
                    doc.number,
                    doc.title.get(language),
                    doc.title.en,
                    reverse("formal_document", args=[doc.code, interview.pk]),
                    timezone.localtime(interview.scheduled_at).strftime("%d.%m.%Y"),
                )
            )
    b3 = docs.get("b3")
    for decision in selectors.decision_list(actor=actor, case=case):
        if b3 is not None:
            links.append(
                Link(
                    "b3",
                    b3.number,
                    b3.title.get(language),
                    b3.title.en,
                    reverse("formal_document", args=["b3", decision.pk]),
                    decision.decided_on.strftime("%d.%m.%Y"),
                )
            )
    return links


def document(*, actor, form: str, object_id: int) -> tuple:
    html, filename = document_html(actor=actor, form=form, object_id=object_id)
    return render_pdf(html), filename


def document_html(*, actor, form: str, object_id: int) -> tuple:
    """(HTML, file name). NotFound for a record or form the caller cannot have (the record's
    case not visible to them, whether it exists or not)."""
    if form not in DOCUMENT_READS:
        raise NotFound()
    if form == "b3":
        case_id = selectors.decision_get(actor=actor, id=object_id).case_id
    else:
        case_id = selectors.interview_get(actor=actor, id=object_id).case_id
    case = case_open(actor=actor, case_id=case_id, action=DOCUMENT_READS[form])
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    try:
        doc = stage.document(form)
    except KeyError:
        raise NotFound() from None
    visibility = case_visibility(actor, case)
    redact = visibility.redact
    person = redact(case.person)
    context = {
        "case": case,
        "d": doc,
        "doc": doc,
        "profile": profile,
        "today": clock.today(),
        "person": person,
    }
    if form in {"b1", "b2"}:
        interview = selectors.interview_get(actor=actor, id=object_id)
        if interview.case_id != case.pk or interview.form.lower() != form:
            raise NotFound()
        roles = {r.code: r.name.sq for r in stage.participant_roles}
        context |= {
            "interview": redact(interview),
            "participants": [
                (roles.get(p.role, p.role), redact(p)) for p in interview.participants.all()
            ],
            "checks": stage.system_checks,
            "conditions": [c for c in stage.conditions if c.code in interview.conditions],
            "rights": [(r, r.code in interview.rights) for r in stage.rights],
        }
        template = "identification/pdf/interview.html"
    elif form == "b3":
        decision = selectors.decision_get(actor=actor, id=object_id)
        if decision.case_id != case.pk:
            raise NotFound()
        outcomes = {o.code: o.name.sq for o in stage.outcomes}
        context |= {
            "decision": redact(decision),
            "outcome": outcomes.get(decision.outcome or "", ""),
            "ap_outcome": outcomes.get(decision.ap_outcome or "", ""),
            "seats": list(decision.group.seats.select_related("institution", "user")),
        }
        template = "identification/pdf/b3.html"
    else:
        raise NotFound()
    with translation.override(profile.default_language):
        html = render_to_string(template, context)
    return html, f"{case.reference}-{doc.number or form}-{object_id}.pdf"
