"""Sensitivity classes: each role sees only the classes it needs, through the real pages,
API and documents. The matrix below is the profile's rule written out by hand; every cell
is checked through the way the data is actually shown."""

from datetime import date, timedelta

import pytest

from nrm.core import clock

GIVEN, FAMILY = "Drita", "Kelmendi"
PHONE, ADDRESS = "+355 69 555 0101", "Rruga e Kavajës 12, Tiranë"
HEALTH_NOTE = "Plagë në krah, e referuar te mjeku"
SCREENING_NOTE = "Fëmija tregon për punë në rrugë"
PLACE = "Qendra e fëmijëve, Tiranë"

CLASSES = ("identity", "contact_location", "health", "child_protection", "investigation")
# user → classes seen on a child's case owned by the Tirana police, shared with the Tirana
# shelter and the Tirana child protection unit. Demo users, plus a viewer and the AP head.
MATRIX = {
    "police.tirana": {"identity", "contact_location", "child_protection"},
    "apap.police.tirana": {"identity", "contact_location", "child_protection", "investigation"},
    "shelter.tirana": {"identity", "contact_location", "health", "child_protection"},
    "pmf.tirana": {"identity", "contact_location", "health", "child_protection"},
    "ap.secretariat": {"identity", "contact_location", "child_protection", "investigation"},
    "ap.head": {"identity"},
    "viewer.tirana": set(),
}
USERS = list(MATRIX)


@pytest.fixture
def people(reference, actors):
    """The demo actors, the Tirana police focal point, a read-only viewer at the Tirana
    police and the AP head, made through the account services."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    for username, code, role in (
        ("viewer.tirana", "police-slktp-tirana", "viewer"),
        ("ap.head", "ap-secretariat", "ap_head"),
    ):
        user = user_create(actor=system, username=username, password="demo", is_demo=True)
        membership_create(actor=system, user=user, institution=reference[code], role=role)
    found = dict(actors)
    for username in ("viewer.tirana", "ap.head", "apap.police.tirana"):
        found[username] = actor_for(User.objects.get(username=username))
    return found


@pytest.fixture
def child_case(people, reference):
    """A child's case with something in every class."""
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_assign
    from nrm.screening import services

    police = people["police.tirana"]
    today = clock.today()
    case, _screening = services.identification_start(
        actor=police,
        person=PersonInput(
            given_name=GIVEN,
            family_name=FAMILY,
            date_of_birth=date(today.year - 15, 3, 1),
            phone=PHONE,
            address=ADDRESS,
            citizenship="AL",
        ),
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
        notes=SCREENING_NOTE,
    )
    services.checklist_record(
        actor=police, case_id=case.pk, kind="action", code="assess_health", note=HEALTH_NOTE
    )
    services.interview_plan(
        actor=police,
        case_id=case.pk,
        scheduled_at=clock.now() + timedelta(days=1),
        place=PLACE,
    )
    services.investigation_information_record(
        actor=police, case_id=case.pk, content="Targa e makinës: AA 123 BB"
    )
    for code in ("shelter-tirana", "njmf-tirana"):
        case_assign(actor=police, case_id=case.pk, institution=reference[code], reason="Kujdesi")
    case.refresh_from_db()
    return case


def _login(client, username):
    from nrm.accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def api():
    def make(username):
        from django.test import Client

        client = Client()
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": "demo"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
        return client

    return make


# --- the selector --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_visible_classes_follow_the_profile(people, child_case, username):
    from nrm.registry.sensitivity import visible_classes

    assert visible_classes(people[username], child_case) == frozenset(MATRIX[username])


@pytest.mark.django_db
def test_child_protection_applies_only_to_a_childs_case(people, make_case):
    from nrm.registry.sensitivity import case_visibility

    adult = make_case("police.tirana", date_of_birth=date(1990, 1, 1))
    hidden = case_visibility(people["ap.head"], adult).hidden

    assert "screening.Screening.indicators" not in hidden  # child protection does not apply
    assert "registry.Person.phone" in hidden  # contact and location still does


# --- the case page and the API case detail -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_case_page_shows_each_class_or_the_restricted_label(
    client, people, child_case, username
):
    html = _login(client, username).get(f"/cases/{child_case.pk}/").content.decode()
    seen = MATRIX[username]

    assert (GIVEN in html) == ("identity" in seen)
    assert (PHONE in html) == ("contact_location" in seen)
    assert (ADDRESS in html) == ("contact_location" in seen)
    hidden_any = not {"identity", "contact_location"} <= seen
    assert ('class="restricted"' in html) == hidden_any


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_api_case_detail_nulls_hidden_fields_and_names_them(api, people, child_case, username):
    body = api(username).get(f"/api/v1/cases/{child_case.pk}").json()
    seen = MATRIX[username]
    person = body["person"]

    identity = "identity" in seen
    contact = "contact_location" in seen
    assert person["given_name"] == (GIVEN if identity else None)
    assert person["family_name"] == (FAMILY if identity else None)
    assert (person["date_of_birth"] is not None) == identity
    assert person["phone"] == (PHONE if contact else None)
    assert person["address"] == (ADDRESS if contact else None)
    assert ("person.given_name" in body["hidden_fields"]) == (not identity)
    assert ("person.phone" in body["hidden_fields"]) == (not contact)
    assert ("screening" in body["hidden_fields"]) == ("child_protection" not in seen)


# --- screening pages and API ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_checklist_api_hides_health_notes_from_all_but_care_staff(
    api, people, child_case, username
):
    rows = api(username).get(f"/api/v1/cases/{child_case.pk}/checklist").json()
    health = next(r for r in rows if r["code"] == "assess_health")

    assert health["done"] is True  # that it was done is not health data
    assert health["note"] == (HEALTH_NOTE if "health" in MATRIX[username] else None)


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_screening_api_hides_child_indicators_and_the_story(api, people, child_case, username):
    [screening] = api(username).get(f"/api/v1/cases/{child_case.pk}/screenings").json()
    seen = MATRIX[username]
    child = "child_protection" in seen

    assert screening["indicators"] == (["GEN-01", "GEN-02", "GEN-03"] if child else None)
    # The notes are identity and child protection both: shown only to who sees both.
    story = child and "identity" in seen
    assert screening["notes"] == (SCREENING_NOTE if story else None)
    assert ("notes" in screening["hidden_fields"]) == (not story)
    assert screening["count"] == 3  # the count is not sensitive


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_interview_place_is_contact_and_location(api, people, child_case, username):
    [interview] = api(username).get(f"/api/v1/cases/{child_case.pk}/interviews").json()

    assert interview["place"] == (PLACE if "contact_location" in MATRIX[username] else None)


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_investigation_information_is_read_by_its_class_only(api, people, child_case, username):
    response = api(username).get(f"/api/v1/cases/{child_case.pk}/investigation-information")

    assert response.status_code == (200 if "investigation" in MATRIX[username] else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_the_identification_page_shows_or_restricts(client, people, child_case, username):
    html = _login(client, username).get(f"/cases/{child_case.pk}/identification/").content
    html = html.decode()
    seen = MATRIX[username]

    assert (PLACE in html) == ("contact_location" in seen)
    assert ("GEN-01" in html) == ("child_protection" in seen)
    read_link = f"/cases/{child_case.pk}/investigation/"
    assert (f'href="{read_link}"' in html) == ("investigation" in seen)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["police.tirana", "viewer.tirana", "ap.head"])
def test_the_printed_request_a2_shows_the_name_only_to_who_sees_identity(
    people, child_case, username
):
    from nrm.screening.pdf import document_html

    html, _name = document_html(actor=people[username], case_id=child_case.pk, form="a2")

    assert (FAMILY in html) == ("identity" in MATRIX[username])
    assert ("restricted" in html or "kufizuar" in html) == ("identity" not in MATRIX[username])


# --- the name search -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_that_may_not_see_identity_may_not_search_by_name(api, people, child_case):
    refused = api("viewer.tirana").get("/api/v1/cases", {"q": f"{GIVEN} {FAMILY}"})
    by_reference = api("viewer.tirana").get("/api/v1/cases", {"q": child_case.reference})

    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert by_reference.status_code == 200
    assert by_reference.json()["count"] == 1


@pytest.mark.django_db
def test_the_name_search_finds_the_case_for_who_sees_identity(api, people, child_case):
    found = api("police.tirana").get("/api/v1/cases", {"q": f"{GIVEN} {FAMILY}"}).json()

    assert [c["reference"] for c in found["results"]] == [child_case.reference]


@pytest.mark.django_db
def test_the_case_list_page_refuses_a_name_search_without_identity(client, people, child_case):
    html = _login(client, "viewer.tirana").get("/cases/", {"q": f"{GIVEN} {FAMILY}"})
    html = html.content.decode()

    assert 'id="name-search-refused"' in html
    assert child_case.reference not in html


@pytest.mark.django_db
def test_the_name_search_selector_returns_nothing_without_identity(people, child_case):
    from nrm.registry.selectors import CaseFilters, case_list

    filters = CaseFilters(q=f"{GIVEN} {FAMILY}")

    assert list(case_list(actor=people["viewer.tirana"], filters=filters)) == []
    assert list(case_list(actor=people["police.tirana"], filters=filters)) == [child_case]
