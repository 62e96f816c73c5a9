"""The admission forms as printable documents (annex L1444–1446): C1 (adult), C3 (child) and
C2 (the declaration of agreement), in the profile's default language (Albanian), rendered by
WeasyPrint. Each carries the case reference and only what its form needs: the person's
identity, the receiving centre and service (no address), the referral, the moment of
admission, the information given, the examination, the basic needs, the case worker."""

from django.template.loader import render_to_string
from django.utils import translation

from nrm.core import clock
from nrm.core.pdf import render_pdf
from nrm.registry.rules import is_foreign_national
from nrm.registry.services import profile_of
from nrm.shelters import rules as shelter_rules
from nrm.shelters.models import Residence


def admission_html(residence: Residence, *, form: str, visibility=None) -> str:
    case = residence.case
    profile = profile_of(case)
    rules = profile.shelters
    redact = visibility.redact if visibility is not None else (lambda x: x)
    info = shelter_rules.items_for(rules.information_items, is_child=case.is_child)
    needs = shelter_rules.items_for(rules.basic_needs, is_child=case.is_child)
    context = {
        "doc": rules.document(form),
        "form": form,
        "profile": profile,
        "case": case,
        "person": redact(case.person),
        "residence": redact(residence),
        "information": [(i.name.sq, i.code in residence.information_given) for i in info],
        "needs": [(n.name.sq, n.code in residence.basic_needs) for n in needs],
        "foreign": is_foreign_national(case.person.citizenship, profile=profile),
        "referral": residence.referral,
        "today": clock.today(),
    }
    with translation.override(profile.default_language):
        return render_to_string(f"shelters/pdf/{form}.html", context)


def admission_pdf(residence: Residence, *, form: str, visibility=None) -> bytes:
    return render_pdf(admission_html(residence, form=form, visibility=visibility))
