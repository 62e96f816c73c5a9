"""A corrected value read from a form or JSON, and how it is stored (pure)."""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from nrm.core.errors import ValidationFailed
from nrm.registry.person_rights.requests import CORRECTABLE


def _parse(field: str, value: Any):
    """The corrected value in the field's type; ValidationFailed({"value": …}) otherwise."""
    kind = CORRECTABLE[field][1]
    if value is None:
        value = ""
    try:
        if kind == "date":
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value).strip()) if str(value).strip() else None
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            text = str(value).strip()
            return int(text) if text else None
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off", ""):
                return False
            raise ValueError
        if kind == "list":
            items = value if isinstance(value, list | tuple) else str(value).split(",")
            return [str(v).strip() for v in items if str(v).strip()]
        return str(value)
    except (TypeError, ValueError):
        messages = {
            "date": _("Enter a date as YYYY-MM-DD."),
            "int": _("Enter a whole number."),
            "bool": _("Enter yes or no."),
        }
        raise ValidationFailed({"value": [messages.get(kind, _("Enter a valid value."))]}) from None


def _shown(value) -> str:
    """How a value is stored in the correction record (encrypted)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
