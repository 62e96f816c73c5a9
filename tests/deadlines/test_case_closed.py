"""Closing a case (the profile's `emits_on_entry` of stage `closed`) cancels its clocks."""

import pytest

from nrm.deadlines.models import Deadline
from tests.registry import changes


@pytest.mark.django_db
def test_closing_a_case_cancels_its_open_deadlines(actors, make_case):
    # a foreign child who speaks no Albanian: two clocks
    case = make_case(estimated_age=14, citizenship="UA", languages=["uk"])
    open_rules = set(
        Deadline.objects.filter(case=case, status="open").values_list("rule", flat=True)
    )
    assert {"notify_child_protection_worker", "notify_interpreter"} <= open_rules
    changes.case_stage_change(
        actor=actors["police.tirana"], case_id=case.pk, to="closed", reason="Mbyllur"
    )
    assert not Deadline.objects.filter(case=case, status="open").exists()
    assert (
        set(Deadline.objects.filter(case=case, status="cancelled").values_list("rule", flat=True))
        >= open_rules
    )


@pytest.mark.django_db
def test_other_stages_leave_the_clocks_running(actors, make_case):
    case = make_case(estimated_age=14)
    changes.case_stage_change(
        actor=actors["police.tirana"], case_id=case.pk, to="protection", reason="Strehim"
    )
    assert Deadline.objects.filter(case=case, status="open").exists()


def test_a_stage_entry_event_outside_the_vocabulary_is_refused(tmp_path):
    import shutil

    from nrm.jurisdictions.registry import ProfileError, load_profile

    source = "nrm/jurisdictions/al/sop2025"
    for name in ("profile.yaml", "indicators.yaml", "deadlines.yaml"):
        shutil.copy(f"{source}/{name}", tmp_path / name)
    path = tmp_path / "profile.yaml"
    path.write_text(path.read_text().replace("emits_on_entry: case_closed", "emits_on_entry: x"))
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert any(p.code == "nrm.E012" and "'x'" in p.message for p in err.value.problems)
