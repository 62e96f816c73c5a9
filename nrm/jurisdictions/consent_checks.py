"""Meaning checks of the profile's `consent` block (docs/consent.md). The shape is pydantic's
job (nrm.E002); these catch what a shape cannot:

- nrm.E030  a purpose the code relies on is missing or has the wrong `per`, or a code is
            given twice (purposes, givers, forms);
- nrm.E031  a giver or a form names a purpose (or a giver a form) the block does not define;
- nrm.E032  `a2_form` is not one of the forms, or `notify_roles` names an unknown role;
- nrm.E033  a giver of the A2 consent (`initial_identification.consent_givers`) is not a
            giver of the consent block, so the A2 consent could not be registered.
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
    for i, giver in enumerate(rules.givers):
        for j, form in enumerate(giver.forms):
            if form not in forms:
                message = f"consent.givers.{giver.code}: unknown form {form!r}"
                add("nrm.E031", message, (*where, "givers", i, "forms", j))
    if rules.a2_form is not None and rules.a2_form not in {f.code for f in rules.forms}:
        add("nrm.E032", f"consent.a2_form: unknown form {rules.a2_form!r}", (*where, "a2_form"))
    roles = {r.code for r in profile.roles}
    for j, role in enumerate(rules.notify_roles):
        if role not in roles:
            add(
                "nrm.E032",
                f"consent.notify_roles: unknown role {role!r}",
                (*where, "notify_roles", j),
            )
    stage = profile.initial_identification
    if stage is not None:
        givers = {g.code for g in rules.givers}
        for kind, codes in stage.consent_givers.items():
            for code in codes:
                if code not in givers:
                    message = f"A2 giver {code!r} ({kind}) is not a giver of the consent block"
                    add("nrm.E033", message, (*where, "givers"))
