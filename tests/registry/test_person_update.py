"""The caseworker's correction of the person's data (issue 13, item 7): the owning
institution with case.update, through the person form with pickers; blind index and child
flag derived again as the AP's correction on request does; one audit event naming the
fields, never their values; the order of refusals every write follows."""

from datetime import date

import pytest

from nrm.audit.models import AuditEvent
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from nrm.registry.models import Case, Person
from nrm.registry.person_data import person_update
from nrm.registry.selectors import CaseFilters, case_list

pytestmark = pytest.mark.django_db

WORKER = "police.tirana"


@pytest.fixture
def viewer(reference):
    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.person", password="a long passphrase")
    membership_create(
        actor=system, user=user, institution=reference["police-slktp-tirana"], role="viewer"
    )
    return actor_for(user)


def _update(actor, case, **changes):
    version = changes.pop("expected_version", Case.objects.get(pk=case.pk).version)
    return person_update(actor=actor, case_id=case.pk, changes=changes, expected_version=version)


def test_the_worker_corrects_the_name_and_the_new_name_finds_the_case(actors, make_case):
    actor = actors[WORKER]
    case = make_case(family_name="Hoxha", citizenship="AL", languages=["sq"])

    updated, changed = _update(
        actor, case, family_name="Krasniqi", citizenship="XK", languages=["sq", "sr"]
    )

    person = Person.objects.get(pk=case.person_id)
    assert (person.family_name, person.citizenship, person.languages) == (
        "Krasniqi",
        "XK",
        ["sq", "sr"],
    )
    assert changed == ["family_name", "citizenship", "languages"]
    assert updated.version == case.version + 1
    assert list(case_list(actor=actor, filters=CaseFilters(q="Arta Krasniqi"))) == [case]
    assert not case_list(actor=actor, filters=CaseFilters(q="Arta Hoxha")).exists()
    event = AuditEvent.objects.get(code="person.updated")
    assert event.data == {
        "fields": ["family_name", "citizenship", "languages"],
        "is_child_changed": [],
    }
    assert "Krasniqi" not in str(event.data) and "Hoxha" not in str(event.data)


def test_a_date_of_birth_making_the_person_a_child_starts_the_child_clocks(actors, make_case):
    from nrm.deadlines.models import Deadline

    case = make_case(estimated_age=25)
    assert case.is_child is False

    _update(actors[WORKER], case, date_of_birth=date(2012, 3, 4))

    case.refresh_from_db()
    person = Person.objects.get(pk=case.person_id)
    assert case.is_child is True
    assert (person.date_of_birth, person.estimated_age) == ("2012-03-04", None)
    assert Deadline.objects.filter(case=case, opened_by_event="child_identified").exists()
    assert AuditEvent.objects.get(code="person.updated").data["is_child_changed"] == [case.pk]


def test_an_adult_age_lifts_the_child_presumption(actors, make_case):
    from nrm.deadlines.models import Deadline

    case = make_case(estimated_age=15)
    assert case.is_child is True
    assert Deadline.objects.filter(case=case, opened_by_event="child_identified").exists()

    _update(actors[WORKER], case, estimated_age=30)

    case.refresh_from_db()
    assert case.is_child is False
    open_child = Deadline.objects.filter(
        case=case, opened_by_event="child_identified", status="open"
    )
    assert not open_child.exists()


def test_a_stale_version_is_a_conflict_and_saves_nothing(actors, make_case):
    case = make_case()
    with pytest.raises(Conflict):
        _update(actors[WORKER], case, family_name="Krasniqi", expected_version=case.version - 1)
    assert Person.objects.get(pk=case.person_id).family_name == "Hoxha"
    assert not AuditEvent.objects.filter(code="person.updated").exists()


def test_the_order_of_refusals_stranger_404_reader_403_then_fields_400(actors, make_case, viewer):
    case = make_case()
    with pytest.raises(NotFound):  # another county's police: the case does not exist
        _update(actors["police.shkoder"], case, citizenship="ZZ")
    with pytest.raises(Forbidden):  # sees the case, may not change it
        _update(viewer, case, citizenship="ZZ")
    with pytest.raises(Forbidden):  # sees every case, does not own this one
        _update(actors["ap.secretariat"], case, citizenship="ZZ")
    with pytest.raises(ValidationFailed) as caught:
        _update(actors[WORKER], case, citizenship="ZZ", languages=["xx"], name_index="x")
    assert set(caught.value.fields) == {"name_index"}
    with pytest.raises(ValidationFailed) as caught:
        _update(actors[WORKER], case, citizenship="ZZ", languages=["xx"])
    assert set(caught.value.fields) == {"citizenship", "languages"}
    assert Person.objects.get(pk=case.person_id).citizenship == ""


def test_nothing_changed_writes_nothing(actors, make_case):
    case = make_case(family_name="Hoxha")
    updated, changed = _update(actors[WORKER], case, family_name="Hoxha")
    assert changed == [] and updated.version == case.version
    assert not AuditEvent.objects.filter(code="person.updated").exists()


# --- the page and the API ------------------------------------------------------------------


def test_the_page_corrects_with_names_and_a_date(client, make_case):
    from django.contrib.auth import get_user_model

    case = make_case(estimated_age=30, citizenship="AL", languages=["sq"])
    client.force_login(get_user_model().objects.get(username=WORKER))
    client.post("/i18n/setlang/", {"language": "sq", "next": "/"})
    page = client.get(f"/cases/{case.pk}/person/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Shqipëri"' in html and 'value="Shqip"' in html
    assert f'name="expected_version" value="{case.version}"' in html
    assert f'href="/cases/{case.pk}/person/"' in client.get(f"/cases/{case.pk}/").content.decode()

    form = {
        "given_name": "Arta",
        "family_name": "Hoxha",
        "sex": "female",
        "date_of_birth": "2011-06-01",
        "estimated_age": "30",
        "citizenship": "Kosova",
        "languages": ["Shqip", "Serbisht"],
        "expected_version": str(case.version),
    }
    bad = client.post(f"/cases/{case.pk}/person/", {**form, "citizenship": "ZZ"})
    done = client.post(f"/cases/{case.pk}/person/", form)

    assert bad.status_code == 200 and "ZZ" in bad.content.decode()
    assert done.status_code == 302
    person = Person.objects.get(pk=case.person_id)
    assert (person.citizenship, person.languages, person.date_of_birth) == (
        "XK",
        ["sq", "sr"],
        "2011-06-01",
    )
    assert Case.objects.get(pk=case.pk).is_child is True
    stale = client.post(f"/cases/{case.pk}/person/", {**form, "family_name": "Krasniqi"})
    assert stale.status_code == 200 and "error" in stale.content.decode()
    assert Person.objects.get(pk=case.person_id).family_name == "Hoxha"


def test_the_page_refuses_who_may_not(client, make_case, viewer):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    case = make_case()
    client.force_login(users.get(username="police.shkoder"))
    assert client.get(f"/cases/{case.pk}/person/").status_code == 404
    client.force_login(viewer.user)
    assert client.get(f"/cases/{case.pk}/person/").status_code == 403
    assert f"/cases/{case.pk}/person/" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_api_patches_with_codes_and_answers_in_order(api_client, make_case, viewer):
    case = make_case(estimated_age=30)
    url = f"/api/v1/cases/{case.pk}/person"
    worker = api_client(WORKER)

    bad = worker.patch(
        url,
        {"citizenship": "ZZ", "expected_version": case.version},
        content_type="application/json",
    )
    good = worker.patch(
        url,
        {"family_name": "Krasniqi", "citizenship": "XK", "expected_version": case.version},
        content_type="application/json",
    )
    stale = worker.patch(
        url, {"phone": "1", "expected_version": case.version}, content_type="application/json"
    )
    stranger = api_client("police.shkoder").patch(
        url, {"citizenship": "ZZ", "expected_version": 1}, content_type="application/json"
    )

    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"citizenship"}
    assert good.status_code == 200, good.content
    body = good.json()
    assert body["person"]["family_name"] == "Krasniqi" and body["person"]["citizenship"] == "XK"
    assert body["changed"] == ["family_name", "citizenship"]
    assert body["version"] == case.version + 1
    assert stale.status_code == 409
    assert stranger.status_code == 404
