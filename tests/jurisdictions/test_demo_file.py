"""A profile's demo file names only what it makes (nrm.E166)."""

import pytest

from nrm.jurisdictions import get_profile
from nrm.jurisdictions.coverage_checks import check_demo
from nrm.jurisdictions.schema import DemoOwner, DemoUser


def _problems(profile, demo) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    check_demo(profile, demo, lambda code, message, _loc: found.append((code, message)))
    return found


@pytest.mark.parametrize("code", ["AL", "XK"])
def test_each_profile_demo_file_is_consistent(code):
    profile = get_profile(code)
    assert _problems(profile, profile.demo) == []
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

    problems = _problems(profile, demo)

    assert {code for code, _message in problems} == {"nrm.E166"}
    text = " ".join(message for _code, message in problems)
    for named in ("police-slktp-tirana", "'x'", "nobody", "police-slktp", "njmf-tirana"):
        assert named in text


def test_an_owner_names_an_institution_or_a_kind_per_county():
    with pytest.raises(ValueError, match="either"):
        DemoOwner(institution="qps-prishtina", per_county="qps")
