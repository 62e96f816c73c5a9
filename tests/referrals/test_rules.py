"""Pure rules of referrals and the directory, and the profile check nrm.E112."""

from datetime import date

import pytest
from django.conf import settings

from nrm.core.errors import IllegalTransition
from nrm.directory import rules as d
from nrm.jurisdictions import get_profile
from nrm.referrals import rules
from nrm.referrals.checks import check_referrals


@pytest.fixture
def spec():
    return get_profile(settings.NRM_JURISDICTION).referrals


def test_who_makes_each_move(spec):
    assert rules.mover(spec, "pending", "accepted") == rules.RECEIVER
    assert rules.mover(spec, "pending", "cancelled") == rules.SENDER
    assert rules.mover(spec, "in_progress", "completed") == rules.RECEIVER
    with pytest.raises(IllegalTransition):
        rules.mover(spec, "completed", "in_progress")
    with pytest.raises(IllegalTransition):
        rules.mover(spec, "declined", "accepted")
    assert rules.moves_for(spec, "pending", rules.SENDER) == ["cancelled"]
    assert set(rules.moves_for(spec, "pending", rules.RECEIVER)) == {"accepted", "declined"}


def test_access_follows_the_moves(spec):
    assert rules.grant_effect(spec, "pending", "accepted", rules.RECEIVER).answer is True
    assert rules.grant_effect(spec, "pending", "declined", rules.RECEIVER).answer is False
    assert rules.grant_effect(spec, "pending", "cancelled", rules.SENDER).end
    assert (
        rules.grant_effect(spec, "accepted", "in_progress", rules.RECEIVER) == rules.GrantEffect()
    )
    assert rules.grant_effect(spec, "in_progress", "completed", rules.RECEIVER).end
    assert rules.grant_effect(spec, "accepted", "cancelled", rules.SENDER).end


def test_directory_rules():
    today = date(2026, 6, 1)
    assert d.licence_valid(expires_on=None, today=today)
    assert d.licence_valid(expires_on=today, today=today)
    assert not d.licence_valid(expires_on=date(2026, 5, 31), today=today)
    assert d.age_fits(age=None, min_age=18, max_age=None)
    assert not d.age_fits(age=17, min_age=18, max_age=None)
    assert d.age_fits(age=17, min_age=0, max_age=17)
    assert d.group_fits(target_group="any", is_child=True)
    assert not d.group_fits(target_group="adult", is_child=True)
    assert d.sex_fits(service_sex="female", sex="unknown")
    assert not d.sex_fits(service_sex="female", sex="male")


def test_the_profile_check_names_unknown_states_and_purposes():
    profile = get_profile(settings.NRM_JURISDICTION)
    problems = []
    check_referrals(profile, lambda code, msg, loc: problems.append((code, msg)))
    assert problems == []
    bad = profile.model_copy(
        update={
            "referrals": profile.referrals.model_copy(
                update={
                    "transitions": {"pending": {"teleported": "sender"}},
                    "consent_purpose": "gossip",
                }
            ),
            "service_needs": (*profile.service_needs, profile.service_needs[0]),
        }
    )
    check_referrals(bad, lambda code, msg, loc: problems.append((code, msg)))
    messages = " ".join(m for _c, m in problems)
    assert {c for c, _m in problems} == {"nrm.E112"}
    assert "teleported" in messages and "gossip" in messages and "duplicate" in messages
