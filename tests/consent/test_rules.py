"""The pure consent rules, read from the profile, and the profile checks nrm.E030–E033."""

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import translation

from nrm.consent import rules
from nrm.core.errors import ValidationFailed
from nrm.jurisdictions import ProfileError, get_profile
from nrm.jurisdictions.registry import load_profile

AL_DIR = Path(__file__).resolve().parents[2] / "nrm" / "jurisdictions" / "al" / "sop2025"
TODAY = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def consent():
    return get_profile("AL").consent


def _check(consent, *, is_child=False, suspected=(), **record):
    record.setdefault("purpose", "services")
    record.setdefault("given", True)
    record.setdefault("given_by", "parent" if is_child else "person")
    record.setdefault("signed_on", TODAY)
    rules.check_record(
        consent, rules.Input(**record), is_child=is_child, suspected=suspected, today=TODAY
    )


def _errors(consent, **kwargs) -> dict:
    with pytest.raises(ValidationFailed) as caught:
        _check(consent, **kwargs)
    return caught.value.fields


def test_the_profile_names_the_four_purposes_and_their_defaults(consent):
    assert [p.code for p in consent.purposes] == [
        "services",
        "sharing",
        "transfer_abroad",
        "statistics",
        "formal_identification_interview",
        "child_health_care",  # issue 12: primary care of a child (nrm.reintegration)
    ]
    assert consent.a2_purpose == "formal_identification_interview"
    assert not consent.purpose("formal_identification_interview").notify_withdrawal
    assert consent.purpose("statistics").default == "unless_withdrawn"
    assert consent.purpose("sharing").per == "institution"
    assert consent.purpose("transfer_abroad").per == "country"
    assert consent.purpose("services").name.sq.startswith("Shërbime")


def test_an_adult_gives_consent_themselves(consent):
    _check(consent, given_by="person")
    for giver in ("parent", "guardian", "case_manager"):
        assert "given_by" in _errors(consent, given_by=giver)


def test_for_a_child_a_parent_or_guardian_gives_consent(consent):
    for giver in ("parent", "guardian"):
        for purpose, extra in (
            ("services", {}),
            ("statistics", {}),
            ("sharing", {"institution_id": 1}),
        ):
            _check(consent, is_child=True, given_by=giver, purpose=purpose, **extra)
    assert "given_by" in _errors(consent, is_child=True, given_by="person")


def test_the_case_manager_consents_only_to_a_childs_health_care(consent):
    _check(consent, is_child=True, given_by="case_manager", form="health")
    # Not without the health-care form, not for another purpose, never for an adult.
    assert "given_by" in _errors(consent, is_child=True, given_by="case_manager")
    assert "given_by" in _errors(consent, is_child=True, given_by="case_manager", form="c2")
    assert "given_by" in _errors(
        consent, is_child=True, given_by="case_manager", purpose="sharing", institution_id=1
    )
    assert "given_by" in _errors(consent, given_by="case_manager", form="health")


@pytest.mark.parametrize("giver", ["parent", "guardian"])
def test_a_parent_or_guardian_suspected_of_involvement_never_gives_consent(consent, giver):
    with translation.override("en"):
        errors = _errors(consent, is_child=True, given_by=giver, suspected={giver})
    assert "suspected" in errors["given_by"][0]
    errors = _errors(consent, is_child=True, given_by=giver, given=False, suspected={giver})
    assert "given_by" in errors  # nor withdraws it
    other = "guardian" if giver == "parent" else "parent"
    _check(consent, is_child=True, given_by=other, suspected={giver})


def test_sharing_names_the_institution_and_a_transfer_the_country(consent):
    assert "institution" in _errors(consent, purpose="sharing")
    assert "country" in _errors(consent, purpose="transfer_abroad")
    # A withdrawal without them covers every institution or country.
    _check(consent, purpose="sharing", given=False)
    _check(consent, purpose="transfer_abroad", given=False)
    assert "institution" in _errors(consent, purpose="statistics", institution_id=3)
    assert "country" in _errors(consent, purpose="services", country="IT")


def test_every_fault_is_reported_at_once(consent):
    errors = _errors(
        consent,
        purpose="sharing",
        given_by="parent",
        signed_on=TODAY + timedelta(days=1),
        form="a2",
    )
    assert set(errors) == {"institution", "signed_on", "form", "given_by"}
    assert set(_errors(consent, purpose="teleport")) == {"purpose"}


def _row(id, purpose, given, *, institution=None, country="", at=0, by="person"):
    return rules.Row(
        id=id,
        purpose=purpose,
        given=given,
        given_by=by,
        institution_id=institution,
        country=country,
        recorded_at=T0 + timedelta(minutes=at),
    )


def test_the_newest_record_for_the_use_is_in_force(consent):
    rows = [
        _row(1, "sharing", True, institution=7, at=0),
        _row(2, "sharing", False, at=1),  # every institution
        _row(3, "sharing", True, institution=8, at=2),
    ]
    assert rules.deciding(rows, purpose="sharing", institution_id=7).id == 2
    assert rules.deciding(rows, purpose="sharing", institution_id=8).id == 3
    assert rules.deciding(rows, purpose="services") is None
    assert [r.id for r in rules.in_force(rows)] == [3, 2, 1]


def test_defaults_and_a_consent_from_a_giver_suspected_since(consent):
    services, statistics = consent.purpose("services"), consent.purpose("statistics")
    excluded = ["parent", "guardian"]
    assert rules.allows(statistics, None, suspected=(), excluded=excluded)
    assert not rules.allows(services, None, suspected=(), excluded=excluded)
    given = _row(1, "services", True, by="parent")
    assert rules.allows(services, given, suspected=(), excluded=excluded)
    assert not rules.allows(services, given, suspected={"parent"}, excluded=excluded)
    assert not rules.allows(statistics, _row(2, "statistics", False), suspected=(), excluded=[])


def test_the_newest_statement_about_a_giver_counts():
    flagged = [T0]
    assert rules.suspected_givers(
        excluded=["parent", "guardian"], interview_flags=flagged, statements=[]
    ) == {"parent", "guardian"}
    # A later statement clears the guardian only; one at the same moment wins the tie.
    for at in (T0, T0 + timedelta(hours=1)):
        statements = [("guardian", False, at)]
        assert rules.suspected_givers(
            excluded=["parent", "guardian"], interview_flags=flagged, statements=statements
        ) == {"parent"}
    # An interview flagged after the statement suspects again.
    assert rules.suspected_givers(
        excluded=["parent", "guardian"],
        interview_flags=[T0 + timedelta(days=1)],
        statements=[("guardian", False, T0)],
    ) == {"parent", "guardian"}


# --- the profile checks -------------------------------------------------------------------


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / AL_DIR.name
    shutil.copytree(AL_DIR, copy)
    path = copy / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    consent_at = text.index("\nconsent:\n")
    assert text.count(old, consent_at) >= 1, old
    at = text.index(old, consent_at)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path


BROKEN = {
    "missing-purpose": ("- code: statistics", "- code: surveys", "nrm.E030"),
    "sharing-per-country": ("per: institution", "per: country", "nrm.E030"),
    "duplicate-giver": ("- code: guardian", "- code: parent", "nrm.E030"),
    "giver-unknown-purpose": (
        "purposes: [services, child_health_care]\n      forms",
        "purposes: [housing]\n      forms",
        "nrm.E031",
    ),
    "giver-unknown-form": ("forms: [health]", "forms: [d9]", "nrm.E031"),
    # A representative acts in place of givers the block does not define.
    "giver-instead-of-unknown": (
        "instead_of: [parent, guardian]",
        "instead_of: [uncle]",
        "nrm.E031",
    ),
    "unknown-a2-form": ("a2_form: a2", "a2_form: z9", "nrm.E032"),
    "unknown-notify-role": (
        "notify_roles: [focal_point, caseworker]",
        "notify_roles: [mayor]",
        "nrm.E032",
    ),
    # No giver may sign the A2 for an adult (the person's rule names only the child).
    "a2-giver-missing": (
        "- code: person\n      applies_to: adult",
        "- code: person\n      applies_to: child",
        "nrm.E033",
    ),
    "a2-purpose-unknown": (
        "a2_purpose: formal_identification_interview",
        "a2_purpose: interview",
        "nrm.E032",
    ),
}


@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_a_broken_consent_block_is_refused_with_its_code_and_line(tmp_path, fault):
    old, new, code = BROKEN[fault]
    path = _broken(tmp_path, old, new)
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    codes = {p.code for p in raised.value.problems}
    assert code in codes, raised.value.problems
    assert codes <= {"nrm.E030", "nrm.E031", "nrm.E032", "nrm.E033"}
    assert all(p.line for p in raised.value.problems)


def test_a_consent_block_of_the_wrong_shape_is_refused(tmp_path):
    path = _broken(tmp_path, "default: unless_withdrawn", "default: sometimes")
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    assert [p.code for p in raised.value.problems] == ["nrm.E002"]
