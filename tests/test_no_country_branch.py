"""A country is a profile, not code (issue 15): nothing under nrm/ names a jurisdiction's code,
its catalogue or the Albanian profile's role and institution-type codes, outside the profile
files themselves and a short allow-list, each entry with its reason."""

import re
from pathlib import Path

import pytest

NRM = Path(__file__).resolve().parents[1] / "nrm"

# A jurisdiction or catalogue code as a string literal, or an ISO-looking comparison.
COUNTRY = re.compile(
    r"""(["'])(AL|XK|AL-2025(\.[0-9]+)?)\1"""
    r"""|==\s*(["'])[A-Z]{2}\4"""
    r"""|(["'])[A-Z]{2}\5\s*=="""
)
# Codes of the Albanian profile that once named roles and institution types in code.
ALBANIAN_CODES = re.compile(
    r"\b(ap_secretariat|police_slktp|child_protection_unit|state_social_service)\b"
)

# file (relative to nrm/) → why it may name a country code.
ALLOWED = {
    "settings.py": "the default of NRM_JURISDICTION, overridden by the environment",
    "core/codes.py": "Kosovo (XK) is missing from ISO 3166 and pycountry: named once, as data",
    "dedup/synthetic.py": "the synthetic record generator's places and citizenships",
    "registry/synthetic.py": "the synthetic person generator's citizenship and name tables",
    "statistics/labels.py": "the Western Balkans (WB6) as a statistics group of citizenships",
    "exchange/ctdc.py": "the Western Balkans (WB6) as a CTDC group of citizenships",
}


def _sources() -> list[Path]:
    profiles = NRM / "jurisdictions"
    found = [
        p
        for p in sorted(NRM.rglob("*.py"))
        if not (p.parent.parent == profiles or p.parent.parent.parent == profiles)
    ]
    found += sorted(p for p in NRM.rglob("templates/**/*") if p.is_file())
    return found


def _hits(pattern: re.Pattern, allowed: dict) -> list[str]:
    hits = []
    for path in _sources():
        relative = path.relative_to(NRM).as_posix()
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"nrm/{relative}:{number}: {line.strip()}")
    return hits


def test_no_code_names_a_country():
    assert _hits(COUNTRY, ALLOWED) == []


def test_no_code_names_an_albanian_role_or_institution_type():
    assert _hits(ALBANIAN_CODES, {}) == []


@pytest.mark.parametrize("relative", sorted(ALLOWED))
def test_every_allowed_file_still_needs_its_entry(relative):
    """An allow-list entry whose file no longer names a country is removed."""
    text = (NRM / relative).read_text(encoding="utf-8")
    assert COUNTRY.search(text), f"{relative} no longer names a country: drop it from ALLOWED"


def test_the_grep_finds_what_it_is_meant_to_find():
    assert COUNTRY.search('if profile.code == "ME":')
    assert COUNTRY.search("catalogue='AL-2025'")
    assert COUNTRY.search('{"XK": 1}')
    assert not COUNTRY.search('"ALB"') and not COUNTRY.search("the AL profile")
    assert ALBANIAN_CODES.search('{% if request.actor.role == "ap_secretariat" %}')
