from django import template

from nrm.core.language import current_language

register = template.Library()


@register.filter
def text(value) -> str:
    """A profile text ({sq, en}) in the active language."""
    return value.get(current_language()) if value is not None else ""
