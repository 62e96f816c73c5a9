"""The profile's `meeting_bodies` block: the AL bodies as the SOP sets them, and start-up
refusing a block that names what the profile does not define (nrm.E080)."""

import pytest
from django.conf import settings

from nrm.core.doors import doors_open_for_test
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.problems import ProfileError
from nrm.jurisdictions.registry import load_profile
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from tests.jurisdictions.test_profile import _broken_copy


def test_the_ap_and_the_commission():
    profile = get_profile(settings.NRM_JURISDICTION)
    ap, commission = profile.meeting_body("ap"), profile.meeting_body("commission")
    assert not ap.closed_sessions and commission.closed_sessions
    assert {r for m in ap.members for r in m.roles} == {"ap_head", "focal_point", "ap_secretariat"}
    assert commission.members[0].institution_types == ("appeals_commission",)
    # Six ministries appoint the Commission's members; the Ministry of Interior chairs.
    assert len(commission.composition) == 6
    assert "kryeson" in commission.composition[0].sq
    assert commission.decides_by == "majority_of_members"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "      - {roles: [ap_secretariat, ap_head], institution_types: [ap_secretariat]}\n"
            "    chaired_by",
            "      - {roles: [ap_secretariat, ap_janitor], institution_types: [ap_secretariat]}\n"
            "    chaired_by",
        ),
        (
            "      - {roles: [commission_member], institution_types: [appeals_commission]}\n"
            "    # nrm cannot",
            "      - {roles: [commission_member], institution_types: [appeals_court]}\n"
            "    # nrm cannot",
        ),
        (
            "    quorum: {kind: majority_of_members}\n    # The SOP",
            "    quorum: {kind: count}\n    # The SOP",
        ),
    ],
    ids=["unknown-role", "unknown-institution-type", "count-without-amount"],
)
def test_a_body_naming_what_the_profile_lacks_is_refused(tmp_path, old, new):
    path, _changed, _line = _broken_copy(tmp_path, "profile.yaml", old, new)
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    assert [p.code for p in raised.value.problems] == ["nrm.E080"]


def test_a_purpose_meeting_in_an_unknown_body_is_refused(tmp_path):
    path, _changed, _line = _broken_copy(tmp_path, "profile.yaml", "code: AL\n", "code: AL\n")
    with doors_open_for_test():
        meeting_purposes.add(
            MeetingPurpose(
                body="regional_committee",
                label=lambda: "x",
                outcomes=lambda meeting: [],
                on_decision=lambda **kw: None,
            ),
            code="tests.nowhere",
            app="tests",
        )
    try:
        with pytest.raises(ProfileError) as raised:
            load_profile(path)
        assert [p.code for p in raised.value.problems] == ["nrm.E080"]
        assert "regional_committee" in raised.value.problems[0].message
    finally:
        meeting_purposes.remove("tests.nowhere")
