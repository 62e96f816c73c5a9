"""Pure rules of the stay: which checklist items apply to a child or an adult, which form an
admission is, what an exit does to the protection procedure, whom an incident's notices go to
and which institution follows it up. No database: the services pass what they read."""

from django.utils.translation import gettext as _

from nrm.jurisdictions.schema import ShelterIncidentKind, Shelters


def applies(applies_to: str | None, *, is_child: bool) -> bool:
    return applies_to in (None, "all") or applies_to == ("child" if is_child else "adult")


def items_for(items, *, is_child: bool) -> list:
    """The checklist items (information, basic needs) that apply to this person."""
    return [i for i in items if applies(i.applies_to, is_child=is_child)]


def form_for(*, is_child: bool) -> str:
    """C3 for a child (or a presumed child), C1 for an adult (annex L1444, L1446)."""
    return "c3" if is_child else "c1"


def check_codes(values, allowed, field: str, errors: dict) -> list[str]:
    """The chosen codes, in the profile's order; an unknown one is a field error."""
    chosen = [str(v) for v in values or ()]
    codes = [i.code for i in allowed]
    unknown = [v for v in chosen if v not in codes]
    if unknown:
        errors[field] = [_("Choose from the list.")]
    return [c for c in codes if c in chosen]


def procedure_after_exit(rules: Shelters, reason: str) -> str:
    """The protection procedure's state after an exit for `reason` ("" keeps it)."""
    return rules.exit_reason(reason).procedure


def procedure_step(*, running_state: str | None, target: str, transitions: dict) -> str:
    """What placing (or moving) the protection procedure to `target` takes: "open" (not
    running), "move" (running elsewhere and allowed), "stay" (already there), "refuse"."""
    if running_state is None:
        return "open"
    if running_state == target:
        return "stay"
    if target in transitions.get(running_state, ()):
        return "move"
    return "refuse"


def recipients_for(kind: ShelterIncidentKind, *, is_child: bool) -> list:
    return [r for r in kind.notify if applies(r.applies_to, is_child=is_child)]


def institution_for(types, *, owner, granted, of_type, county: str):
    """The institution of one of `types` that serves the case: the owner if it is of the
    type, else the newest grant of the type, else the one in the case's county, else a
    national one; None when there is none (the notice is then not sent, and said so)."""
    types = tuple(types)
    if owner is not None and owner.type in types:
        return owner
    for institution in granted:
        if institution.type in types:
            return institution
    ranked = sorted(
        (i for i in of_type if i.type in types), key=lambda i: (types.index(i.type), i.code)
    )
    for institution in ranked:
        if county and institution.county == county:
            return institution
    for institution in ranked:
        if not institution.county:
            return institution
    return None


def follow_up_type(kind: ShelterIncidentKind, *, is_child: bool) -> str:
    return kind.follow_up.get("child" if is_child else "adult", "")


def needs_police_complaint(kind: ShelterIncidentKind, *, is_child: bool) -> bool:
    return kind.police_complaint is not None and applies(kind.police_complaint, is_child=is_child)
