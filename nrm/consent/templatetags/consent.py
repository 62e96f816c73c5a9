"""`{% consent_banner case %}` (a withdrawal, for everyone who sees the case) and
`{% consent_section case %}` (what is in force, the history, the forms) on the case page."""

from django import template

from nrm.accounts.capabilities import Capability
from nrm.consent.forms import ConsentRecordForm, SuspicionForm
from nrm.consent.selectors import consent_state
from nrm.core.language import current_language

register = template.Library()


def _state(context, case):
    """One read per request and case, shared by the banner and the section. `case` comes
    from the registry's case_open, so the scope check is made."""
    request = context["request"]
    cache = request.__dict__.setdefault("_consent_states", {})
    if case.pk not in cache:
        cache[case.pk] = consent_state(actor=request.actor, case=case)
    return cache[case.pk]


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


@register.inclusion_tag("consent/_banner.html", takes_context=True)
def consent_banner(context, case):
    state = _state(context, case)
    return {"case": case, "state": state, "request": context["request"]}


@register.inclusion_tag("consent/_section.html", takes_context=True)
def consent_section(context, case):
    from nrm.consent.views import institution_choices

    request = context["request"]
    state = _state(context, case)
    can_record = state.rules is not None and request.actor.can(Capability.CASE_UPDATE)
    out = {
        "case": case,
        "state": state,
        "request": request,
        "can_record": can_record,
        "csrf_token": context.get("csrf_token"),
    }
    if can_record:
        language = current_language()
        out["record_form"] = ConsentRecordForm(
            rules=state.rules, institutions=institution_choices(), language=language
        )
        out["suspicion_form"] = SuspicionForm(rules=state.rules, language=language)
    return out
