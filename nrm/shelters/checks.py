"""nrm.E094: meaning checks of the profile's `shelters` block (contributed to the profile
loader's `profile_checks` door): known institution types, roles, the procedure and its
states, events of the deadline vocabulary, and exit reasons and incident kinds that name
each other consistently."""

from nrm.jurisdictions.references import report
from nrm.jurisdictions.schema import Profile

CODE = "nrm.E094"


def check_shelters(profile: Profile, add) -> None:
    rules = profile.shelters
    if rules is None:
        return
    where = ("shelters",)
    receiving = rules.receiving_institution_types
    report(add, CODE, profile, "institution_type", receiving, "shelters", where)
    report(add, CODE, profile, "role", rules.caseworker_roles, "shelters.caseworker_roles", where)
    try:
        procedure = profile.procedure(rules.procedure)
    except KeyError:
        add(CODE, f"shelters: unknown procedure {rules.procedure!r}", where)
        return
    states = {s.code for s in procedure.states}
    if rules.placed_state not in states:
        add(CODE, f"shelters.placed_state: not a state of {procedure.code!r}", where)
    events = {e.code for e in profile.deadlines.events} if profile.deadlines else None
    kinds = {k.code for k in rules.incident_kinds}
    reasons = {r.code for r in rules.exit_reasons}
    for i, reason in enumerate(rules.exit_reasons):
        if reason.procedure and reason.procedure not in states:
            add(CODE, f"exit reason {reason.code}: unknown state", (*where, "exit_reasons", i))
        if reason.incident and reason.incident not in kinds:
            add(CODE, f"exit reason {reason.code}: unknown incident", (*where, "exit_reasons", i))
    for i, kind in enumerate(rules.incident_kinds):
        loc = (*where, "incident_kinds", i)
        for event in (kind.emits, kind.notified_event):
            if event and events is not None and event not in events:
                add(CODE, f"incident {kind.code}: unknown event {event!r}", loc)
        for reason in (kind.exit_reason, kind.requires_exit_reason):
            if reason and reason not in reasons:
                add(CODE, f"incident {kind.code}: unknown exit reason {reason!r}", loc)
        name = f"incident {kind.code}"
        for recipient in kind.notify:
            report(add, CODE, profile, "role", recipient.roles, name, loc)
            report(add, CODE, profile, "institution_type", recipient.institution_types, name, loc)
        report(add, CODE, profile, "institution_type", kind.follow_up.values(), name, loc)
