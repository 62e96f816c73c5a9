"""Checks that walk a whole profile file rather than one block of it:

- nrm.E165  a `Text` lacks one of the profile's `languages` (profile, catalogues, deadlines);
- nrm.E166  the demo file names an institution type, county, role, institution (parent, user),
            user (cast) or service need the profile or the demo file does not define; the
            `guides` block names a role or an institution type the profile does not define;
- nrm.E167  a profile language nrm has no interface catalogue for (`nrm/locale/<key>/`;
            English is nrm's own language);
- nrm.E168  a code given twice in a list of coded items, where no check of the block says so;
- nrm.E169  a time zone the system's time-zone database does not know.

Each problem is located at its line: the walk keeps the YAML path of what it visits.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel

from nrm.jurisdictions.references import report
from nrm.jurisdictions.schema import DemoData, Profile, Text, language_key

LOCALE = Path(__file__).resolve().parents[1] / "locale"

# Filled by the loader from files of their own (checked there, with their own lines).
LOADED = ("indicator_catalogues", "deadlines", "demo")

Add = Callable[[str, str, tuple], None]


def interface_languages() -> set[str]:
    """The language keys nrm has an interface catalogue for (English: its own)."""
    found = {"en"}
    if LOCALE.is_dir():
        found |= {p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir()}
    return found


def check_languages(profile: Profile, add: Add) -> None:
    """nrm.E167: every language of the profile has an interface catalogue."""
    available = interface_languages()
    for i, language in enumerate(profile.languages):
        if language_key(language) not in available:
            known = ", ".join(sorted(available))
            add(
                "nrm.E167",
                f"languages: nrm has no interface catalogue for {language!r} (known: {known})",
                ("languages", i),
            )


def check_time_zone(profile: Profile, add: Add) -> None:
    """nrm.E169: the calendar's time zone is one the time-zone database knows."""
    try:
        ZoneInfo(profile.calendar.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        add(
            "nrm.E169",
            f"unknown time zone {profile.calendar.time_zone!r}",
            ("calendar", "time_zone"),
        )


def _walk(value, loc: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """Every model, tuple and dict value under `value`, with its YAML path."""
    yield loc, value
    if isinstance(value, Text):
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if not loc and name in LOADED:
                continue
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, key))


def _dotted(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top)"


def check_texts(model: BaseModel, languages, add: Add) -> None:
    """nrm.E165: every `Text` under `model` is written in every language of the profile."""
    wanted = [language_key(language) for language in languages]
    for loc, value in _walk(model):
        if isinstance(value, Text):
            written = value.languages()
            missing = [key for key in wanted if key not in written]
            if missing:
                add("nrm.E165", f"{_dotted(loc)}: no text in {', '.join(missing)}", loc)


def _coded(item) -> bool:
    return isinstance(item, BaseModel) and "code" in type(item).model_fields


def duplicate_codes(model: BaseModel) -> list[tuple[tuple, str, str]]:
    """(location of the second, its list's path, code) of every code given twice in a list of
    coded items (anything with a `code`) under `model`."""
    found = []
    for loc, value in _walk(model):
        if not isinstance(value, tuple) or not value:
            continue
        if not all(
            isinstance(item, BaseModel) and "code" in type(item).model_fields for item in value
        ):
            continue
        seen: set[str] = set()
        for i, item in enumerate(value):
            if item.code in seen:
                found.append(((*loc, i, "code"), _dotted(loc), item.code))
            seen.add(item.code)
    return found


def check_duplicates(model: BaseModel, already: list, add: Add) -> None:
    """nrm.E168: a code given twice in a list, unless a check of the block has said so
    already (its message names the code as a duplicate, or as given twice)."""
    said = [p.message for p in already]
    for loc, where, code in duplicate_codes(model):
        if any(repr(code) in m and ("duplicate" in m or "twice" in m) for m in said):
            continue
        add("nrm.E168", f"{where}: duplicate code {code!r}", loc)


def check_guides(profile: Profile, add: Add) -> None:
    """nrm.E166: whom the printable guides are for names the profile's roles and types."""
    for i, audience in enumerate(profile.guides):
        where = ("guides", i)
        name = f"guides.{audience.guide}"
        report(add, "nrm.E166", profile, "role", (audience.role,), name, (*where, "role"))
        kinds = audience.institution_types
        at = (*where, "institution_types")
        report(add, "nrm.E166", profile, "institution_type", kinds, name, at, indexed=True)


def demo_institution_codes(profile: Profile, demo: DemoData) -> set[str]:
    """Every institution code the demo makes (not its reintegration partners, made later)."""
    codes = {row.code for row in demo.institutions}
    codes |= {f"{row.prefix}-{c.code}" for row in demo.per_county for c in profile.counties}
    return codes | {row.code for row in demo.directory}


def check_demo(profile: Profile, demo: DemoData, add: Add) -> None:
    """nrm.E166: the demo file names only what the profile and the demo itself define."""
    types = {t.code for t in profile.institution_types}
    counties = {c.code for c in profile.counties}
    roles = {r.code for r in profile.roles}
    needs = {n.code for n in profile.service_needs}
    institutions = demo_institution_codes(profile, demo)
    users = {u.username for u in demo.users}

    def need(ok: bool, message: str, loc: tuple) -> None:
        if not ok:
            add("nrm.E166", message, loc)

    for i, inst in enumerate(demo.institutions):
        at = ("institutions", i)
        need(
            inst.type in types,
            f"{inst.code}: unknown institution type {inst.type!r}",
            (*at, "type"),
        )
        if inst.county is not None:
            need(
                inst.county in counties,
                f"{inst.code}: unknown county {inst.county!r}",
                (*at, "county"),
            )
        if inst.parent is not None:
            need(
                inst.parent in institutions,
                f"{inst.code}: unknown parent institution {inst.parent!r}",
                (*at, "parent"),
            )
    for i, group in enumerate(demo.per_county):
        need(
            group.type in types,
            f"per_county {group.prefix}: unknown institution type {group.type!r}",
            ("per_county", i, "type"),
        )
    for i, user in enumerate(demo.users):
        at = ("users", i)
        need(user.role in roles, f"{user.username}: unknown role {user.role!r}", (*at, "role"))
        need(
            user.institution in institutions,
            f"{user.username}: unknown institution {user.institution!r}",
            (*at, "institution"),
        )
    for part, username in demo.cast.items():
        need(username in users, f"cast.{part}: unknown user {username!r}", ("cast", part))
    prefixes = {row.prefix for row in demo.per_county}
    for i, owner in enumerate(demo.owners):
        if owner.institution is not None:
            need(
                owner.institution in institutions,
                f"owners: unknown institution {owner.institution!r}",
                ("owners", i),
            )
        if owner.per_county is not None:
            need(
                owner.per_county in prefixes,
                f"owners: unknown per_county prefix {owner.per_county!r}",
                ("owners", i),
            )
    for i, code in enumerate(demo.referrers):
        need(code in institutions, f"referrers: unknown institution {code!r}", ("referrers", i))
    for i, partner in enumerate(demo.partners):
        need(
            partner.type in types,
            f"partners: unknown institution type {partner.type!r}",
            ("partners", i, "type"),
        )
    for i, provider in enumerate(demo.directory):
        at = ("directory", i)
        need(
            provider.type in types,
            f"{provider.code}: unknown institution type {provider.type!r}",
            (*at, "type"),
        )
        need(
            provider.county in counties,
            f"{provider.code}: unknown county {provider.county!r}",
            (*at, "county"),
        )
        for j, service in enumerate(provider.services):
            where = (*at, "services", j)
            need(
                not needs or service.need in needs,
                f"{provider.code}: unknown service need {service.need!r}",
                (*where, "need"),
            )
            for k, county in enumerate(service.counties):
                need(
                    county in counties,
                    f"{provider.code}: unknown county {county!r}",
                    (*where, "counties", k),
                )
