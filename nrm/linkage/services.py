"""Writes of unique persons (docs/unique-persons.md): the scan that finds candidate pairs, a
reviewer's decision and its undo, and the pair page's read (access log). Each service is
one transaction with one audit event carrying ids, counts and the decision only — never a
name or the reason's text."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.errors import Conflict, NotFound, ValidationFailed
from nrm.core.limits import TEXT_MAX
from nrm.dedup.pairs import scored_pairs
from nrm.jurisdictions import get_profile
from nrm.linkage import selectors
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.error_codes import LinkageError
from nrm.linkage.models import CandidateStatus, LinkDecision, MatchCandidate, PersonLink
from nrm.registry.models import Person


@dataclass(frozen=True)
class ScanResult:
    persons: int
    found: int
    new: int
    reopened: int
    stale: int

    def as_dict(self) -> dict:
        return {
            "persons": self.persons,
            "found": self.found,
            "new": self.new,
            "reopened": self.reopened,
            "stale": self.stale,
        }


def _row(person: Person) -> dict:
    """A person in the `nrm dedup` column shape (decrypted in process, never written)."""
    return {
        "record_id": str(person.pk),
        "given_name": person.given_name or "",
        "family_name": person.family_name or "",
        "sex": "" if person.sex == "unknown" else person.sex,
        "date_of_birth": person.date_of_birth or "",
        "estimated_age": "" if person.estimated_age is None else str(person.estimated_age),
        "citizenship": person.citizenship or "",
        "place_of_birth": "",
    }


def _may_scan(actor) -> bool:
    return actor is not None and (actor.role == "system" or selectors.reviewer(actor))


def linkage_scan(*, actor, threshold: float | None = None) -> ScanResult:
    """Scores every non-anonymised person record against the others; stores the pairs at or
    above the profile's `linkage.review_threshold` that have no live decision (a new pair,
    or one found again after it went stale, opens), and marks stale the open pairs no longer
    found. The system (the worker, `nrm linkage scan`) or a reviewer."""
    if not _may_scan(actor):
        raise NotFound()
    block = get_profile(settings.NRM_JURISDICTION).linkage
    if threshold is None:
        threshold = block.review_threshold if block is not None else 0.5
    persons = list(Person.objects.filter(anonymised_at__isnull=True).order_by("pk"))
    # Scored before the transaction: the model's seconds hold no lock.
    pairs = scored_pairs([_row(p) for p in persons], threshold=threshold, today=clock.today())
    found = {(int(p.left), int(p.right)): p for p in pairs}
    with transaction.atomic():
        now = clock.now()
        decided = set(
            PersonLink.objects.filter(undone_at__isnull=True).values_list(
                "person_a_id", "person_b_id"
            )
        )
        existing = {(c.person_a_id, c.person_b_id): c for c in MatchCandidate.objects.all()}
        created: list[MatchCandidate] = []
        reopened = 0
        for key, pair in found.items():
            if key in decided:
                continue
            values = {
                "probability": pair.probability,
                "match_weight": pair.match_weight,
                "evidence": pair.evidence_dict(),
            }
            candidate = existing.get(key)
            if candidate is None:
                created.append(
                    MatchCandidate(person_a_id=key[0], person_b_id=key[1], found_at=now, **values)
                )
                continue
            if candidate.status == CandidateStatus.DECIDED:
                continue  # out of the queue while its decision stands (undo reopens it)
            if candidate.status == CandidateStatus.STALE:
                values.update(status=CandidateStatus.OPEN, found_at=now)
                reopened += 1
            elif all(getattr(candidate, k) == v for k, v in values.items()):
                continue  # scored as before: nothing to write
            MatchCandidate.objects.filter(pk=candidate.pk).update(**values)
        MatchCandidate.objects.bulk_create(created, batch_size=1000)
        new = len(created)
        gone = [
            c.pk
            for key, c in existing.items()
            if c.status == CandidateStatus.OPEN and key not in found
        ]
        stale = MatchCandidate.objects.filter(pk__in=gone).update(status=CandidateStatus.STALE)
        result = ScanResult(
            persons=len(persons), found=len(found), new=new, reopened=reopened, stale=stale
        )
        event_record(
            actor=actor,
            code=LinkageCode.SCAN,
            data={**result.as_dict(), "threshold": threshold},
        )
    return result


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Give the reason for this decision.")]})
    if len(reason) > TEXT_MAX:
        raise ValidationFailed({"reason": [_("The reason is too long.")]})
    return reason


def _person_id(value, field: str, errors: dict) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    if pk is None or not Person.objects.filter(pk=pk, anonymised_at__isnull=True).exists():
        errors[field] = [_("No such person record.")]
        return None
    return pk


def person_link_decide(*, actor, person_a, person_b, decision: str, reason: str) -> PersonLink:
    """A reviewer says two person records are one person (`same`) or two (`distinct`). The
    pair's candidate, if any, leaves the queue. A link changes no case's access."""
    selectors.require_reviewer(actor)
    errors: dict[str, list[str]] = {}
    a = _person_id(person_a, "person_a", errors)
    b = _person_id(person_b, "person_b", errors)
    if a is not None and a == b:
        errors["person_b"] = [_("Choose two different person records.")]
    if decision not in LinkDecision.values:
        errors["decision"] = [_("Choose a decision.")]
    try:
        reason = _reason(reason)
    except ValidationFailed as e:
        errors.update(e.fields)
    if errors:
        raise ValidationFailed(errors)
    a, b = sorted((a, b))
    with transaction.atomic():
        # Both persons' rows locked: two reviewers deciding one pair wait for each other.
        list(Person.objects.select_for_update().filter(pk__in=(a, b)).order_by("pk"))
        if selectors.live_link(a, b) is not None:
            raise Conflict(code=LinkageError.ALREADY_DECIDED)
        link = PersonLink.objects.create(
            person_a_id=a,
            person_b_id=b,
            decision=decision,
            decided_at=clock.now(),
            decided_by=actor.user,
            reason=reason,
        )
        candidates = MatchCandidate.objects.filter(person_a_id=a, person_b_id=b)
        candidate = candidates.values_list("pk", flat=True).first()
        candidates.update(status=CandidateStatus.DECIDED)
        event_record(
            actor=actor,
            code=LinkageCode.DECIDED,
            target=link,
            data={
                "link": link.pk,
                "person_a": a,
                "person_b": b,
                "decision": decision,
                "candidate": candidate,
            },
        )
    return link


def person_link_undo(*, actor, link, reason: str) -> PersonLink:
    """Undoes a decision (the row stays, marked undone); the pair's candidate goes back to
    the queue."""
    selectors.require_reviewer(actor)
    link_id = link.pk if isinstance(link, PersonLink) else link
    reason = _reason(reason)
    with transaction.atomic():
        try:
            row = PersonLink.objects.select_for_update().get(pk=int(link_id))
        except (PersonLink.DoesNotExist, TypeError, ValueError):
            raise NotFound() from None
        if row.undone_at is not None:
            raise Conflict(code=LinkageError.ALREADY_UNDONE)
        row.undone_at = clock.now()
        row.undone_by = actor.user
        row.undo_reason = reason
        row.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        MatchCandidate.objects.filter(
            person_a_id=row.person_a_id, person_b_id=row.person_b_id
        ).update(status=CandidateStatus.OPEN)
        event_record(
            actor=actor,
            code=LinkageCode.UNDONE,
            target=row,
            data={
                "link": row.pk,
                "person_a": row.person_a_id,
                "person_b": row.person_b_id,
                "decision": row.decision,
            },
        )
    return row


@transaction.atomic
def pair_open(*, actor, candidate_id) -> tuple[MatchCandidate, list]:
    """A pair for the reviewer's page, its two sides, and one access-log read for every
    case shown (a case the reviewer may not see is not shown, nor logged)."""
    candidate = selectors.candidate_get(actor=actor, id=candidate_id)
    pair = selectors.sides(actor=actor, persons=[candidate.person_a, candidate.person_b])
    for side in pair:
        for case_id in side.visible_case_ids:
            access_record(actor=actor, case_id=case_id, action=LinkageCode.PAIR_VIEW)
    return candidate, pair
