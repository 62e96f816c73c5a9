"""The duplicate warning when a case opens (issue 13, item 6; docs/duplicate-warning.md):
likely existing persons are shown to the extent the opener may know them, the opener goes
on only with a reason, and the AP secretariat and the owner hear of hidden matches."""

from datetime import date

import pytest
from django.test import Client

from nrm.audit.models import AuditEvent
from nrm.deadlines.models import Notification
from nrm.registry.duplicates import DuplicatesFound, hidden_notice
from nrm.registry.models import Case, DuplicateContinuation, Person
from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create

pytestmark = pytest.mark.django_db

ARTA = {
    "given_name": "Arta",
    "family_name": "Krasniqi",
    "sex": "female",
    "estimated_age": 16,
    "citizenship": "XK",
}


@pytest.fixture
def tirana_arta(make_case):
    return make_case("police.tirana", **ARTA)


def opening(actors, username="police.tirana", reason="", **person):
    return case_create(
        actor=actors[username],
        person=PersonInput(**{**ARTA, **person}),
        check_duplicates=True,
        duplicate_reason=reason,
    )


def counts() -> tuple[int, int]:
    return Case.objects.count(), Person.objects.count()


def test_a_visible_match_is_listed_and_nothing_is_saved(actors, tirana_arta):
    before = counts()

    with pytest.raises(DuplicatesFound) as found:
        opening(actors, given_name="Krasniqi", family_name="Arta")  # any order

    assert found.value.found.visible == [tirana_arta] and found.value.found.hidden == []
    assert found.value.fields["duplicates"] == [tirana_arta.reference]
    assert "duplicate_reason" in found.value.fields
    assert counts() == before


def test_a_match_the_opener_may_not_see_is_announced_without_naming_it(actors, tirana_arta):
    before = counts()

    with pytest.raises(DuplicatesFound) as found:
        opening(actors, "police.shkoder", given_name="ARTA", family_name="Krasniqı")

    assert found.value.found.visible == [] and found.value.found.hidden == [tirana_arta]
    told = " ".join(m for ms in found.value.fields.values() for m in ms)
    assert tirana_arta.reference not in told and "Tiran" not in told
    assert found.value.fields["duplicates"] == [hidden_notice()]
    assert counts() == before


@pytest.mark.parametrize(
    "other",
    [
        {"sex": "male"},
        {"estimated_age": 25},
        {"citizenship": "AL"},
        {"given_name": "Drita"},  # one token of two in common
    ],
)
def test_a_person_told_apart_by_sex_age_citizenship_or_name_is_no_match(actors, tirana_arta, other):
    case = opening(actors, **other)

    assert not DuplicateContinuation.objects.filter(case=case).exists()


def test_unknown_values_do_not_tell_persons_apart(actors, tirana_arta):
    with pytest.raises(DuplicatesFound):
        opening(actors, sex="unknown", estimated_age=None, citizenship="")
    with pytest.raises(DuplicatesFound):  # born 17 years ago: within the tolerance
        opening(actors, estimated_age=None, date_of_birth=date(date.today().year - 18, 1, 1))


def test_without_the_check_a_case_opens_as_before(actors, tirana_arta):
    case = case_create(actor=actors["police.tirana"], person=PersonInput(**ARTA))

    assert case.pk and not DuplicateContinuation.objects.filter(case=case).exists()


def test_a_blank_reason_is_no_reason(actors, tirana_arta):
    with pytest.raises(DuplicatesFound):
        opening(actors, reason="   ")


def test_continuing_with_a_reason_keeps_it_and_tells_the_secretariat_and_the_owner(
    actors, tirana_arta
):
    case = opening(actors, "police.shkoder", reason="Different father's name on her card")

    kept = DuplicateContinuation.objects.get(case=case)
    assert kept.reason == "Different father's name on her card"
    assert (kept.visible_cases, kept.hidden_cases) == ([], [tirana_arta.pk])
    event = AuditEvent.objects.filter(code="case.created", case_id=case.pk).get()
    assert event.data["possible_duplicates"] == {"visible": [], "hidden": [tirana_arta.pk]}
    assert "Arta" not in str(event.data) and "card" not in str(event.data)
    secretariat = Notification.objects.filter(kind="possible_duplicate")
    assert {n.recipient.username for n in secretariat} == {"ap.secretariat"}
    assert {n.case_id for n in secretariat} == {case.pk}
    owner = Notification.objects.filter(kind="possible_duplicate_owner")
    assert {n.recipient.username for n in owner} == {"apap.police.tirana"}
    assert {n.case_id for n in owner} == {tirana_arta.pk}  # their own case, not the new one


def test_continuing_past_visible_matches_only_tells_nobody(actors, tirana_arta):
    case = opening(actors, reason="A second trafficking situation, new victim file")

    assert DuplicateContinuation.objects.get(case=case).visible_cases == [tirana_arta.pk]
    assert not Notification.objects.filter(kind__startswith="possible_duplicate").exists()


def test_anonymisation_erases_the_reason(actors, tirana_arta):
    from nrm.registry.retention import holders

    by_case, _by_person = holders()
    assert "registry.DuplicateContinuation" in {h.label for h in by_case}


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def shkoder(reference):
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="police.shkoder"))
    return client


FORM = {
    "given_name": "Arta",
    "family_name": "Krasniqi",
    "sex": "female",
    "estimated_age": "16",
    "citizenship": "XK",
}


def test_the_new_case_page_warns_asks_a_reason_and_saves_nothing_until_given(shkoder, tirana_arta):
    before = counts()

    page = shkoder.post("/cases/new/", FORM).content.decode()
    assert 'id="duplicates"' in page and 'name="duplicate_reason"' in page
    assert tirana_arta.reference not in page
    assert f"/cases/{tirana_arta.pk}/" not in page
    blank = shkoder.post("/cases/new/", {**FORM, "duplicate_continue": "1"}).content.decode()
    assert 'id="id_duplicate_reason_error"' in blank
    assert counts() == before

    done = shkoder.post(
        "/cases/new/", {**FORM, "duplicate_continue": "1", "duplicate_reason": "Other father"}
    )
    assert done.status_code == 302
    assert counts() == (before[0] + 1, before[1] + 1)


def test_the_new_case_page_lists_a_visible_match_with_its_link(reference, tirana_arta):
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="police.tirana"))

    page = client.post("/cases/new/", FORM).content.decode()

    assert f'href="/cases/{tirana_arta.pk}/"' in page and tirana_arta.reference in page


def test_the_new_identification_warns_at_the_person_step(shkoder, tirana_arta):
    form = {f"person-{k}": v for k, v in FORM.items()} | {"step": "person"}

    page = shkoder.post("/identifications/new/", form).content.decode()
    assert 'id="duplicates"' in page and tirana_arta.reference not in page

    onward = shkoder.post(
        "/identifications/new/",
        form | {"duplicate_continue": "1", "duplicate_reason": "Other father"},
    ).content.decode()
    assert 'name="step" value="screening"' in onward
    assert 'name="duplicate_reason" value="Other father"' in onward


# --- the API ---------------------------------------------------------------------------------


def test_the_api_answers_400_when_asked_to_check_and_201_with_a_reason(api_client, tirana_arta):
    client = api_client("police.tirana")
    body = {"person": {**ARTA, "estimated_age": 16}, "check_duplicates": True}

    refused = client.post("/api/v1/cases", body, content_type="application/json")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["duplicates"] == [tirana_arta.reference] and errors["duplicate_reason"]

    opened = client.post(
        "/api/v1/cases",
        body | {"duplicate_reason": "A different person"},
        content_type="application/json",
    )
    assert opened.status_code == 201


def test_the_api_without_the_check_opens_as_in_v1(api_client, tirana_arta):
    client = api_client("police.tirana")

    response = client.post("/api/v1/cases", {"person": {**ARTA}}, content_type="application/json")

    assert response.status_code == 201
