"""Doors of the profile loader: what the apps above need a profile to hold.

- `profile_checks`: a meaning check an app contributes for the part of the profile it
  interprets (the accounts check that every role's capability is one they know).
- `required_codes`: codes an app's code names directly (a stage it moves a case to, a
  role it looks up). A profile without one of them is refused at start-up with nrm.E060,
  instead of failing on the first case that reaches that line.
- `event_producers`: the deadline events an app's services emit, so the deadline engine
  opens only rules something in this version can meet (nrm.E017, docs/deadlines.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nrm.core.doors import Door
from nrm.jurisdictions.schema import Profile

# check(profile, add) where add(code, message, loc) records a problem at a YAML location.
ProfileCheck = Callable[[Profile, Callable[[str, str, tuple], None]], None]

profile_checks: Door[ProfileCheck] = Door(
    "profile_checks", "Meaning checks of the profile contributed by the apps that read it."
)


@dataclass(frozen=True)
class RequiredCodes:
    """`codes` must be among `vocabulary(profile)`; `where` names the profile block."""

    where: str
    codes: tuple[str, ...]
    vocabulary: Callable[[Profile], Iterable[str]]
    optional: bool = False  # only checked when the block exists (vocabulary returns None)


required_codes: Door[RequiredCodes] = Door(
    "required_codes", "Profile codes that the code of an app names and relies on."
)


def check_required_codes(profile: Profile, add) -> None:
    for _code, app, need in required_codes.entries():
        known = need.vocabulary(profile)
        if known is None:
            if not need.optional:
                add("nrm.E060", f"{app} needs the block {need.where!r}, which is missing", ())
            continue
        known = set(known)
        for wanted in need.codes:
            if wanted not in known:
                add(
                    "nrm.E060",
                    f"{app} relies on {need.where} {wanted!r}, which the profile does not define",
                    (need.where,),
                )


def codes_of(items) -> set[str]:
    return {item.code for item in items}


# --- who produces the deadline engine's events ---------------------------------------------

# events(profile) -> the event codes an app's services emit under this profile (some come
# from the profile itself: a stage's `emits_on_entry`, a stage-A action's `emits`). A
# deadline rule opens only when its events have a producer (nrm.deadlines.producers).
EventProducer = Callable[[Profile], Iterable[str]]

event_producers: Door[EventProducer] = Door(
    "event_producers", "The deadline events each app's services emit (docs/deadlines.md)."
)


def produced_events(profile: Profile) -> dict[str, list[str]]:
    """Event code → the apps that produce it under this profile."""
    found: dict[str, list[str]] = {}
    for _code, app, produces in event_producers.entries():
        for event in produces(profile):
            found.setdefault(event, []).append(app)
    return found
