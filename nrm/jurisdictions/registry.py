"""Finds, loads and validates every profile under `nrm/jurisdictions/<cc>/<version>/`.

Errors carry stable codes (nrm.E0xx) and the file and line at fault, so
`nrm profile check` and start-up say exactly what is wrong.
"""

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import yaml

from nrm.core import clock
from nrm.jurisdictions import htcds
from nrm.jurisdictions.authority_checks import check_case_closure, check_status_authorities
from nrm.jurisdictions.consent_checks import check_consent
from nrm.jurisdictions.deadline_checks import load_deadlines
from nrm.jurisdictions.demo_checks import check_demo
from nrm.jurisdictions.doors import check_required_codes, profile_checks
from nrm.jurisdictions.problems import Problem, ProfileError, _line_of, _validate
from nrm.jurisdictions.procedure_checks import check_procedures
from nrm.jurisdictions.retention_checks import check_person_rights, check_retention
from nrm.jurisdictions.schema import DemoData, IndicatorCatalogue, Profile
from nrm.jurisdictions.sensitivity_checks import check_sensitivity, check_unusual_reading

ROOT = Path(__file__).resolve().parent


def _check_meaning(profile: Profile, node: yaml.Node, path: Path) -> list[Problem]:
    problems: list[Problem] = []

    def add(code: str, message: str, loc: tuple) -> None:
        problems.append(Problem(code, message, str(path), _line_of(node, loc)))

    if profile.initial_stage not in {s.code for s in profile.stages}:
        add("nrm.E004", f"initial value {profile.initial_stage!r} is not defined", ())
    for field, items, transitions, initial in (
        (
            "status_transitions",
            profile.identification_statuses,
            profile.status_transitions,
            profile.initial_status,
        ),
    ):
        codes = {s.code for s in items}
        if initial not in codes:
            add("nrm.E004", f"initial value {initial!r} is not defined", ())
        for source, targets in transitions.items():
            if source not in codes:
                add("nrm.E004", f"{field}: unknown source {source!r}", (field, source))
            for target in targets:
                if target not in codes:
                    add("nrm.E004", f"{field}: unknown target {target!r}", (field, source))
    if profile.default_language not in profile.languages:
        add("nrm.E005", "default_language is not among languages", ("default_language",))
    try:
        ZoneInfo(profile.calendar.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        add(
            "nrm.E006",
            f"unknown time zone {profile.calendar.time_zone!r}",
            ("calendar", "time_zone"),
        )
    if profile.calendar.holidays_country not in holidays.list_supported_countries():
        add(
            "nrm.E006", "holidays_country has no holiday calendar", ("calendar", "holidays_country")
        )
    for field, items in (
        ("counties", profile.counties),
        ("institution_types", profile.institution_types),
        ("roles", profile.roles),
        ("stages", profile.stages),
        ("identification_statuses", profile.identification_statuses),
    ):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.code in seen:
                add("nrm.E007", f"{field}: duplicate code {item.code!r}", (field, i, "code"))
            seen.add(item.code)
    _check_initial_identification(profile, add)
    _check_exploitation_forms(profile, add)
    check_retention(profile, add)
    check_person_rights(profile, add)
    check_consent(profile, add)
    check_sensitivity(profile, add)
    check_unusual_reading(profile, add)
    check_status_authorities(profile, add)
    check_case_closure(profile, add)
    check_procedures(profile, add)
    # What the apps above contribute: their own meaning checks and the codes they rely on.
    for check in profile_checks:
        check(profile, add)
    check_required_codes(profile, add)
    return problems


def _check_initial_identification(profile: Profile, add) -> None:
    """nrm.E020: the stage-A block names only institution types and roles the profile
    defines, without duplicate codes. (Who gives the A2 consent: nrm.E033.)"""
    stage = profile.initial_identification
    if stage is None:
        return
    where = ("initial_identification",)
    types = {t.code for t in profile.institution_types}
    for kind in ("child", "adult"):
        for code in getattr(stage.formal_identification_group, kind):
            if code not in types:
                add("nrm.E020", f"formal_identification_group: unknown type {code!r}", where)
    for field in (
        "required_actions",
        "basic_needs",
        "interview_roles",
        "interview_conditions",
        "documents",
    ):
        seen: set[str] = set()
        for item in getattr(stage, field):
            if item.code in seen:
                add("nrm.E020", f"{field}: duplicate code {item.code!r}", where)
            seen.add(item.code)


def _check_exploitation_forms(profile: Profile, add) -> None:
    """nrm.E009: forms of exploitation have unique codes, map to a value of HTCDS v2.0
    `vic_TypeOfExploitation` (an indicator group's `form` is one of them: load_profile)."""
    seen: set[str] = set()
    for i, form in enumerate(profile.exploitation_forms):
        if form.code in seen:
            add(
                "nrm.E009",
                f"exploitation_forms: duplicate code {form.code!r}",
                ("exploitation_forms", i),
            )
        seen.add(form.code)
        if form.htcds not in htcds.TYPES_OF_EXPLOITATION:
            add(
                "nrm.E009",
                f"{form.code}: {form.htcds!r} is not an HTCDS v2.0 type of exploitation",
                ("exploitation_forms", i, "htcds"),
            )


def _check_catalogue(cat: IndicatorCatalogue, node: yaml.Node, path: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for gi, group in enumerate(cat.groups):
        for ii, ind in enumerate(group.indicators):
            loc = ("groups", gi, "indicators", ii, "code")
            if ind.code in seen:
                problems.append(
                    Problem(
                        "nrm.E008",
                        f"duplicate indicator {ind.code!r}",
                        str(path),
                        _line_of(node, loc),
                    )
                )
            if (
                not ind.code.startswith(group.code + "-")
                or not ind.code[len(group.code) + 1 :].isdigit()
            ):
                problems.append(
                    Problem(
                        "nrm.E008",
                        f"indicator {ind.code!r} is not in group {group.code!r}",
                        str(path),
                        _line_of(node, loc),
                    )
                )
            seen.add(ind.code)
    return problems


def _check_group_forms(profile, cat, node, path) -> list[Problem]:
    """nrm.E009: an indicator group's `form` is one of the profile's forms of exploitation."""
    forms = {f.code for f in profile.exploitation_forms}
    return [
        Problem(
            "nrm.E009",
            f"group {group.code}: {group.form!r} is not one of exploitation_forms",
            str(path),
            _line_of(node, ("groups", gi, "form")),
        )
        for gi, group in enumerate(cat.groups)
        if forms and group.form and group.form not in forms
    ]


def load_profile(path: Path) -> Profile:
    problems: list[Problem] = []
    profile, node = _validate(Profile, path, problems, "nrm.E002")
    if profile is None:
        raise ProfileError(problems)
    problems.extend(_check_meaning(profile, node, path))
    catalogues = []
    for name in profile.indicator_catalogue_files:
        cat_path = path.parent / name
        cat, cat_node = _validate(IndicatorCatalogue, cat_path, problems, "nrm.E008")
        if cat is not None:
            problems.extend(_check_catalogue(cat, cat_node, cat_path))
            problems.extend(_check_group_forms(profile, cat, cat_node, cat_path))
            catalogues.append(cat)
    deadlines = None
    if profile.deadline_rules_file:
        deadlines = load_deadlines(profile, path.parent / profile.deadline_rules_file, problems)
    demo = None
    if profile.demo_file:
        demo_path = path.parent / profile.demo_file
        demo, demo_node = _validate(DemoData, demo_path, problems, "nrm.E018")
        if demo is not None:
            problems.extend(check_demo(profile, demo, demo_node, demo_path))
    if problems:
        raise ProfileError(problems)
    return profile.model_copy(
        update={"indicator_catalogues": tuple(catalogues), "deadlines": deadlines, "demo": demo}
    )


def discover(root: Path = ROOT) -> list[Path]:
    return sorted(root.glob("*/*/profile.yaml"))


@lru_cache(maxsize=1)
def profile_registry() -> dict[str, Profile]:
    """Every profile version, keyed `AL-2025.1`. Raises ProfileError on any invalid file."""
    problems: list[Problem] = []
    found: dict[str, Profile] = {}
    for path in discover():
        try:
            profile = load_profile(path)
        except ProfileError as exc:
            problems.extend(exc.problems)
            continue
        found[profile.key] = profile
    if problems:
        raise ProfileError(problems)
    return found


@lru_cache(maxsize=16)
def _versions(code: str) -> tuple[tuple[Profile, ...], ZoneInfo]:
    """A jurisdiction's versions, newest first, and its time zone."""
    versions = sorted(
        (p for p in profile_registry().values() if p.code == code),
        key=lambda p: p.valid_from,
        reverse=True,
    )
    if not versions:
        raise KeyError(code)
    return tuple(versions), ZoneInfo(versions[0].calendar.time_zone)


def profiles_reload() -> None:
    """Forget the profiles read so far (the next read validates again)."""
    profile_registry.cache_clear()
    _versions.cache_clear()


def get_profile(code: str, version: str | None = None) -> Profile:
    """A given version, or the newest version of a jurisdiction in force (by valid_from).

    Called for every label on a page, so the "in force" date is taken in the profile's
    own time zone from the clock, without Django's per-request time-zone machinery."""
    if version is not None:
        return profile_registry()[f"{code}-{version}"]
    versions, zone = _versions(code)
    today = clock.now().astimezone(zone).date()
    for profile in versions:
        if profile.valid_from <= today:
            return profile
    return versions[-1]  # none in force yet: the earliest
