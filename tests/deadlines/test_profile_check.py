"""A profile with a bad deadline rule is refused with a stable code and the line at fault,
by `nrm profile check` and by the loader the engine starts from."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nrm.jurisdictions.registry import ROOT, ProfileError, load_profile

SOURCE = ROOT / "al" / "sop2025"


@pytest.fixture
def copy(tmp_path):
    """A copy of the Albanian profile whose deadlines.yaml a test may break."""
    target = tmp_path / "al" / "sop2025"
    shutil.copytree(SOURCE, target)
    return target


def break_rules(profile_dir: Path, old: str, new: str) -> int:
    """Replaces the first `old` in deadlines.yaml; returns the line of the change."""
    path = profile_dir / "deadlines.yaml"
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


def problems(profile_dir: Path):
    with pytest.raises(ProfileError) as caught:
        load_profile(profile_dir / "profile.yaml")
    return caught.value.problems


def test_the_real_profile_passes(copy):
    assert len(load_profile(copy / "profile.yaml").deadlines.rules) >= 29


def test_an_unknown_event_is_refused_with_its_line(copy):
    line = break_rules(
        copy, "met_by: [child_protection_plan_prepared]", "met_by: [child_protection_plan_done]"
    )
    [problem] = problems(copy)
    assert (problem.code, problem.line) == ("nrm.E012", line)
    assert "child_protection_plan_done" in problem.message
    assert problem.file.endswith("deadlines.yaml")


def test_a_negative_offset_is_refused_with_its_line(copy):
    line = break_rules(
        copy, "offset: {kind: hours, amount: 72}", "offset: {kind: hours, amount: -72}"
    )
    [problem] = problems(copy)
    assert (problem.code, problem.line) == ("nrm.E013", line)


def test_a_negative_escalation_delay_is_refused(copy):
    break_rules(copy, "after: {kind: hours, amount: 2}", "after: {kind: hours, amount: -2}")
    assert [p.code for p in problems(copy)] == ["nrm.E013"]


def test_an_escalation_to_a_role_that_does_not_exist_is_refused_with_its_line(copy):
    line = break_rules(copy, "- {to: focal_point,", "- {to: apap,")
    [problem] = problems(copy)
    assert (problem.code, problem.line) == ("nrm.E014", line)
    assert "'apap'" in problem.message


def test_an_unknown_responsible_role_or_institution_type_is_refused(copy):
    break_rules(
        copy,
        "responsible: {role: caseworker, institution: owner}",
        "responsible: {role: pmf, institution: owner}",
    )
    break_rules(copy, "institution_types: [child_protection_unit]", "institution_types: [njmf]")
    assert sorted(p.code for p in problems(copy)) == ["nrm.E014", "nrm.E015"]


def test_a_malformed_rule_is_refused_with_the_shape_code(copy):
    line = break_rules(
        copy, "offset: {kind: hours, amount: 72}", "offset: {kind: fortnights, amount: 1}"
    )
    [problem] = problems(copy)
    assert (problem.code, problem.line) == ("nrm.E011", line)


def test_a_duplicate_rule_code_is_refused(copy):
    break_rules(copy, "code: notify_interpreter", "code: notify_child_protection_worker")
    assert [p.code for p in problems(copy)] == ["nrm.E016"]


def test_nrm_profile_check_prints_the_code_and_the_line(copy, capsys):
    line = break_rules(copy, "opened_by: [child_identified]", "opened_by: [child_found]")
    with pytest.raises(CommandError):
        call_command("profile", "check", str(copy / "profile.yaml"))
    err = capsys.readouterr().err
    assert f"deadlines.yaml:{line}: nrm.E012" in err
