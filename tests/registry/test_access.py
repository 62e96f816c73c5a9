"""Who may see a case: the owner, institutions it was assigned to, and the AP secretariat.
Everyone else gets the same answer as for a case that does not exist, and every read of a
case leaves a row in the access log."""

import pytest
from django.test import Client, RequestFactory

from nrm.audit.models import AccessLog
from nrm.core.errors import NotFound
from nrm.registry.models import Case
from nrm.registry.selectors import CaseFilters, case_get, case_list
from nrm.registry.services import case_assign, case_grant_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def tirana_case(make_case):
    return make_case("police.tirana", given_name="Mimoza", family_name="Kelmendi")


@pytest.fixture
def missing_id(tirana_case):
    return Case.objects.order_by("-pk").first().pk + 1000


def _ui(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


# --- selectors ----------------------------------------------------------------------------


def test_police_shkoder_cannot_get_a_case_owned_by_police_tirana(actors, tirana_case):
    with pytest.raises(NotFound):
        case_get(actor=actors["police.shkoder"], id=tirana_case.pk)


def test_a_hidden_case_and_a_missing_case_raise_the_same_error(actors, tirana_case, missing_id):
    with pytest.raises(NotFound) as hidden:
        case_get(actor=actors["police.shkoder"], id=tirana_case.pk)
    with pytest.raises(NotFound) as missing:
        case_get(actor=actors["police.shkoder"], id=missing_id)

    assert (hidden.value.code, hidden.value.message, hidden.value.fields) == (
        missing.value.code,
        missing.value.message,
        missing.value.fields,
    )


def test_case_list_shows_police_shkoder_only_its_own_cases(actors, make_case, tirana_case):
    own = make_case("police.shkoder")

    visible = list(case_list(actor=actors["police.shkoder"]))

    assert visible == [own]


def test_case_list_search_by_reference_does_not_reach_hidden_cases(actors, tirana_case):
    found = case_list(actor=actors["police.shkoder"], filters=CaseFilters(q=tirana_case.reference))

    assert not found.exists()


def test_the_owner_sees_its_case(actors, tirana_case):
    assert case_get(actor=actors["police.tirana"], id=tirana_case.pk) == tirana_case
    assert list(case_list(actor=actors["police.tirana"])) == [tirana_case]


def test_the_ap_secretariat_sees_every_case(actors, make_case, tirana_case):
    shkoder = make_case("police.shkoder")

    assert case_get(actor=actors["ap.secretariat"], id=tirana_case.pk) == tirana_case
    assert set(case_list(actor=actors["ap.secretariat"])) == {tirana_case, shkoder}


def test_an_accepted_assignment_gives_access_and_revoking_it_takes_it_away(
    actors, reference, tirana_case
):
    pmf = actors["pmf.tirana"]
    with pytest.raises(NotFound):
        case_get(actor=pmf, id=tirana_case.pk)

    grant = case_assign(
        actor=actors["police.tirana"],
        case_id=tirana_case.pk,
        institution=reference["njmf-tirana"],
        reason="Child: the child protection worker is case manager",
    )
    assert grant.status == "accepted"
    assert case_get(actor=pmf, id=tirana_case.pk) == tirana_case
    assert list(case_list(actor=pmf)) == [tirana_case]

    case_grant_revoke(actor=actors["police.tirana"], grant_id=grant.pk, reason="Case transferred")
    with pytest.raises(NotFound):
        case_get(actor=pmf, id=tirana_case.pk)
    assert not case_list(actor=pmf).exists()


def test_an_assignment_reaches_only_the_assigned_institution(actors, reference, tirana_case):
    case_assign(
        actor=actors["police.tirana"],
        case_id=tirana_case.pk,
        institution=reference["njmf-tirana"],
        reason="Child",
    )

    with pytest.raises(NotFound):
        case_get(actor=actors["shelter.tirana"], id=tirana_case.pk)


def test_an_institution_that_cannot_see_a_case_cannot_assign_it(actors, reference, tirana_case):
    with pytest.raises(NotFound):
        case_assign(
            actor=actors["police.shkoder"],
            case_id=tirana_case.pk,
            institution=reference["police-slktp-shkoder"],
            reason="Let us in",
        )
    assert not tirana_case.grants.exists()


# --- the web pages ------------------------------------------------------------------------


def test_the_case_page_is_404_for_police_shkoder(reference, tirana_case):
    response = _ui("police.shkoder").get(f"/cases/{tirana_case.pk}/")

    assert response.status_code == 404
    assert b"Kelmendi" not in response.content


def test_the_case_page_shows_the_owner_the_case_but_not_who_accessed_it(reference, tirana_case):
    response = _ui("police.tirana").get(f"/cases/{tirana_case.pk}/")

    assert response.status_code == 200
    assert tirana_case.reference in response.text
    assert "Kelmendi" in response.text
    assert 'id="access"' not in response.text


def test_the_case_page_shows_the_ap_secretariat_who_accessed_the_case(reference, tirana_case):
    _ui("police.tirana").get(f"/cases/{tirana_case.pk}/")

    response = _ui("ap.secretariat").get(f"/cases/{tirana_case.pk}/")

    assert response.status_code == 200
    assert 'id="access"' in response.text
    section = response.text.split('id="access"', 1)[1]
    assert "police.tirana" in section
    assert "case.view" in section


def test_every_case_page_view_adds_an_access_log_row(reference, actors, tirana_case):
    client = _ui("police.tirana")

    for expected in (1, 2):
        assert client.get(f"/cases/{tirana_case.pk}/").status_code == 200
        assert AccessLog.objects.filter(case_id=tirana_case.pk).count() == expected

    row = AccessLog.objects.filter(case_id=tirana_case.pk).last()
    assert row.user == actors["police.tirana"].user
    assert row.institution == actors["police.tirana"].institution
    assert row.action == "case.view"


# --- the API ------------------------------------------------------------------------------


def test_the_api_answers_404_for_a_hidden_case_exactly_as_for_a_missing_one(
    api_client, tirana_case, missing_id
):
    client = api_client("police.shkoder")

    hidden = client.get(f"/api/v1/cases/{tirana_case.pk}")
    missing = client.get(f"/api/v1/cases/{missing_id}")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.content == missing.content
    assert tirana_case.reference.encode() not in hidden.content


@pytest.mark.parametrize("suffix", ["", "/history", "/access-log"])
def test_every_case_endpoint_hides_a_case_the_caller_cannot_see(
    api_client, tirana_case, missing_id, suffix
):
    client = api_client("police.shkoder")

    hidden = client.get(f"/api/v1/cases/{tirana_case.pk}{suffix}")
    missing = client.get(f"/api/v1/cases/{missing_id}{suffix}")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_the_api_shows_the_case_to_the_ap_secretariat(api_client, tirana_case):
    response = api_client("ap.secretariat").get(f"/api/v1/cases/{tirana_case.pk}")

    assert response.status_code == 200
    assert response.json()["reference"] == tirana_case.reference
    assert response.json()["owner_institution"] == "police-slktp-tirana"


def test_the_api_shows_an_assigned_case_to_the_assignee_until_revoked(
    api_client, actors, reference, tirana_case
):
    client = api_client("pmf.tirana")
    assert client.get(f"/api/v1/cases/{tirana_case.pk}").status_code == 404

    grant = case_assign(
        actor=actors["police.tirana"],
        case_id=tirana_case.pk,
        institution=reference["njmf-tirana"],
        reason="Child",
    )
    assert client.get(f"/api/v1/cases/{tirana_case.pk}").status_code == 200
    assert client.get("/api/v1/cases").json()["count"] == 1

    case_grant_revoke(actor=actors["police.tirana"], grant_id=grant.pk, reason="Closed")
    assert client.get(f"/api/v1/cases/{tirana_case.pk}").status_code == 404
    assert client.get("/api/v1/cases").json()["count"] == 0


def test_the_access_log_is_403_for_a_caller_who_can_see_the_case_but_is_not_the_ap(
    api_client, tirana_case
):
    response = api_client("police.tirana").get(f"/api/v1/cases/{tirana_case.pk}/access-log")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_access_log_is_200_for_the_ap_secretariat(api_client, tirana_case):
    api_client("police.tirana").get(f"/api/v1/cases/{tirana_case.pk}")

    response = api_client("ap.secretariat").get(f"/api/v1/cases/{tirana_case.pk}/access-log")

    assert response.status_code == 200
    rows = response.json()
    assert [(r["user"], r["action"]) for r in rows] == [
        ("police.tirana", "api.case.read"),
        ("ap.secretariat", "api.case.access_log"),
    ]


@pytest.mark.parametrize(
    ("suffix", "action"),
    [
        ("", "api.case.read"),
        ("/history", "api.case.history"),
    ],
)
def test_every_api_read_adds_an_access_log_row(api_client, actors, tirana_case, suffix, action):
    client = api_client("police.tirana")

    for expected in (1, 2):
        assert client.get(f"/api/v1/cases/{tirana_case.pk}{suffix}").status_code == 200
        assert AccessLog.objects.filter(case_id=tirana_case.pk).count() == expected

    row = AccessLog.objects.filter(case_id=tirana_case.pk).last()
    assert row.user == actors["police.tirana"].user
    assert row.institution == actors["police.tirana"].institution
    assert row.action == action


def test_a_hidden_case_page_is_the_same_albanian_not_found_page_as_a_missing_one(
    reference, tirana_case
):
    client = _ui("police.shkoder")
    hidden = client.get(f"/cases/{tirana_case.pk}/")
    missing = client.get("/cases/987654321/")
    assert hidden.status_code == missing.status_code == 404
    assert "Nuk u gjet" in hidden.content.decode()

    # The pages differ only in the header's CSRF token and return path; the content is one.
    def main(response) -> str:
        return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]

    assert main(hidden) == main(missing)
    assert tirana_case.reference not in hidden.content.decode()


def test_assigning_twice_keeps_one_grant(reference, actors, tirana_case):
    from nrm.registry.models import CaseGrant

    first = case_assign(
        actor=actors["police.tirana"],
        case_id=tirana_case.pk,
        institution=reference["njmf-tirana"],
        reason="Fëmijë",
    )
    again = case_assign(
        actor=actors["police.tirana"],
        case_id=tirana_case.pk,
        institution=reference["njmf-tirana"],
        reason="A5",
    )
    assert again.pk == first.pk
    assert (
        CaseGrant.objects.filter(case=tirana_case, institution=reference["njmf-tirana"]).count()
        == 1
    )
