"""`{% consent_label case kind code %}`: the profile's name of a purpose, giver or form."""

from django import template

from nrm.consent.panels import state_for
from nrm.core import codes
from nrm.core.language import current_language

register = template.Library()


def _state(context, case):
    return state_for(context["request"], case)


def _name(items, code: str) -> str:
    for item in items:
        if item.code == code:
            return item.name.get(current_language())
    return code


@register.simple_tag(takes_context=True)
def consent_label(context, case, kind: str, code: str) -> str:
    """The profile's name of a purpose, giver or form."""
    rules = _state(context, case).rules
    if rules is None or not code:
        return code or ""
    items = {"purpose": rules.purposes, "giver": rules.givers, "form": rules.forms}[kind]
    if kind == "form":
        for f in items:
            if f.code == code:
                return f.number or f.name.get(current_language())
    return _name(items, code)


@register.filter
def country_name(code: str) -> str:
    """A country's name in the active language (codes are stored, names are shown)."""
    return codes.citizenship_name(code or "")
