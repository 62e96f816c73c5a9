"""Template helpers of initial identification."""

from django import template

from nrm.core.language import current_language
from nrm.screening.selectors import investigation_reader as reader

register = template.Library()


@register.filter
def profile_text(text) -> str:
    """A profile `Text` (sq/en) in the active language."""
    if text is None:
        return ""
    return text.get(current_language())


@register.filter
def get_role(roles: dict, code: str) -> str:
    return (roles or {}).get(code, code)


@register.filter
def get_item_text(mapping: dict, code: str) -> str:
    return (mapping or {}).get(code, code)


@register.filter
def investigation_reader(actor) -> bool:
    """Whether the actor reads information supporting investigation (the profile decides)."""
    return reader(actor)
