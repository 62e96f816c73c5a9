"""`{% person_rights_panel case %}`: the case page's part on the person's rights: when the
case was anonymised, the export of the person's data, the corrections and their form."""

from django import template

from nrm.accounts.capabilities import Capability
from nrm.core.language import current_language
from nrm.registry import person_rights

register = template.Library()


@register.inclusion_tag("registry/_person_rights.html", takes_context=True)
def person_rights_panel(context, case):
    """`case` comes from the registry's case_open, so the scope check is made."""
    actor = context["request"].actor
    language = current_language()
    return {
        "case": case,
        "person": case.person,
        "can": actor.can(Capability.PERSON_RIGHTS),
        "corrections": list(person_rights.correction_list(actor=actor, case=case)),
        "requesters": person_rights.requesters(case=case, language=language),
        "fields": [(code, label) for code, (label, _kind) in person_rights.CORRECTABLE.items()],
        "csrf_token": context.get("csrf_token"),
    }
