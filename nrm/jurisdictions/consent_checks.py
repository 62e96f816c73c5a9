"""Meaning checks of the profile's `consent` block (docs/consent.md). The shape is pydantic's
job (nrm.E002); these catch what a shape cannot:

- nrm.E030  a purpose the code relies on is missing or has the wrong `per`, or a code is
            given twice (purposes, givers, forms);
- nrm.E031  a giver or a form names a purpose (or a giver a form, or `instead_of` a giver)
            the block does not define;
- nrm.E032  `a2_purpose` is not a purpose given as a whole, `a2_form` is not one of the
            forms or not a form for `a2_purpose` (one named without the other), or
            `notify_roles` names an unknown role;
- nrm.E033  the profile has an initial identification but no A2 purpose, or no giver may
            give the A2 consent for a child, or for an adult.
"""

from nrm.jurisdictions.schema import Profile

# The purposes the services check, and how each is scoped (issue 5).
PURPOSES = {
    "services": "none",
    "sharing": "institution",
    "transfer_abroad": "country",
    "statistics": "none",
}


def check_consent(profile: Profile, add) -> None:
    """`add(code, message, loc)` records a problem at the YAML location `loc`."""
    rules = profile.consent
    if rules is None:
        return
    where = ("consent",)
    for field in ("purposes", "givers", "forms"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(rules, field)):
            if item.code in seen:
                add(
                    "nrm.E030", f"consent.{field}: duplicate code {item.code!r}", (*where, field, i)
                )
            seen.add(item.code)
    purposes = {p.code: p for p in rules.purposes}
    for code, per in PURPOSES.items():
        if code not in purposes:
            add("nrm.E030", f"consent.purposes: missing purpose {code!r}", (*where, "purposes"))
        elif purposes[code].per != per:
            i = rules.purposes.index(purposes[code])
            message = f"consent.purposes: {code!r} must be given per {per!r}"
            add("nrm.E030", message, (*where, "purposes", i, "per"))
    for field in ("givers", "forms"):
        for i, item in enumerate(getattr(rules, field)):
            for j, purpose in enumerate(item.purposes):
                if purpose not in purposes:
                    message = f"consent.{field}.{item.code}: unknown purpose {purpose!r}"
                    add("nrm.E031", message, (*where, field, i, "purposes", j))
    forms = {f.code for f in rules.forms}
    givers = {g.code for g in rules.givers}
    for i, giver in enumerate(rules.givers):
        for j, form in enumerate(giver.forms):
            if form not in forms:
                message = f"consent.givers.{giver.code}: unknown form {form!r}"
                add("nrm.E031", message, (*where, "givers", i, "forms", j))
        for j, other in enumerate(giver.instead_of):
            if other not in givers or other == giver.code:
                message = f"consent.givers.{giver.code}: instead_of names {other!r}"
                add("nrm.E031", message, (*where, "givers", i, "instead_of", j))
    _check_a2(rules, purposes, add, where)
    roles = {r.code for r in profile.roles}
    for j, role in enumerate(rules.notify_roles):
        if role not in roles:
            add(
                "nrm.E032",
                f"consent.notify_roles: unknown role {role!r}",
                (*where, "notify_roles", j),
            )
    stage = profile.initial_identification
    if stage is not None and rules.a2_purpose in purposes and rules.a2_form in forms:
        for kind in ("child", "adult"):
            if not a2_givers(rules, is_child=kind == "child"):
                message = f"consent.givers: no giver may give the A2 consent for a {kind}"
                add("nrm.E033", message, (*where, "givers"))
    elif stage is not None and (rules.a2_purpose is None or rules.a2_form is None):
        message = "initial identification needs consent.a2_purpose and consent.a2_form"
        add("nrm.E033", message, where)


def _check_a2(rules, purposes: dict, add, where) -> None:
    forms = {f.code: f for f in rules.forms}
    if (rules.a2_purpose is None) != (rules.a2_form is None):
        add("nrm.E032", "consent: name both a2_purpose and a2_form, or neither", where)
    if rules.a2_purpose is not None:
        purpose = purposes.get(rules.a2_purpose)
        if purpose is None:
            message = f"consent.a2_purpose: unknown purpose {rules.a2_purpose!r}"
            add("nrm.E032", message, (*where, "a2_purpose"))
        elif purpose.per != "none":
            message = f"consent.a2_purpose: {rules.a2_purpose!r} must be given as a whole"
            add("nrm.E032", message, (*where, "a2_purpose"))
    if rules.a2_form is not None:
        form = forms.get(rules.a2_form)
        if form is None:
            message = f"consent.a2_form: unknown form {rules.a2_form!r}"
            add("nrm.E032", message, (*where, "a2_form"))
        elif form.purposes and rules.a2_purpose not in form.purposes:
            message = f"consent.a2_form: {rules.a2_form!r} is not a form for the A2 purpose"
            add("nrm.E032", message, (*where, "a2_form"))


def a2_givers(rules, *, is_child: bool) -> list:
    """The givers who may give the A2 consent for a child or an adult (the same rules as
    `nrm.consent.rules.giver_problem`, a suspicion aside)."""
    return [
        g
        for g in rules.givers
        if g.applies_to in ("all", "child" if is_child else "adult")
        and (not g.purposes or rules.a2_purpose in g.purposes)
        and (not g.forms or rules.a2_form in g.forms)
    ]
