"""Who may use the emergency app's routes, in the order tests/security/authz_emergency.py
classifies them: the case (404 to whoever cannot see it, for a record of it too), then
case.update (403), then what the case's state allows (400), and last who the profile names
for the step (403)."""

import dataclasses

import pytest

from nrm.core import clock
from nrm.core.errors import Forbidden
from nrm.emergency import services
from nrm.emergency.models import (
    EmergencyMeasure,
    ForeignProcedure,
    MissionRequest,
    NonResponse,
    ReflectionPeriod,
)
from tests.emergency.conftest import DAY, at

pytestmark = pytest.mark.django_db


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def viewer(reference):
    """A read-only member of the Tirana child protection unit, which owns the `child` case."""
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.njmf", password="a long passphrase")
    membership_create(actor=system, user=user, institution=reference["njmf-tirana"], role="viewer")
    return user


def test_a_record_of_a_case_out_of_scope_is_404(api_client, actors, child, foreign_adult):
    """A non-response, a permit and a mission request are reached by their own number: who
    cannot see their case gets 404, as for a number that does not exist."""
    pmf, shelter = actors["pmf.tirana"], actors["shelter.tirana"]
    with clock.override(at()):
        nr = services.non_response_report(
            actor=pmf,
            case_id=child.pk,
            institution_id=actors["police.tirana"].institution_id,
            asked="Informacion.",
            since=DAY,
        )
        permit = services.residence_permit_start(
            actor=shelter, case_id=foreign_adult.pk, requested_on=DAY
        )[0]
        mission = services.mission_request(
            actor=shelter, case_id=foreign_adult.pk, country="UA", requested_on=DAY
        )
    today = clock.today().isoformat()
    stranger = api_client("police.shkoder")
    for number in (nr.pk, 0):
        assert _post(stranger, f"/api/v1/non-responses/{number}/escalate").status_code == 404
    for number in (permit.pk, 0):
        url = f"/api/v1/residence-permits/{number}/outcome"
        assert _post(stranger, url, {"outcome": "granted", "decided_on": today}).status_code == 404
    for number in (mission.pk, 0):
        url = f"/api/v1/mission-requests/{number}/answer"
        body = {"outcome": "granted", "answered_on": today}
        assert _post(stranger, url, body).status_code == 404
    assert NonResponse.objects.get().step == "njmf_report"
    assert ForeignProcedure.objects.get().outcome == ""
    assert MissionRequest.objects.get().outcome == ""


def test_an_unknown_change_step_on_a_case_out_of_scope_is_404(api_client, child):
    stranger = api_client("police.shkoder")
    url = f"/api/v1/cases/{child.pk}/emergency-measure/change"
    response = _post(stranger, url, {"step": "no-such-step", "on": "2026-01-15"})
    assert response.status_code == 404
    # Whoever sees the case is told which steps there are.
    pmf = api_client("pmf.tirana")
    assert _post(pmf, url, {"step": "no-such-step", "on": "2026-01-15"}).status_code == 400


def test_without_case_update_nothing_is_written_even_by_a_named_recorder(actors, foreign_adult):
    """The profile names the shelter's caseworker for the reflection period; a member whose
    role lost case.update still may not record it."""
    shelter = actors["shelter.tirana"]
    read_only = dataclasses.replace(shelter, capabilities=frozenset({"case.read"}))
    with pytest.raises(Forbidden), clock.override(at()):
        services.reflection_start(actor=read_only, case_id=foreign_adult.pk, starts_on=DAY)
    with pytest.raises(Forbidden), clock.override(at()):
        services.residence_permit_start(actor=read_only, case_id=foreign_adult.pk, requested_on=DAY)
    assert not ReflectionPeriod.objects.exists()
    assert not ForeignProcedure.objects.exists()


def test_the_cases_state_is_told_before_who_records_the_step(api_client, actors, adult, child):
    """The police see the cases once assigned and may change them, but the profile does not
    name them for the measure: on an adult's case the measure is refused for the person
    (400), on a child's for the role (403)."""
    from nrm.registry.services import case_assign

    police = actors["police.tirana"].institution
    with clock.override(at(hour=9)):
        for case in (adult, child):
            case_assign(
                actor=actors["pmf.tirana"], case_id=case.pk, institution=police, reason="Hetim"
            )
    client = api_client("police.tirana")
    base = "/api/v1/cases/{}/emergency-measure"
    assert _post(client, base.format(adult.pk)).status_code == 400
    assert _post(client, base.format(child.pk)).status_code == 403
    # No measure on the child's case: its next steps are refused for that (400) first.
    assert _post(client, base.format(child.pk) + "/director-informed").status_code == 400
    assert not EmergencyMeasure.objects.exists()


def test_a_read_only_role_is_refused_whatever_it_posts(client, viewer, child):
    """The panel's forms: a viewer sees the case but gets 403, valid form or not."""
    client.force_login(viewer)
    url = f"/cases/{child.pk}/emergency/{{}}/"
    assert client.post(url.format("reflection"), {"starts_on": "2026-01-15"}).status_code == 403
    assert client.post(url.format("reflection"), {}).status_code == 403
    assert client.post(url.format("extend"), {"days": "x"}).status_code == 403
    assert not ReflectionPeriod.objects.exists()


def test_a_read_only_role_is_refused_in_the_api(viewer, child):
    from django.test import Client

    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue

    token = api_token_issue(actor=actor_for(viewer))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/cases/{child.pk}/emergency").status_code == 200
    today = clock.today().isoformat()
    url = f"/api/v1/cases/{child.pk}/reflection-period"
    assert _post(client, url, {"starts_on": today}).status_code == 403
    assert not ReflectionPeriod.objects.exists()
