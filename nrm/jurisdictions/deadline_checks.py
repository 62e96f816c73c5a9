"""Meaning checks of a profile's deadline rules (issue 4), each with a stable code and the
line at fault. The shape is pydantic's job (nrm.E011); these catch what a shape cannot:

- nrm.E012  an event that the profile's vocabulary does not declare;
- nrm.E013  a negative or impossible offset (at-risk window, escalation, recurrence, the
            grace of "immediately", which is elapsed minutes or hours);
- nrm.E014  a role that the profile does not define (responsible or escalation);
- nrm.E015  an institution type that the profile does not define;
- nrm.E016  a rule or event code given twice.
"""

from pathlib import Path

import yaml

from nrm.jurisdictions.problems import Problem, _line_of, _validate
from nrm.jurisdictions.schema import BACKWARD_KINDS, DeadlineCatalogue, Offset, Profile

ELAPSED_KINDS = ("minutes", "hours")
RECURRENCE_KINDS = ("minutes", "hours", "calendar_days", "working_days", "weeks", "months")


def check_deadlines(profile: Profile, catalogue: DeadlineCatalogue, node: yaml.Node, path: Path):
    problems: list[Problem] = []

    def add(code: str, message: str, loc: tuple) -> None:
        problems.append(Problem(code, message, str(path), _line_of(node, loc)))

    events: set[str] = set()
    for i, event in enumerate(catalogue.events):
        if event.code in events:
            add("nrm.E016", f"duplicate event {event.code!r}", ("events", i, "code"))
        events.add(event.code)
    roles = {r.code for r in profile.roles}
    types = {t.code for t in profile.institution_types}

    def offset(value: Offset, loc: tuple, what: str, allowed=None) -> None:
        if value.kind == "given" and loc[-1] != "offset":
            add("nrm.E013", f"{what}: only a rule's own offset may be 'given'", (*loc, "kind"))
        if value.amount < 0:
            add("nrm.E013", f"{what}: negative offset {value.amount}", (*loc, "amount"))
        if allowed is not None and value.kind not in allowed:
            add("nrm.E013", f"{what}: cannot be {value.kind!r}", (*loc, "kind"))

    for stage in profile.stages:
        if stage.emits_on_entry and stage.emits_on_entry not in events:
            problems.append(
                Problem(
                    "nrm.E012",
                    f"stage {stage.code!r}: unknown event {stage.emits_on_entry!r}",
                    str(path),
                )
            )

    if catalogue.immediate_grace is not None:
        offset(catalogue.immediate_grace, ("immediate_grace",), "immediate_grace", ELAPSED_KINDS)

    seen: set[str] = set()
    for i, rule in enumerate(catalogue.rules):
        at = ("rules", i)
        name = f"rule {rule.code!r}"
        if rule.code in seen:
            add("nrm.E016", f"duplicate rule {rule.code!r}", (*at, "code"))
        seen.add(rule.code)
        for field in ("opened_by", "met_by", "cancelled_by"):
            for j, event in enumerate(getattr(rule, field)):
                if event not in events:
                    add("nrm.E012", f"{name}: unknown event {event!r}", (*at, field, j))
        offset(rule.offset, (*at, "offset"), name)
        if rule.offset.kind == "given" and rule.recurrence is not None:
            add("nrm.E013", f"{name}: a given due moment cannot recur", (*at, "recurrence"))
        if rule.at_risk is not None:
            offset(rule.at_risk, (*at, "at_risk"), f"{name} at_risk", BACKWARD_KINDS)
        if rule.recurrence is not None:
            offset(
                rule.recurrence.every,
                (*at, "recurrence", "every"),
                f"{name} recurrence",
                RECURRENCE_KINDS,
            )
            if rule.recurrence.every.amount == 0:
                add("nrm.E013", f"{name}: a recurrence needs a positive period",
                    (*at, "recurrence", "every", "amount"))  # fmt: skip
            if rule.recurrence.count < 1:
                add("nrm.E013", f"{name}: recurrence count must be at least 1",
                    (*at, "recurrence", "count"))  # fmt: skip
        if rule.responsible.role not in roles:
            add(
                "nrm.E014",
                f"{name}: unknown responsible role {rule.responsible.role!r}",
                (*at, "responsible", "role"),
            )
        if rule.responsible.institution == "type" and not rule.responsible.institution_types:
            add(
                "nrm.E015",
                f"{name}: responsible institution 'type' needs institution_types",
                (*at, "responsible", "institution"),
            )
        for j, kind in enumerate(rule.responsible.institution_types):
            if kind not in types:
                add(
                    "nrm.E015",
                    f"{name}: unknown institution type {kind!r}",
                    (*at, "responsible", "institution_types", j),
                )
        for j, step in enumerate(rule.escalation):
            where = (*at, "escalation", j)
            if step.to not in roles:
                add("nrm.E014", f"{name}: escalation to unknown role {step.to!r}", (*where, "to"))
            if step.institution_type is not None and step.institution_type not in types:
                add(
                    "nrm.E015",
                    f"{name}: escalation to unknown institution type {step.institution_type!r}",
                    (*where, "institution_type"),
                )
            offset(step.after, (*where, "after"), f"{name} escalation")
        if rule.scope == "jurisdiction" and rule.responsible.institution not in ("type", "given"):
            add(
                "nrm.E015",
                f"{name}: a jurisdiction-wide rule names its institution by type (or is given it)",
                (*at, "responsible", "institution"),
            )
    return problems


def load_deadlines(profile: Profile, path: Path, problems: list) -> DeadlineCatalogue | None:
    """Validates the deadline file of a profile; adds problems, returns the catalogue."""
    catalogue, node = _validate(DeadlineCatalogue, path, problems, "nrm.E011")
    if catalogue is None:
        return None
    problems.extend(check_deadlines(profile, catalogue, node, path))
    return catalogue
