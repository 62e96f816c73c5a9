"""The Albanian profile (SOP 2025) as data, and the loader that refuses a broken profile
with a stable code and the line at fault."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nrm.accounts.capabilities import Capability
from nrm.jurisdictions import ProfileError, get_profile
from nrm.jurisdictions.registry import discover, load_profile

AL_DIR = Path(__file__).resolve().parents[2] / "nrm" / "jurisdictions" / "al" / "sop2025"

INDICATOR_RANGES = {
    "GEN": 40,
    "CHILD": 17,
    "CHILD-ENV": 5,
    "SEX": 12,
    "CHILD-SEX": 4,
    "LAB": 14,
    "BEG": 6,
}
INSTITUTION_TYPES = {
    "police_slktp",
    "child_protection_unit",
    "state_social_service",
    "shelter",
    "ap_secretariat",
    "ministry",
    "labour_inspectorate",
    "education",
    "health",
    "diplomatic_mission",
    "ngo",
}


@pytest.fixture(scope="module")
def profile():
    return get_profile("AL")


def test_the_albanian_profile_is_found_and_loads(profile):
    assert AL_DIR / "profile.yaml" in discover()
    assert load_profile(AL_DIR / "profile.yaml") == profile
    assert profile.key == "AL-2025.1"
    assert profile.reference_prefix == "AL"
    assert set(profile.languages) == {"sq", "en"}
    assert profile.default_language == "sq"


def test_the_profile_has_the_12_counties(profile):
    assert len(profile.counties) == 12
    assert len({c.iso for c in profile.counties}) == 12
    assert {"tirana", "shkoder", "durres", "vlore"} <= {c.code for c in profile.counties}


def test_the_profile_has_the_institution_types_of_the_sop(profile):
    types = {t.code for t in profile.institution_types}

    assert types >= INSTITUTION_TYPES


def test_national_bodies_have_no_county_and_police_sectors_do(profile):
    assert profile.institution_type("ap_secretariat").national is True
    assert profile.institution_type("ministry").national is True
    assert profile.institution_type("police_slktp").national is False


def test_three_indicators_make_a_potential_victim(profile):
    assert profile.potential_victim_threshold == 3


def test_roles_name_only_known_capabilities(profile):
    known = {c.value for c in Capability}
    for role in profile.roles:
        assert set(role.capabilities) <= known, role.code
    assert Capability.CASE_READ_ALL.value in profile.role("ap_secretariat").capabilities
    assert Capability.CASE_READ_ALL.value not in profile.role("caseworker").capabilities


def test_the_stages_run_from_initial_identification_to_closed(profile):
    assert profile.initial_stage == "initial_identification"
    assert profile.initial_status == "none"
    assert [p.code for p in profile.procedures] == [
        "identification",
        "protection",
        "return",
        "reintegration",
        "investigation_support",
    ]
    identification = profile.procedure("identification")
    assert identification.opens_with_case and identification.initial == "initial"
    assert identification.state("initial").stage == "initial_identification"
    assert "formal" in identification.transitions["initial"]


def test_the_catalogue_al_2025_has_the_98_indicators_of_the_contract(profile):
    catalogue = profile.catalogue("AL-2025")
    expected = {
        f"{group}-{n:02d}" for group, count in INDICATOR_RANGES.items() for n in range(1, count + 1)
    }

    indicators = catalogue.indicators()

    assert len(indicators) == 98
    assert set(indicators) == expected
    for code, (group, indicator) in indicators.items():
        assert code.rsplit("-", 1)[0] == group.code
        assert indicator.text.sq and indicator.text.en


def test_the_indicator_groups_say_whom_they_apply_to(profile):
    groups = {g.code: g.applies_to for g in profile.catalogue("AL-2025").groups}

    assert set(groups) == set(INDICATOR_RANGES)
    assert groups["GEN"] == "all"
    assert {groups[g] for g in ("CHILD", "CHILD-ENV", "CHILD-SEX")} == {"child"}


# --- a broken profile is refused --------------------------------------------------------


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, Path, int]:
    """Copies the AL profile's folder to tmp_path with the first `old` in `file` made `new`.
    Returns the profile path, the changed file and the (1-based) line of the change."""
    copy = tmp_path / AL_DIR.name
    shutil.copytree(AL_DIR, copy)
    changed = copy / file
    text = changed.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    at = text.index(old)
    changed.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return copy / "profile.yaml", changed, text[:at].count("\n") + 1


BROKEN = {
    "unknown-capability": (
        "profile.yaml",
        "capabilities: [case.read]",
        "capabilities: [case.read, case.teleport]",
        "nrm.E003",
    ),
    "transition-to-unknown-state": (
        "profile.yaml",
        "preparing: [returned, cancelled]",
        "preparing: [returned, cancelled, limbo]",
        "nrm.E072",
    ),
    "state-of-unknown-stage": (
        "profile.yaml",
        "{code: active, stage: reintegration,",
        "{code: active, stage: limbo,",
        "nrm.E072",
    ),
    "bad-time-zone": (
        "profile.yaml",
        "time_zone: Europe/Tirane",
        "time_zone: Europe/Atlantis",
        "nrm.E169",
    ),
    "exploitation-form-outside-htcds": (
        "profile.yaml",
        "htcds: ForcedBegging",
        "htcds: Begging",
        "nrm.E009",
    ),
    "indicator-group-of-an-unknown-form": (
        "indicators.yaml",
        "form: begging",
        "form: pickpocketing",
        "nrm.E009",
    ),
    "duplicate-indicator": (
        "indicators.yaml",
        "- code: GEN-02\n",
        "- code: GEN-01\n",
        "nrm.E008",
    ),
    "duplicate-warning-to-unknown-role": (
        "profile.yaml",
        "notify_owner_roles: [focal_point]",
        "notify_owner_roles: [focal_point, oracle]",
        "nrm.E073",
    ),
}


@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_load_profile_refuses_a_broken_profile_with_its_code_file_and_line(tmp_path, fault):
    file, old, new, code = BROKEN[fault]
    path, changed, line = _broken_copy(tmp_path, file, old, new)

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    problems = raised.value.problems
    assert [p.code for p in problems] == [code], problems
    assert problems[0].file == str(changed)
    assert problems[0].line == line
    assert f"{changed}:{line}: {code}" in str(raised.value)


@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_nrm_profile_check_fails_on_a_broken_profile(tmp_path, fault):
    file, old, new, code = BROKEN[fault]
    path, _changed, _line = _broken_copy(tmp_path, file, old, new)
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command("profile", "check", str(path), stderr=stderr, stdout=StringIO())

    assert code in stderr.getvalue()


def test_a_profile_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text("code: AL\n  version: [unclosed\n", encoding="utf-8")

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    assert raised.value.problems[0].code == "nrm.E001"


def test_a_profile_with_a_missing_field_is_refused_with_the_shape_code(tmp_path):
    path, _changed, _line = _broken_copy(tmp_path, "profile.yaml", "reference_prefix: AL\n", "")

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    assert [p.code for p in raised.value.problems] == ["nrm.E002"]
    assert "reference_prefix" in raised.value.problems[0].message


def test_nrm_profile_check_passes_the_shipped_profile():
    stdout = StringIO()

    call_command("profile", "check", str(AL_DIR / "profile.yaml"), stdout=stdout)

    assert "AL-2025.1 ok" in stdout.getvalue()
    assert "AL-2025 (98 indicators)" in stdout.getvalue()


# --- codes the code relies on (required_codes door, nrm.E060) ----------------------------


@pytest.mark.parametrize(
    ("code", "renamed", "app"),
    [
        ("focal_point", "apap", "nrm.accounts"),
        ("formal_identification", "formal_id", "nrm.screening"),
        ("potential_victim", "vmt", "nrm.screening"),
        ("assess_indicators", "indicators_assessed", "nrm.screening"),
    ],
)
def test_a_profile_without_a_code_the_code_names_refuses_to_start(tmp_path, code, renamed, app):
    """Renamed consistently everywhere in the profile, the profile is otherwise valid: only
    the apps that name the code in their code object (nrm.E060, with the app)."""
    copy = tmp_path / AL_DIR.name
    shutil.copytree(AL_DIR, copy)
    for file in copy.glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        text = re.sub(rf"\b{code}\b", renamed, text)
        # A top-level block named like the code (`formal_identification:`) is a key of the
        # schema, not the code: it keeps its name.
        text = re.sub(rf"(?m)^{renamed}:", f"{code}:", text)
        file.write_text(text, encoding="utf-8")

    with pytest.raises(ProfileError) as raised:
        load_profile(copy / "profile.yaml")

    problems = raised.value.problems
    assert {p.code for p in problems} == {"nrm.E060"}, problems
    assert any(app in p.message and repr(code) in p.message for p in problems)
