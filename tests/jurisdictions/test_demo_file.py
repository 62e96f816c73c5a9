"""A profile's demo file names only what it makes (nrm.E161)."""

from pathlib import Path

import pytest

from nrm.jurisdictions import get_profile
from nrm.jurisdictions.demo_checks import check_demo
from nrm.jurisdictions.schema import DemoOwner, DemoUser


@pytest.mark.parametrize("code", ["AL", "XK"])
def test_each_profile_demo_file_is_consistent(code):
    profile = get_profile(code)
    assert check_demo(profile, profile.demo, None, Path("demo.yaml")) == []
    # The parts the walkers need are cast.
    for part in ("police", "child_protection", "social_services", "shelter", "secretariat"):
        assert profile.demo.player(part) is not None, (code, part)


def test_a_user_of_an_unknown_institution_an_unknown_cast_and_owner_are_refused():
    profile = get_profile("XK")
    demo = profile.demo.model_copy(
        update={
            "users": (
                *profile.demo.users,
                DemoUser(username="police.tirana", institution="police-slktp-tirana", role="x"),
            ),
            "cast": {**profile.demo.cast, "police": "nobody"},
            "owners": (DemoOwner(per_county="police-slktp"),),
            "referrers": ("njmf-tirana",),
        }
    )

    problems = check_demo(profile, demo, None, Path("demo.yaml"))

    assert {p.code for p in problems} == {"nrm.E161"}
    text = " ".join(p.message for p in problems)
    for named in ("police-slktp-tirana", "'x'", "nobody", "police-slktp", "njmf-tirana"):
        assert named in text


def test_an_owner_names_an_institution_or_a_kind_per_county():
    with pytest.raises(ValueError, match="either"):
        DemoOwner(institution="qps-prishtina", per_county="qps")
