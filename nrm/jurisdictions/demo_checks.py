"""nrm.E161: a demo file names only what it makes — the institutions its users, owners,
referrers and cast name, the profile's institution types, counties and roles."""

from pathlib import Path

import yaml

from nrm.jurisdictions.problems import Problem, _line_of
from nrm.jurisdictions.schema import DemoData, Profile


def demo_institution_codes(profile: Profile, demo: DemoData) -> set[str]:
    """Every institution code the demo makes (not its reintegration partners, made later)."""
    codes = {row.code for row in demo.institutions}
    codes |= {f"{row.prefix}-{c.code}" for row in demo.per_county for c in profile.counties}
    return codes | {row.code for row in demo.directory}


def check_demo(profile: Profile, demo: DemoData, node: yaml.Node | None, path: Path):
    problems: list[Problem] = []

    def problem(message: str, loc: tuple) -> None:
        problems.append(Problem("nrm.E161", message, str(path), _line_of(node, loc)))

    types = {t.code for t in profile.institution_types}
    counties = {c.code for c in profile.counties}
    roles = {r.code for r in profile.roles}
    made = demo_institution_codes(profile, demo)
    for key in ("institutions", "per_county", "directory", "partners"):
        for i, row in enumerate(getattr(demo, key)):
            if row.type not in types:
                problem(f"{key}: {row.type!r} is not an institution type", (key, i, "type"))
            if getattr(row, "county", None) and row.county not in counties:
                problem(f"{key}: {row.county!r} is not a county", (key, i, "county"))
    for i, user in enumerate(demo.users):
        if user.institution not in made:
            problem(f"user {user.username}: no demo institution {user.institution!r}", ("users", i))
        if user.role not in roles:
            problem(f"user {user.username}: {user.role!r} is not a role", ("users", i))
    usernames = {u.username for u in demo.users}
    for part, username in demo.cast.items():
        if username not in usernames:
            problem(f"cast {part}: {username!r} is not a demo user", ("cast", part))
    prefixes = {row.prefix for row in demo.per_county}
    for i, owner in enumerate(demo.owners):
        if owner.institution is not None and owner.institution not in made:
            problem(f"owners: no demo institution {owner.institution!r}", ("owners", i))
        if owner.per_county is not None and owner.per_county not in prefixes:
            problem(f"owners: no per_county prefix {owner.per_county!r}", ("owners", i))
    for i, code in enumerate(demo.referrers):
        if code not in made:
            problem(f"referrers: no demo institution {code!r}", ("referrers", i))
    return problems
