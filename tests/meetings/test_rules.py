"""Quorum and majority as pure functions, and the property the services rely on: a decision
without quorum or without majority is never allowed (hence never saved)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm.meetings import rules
from nrm.meetings.rules import Votes


@pytest.mark.parametrize(
    ("members", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (0, 1)]
)
def test_majority_of_members(members, needed):
    assert rules.quorum_needed(kind="majority_of_members", amount=0, voting_members=members) == (
        needed
    )


def test_count_and_all_members():
    assert rules.quorum_needed(kind="count", amount=3, voting_members=6) == 3
    assert rules.quorum_needed(kind="count", amount=0, voting_members=6) == 1
    assert rules.quorum_needed(kind="all_members", amount=0, voting_members=6) == 6
    assert not rules.has_quorum(kind="count", amount=3, voting_members=6, voting_present=2)
    assert rules.has_quorum(kind="count", amount=3, voting_members=6, voting_present=3)
    # Never more present than there are.
    assert not rules.has_quorum(kind="count", amount=1, voting_members=2, voting_present=3)
    with pytest.raises(ValueError):
        rules.quorum_needed(kind="most", amount=0, voting_members=3)


@pytest.mark.parametrize(
    ("votes", "present", "majority", "consensus"),
    [
        (Votes(3, 1, 0), 4, True, False),
        (Votes(2, 2, 0), 4, False, False),  # a tie
        (Votes(2, 0, 2), 4, False, False),  # abstentions are not for
        (Votes(2, 0, 0), 4, False, False),  # two who did not vote
        (Votes(3, 0, 0), 5, True, False),
        (Votes(4, 0, 0), 4, True, True),
        (Votes(5, 0, 0), 4, False, False),  # more votes than members present
        (Votes(0, 0, 0), 0, False, False),
    ],
)
def test_carried(votes, present, majority, consensus):
    assert rules.carried(votes, decides_by="majority", voting_present=present) is majority
    assert rules.carried(votes, decides_by="consensus", voting_present=present) is consensus


def test_votes_are_whole_numbers_not_negative():
    assert not rules.votes_valid(Votes(-1, 2, 0), voting_present=3)
    assert not rules.votes_valid(Votes(True, 0, 0), voting_present=3)
    assert not rules.votes_valid(Votes(1.5, 0, 0), voting_present=3)
    assert rules.votes_valid(Votes(1, 1, 1), voting_present=3)


counts = st.integers(min_value=-3, max_value=30)


@given(
    members=st.integers(min_value=0, max_value=25),
    present=st.integers(min_value=0, max_value=25),
    votes=st.tuples(counts, counts, counts),
    kind=st.sampled_from(["majority_of_members", "count", "all_members"]),
    amount=st.integers(min_value=0, max_value=25),
    decides_by=st.sampled_from(["majority", "majority_of_members", "consensus"]),
)
def test_a_decision_without_quorum_or_majority_is_never_allowed(
    members, present, votes, kind, amount, decides_by
):
    v = Votes(*votes)
    allowed = rules.decision_allowed(
        v,
        quorum_kind=kind,
        quorum_amount=amount,
        decides_by=decides_by,
        voting_members=members,
        voting_present=present,
    )
    if allowed:
        needed = rules.quorum_needed(kind=kind, amount=amount, voting_members=members)
        assert present >= needed and present <= members
        assert min(votes) >= 0 and sum(votes) <= present
        assert v.votes_for * 2 > present
        if decides_by == "consensus":
            assert v.votes_for == present
        if decides_by == "majority_of_members":
            assert v.votes_for * 2 > members
    # And the other way: a decision that is neither quorate nor carried never passes.
    if not rules.has_quorum(
        kind=kind, amount=amount, voting_members=members, voting_present=present
    ):
        assert not allowed
    if v.votes_for * 2 <= present:
        assert not allowed


def test_majority_of_members_counts_the_absent():
    # 5 voting members, 3 present, 2 for: a majority of those present, not of the members.
    assert rules.carried(Votes(2, 1, 0), decides_by="majority", voting_present=3, voting_members=5)
    assert not rules.carried(
        Votes(2, 1, 0), decides_by="majority_of_members", voting_present=3, voting_members=5
    )
    assert rules.carried(
        Votes(3, 0, 0), decides_by="majority_of_members", voting_present=3, voting_members=5
    )
