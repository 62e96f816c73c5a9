"""Pure rules of referrals, from the profile's `referrals` block: which moves exist, who
makes them (the sender or the receiver), and what each does to the receiver's access."""

from dataclasses import dataclass

from nrm.core.errors import IllegalTransition
from nrm.jurisdictions.schema import Referrals

SENDER, RECEIVER = "sender", "receiver"


def mover(rules: Referrals, from_status: str, to_status: str) -> str:
    """Who makes this move; IllegalTransition when the profile has no such move."""
    side = rules.transitions.get(from_status, {}).get(to_status)
    if side is None:
        raise IllegalTransition()
    return side


def moves_for(rules: Referrals, status: str, side: str) -> list[str]:
    """The states one side may move a referral to from `status`."""
    return [to for to, who in rules.transitions.get(status, {}).items() if who == side]


@dataclass(frozen=True)
class GrantEffect:
    """What a move does to the receiver's grant: `answer` (accept or decline the pending
    offer), `end` (take the access back), or nothing."""

    answer: bool | None = None  # True: accept; False: decline
    end: bool = False


def grant_effect(rules: Referrals, from_status: str, to_status: str, side: str) -> GrantEffect:
    had = from_status in rules.access_states
    has = to_status in rules.access_states
    if from_status == rules.initial and side == RECEIVER:
        return GrantEffect(answer=has)  # the receiver accepts or declines the offer
    if from_status == rules.initial or (had and not has):
        return GrantEffect(end=True)  # the sender cancels the offer; access ends
    return GrantEffect()
