from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.4583 → "45.8%" (in the language's number format)."""
    try:
        return f"{number_format(float(value) * 100, decimal_pos=1)}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
