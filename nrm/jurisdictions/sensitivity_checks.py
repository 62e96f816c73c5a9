"""Meaning checks of the profile's `sensitivity` and `unusual_reading` blocks
(docs/security.md). The shape is pydantic's job (nrm.E002); these catch what a shape cannot:

- nrm.E050  a sensitivity class the code does not know, or given twice; a field that is not
            "app.Model.field" of an existing model; a checklist code that is not one of the
            required actions or basic needs; a reader naming an unknown role or institution
            type; a class the code relies on that is missing;
- nrm.E051  `unusual_reading` names an unknown role.
"""

from nrm.jurisdictions.references import report
from nrm.jurisdictions.schema import Profile

# The classes the code relies on (`nrm.registry.sensitivity`): a vocabulary, like capabilities.
CLASSES = ("identity", "contact_location", "health", "child_protection", "investigation")


def field_exists(path: str) -> bool:
    """Whether "app.Model.field" names a concrete field of an installed model. Before the
    app registry is ready (a bare `profile check` import), only the shape is checked."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    parts = path.split(".")
    if len(parts) != 3 or not all(parts):
        return False
    if not apps.ready:
        return True
    try:
        model = apps.get_model(parts[0], parts[1])
        model._meta.get_field(parts[2])
    except (LookupError, FieldDoesNotExist):
        return False
    return True


def check_sensitivity(profile: Profile, add) -> None:
    """`add(code, message, loc)` records a problem at the YAML location `loc`."""
    block = profile.sensitivity
    if block is None:
        return
    roles = {r.code for r in profile.roles}
    types = {t.code for t in profile.institution_types}
    stage = profile.initial_identification
    checklist = (
        {i.code for i in stage.required_actions} | {i.code for i in stage.basic_needs}
        if stage is not None
        else set()
    )
    seen: set[str] = set()
    for i, klass in enumerate(block.classes):
        where = ("sensitivity", "classes", i)
        if klass.code not in CLASSES:
            add("nrm.E050", f"sensitivity: unknown class {klass.code!r}", (*where, "code"))
        if klass.code in seen:
            add("nrm.E050", f"sensitivity: duplicate class {klass.code!r}", (*where, "code"))
        seen.add(klass.code)
        for j, field in enumerate(klass.fields):
            if not field_exists(field):
                message = f"sensitivity.{klass.code}: unknown field {field!r}"
                add("nrm.E050", message, (*where, "fields", j))
        if len(set(klass.fields)) != len(klass.fields):
            add("nrm.E050", f"sensitivity.{klass.code}: a field is named twice", where)
        for j, code in enumerate(klass.checklist_notes):
            if code not in checklist:
                message = f"sensitivity.{klass.code}: unknown checklist entry {code!r}"
                add("nrm.E050", message, (*where, "checklist_notes", j))
        for j, reader in enumerate(klass.readers):
            for k, role in enumerate(reader.roles):
                if role not in roles:
                    message = f"sensitivity.{klass.code}: unknown role {role!r}"
                    add("nrm.E050", message, (*where, "readers", j, "roles", k))
            for k, kind in enumerate(reader.institution_types):
                if kind not in types:
                    message = f"sensitivity.{klass.code}: unknown institution type {kind!r}"
                    add("nrm.E050", message, (*where, "readers", j, "institution_types", k))
    for code in CLASSES:
        if code not in seen:
            add("nrm.E050", f"sensitivity: missing class {code!r}", ("sensitivity",))


def check_unusual_reading(profile: Profile, add) -> None:
    block = profile.unusual_reading
    if block is None:
        return
    for field in ("notify", "escalate_to"):
        where = ("unusual_reading", field)
        roles = getattr(block, field)
        report(add, "nrm.E051", profile, "role", roles, ".".join(where), where, indexed=True)
