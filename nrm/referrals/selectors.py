"""Reads of referrals, scoped by the caller: a referral is seen by its two institutions (the
inbox), and on the case page by whoever sees the case. Before it accepts, the receiving
institution sees only what its inbox needs (reference, child or adult, need, emergency,
from whom): never the person's identity (docs/referrals.md)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nrm.core.errors import NotFound
from nrm.referrals.models import ACCESS_STATUSES, Referral, ReferralStatus
from nrm.registry.selectors import case_in_scope

INCOMING, OUTGOING, ACTION = "incoming", "outgoing", "action"
DIRECTIONS = (INCOMING, OUTGOING, ACTION)


def referral_scope(*, actor) -> QuerySet[Referral]:
    """The referrals the caller's institution sent or received; none without one."""
    if actor is None or actor.institution_id is None:
        return Referral.objects.none()
    mine = Q(from_institution_id=actor.institution_id) | Q(to_institution_id=actor.institution_id)
    return Referral.objects.filter(mine).select_related(
        "case", "from_institution", "to_institution", "service"
    )


def referral_get(*, actor, id: int) -> Referral:
    try:
        return referral_scope(actor=actor).get(pk=id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def referral_list(*, actor, direction: str = INCOMING, status: str = "") -> QuerySet[Referral]:
    """incoming, outgoing, or action (incoming pending and outgoing declined)."""
    qs = referral_scope(actor=actor)
    inst = actor.institution_id if actor else None
    if direction == INCOMING:
        qs = qs.filter(to_institution_id=inst)
    elif direction == OUTGOING:
        qs = qs.filter(from_institution_id=inst)
    elif direction == ACTION:
        qs = qs.filter(
            Q(to_institution_id=inst, status=ReferralStatus.PENDING)
            | Q(from_institution_id=inst, status=ReferralStatus.DECLINED)
        )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-emergency", "-created_at", "-id")


def action_count(*, actor) -> int:
    return referral_list(actor=actor, direction=ACTION).count()


def case_referrals(*, actor, case) -> QuerySet[Referral]:
    """The case's referrals, for whoever sees the case (NotFound otherwise)."""
    case_in_scope(actor=actor, case=case)
    return (
        Referral.objects.filter(case=case)
        .select_related("from_institution", "to_institution", "service")
        .order_by("-created_at", "-id")
    )


def referral_events(*, actor, referral: Referral):
    referral_get(actor=actor, id=referral.pk)
    return referral.events.select_related("by", "institution")


@dataclass(frozen=True)
class InboxRow:
    """What an institution sees of a referral in its inbox. `case_id` only once it may open
    the case (the sender, or the receiver while accepted or in progress)."""

    referral: Referral
    reference: str
    child: bool
    need: str
    emergency: bool
    incoming: bool
    case_id: int | None


def inbox_row(*, actor, referral: Referral) -> InboxRow:
    incoming = referral.to_institution_id == actor.institution_id
    opens = not incoming or referral.status in ACCESS_STATUSES
    return InboxRow(
        referral=referral,
        reference=referral.case.reference,
        child=referral.case.is_child,
        need=referral.need,
        emergency=referral.emergency,
        incoming=incoming,
        case_id=referral.case_id if opens else None,
    )
