"""Template helpers that turn profile codes into labels in the active language."""

from django import template
from django.conf import settings
from django.utils.safestring import SafeData

from nrm.audit.labels import label as audit_code_label
from nrm.core import codes
from nrm.core.language import current_language
from nrm.jurisdictions import get_profile

register = template.Library()

_LOOKUPS = {
    "stage": "stage",
    "status": "status",
    "county": "county",
    "institution_type": "institution_type",
    "role": "role",
    "status_authority": "status_authority",
    "closure_reason": "closure_reason",
    "procedure": "procedure",
    "exploitation_form": "exploitation_form",
}


@register.filter
def label(code: str, kind: str) -> str:
    """`{{ case.stage|label:"stage" }}` → "Identifikimi formal" in Albanian."""
    if not code:
        return ""
    profile = get_profile(settings.NRM_JURISDICTION)
    try:
        item = getattr(profile, _LOOKUPS[kind])(code)
    except KeyError:
        return code
    return item.name.get(current_language())


@register.filter
def procedure_state(state: str, procedure: str) -> str:
    """`{{ h.to_value|procedure_state:h.procedure }}` → the state's name ("" when none)."""
    if not state:
        return ""
    profile = get_profile(settings.NRM_JURISDICTION)
    try:
        return profile.procedure(procedure).state(state).name.get(current_language())
    except KeyError:
        return state


@register.simple_tag
def profile_choices(kind: str):
    """[(code, label)] for a filter select."""
    profile = get_profile(settings.NRM_JURISDICTION)
    items = {
        "stage": profile.stages,
        "status": profile.identification_statuses,
        "county": profile.counties,
    }[kind]
    language = current_language()
    return [(i.code, i.name.get(language)) for i in items]


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links); a
    page may give its own (`list_query`: a posted search's filters and opaque id)."""
    given = context.get("list_query")
    params = given.copy() if given is not None else context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, 0)


@register.filter
def audit_label(code: str) -> str:
    if isinstance(code, SafeData):  # the "restricted" label of a hidden reason
        return code
    return audit_code_label(code)


@register.filter
def iso_date(value: str):
    """An ISO date kept as text (encrypted fields) as a date, for the |date filter."""
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@register.filter
def citizenship_name(code: str) -> str:
    """A citizenship's name in the active language (codes are stored, names are shown)."""
    return codes.citizenship_name(code or "")


@register.filter
def language_names(languages) -> str:
    """The names of ISO 639-1 codes (a list, or a comma-separated text), in the active language."""
    if isinstance(languages, str):
        languages = [x.strip() for x in languages.split(",")]
    return ", ".join(codes.language_name(x) for x in languages or () if x)
