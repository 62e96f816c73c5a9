"""Which deadline rules can run in this version: a rule is active when every event that opens
or meets it has a producer (an app that declared it through `event_producers`, the door of
the profile loader). An inactive rule opens nothing, so no case misses what nothing in
this version can record; the AP's monitor lists it with the events nothing produces.

A rule the profile marks `requires_producer: true` is promised by this version: start-up
(the system check below, and `nrm profile check`) refuses it without producers, nrm.E017.
Producers are read when asked, never cached: the door is closed after start-up.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from nrm.jurisdictions.doors import produced_events
from nrm.jurisdictions.problems import Problem, _line_of
from nrm.jurisdictions.schema import DeadlineRule, Profile


@dataclass(frozen=True)
class Inactive:
    rule: DeadlineRule
    missing: tuple[str, ...]  # the events that open or meet it and that nothing produces


def missing_producers(rule: DeadlineRule, produced) -> tuple[str, ...]:
    """The opening and meeting events of `rule` that nothing in `produced` emits, in order."""
    seen: list[str] = []
    for event in (*rule.opened_by, *rule.met_by):
        if event not in produced and event not in seen:
            seen.append(event)
    return tuple(seen)


def inactive_rules(profile: Profile) -> dict[str, Inactive]:
    """Rule code → why it is inactive, for every inactive rule of the profile."""
    if profile.deadlines is None:
        return {}
    produced = produced_events(profile)
    found: dict[str, Inactive] = {}
    for rule in profile.deadlines.rules:
        missing = missing_producers(rule, produced)
        if missing:
            found[rule.code] = Inactive(rule, missing)
    return found


def producer_problems(profile: Profile, deadline_file: Path | None = None) -> list[Problem]:
    """nrm.E017 for every rule marked `requires_producer: true` that is inactive, with the
    line of the rule in the deadline file when it is given."""
    inactive = inactive_rules(profile)
    if not inactive:
        return []
    node = None
    if deadline_file is not None and deadline_file.exists():
        node = yaml.compose(deadline_file.read_text(encoding="utf-8"))
    problems = []
    for i, rule in enumerate(profile.deadlines.rules):
        if not rule.requires_producer or rule.code not in inactive:
            continue
        missing = ", ".join(inactive[rule.code].missing)
        problems.append(
            Problem(
                "nrm.E017",
                f"rule {rule.code!r} requires a producer, but no app emits: {missing}",
                str(deadline_file) if deadline_file is not None else profile.key,
                _line_of(node, ("rules", i, "code")) if node is not None else None,
            )
        )
    return problems
