"""Pure rules of meetings: quorum and majority. No database: functions of plain numbers and
the body's profile settings (docs/meetings.md, "Quorum and majority").

A meeting's voting members are its attendees who vote (its chair and members); quorum and
majority count them, not the body's whole roster, which nrm does not keep.
"""

from dataclasses import dataclass

MAJORITY_OF_MEMBERS = "majority_of_members"
COUNT = "count"
ALL_MEMBERS = "all_members"

MAJORITY = "majority"
MAJORITY_OF_MEMBERS_VOTES = "majority_of_members"
CONSENSUS = "consensus"


def quorum_needed(*, kind: str, amount: int, voting_members: int) -> int:
    """How many voting members must be present: more than half of them, at least `amount`
    (at least one), or every one."""
    if voting_members < 1:
        return 1
    if kind == MAJORITY_OF_MEMBERS:
        return voting_members // 2 + 1
    if kind == COUNT:
        return max(1, amount)
    if kind == ALL_MEMBERS:
        return voting_members
    raise ValueError(f"unknown quorum kind {kind!r}")


def has_quorum(*, kind: str, amount: int, voting_members: int, voting_present: int) -> bool:
    if voting_present < 0 or voting_present > voting_members:
        return False
    needed = quorum_needed(kind=kind, amount=amount, voting_members=voting_members)
    return voting_present >= needed


@dataclass(frozen=True)
class Votes:
    votes_for: int
    votes_against: int
    abstentions: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


def votes_valid(votes: Votes, *, voting_present: int) -> bool:
    """Counts are whole numbers, none negative, together at most the voting members present."""
    parts = (votes.votes_for, votes.votes_against, votes.abstentions)
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in parts):
        return False
    return votes.cast <= voting_present


def carried(
    votes: Votes, *, decides_by: str, voting_present: int, voting_members: int | None = None
) -> bool:
    """majority: more votes for than half of the voting members present (an abstention or a
    member who does not vote counts as not for). majority_of_members: more votes for than
    half of the meeting's voting members, present or not. consensus: every voting member
    present votes for."""
    if not votes_valid(votes, voting_present=voting_present) or voting_present < 1:
        return False
    if decides_by == MAJORITY:
        return votes.votes_for * 2 > voting_present
    if decides_by == MAJORITY_OF_MEMBERS_VOTES:
        members = voting_present if voting_members is None else voting_members
        return votes.votes_for * 2 > max(members, voting_present)
    if decides_by == CONSENSUS:
        return votes.votes_for == voting_present
    raise ValueError(f"unknown way of deciding {decides_by!r}")


def decision_allowed(
    votes: Votes,
    *,
    quorum_kind: str,
    quorum_amount: int,
    decides_by: str,
    voting_members: int,
    voting_present: int,
) -> bool:
    """A decision may be saved only with a quorum present and carried by its votes."""
    return has_quorum(
        kind=quorum_kind,
        amount=quorum_amount,
        voting_members=voting_members,
        voting_present=voting_present,
    ) and carried(
        votes,
        decides_by=decides_by,
        voting_present=voting_present,
        voting_members=voting_members,
    )
