"""The consent registry's panels on the case page: a withdrawal banner for everyone who sees
the case, and the section with what is in force, the history and the forms (lazy)."""

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institutions_active
from nrm.consent.forms import ConsentRecordForm, SuspicionForm
from nrm.consent.selectors import consent_state
from nrm.core.language import current_language
from nrm.registry.sensitivity import case_visibility


def state_for(request, case):
    """One read per request and case, shared by the banner and the section. `case` comes
    from the registry's case_open, so the scope check is made."""
    cache = request.__dict__.setdefault("_consent_states", {})
    if case.pk not in cache:
        cache[case.pk] = consent_state(actor=request.actor, case=case)
    return cache[case.pk]


def banner(request, case) -> dict:
    return {"state": state_for(request, case)}


def section(request, case) -> dict:
    state = state_for(request, case)
    can_record = state.rules is not None and request.actor.can(Capability.CASE_UPDATE)
    # The signatory and the notes are identity: "restricted" to who may not see it.
    visibility = case_visibility(request.actor, case)
    history = [visibility.redact(r) for r in state.history]
    out = {"state": state, "history": history, "can_record": can_record}
    if can_record:
        language = current_language()
        # Ids of their own: both forms have a "note", and id_note twice broke its label.
        out["record_form"] = ConsentRecordForm(
            rules=state.rules,
            institutions=institutions_active(),
            language=language,
            auto_id="consent-%s",
        )
        out["suspicion_form"] = SuspicionForm(
            rules=state.rules, language=language, auto_id="suspicion-%s"
        )
    return out
