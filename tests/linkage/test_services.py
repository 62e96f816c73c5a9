"""Unique persons' services: the scan finds the pair written two ways and not a namesake
born another year; decide → undo round trip with its audit events (codes and ids, never a
name or the reason); bad input; components of `person_uids`; who may decide."""

import json

import pytest

from nrm.audit.models import AuditEvent
from nrm.core.errors import Conflict, NotFound, ValidationFailed
from nrm.linkage import services
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.models import CandidateStatus, LinkDecision, MatchCandidate, PersonLink
from nrm.linkage.selectors import linked_persons, person_uids
from nrm.registry.models import Person

pytestmark = pytest.mark.django_db


def _pair(a, b) -> tuple[int, int]:
    return tuple(sorted((a.person_id, b.person_id)))


def test_the_scan_finds_the_pair_and_not_the_namesake(twice, namesake, reviewer):
    police, shelter = twice
    result = services.linkage_scan(actor=reviewer)
    found = {(c.person_a_id, c.person_b_id): c for c in MatchCandidate.objects.all()}
    assert set(found) == {_pair(police, shelter)}
    assert result.new == 1 and result.persons >= 3
    candidate = found[_pair(police, shelter)]
    assert candidate.status == CandidateStatus.OPEN and candidate.probability > 0.99
    # Evidence: labels of levels, never a value.
    assert candidate.evidence["given"]["kind"] == "exact"  # "Engjëll" = "Engjell" normalised
    assert candidate.evidence["dob"]["kind"] == "exact"
    text = json.dumps(candidate.evidence)
    assert "Engj" not in text and "Marku" not in text and "2004" not in text
    event = AuditEvent.objects.filter(code=LinkageCode.SCAN).latest("pk")
    assert event.data["new"] == 1 and "Marku" not in json.dumps(event.data)


def test_a_second_scan_adds_nothing_a_vanished_pair_goes_stale_and_comes_back(twice, reviewer):
    police, _shelter = twice
    services.linkage_scan(actor=reviewer)
    again = services.linkage_scan(actor=reviewer)
    assert again.new == 0 and MatchCandidate.objects.count() == 1
    Person.objects.filter(pk=police.person_id).update(anonymised_at=police.created_at)
    third = services.linkage_scan(actor=reviewer)
    assert third.stale == 1
    assert MatchCandidate.objects.get().status == CandidateStatus.STALE
    # Found again (here: the mark taken back): open again, with a new found_at.
    Person.objects.filter(pk=police.person_id).update(anonymised_at=None)
    fourth = services.linkage_scan(actor=reviewer)
    assert fourth.reopened == 1 and fourth.new == 0
    assert MatchCandidate.objects.get().status == CandidateStatus.OPEN


def test_decide_then_undo_round_trip(twice, reviewer):
    police, shelter = twice
    services.linkage_scan(actor=reviewer)
    candidate = MatchCandidate.objects.get()
    link = services.person_link_decide(
        actor=reviewer,
        person_a=shelter.person_id,  # either order
        person_b=police.person_id,
        decision=LinkDecision.SAME,
        reason="Engjëll Marku: same father's name in both files",
    )
    assert (link.person_a_id, link.person_b_id) == _pair(police, shelter)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DECIDED
    uids = person_uids([police.person_id, shelter.person_id])
    assert uids[police.person_id] == uids[shelter.person_id] == min(_pair(police, shelter))
    assert linked_persons(police.person_id) == {shelter.person_id}

    services.person_link_undo(actor=reviewer, link=link.pk, reason="a mistake")
    candidate.refresh_from_db()
    link.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN and link.undone_at is not None
    uids = person_uids([police.person_id, shelter.person_id])
    assert uids[police.person_id] != uids[shelter.person_id]
    # Decided again after the undo: a new row, the old one kept.
    services.person_link_decide(
        actor=reviewer,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision=LinkDecision.DISTINCT,
        reason="different fathers",
    )
    assert PersonLink.objects.count() == 2

    events = list(
        AuditEvent.objects.filter(code__in=[LinkageCode.DECIDED, LinkageCode.UNDONE]).order_by("pk")
    )
    assert [e.code for e in events] == [
        LinkageCode.DECIDED,
        LinkageCode.UNDONE,
        LinkageCode.DECIDED,
    ]
    assert events[0].data["decision"] == "same" and events[2].data["decision"] == "distinct"
    for e in events:
        text = json.dumps(e.data)
        assert "Marku" not in text and "Engj" not in text and "father" not in text
        assert "mistake" not in text
        assert e.data["person_a"] == min(_pair(police, shelter))


def test_person_uids_joins_components_and_keeps_distinct_apart(make_case, reviewer):
    cases = [make_case(given_name=f"P{i}", family_name="Q") for i in range(4)]
    a, b, c, d = (x.person_id for x in cases)
    for x, y, decision in ((a, b, "same"), (b, c, "same"), (c, d, "distinct")):
        services.person_link_decide(
            actor=reviewer, person_a=x, person_b=y, decision=decision, reason="r"
        )
    uids = person_uids([a, b, c, d])
    assert uids[a] == uids[b] == uids[c] == min(a, b, c)
    assert uids[d] == d
    assert len(set(uids.values())) == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"person_b": "same"}, "person_b"),
        ({"person_a": 999_999}, "person_a"),
        ({"person_b": "x"}, "person_b"),
        ({"reason": "  "}, "reason"),
        ({"decision": "merge"}, "decision"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(twice, reviewer, change, field):
    police, shelter = twice
    values = {
        "person_a": police.person_id,
        "person_b": shelter.person_id,
        "decision": "same",
        "reason": "r",
        **change,
    }
    if values["person_b"] == "same":
        values["person_b"] = police.person_id
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.person_link_decide(actor=reviewer, **values)
    assert field in refused.value.fields
    assert not PersonLink.objects.exists() and AuditEvent.objects.count() == events


def test_a_pair_decided_twice_and_an_undo_twice_conflict(twice, reviewer):
    police, shelter = twice
    args = {"person_a": police.person_id, "person_b": shelter.person_id, "reason": "r"}
    link = services.person_link_decide(actor=reviewer, decision="same", **args)
    with pytest.raises(Conflict):
        services.person_link_decide(actor=reviewer, decision="distinct", **args)
    with pytest.raises(ValidationFailed):
        services.person_link_undo(actor=reviewer, link=link.pk, reason="")
    services.person_link_undo(actor=reviewer, link=link.pk, reason="r")
    with pytest.raises(Conflict):
        services.person_link_undo(actor=reviewer, link=link.pk, reason="r")


@pytest.mark.parametrize("username", ["police.tirana", "shelter.tirana", "apap.police.tirana"])
def test_only_a_reviewer_decides_scans_or_undoes(twice, actors, reviewer, username):
    police, shelter = twice
    other = actors.get(username)
    if other is None:
        from tests.conftest import _actor

        other = _actor(username)
    args = {"person_a": police.person_id, "person_b": shelter.person_id, "reason": "r"}
    with pytest.raises(NotFound):
        services.person_link_decide(actor=other, decision="same", **args)
    with pytest.raises(NotFound):
        services.linkage_scan(actor=other)
    link = services.person_link_decide(actor=reviewer, decision="same", **args)
    with pytest.raises(NotFound):
        services.person_link_undo(actor=other, link=link.pk, reason="r")


def test_anonymising_either_person_erases_the_reasons_of_their_links(twice, reviewer):
    """The link holds two keys to persons: anonymisation reaches it through both (the reason
    may name the person), not only through the record with the lower id."""
    from nrm.core import clock
    from nrm.jurisdictions.registry import get_profile
    from nrm.registry import retention

    police, shelter = twice
    link = services.person_link_decide(
        actor=reviewer,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision=LinkDecision.SAME,
        reason="Same mother named in both files",
    )
    higher = max(police.person_id, shelter.person_id)
    assert PersonLink.objects.get(pk=link.pk).person_b_id == higher
    rules = get_profile(police.profile_code).retention
    retention._person_anonymise(Person.objects.get(pk=higher), rules, clock.now())
    assert PersonLink.objects.get(pk=link.pk).reason == ""


def test_person_uids_as_of_a_moment_reads_the_links_as_they_stood(twice, reviewer):
    """A statistics release rebuilt later counts the persons it counted: a link decided after
    the cut-off, or undone before it, does not join them."""
    from datetime import timedelta

    from nrm.core import clock

    police, shelter = twice
    before = clock.now() - timedelta(seconds=1)
    link = services.person_link_decide(
        actor=reviewer,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision=LinkDecision.SAME,
        reason="r",
    )
    ids = [police.person_id, shelter.person_id]
    assert len(set(person_uids(ids, as_of=before).values())) == 2
    assert len(set(person_uids(ids).values())) == 1
    decided = PersonLink.objects.get(pk=link.pk).decided_at
    services.person_link_undo(actor=reviewer, link=link.pk, reason="r")
    assert len(set(person_uids(ids).values())) == 2
    assert len(set(person_uids(ids, as_of=decided).values())) == 1  # undone later
