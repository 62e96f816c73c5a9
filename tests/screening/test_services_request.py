"""Consent (A2), the request for formal identification (A5), the queue, and information
supporting investigation."""

import pytest

from nrm.core import clock
from nrm.core.errors import NotFound, ValidationFailed
from nrm.registry.models import CaseGrant
from nrm.registry.selectors import case_get
from nrm.screening import selectors, services
from nrm.screening.models import FormalIdentificationRequest, InvestigationInformation

pytestmark = pytest.mark.django_db


def _request(actor, case, **kwargs):
    return services.formal_identification_request(actor=actor, case_id=case.pk, **kwargs)


def test_a5_is_sent_for_a_person_already_placed_in_a_shelter(
    actors, screened, interviewed, consented
):
    """Parallel procedures (issue 11): the shelter first, the group from there. Before, a
    case moved to protection could no longer be sent (seed L935–936, L1060–1063)."""
    from nrm.registry import services as registry
    from nrm.registry.models import Case

    actor = actors["police.tirana"]
    case = screened(3)
    registry.procedure_open(
        actor=actor,
        case_id=case.pk,
        code="protection",
        reason="Placed at night",
        expected_version=Case.objects.get(pk=case.pk).version,
    )
    interviewed(case)
    consented(case)

    _request(actor, case, grounds="Sent from the shelter")

    stored = Case.objects.get(pk=case.pk)
    assert stored.stage == "protection"
    running = dict(stored.procedures.filter(closed_at__isnull=True).values_list("code", "state"))
    assert running == {"identification": "formal", "protection": "placed"}


def test_consent_for_a_child_is_given_by_a_parent_or_guardian(actors, make_case):
    actor = actors["police.tirana"]
    child = make_case(estimated_age=10)
    with pytest.raises(ValidationFailed) as caught:
        services.a2_record(
            actor=actor, case_id=child.pk, given=True, given_by="person", signed_on=clock.today()
        )
    assert "given_by" in caught.value.fields
    consent = services.a2_record(
        actor=actor,
        case_id=child.pk,
        given=True,
        given_by="guardian",
        signed_on=clock.today(),
        child_view="agrees",
    )
    assert consent.given


def test_the_newest_consent_counts(actors, make_case):
    actor = actors["police.tirana"]
    case = make_case()
    for given in (True, False):
        services.a2_record(
            actor=actor, case_id=case.pk, given=given, given_by="person", signed_on=clock.today()
        )
    assert selectors.a2_current(actor=actor, case=case).given is False


def test_a5_for_an_adult_goes_to_police_and_state_social_service(
    actors, screened, interviewed, consented
):
    actor = actors["police.tirana"]
    case = screened(3)
    interviewed(case)
    consented(case)
    request = _request(actor, case, grounds="Three indicators, forced labour")
    case.refresh_from_db()
    assert case.stage == "formal_identification"
    assert {r.institution.code for r in request.recipients.all()} == {
        "police-slktp-tirana",
        "shssh-tirana",
    }
    # The owner needs no grant; the State Social Service gets one and sees the case.
    grants = CaseGrant.objects.filter(case=case, status="accepted")
    assert [g.institution.code for g in grants] == ["shssh-tirana"]
    assert case_get(actor=actors["social.tirana"], id=case.pk) == case
    change = case.status_changes.get(field="stage", to_value="formal_identification")
    assert change.decision_reference == f"A5-{request.pk}"
    queue = selectors.formal_identification_queue(actor=actors["social.tirana"])
    assert [r.pk for r in queue] == [request.pk]
    assert selectors.formal_identification_queue(actor=actors["pmf.tirana"]).count() == 0
    assert selectors.formal_identification_queue(actor=actors["ap.secretariat"]).count() == 1


def test_a5_for_a_child_goes_to_police_and_child_protection_unit(
    actors, screened, interviewed, consented
):
    case = screened(3, estimated_age=13)
    interviewed(case)
    consented(case)
    request = _request(actors["police.tirana"], case)
    assert request.for_child
    assert {r.institution.code for r in request.recipients.all()} == {
        "police-slktp-tirana",
        "njmf-tirana",
    }
    assert [r.pk for r in selectors.formal_identification_queue(actor=actors["pmf.tirana"])] == [
        request.pk
    ]


def test_a5_may_go_to_the_group_of_another_county(actors, screened, interviewed, consented):
    case = screened(3)
    interviewed(case)
    consented(case)
    request = _request(actors["police.tirana"], case, county="shkoder")
    assert {r.institution.code for r in request.recipients.all()} == {
        "police-slktp-shkoder",
        "shssh-shkoder",
    }
    assert case_get(actor=actors["police.shkoder"], id=case.pk).pk == case.pk


@pytest.mark.parametrize(
    ("interview", "consent", "fields"),
    [
        (False, None, {"interview", "consent"}),
        (True, None, {"consent"}),
        (True, False, {"consent"}),
        (False, True, {"interview"}),
    ],
)
def test_a5_without_consent_or_held_interview_is_refused(
    actors, screened, interviewed, consented, interview, consent, fields
):
    case = screened(3)
    if interview:
        interviewed(case)
    if consent is not None:
        consented(case, given=consent)
    with pytest.raises(ValidationFailed) as caught:
        _request(actors["police.tirana"], case)
    assert set(caught.value.fields) == fields
    case.refresh_from_db()
    assert case.stage == "initial_identification"
    assert not FormalIdentificationRequest.objects.exists()
    assert not CaseGrant.objects.filter(case=case).exists()


def test_a5_is_only_for_a_potential_victim(actors, screened, interviewed, consented):
    case = screened(2)
    interviewed(case)
    consented(case)
    with pytest.raises(ValidationFailed) as caught:
        _request(actors["police.tirana"], case)
    assert set(caught.value.fields) == {"identification_status"}


def test_a5_is_sent_once(actors, screened, interviewed, consented):
    case = screened(3)
    interviewed(case)
    consented(case)
    _request(actors["police.tirana"], case)
    with pytest.raises(ValidationFailed):
        _request(actors["police.tirana"], case)
    assert FormalIdentificationRequest.objects.count() == 1


def test_a5_asks_to_choose_when_a_county_has_two_of_a_kind(
    actors, screened, interviewed, consented
):
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import institution_save

    institution_save(
        actor=system_actor(),
        code="shssh-tirana-2",
        name="SHSSH, zyra e dytë, Tiranë",
        type="state_social_service",
        county="tirana",
    )
    case = screened(3)
    interviewed(case)
    consented(case)
    with pytest.raises(ValidationFailed) as caught:
        _request(actors["police.tirana"], case)
    assert "institutions" in caught.value.fields
    request = _request(actors["police.tirana"], case, institutions=["shssh-tirana-2"])
    assert "shssh-tirana-2" in {r.institution.code for r in request.recipients.all()}


def test_investigation_information_is_read_only_by_police_focal_point_and_ap(actors, make_case):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    case = make_case("social.tirana")
    info = services.investigation_information_record(
        actor=actors["social.tirana"], case_id=case.pk, content="Recruiter's phone number"
    )
    police_apap = actor_for(User.objects.get(username="apap.police.tirana"))
    readers = [police_apap, actors["ap.secretariat"]]
    for reader in readers:
        assert list(selectors.investigation_list(actor=reader, case_id=case.pk)) == [info]
        assert selectors.investigation_case_visible(actor=reader, case_id=case.pk) == case
    others = [
        actors["social.tirana"],  # the author
        actors["police.tirana"],  # police, but not the focal point
        actor_for(User.objects.get(username="apap.shssh.tirana")),  # a focal point, not police
        actors["police.shkoder"],
    ]
    for other in others:
        assert not selectors.investigation_list(actor=other, case_id=case.pk).exists()
        with pytest.raises(NotFound):
            selectors.investigation_case_visible(actor=other, case_id=case.pk)
    assert InvestigationInformation.objects.get().content == "Recruiter's phone number"


def test_investigation_information_needs_content_and_a_visible_case(actors, make_case):
    case = make_case()
    with pytest.raises(ValidationFailed):
        services.investigation_information_record(
            actor=actors["police.tirana"], case_id=case.pk, content="  "
        )
    with pytest.raises(NotFound):
        services.investigation_information_record(
            actor=actors["police.shkoder"], case_id=case.pk, content="x"
        )


def test_the_demo_walk_takes_a_case_to_the_groups_queue(actors, make_case):
    import random

    from nrm.screening.demo import identification_walk

    for person in ({}, {"estimated_age": 12, "citizenship": "RO"}):
        case = make_case(**person)
        identification_walk(
            actor=actors["police.tirana"],
            case=case,
            rng=random.Random(1),
            start=clock.now(),
            until=clock.now(),
        )
        case.refresh_from_db()
        assert (case.stage, case.identification_status) == (
            "formal_identification",
            "potential_victim",
        )
    assert selectors.formal_identification_queue(actor=actors["pmf.tirana"]).count() == 1
    assert selectors.formal_identification_queue(actor=actors["social.tirana"]).count() == 1
