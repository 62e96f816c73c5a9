"""nrm.E094: meaning checks of the profile's `shelters` block (contributed to the profile
loader's `profile_checks` door): known institution types, roles, the procedure and its
states, events of the deadline vocabulary, and exit reasons and incident kinds that name
each other consistently."""

from nrm.jurisdictions.schema import Profile

CODE = "nrm.E094"


def check_shelters(profile: Profile, add) -> None:
    rules = profile.shelters
    if rules is None:
        return
    roles = {r.code for r in profile.roles}
    types = {t.code for t in profile.institution_types}
    where = ("shelters",)
    for kind in rules.receiving_institution_types:
        if kind not in types:
            add(CODE, f"shelters: unknown institution type {kind!r}", where)
    for role in rules.caseworker_roles:
        if role not in roles:
            add(CODE, f"shelters.caseworker_roles: unknown role {role!r}", where)
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
        for recipient in kind.notify:
            for role in recipient.roles:
                if role not in roles:
                    add(CODE, f"incident {kind.code}: unknown role {role!r}", loc)
            for t in recipient.institution_types:
                if t not in types:
                    add(CODE, f"incident {kind.code}: unknown institution type {t!r}", loc)
        for t in kind.follow_up.values():
            if t not in types:
                add(CODE, f"incident {kind.code}: unknown institution type {t!r}", loc)
