"""nrm.E090: meaning checks of the profile's `emergency` block (on the profile loader's
`profile_checks` door): known roles and institution types in every list of who records, a
placement's state of the protection procedure, the non-response steps' events."""

from nrm.jurisdictions.references import report_recorders
from nrm.jurisdictions.schema import Profile

CODE = "nrm.E090"
WHO = (
    "initiated_by",
    "recorded_by",
    "residence_permit_by",
    "documentation_notified_by",
    "documentation_meeting_by",
    "mission_request_by",
    "reflection_by",
)


def _recorders(add, profile: Profile, recorders, where) -> None:
    for j, recorder in enumerate(recorders):
        report_recorders(add, CODE, profile, (recorder,), "emergency", (*where, j))


def check_emergency(profile: Profile, add) -> None:
    rules = profile.emergency
    if rules is None:
        return
    types = {t.code for t in profile.institution_types}
    for name in WHO:
        _recorders(add, profile, getattr(rules, name), ("emergency", name))
    for name in ("gtn_institution_types", "police_institution_types"):
        for kind in getattr(rules, name):
            if kind not in types:
                add(CODE, f"emergency.{name}: unknown institution type {kind!r}", ("emergency",))
    try:
        procedure = profile.procedure(rules.protection_procedure)
    except KeyError:
        add(CODE, f"emergency: unknown procedure {rules.protection_procedure!r}", ("emergency",))
        procedure = None
    if procedure is not None:
        states = {s.code for s in procedure.states}
        for i, p in enumerate(rules.placements):
            for kind in p.institution_types:
                if kind not in types:
                    add(CODE, f"emergency.placements: unknown type {kind!r}", ("emergency",))
            if p.protection_state not in states:
                add(
                    CODE,
                    f"emergency.placements: {p.protection_state!r} is not a state of "
                    f"{procedure.code!r}",
                    ("emergency", "placements", i),
                )
    events = {e.code for e in profile.deadlines.events} if profile.deadlines else set()
    for i, step in enumerate(rules.non_response_steps):
        where = ("emergency", "non_response_steps", i)
        _recorders(add, profile, step.by, (*where, "by"))
        _recorders(add, profile, step.notify, (*where, "notify"))
        if step.emits and profile.deadlines and step.emits not in events:
            add(CODE, f"emergency: unknown event {step.emits!r}", where)
        if step.grant_to_type and step.grant_to_type not in types:
            add(CODE, f"emergency: unknown institution type {step.grant_to_type!r}", where)
