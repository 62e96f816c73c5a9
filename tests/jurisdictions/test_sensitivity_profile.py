"""The profile's `sensitivity` and `unusual_reading` blocks: loaded, and refused with a
stable code (nrm.E050, nrm.E051) when they name what the profile or the code does not know."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nrm.jurisdictions.registry import ProfileError, load_profile
from tests.jurisdictions.test_profile import _broken_copy


@pytest.fixture
def profile():
    from nrm.jurisdictions import get_profile

    return get_profile("AL")


def test_the_profile_names_the_five_classes_with_their_fields(profile):
    classes = {c.code: c for c in profile.sensitivity.classes}

    assert set(classes) == {
        "identity",
        "contact_location",
        "health",
        "child_protection",
        "investigation",
    }
    assert "registry.Person.given_name" in classes["identity"].fields
    assert "registry.Person.address" in classes["contact_location"].fields
    assert "assess_health" in classes["health"].checklist_notes
    assert classes["child_protection"].applies_to == "child"
    assert classes["investigation"].fields == ("screening.InvestigationInformation.content",)


def test_the_reading_alert_defaults_to_50_cases_in_10_minutes(profile):
    rule = profile.unusual_reading

    assert (rule.cases, rule.minutes) == (50, 10)
    assert rule.notify == ("ap_secretariat",)
    assert rule.escalate_to == ("ap_head",)


BROKEN = {
    "unknown-class": ("- code: health\n", "- code: wellbeing\n", "nrm.E050"),
    "unknown-field": (
        "- registry.Person.phone\n",
        "- registry.Person.shoe_size\n",
        "nrm.E050",
    ),
    "unknown-model": (
        "- registry.Person.phone\n",
        "- registry.Passport.number\n",
        "nrm.E050",
    ),
    "unknown-role": (
        "{roles: [caseworker, focal_point], reach: involved}",
        "{roles: [caseworker, janitor], reach: involved}",
        "nrm.E050",
    ),
    "unknown-institution-type": (
        "institution_types: [shelter, health,",
        "institution_types: [spa, health,",
        "nrm.E050",
    ),
    "unknown-checklist-entry": (
        "checklist_notes: [assess_health,",
        "checklist_notes: [assess_horoscope,",
        "nrm.E050",
    ),
    "unknown-alert-role": ("escalate_to: [ap_head]", "escalate_to: [ap_boss]", "nrm.E051"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_a_profile_naming_unknown_classes_fields_or_roles_is_refused(tmp_path, fault):
    old, new, code = BROKEN[fault]
    path, changed, line = _broken_copy(tmp_path, "profile.yaml", old, new)

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    problems = raised.value.problems
    # A renamed class also leaves its expected class missing: both are E050.
    assert {p.code for p in problems} == {code}, problems
    assert problems[0].file == str(changed)
    assert any(p.line == line for p in problems)


@pytest.mark.django_db
def test_nrm_profile_check_fails_on_an_unknown_sensitivity_field(tmp_path):
    path, _changed, _line = _broken_copy(
        tmp_path, "profile.yaml", "- registry.Person.email\n", "- registry.Person.e_mail\n"
    )
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command("profile", "check", str(path), stderr=stderr, stdout=StringIO())

    assert "nrm.E050" in stderr.getvalue()
    assert "registry.Person.e_mail" in stderr.getvalue()
