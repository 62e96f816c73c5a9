"""Access on every profile: a case not yours is 404 (the same as a missing one), an
assignment gives access and revoking it takes it away, the coordinating secretariat sees
every case and who read it, and every read leaves a row in the access log."""

import pytest
from django.test import Client

from nrm.audit.models import AccessLog
from nrm.core.errors import NotFound
from nrm.registry.models import Case
from nrm.registry.selectors import case_get, case_list
from nrm.registry.services import case_assign, case_grant_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return world.make_case("police", given_name="Mimoza", family_name="Kelmendi")


def _ui(world, part: str) -> Client:
    client = Client()
    client.force_login(world.user(part))
    return client


def _api(world, part: str) -> Client:
    client = Client()
    response = client.post(
        "/api/v1/auth/token",
        {"username": world.username(part), "password": "demo"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
    return client


def test_a_case_of_another_institution_is_not_found_like_a_missing_one(world, case):
    missing = Case.objects.order_by("-pk").first().pk + 1000
    for case_id in (case.pk, missing):
        with pytest.raises(NotFound):
            case_get(actor=world.actor("police_elsewhere"), id=case_id)
    assert not case_list(actor=world.actor("police_elsewhere")).filter(pk=case.pk).exists()


def test_the_case_page_and_the_api_are_404_for_another_institution(world, case):
    page = _ui(world, "police_elsewhere").get(f"/cases/{case.pk}/")
    assert page.status_code == 404 and b"Kelmendi" not in page.content
    api = _api(world, "police_elsewhere").get(f"/api/v1/cases/{case.pk}")
    assert api.status_code == 404
    owner = _ui(world, "police").get(f"/cases/{case.pk}/")
    assert owner.status_code == 200 and case.reference in owner.text


def test_an_assignment_gives_access_and_revoking_it_takes_it_away(world, case):
    shelter = world.actor("shelter")
    with pytest.raises(NotFound):
        case_get(actor=shelter, id=case.pk)
    grant = case_assign(
        actor=world.actor("police"),
        case_id=case.pk,
        institution=world.institution("shelter"),
        reason="Placed in the shelter",
    )
    assert grant.status == "accepted"
    assert case_get(actor=shelter, id=case.pk) == case
    with pytest.raises(NotFound):  # the grant reaches its institution only
        case_get(actor=world.actor("police_elsewhere"), id=case.pk)
    case_grant_revoke(actor=world.actor("police"), grant_id=grant.pk, reason="Left")
    with pytest.raises(NotFound):
        case_get(actor=shelter, id=case.pk)


def test_an_institution_that_cannot_see_a_case_cannot_assign_it(world, case):
    with pytest.raises(NotFound):
        case_assign(
            actor=world.actor("police_elsewhere"),
            case_id=case.pk,
            institution=world.institution("police_elsewhere"),
            reason="Let us in",
        )
    assert not case.grants.exists()


def test_the_secretariat_sees_every_case(world, case):
    elsewhere = world.make_case("police_elsewhere")
    secretariat = world.actor("secretariat")
    assert case_get(actor=secretariat, id=case.pk) == case
    assert {case, elsewhere} <= set(case_list(actor=secretariat))


def test_every_read_adds_an_access_log_row(world, case):
    client = _ui(world, "police")
    for expected in (1, 2):
        assert client.get(f"/cases/{case.pk}/").status_code == 200
        assert AccessLog.objects.filter(case_id=case.pk).count() == expected
    row = AccessLog.objects.filter(case_id=case.pk).last()
    assert row.user == world.user("police") and row.action == "case.view"
    assert row.institution == world.institution("police")


def test_the_access_log_is_read_by_the_secretariat_not_by_the_owner(world, case):
    _api(world, "police").get(f"/api/v1/cases/{case.pk}")
    refused = _api(world, "police").get(f"/api/v1/cases/{case.pk}/access-log")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    response = _api(world, "secretariat").get(f"/api/v1/cases/{case.pk}/access-log")
    assert response.status_code == 200
    # The owner's refused attempt is logged too.
    assert [(r["user"], r["action"]) for r in response.json()] == [
        (world.username("police"), "api.case.read"),
        (world.username("police"), "api.case.access_log"),
        (world.username("secretariat"), "api.case.access_log"),
    ]


def test_the_navigation_offers_the_secretariat_its_lists_by_the_profiles_rules(world):
    """The links to the appeals and to the plans awaiting the coordinating body follow the
    profile's recorders, not a role's name."""
    home = _ui(world, "secretariat").get("/cases/")
    assert 'id="nav-appeals"' in home.text and 'id="nav-plans-ap"' in home.text
    assert _ui(world, "secretariat").get("/appeals/").status_code == 200
    police = _ui(world, "police").get("/cases/")
    assert 'id="nav-appeals"' not in police.text and 'id="nav-plans-ap"' not in police.text
