"""The person's rights: their data exported on request (JSON and PDF), corrected through a
recorded procedure; a parent or guardian suspected of involvement receives nothing."""

import io
import json
from datetime import date, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from nrm.audit.models import AccessLog, AuditEvent
from nrm.core import clock
from nrm.core.crypto import blind_index
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from nrm.registry import tallies
from nrm.registry.models import Case, CaseTally, Person, PersonCorrection, PersonDataRequest
from nrm.registry.person_rights import person_correct, person_export
from nrm.registry.selectors import CaseFilters, case_list
from tests.pages import case_page

GEN = [f"GEN-{i:02d}" for i in range(1, 41)]
FOCAL = "apap.police.tirana"  # focal point of the institution owning police.tirana's cases


@pytest.fixture
def focal(actors):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    return actor_for(User.objects.get(username=FOCAL))


@pytest.fixture
def full_case(actors, make_case):
    from nrm.screening import services as s

    def make(username="police.tirana", suspected=False, **person):
        actor = actors[username]
        person.setdefault("date_of_birth", date(2000, 5, 1))
        person.setdefault("languages", ["en"])
        person.setdefault("phone", "+355 69 123 4567")
        case = make_case(username, **person)
        s.screening_submit(actor=actor, case_id=case.pk, catalogue="AL-2025", indicators=GEN[:3])
        s.interview_plan(
            actor=actor,
            case_id=case.pk,
            scheduled_at=clock.now() + timedelta(days=1),
            place="Tiranë",
            parent_guardian_suspected=suspected,
        )
        if not suspected:  # a suspected parent or guardian cannot give consent
            s.a2_record(
                actor=actor,
                case_id=case.pk,
                given=True,
                given_by="parent" if case.is_child else "person",
                signatory="Signatory Name",
                signed_on=clock.today(),
                child_view="agrees" if case.is_child else "",
            )
        s.investigation_information_record(
            actor=actor, case_id=case.pk, content="SECRET-LEAD the recruiter's car"
        )
        case.refresh_from_db()
        return case

    return make


# --- the export ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_holds_everything_about_the_person_but_investigation(focal, full_case):
    case = full_case()

    export = person_export(actor=focal, case_id=case.pk, requester="person", format="json")

    data = export.data
    text = json.dumps(data, ensure_ascii=False)
    assert export.language == "en"  # the person's language
    assert data["person"]["given_name"] == "Arta"
    assert data["person"]["phone"] == "+355 69 123 4567"
    assert data["person"]["date_of_birth"] == "2000-05-01"
    [c] = data["cases"]
    assert c["reference"] == case.reference
    assert c["identification_status"] == {
        "code": "potential_victim",
        "name": "Potential victim of trafficking",
    }
    assert [h["to"] for h in c["status_history"]][-1] == "Potential victim of trafficking"
    assert [i["code"] for i in c["screenings"][0]["indicators"]] == GEN[:3]
    assert c["screenings"][0]["indicators"][0]["text"]
    # The A2 is a record of the consent registry (purpose: the formal identification interview).
    assert c["consent_records"][0]["signatory"] == "Signatory Name"
    assert c["interviews"][0]["form"] == "A4"
    assert "summary" not in c["interviews"][0]
    assert isinstance(c["deadlines"], list)
    assert "SECRET-LEAD" not in text
    assert "investigation" in data["withheld"][0]


@pytest.mark.django_db
def test_the_export_is_recorded_audited_and_in_the_access_log(focal, full_case):
    case = full_case()

    person_export(
        actor=focal, case_id=case.pk, requester="lawyer", requester_name="Av. Leka", format="pdf"
    )

    request = PersonDataRequest.objects.get()
    assert (request.requester, request.requester_name, request.refused) == (
        "lawyer",
        "Av. Leka",
        False,
    )
    event = AuditEvent.objects.filter(code="person.exported").get()
    assert event.data == {"requester": "lawyer", "format": "pdf", "language": "en", "cases": 1}
    assert AccessLog.objects.filter(case_id=case.pk, action="person.export").count() == 1


@pytest.mark.django_db
def test_the_export_covers_every_case_of_the_person_the_actor_may_see(actors, focal, full_case):
    first = full_case()
    second = full_case("shelter.tirana", given_name="Other")
    Case.objects.filter(pk=second.pk).update(person=first.person)  # identified twice

    mine = person_export(actor=focal, case_id=first.pk, requester="person")
    everything = person_export(actor=actors["ap.secretariat"], case_id=first.pk, requester="person")

    assert [c["reference"] for c in mine.data["cases"]] == [first.reference]
    assert [c["reference"] for c in everything.data["cases"]] == [
        first.reference,
        second.reference,
    ]
    assert AccessLog.objects.filter(action="person.export", case_id=second.pk).count() == 1


@pytest.mark.django_db
def test_only_the_holders_of_person_rights_may_export(actors, full_case):
    case = full_case()

    with pytest.raises(Forbidden):
        person_export(actor=actors["police.tirana"], case_id=case.pk, requester="person")
    with pytest.raises(NotFound):  # a case the caller cannot see: as if missing
        person_export(actor=actors["police.shkoder"], case_id=case.pk, requester="person")


@pytest.mark.django_db
@pytest.mark.parametrize("requester", ["parent", "guardian"])
def test_a_parent_or_guardian_declared_suspected_is_refused_and_the_refusal_kept(
    focal, full_case, requester
):
    case = full_case(date_of_birth=date(2014, 1, 1))

    with pytest.raises(Forbidden) as raised:
        person_export(actor=focal, case_id=case.pk, requester=requester, suspected=True)

    assert raised.value.code == "requester_suspected"
    assert PersonDataRequest.objects.get().refused is True
    assert AuditEvent.objects.filter(code="person.request_refused").count() == 1
    assert not AuditEvent.objects.filter(code="person.exported").exists()


@pytest.mark.django_db
def test_a_parent_is_refused_when_an_interview_recorded_a_suspected_parent(focal, full_case):
    case = full_case(date_of_birth=date(2014, 1, 1), suspected=True)

    with pytest.raises(Forbidden):
        person_export(actor=focal, case_id=case.pk, requester="parent")
    # The child herself, or her lawyer, are not.
    assert person_export(actor=focal, case_id=case.pk, requester="person").data["cases"]
    assert person_export(actor=focal, case_id=case.pk, requester="lawyer").data["cases"]


@pytest.mark.django_db
def test_an_unknown_requester_or_format_is_a_field_error(focal, full_case):
    case = full_case()

    with pytest.raises(ValidationFailed) as raised:
        person_export(actor=focal, case_id=case.pk, requester="neighbour")
    assert set(raised.value.fields) == {"requester"}
    with pytest.raises(ValidationFailed) as raised:
        person_export(actor=focal, case_id=case.pk, requester="person", format="xml")
    assert set(raised.value.fields) == {"format"}
    assert not PersonDataRequest.objects.exists()


def _pdf_pages(body: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


@pytest.mark.django_db
def test_the_api_gives_the_export_as_json_and_as_a_pdf_with_the_reference_on_every_page(
    api_client, full_case
):
    case = full_case()
    client = api_client(FOCAL)
    url = f"/api/v1/cases/{case.pk}/person-export"

    as_json = client.post(url, {"requester": "person"}, content_type="application/json")
    as_pdf = client.post(
        url + "?format=pdf",
        {"requester": "person", "language": "en"},
        content_type="application/json",
    )

    assert as_json.status_code == 200
    assert as_json.json()["person"]["given_name"] == "Arta"
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"
    pages = _pdf_pages(as_pdf.content)
    assert all(case.reference in page for page in pages)
    assert "Data held about the person" in pages[0] and "Arta" in pages[0]
    assert "SECRET-LEAD" not in "".join(pages)


@pytest.mark.django_db
def test_the_api_refuses_a_suspected_parent_and_hides_cases_it_cannot_see(api_client, full_case):
    case = full_case(date_of_birth=date(2014, 1, 1))
    url = f"/api/v1/cases/{case.pk}/person-export"
    body = {"requester": "guardian", "suspected_of_involvement": True}

    refused = api_client(FOCAL).post(url, body, content_type="application/json")
    hidden = api_client("police.shkoder").post(
        url, {"requester": "person"}, content_type="application/json"
    )
    missing = api_client(FOCAL).post(
        "/api/v1/cases/999999/person-export",
        {"requester": "person"},
        content_type="application/json",
    )

    assert refused.status_code == 403 and refused.json()["code"] == "requester_suspected"
    assert hidden.status_code == 404 and missing.status_code == 404
    assert hidden.json() == missing.json()


# --- the correction ------------------------------------------------------------------------


def raw(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_corrected_name_is_found_by_the_new_name_only(focal, full_case):
    case = full_case()

    correction = person_correct(
        actor=focal,
        case_id=case.pk,
        field="family_name",
        value="Hoxhaj",
        reason="Spelling on her passport",
        requested_by="person",
        expected_version=case.version,
    )

    person = Person.objects.get(pk=case.person_id)
    assert person.family_name == "Hoxhaj"
    assert person.name_index == blind_index("Arta Hoxhaj")
    assert list(case_list(actor=focal, filters=CaseFilters(q="Arta Hoxhaj"))) == [case]
    assert not case_list(actor=focal, filters=CaseFilters(q="Arta Hoxha")).exists()
    assert (correction.old_value, correction.new_value) == ("Hoxha", "Hoxhaj")
    for column in ("old_value", "new_value", "reason"):
        stored = raw("registry_personcorrection", column, correction.pk)
        assert "Hoxha" not in stored and "passport" not in stored
    assert Case.objects.get(pk=case.pk).version == case.version + 1
    event = AuditEvent.objects.filter(code="person.corrected").get()
    assert event.data == {"field": "family_name", "requested_by": "person", "is_child_changed": []}


@pytest.mark.django_db
def test_a_date_of_birth_making_the_person_a_child_changes_the_case_and_its_tallies(
    focal, full_case
):
    from nrm.deadlines.models import Deadline

    case = full_case()
    assert case.is_child is False

    person_correct(
        actor=focal,
        case_id=case.pk,
        field="date_of_birth",
        value="2012-03-04",
        reason="Birth certificate",
        requested_by="lawyer",
        expected_version=case.version,
    )

    case.refresh_from_db()
    assert case.is_child is True
    kept = sorted(CaseTally.objects.filter(n__gt=0).values_list("stage", "is_child", "n"))
    tallies.tally_rebuild()
    assert sorted(CaseTally.objects.values_list("stage", "is_child", "n")) == kept
    assert Deadline.objects.filter(case=case, opened_by_event="child_identified").exists()
    event = AuditEvent.objects.filter(code="person.corrected").get()
    assert event.data["is_child_changed"] == [case.pk]


@pytest.mark.django_db
def test_a_correction_from_a_stale_version_is_a_conflict_and_saves_nothing(focal, full_case):
    case = full_case()

    with pytest.raises(Conflict):
        person_correct(
            actor=focal,
            case_id=case.pk,
            field="phone",
            value="+355 68 000 0000",
            reason="New phone",
            requested_by="person",
            expected_version=case.version - 1,
        )

    assert Person.objects.get(pk=case.person_id).phone == "+355 69 123 4567"
    assert not PersonCorrection.objects.exists()


BAD = [
    ({"field": "date_of_birth", "value": "2999-01-01"}, {"value"}),
    ({"field": "date_of_birth", "value": "1 May 2000"}, {"value"}),
    ({"field": "estimated_age", "value": "old"}, {"value"}),
    ({"field": "estimated_age", "value": 400}, {"value"}),
    ({"field": "citizenship", "value": "XX"}, {"value"}),
    ({"field": "languages", "value": "sq, klingon"}, {"value"}),
    ({"field": "sex", "value": "robot"}, {"value"}),
    ({"field": "phone", "value": "+355 69 123 4567"}, {"value"}),  # no change
    ({"field": "name_index", "value": "x"}, {"field"}),
    ({"field": "phone", "value": "1", "reason": " "}, {"reason"}),
    ({"field": "phone", "value": "1", "requested_by": "neighbour"}, {"requested_by"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "fields"), BAD)
def test_bad_input_is_a_field_error_and_saves_nothing(focal, full_case, change, fields):
    case = full_case()
    before = (Person.objects.filter(pk=case.person_id).values().get(), AuditEvent.objects.count())
    arguments = {
        "reason": "Asked",
        "requested_by": "person",
        "expected_version": case.version,
        **change,
    }

    with pytest.raises(ValidationFailed) as raised:
        person_correct(actor=focal, case_id=case.pk, **arguments)

    assert set(raised.value.fields) == fields
    after = (Person.objects.filter(pk=case.person_id).values().get(), AuditEvent.objects.count())
    assert after == before
    assert not PersonCorrection.objects.exists()


@pytest.mark.django_db
def test_a_suspected_parent_may_not_correct_the_record(focal, full_case):
    case = full_case(date_of_birth=date(2014, 1, 1), suspected=True)

    with pytest.raises(Forbidden):
        person_correct(
            actor=focal,
            case_id=case.pk,
            field="address",
            value="Somewhere",
            reason="Moved",
            requested_by="parent",
            expected_version=case.version,
        )

    assert Person.objects.get(pk=case.person_id).address == ""
    assert AuditEvent.objects.filter(code="person.request_refused").count() == 1


@pytest.mark.django_db
def test_the_api_records_a_correction_and_answers_errors_with_fields(api_client, full_case):
    case = full_case()
    client = api_client(FOCAL)
    url = f"/api/v1/cases/{case.pk}/corrections"

    bad = client.post(
        url,
        {
            "field": "date_of_birth",
            "value": "2999-01-01",
            "reason": "x",
            "requested_by": "person",
            "expected_version": case.version,
        },
        content_type="application/json",
    )
    good = client.post(
        url,
        {
            "field": "estimated_age",
            "value": 25,
            "reason": "Assessment",
            "requested_by": "person",
            "expected_version": case.version,
        },
        content_type="application/json",
    )
    stale = client.post(
        url,
        {
            "field": "phone",
            "value": "1",
            "reason": "x",
            "requested_by": "person",
            "expected_version": case.version,
        },
        content_type="application/json",
    )
    listed = client.get(url)

    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"value"}
    assert good.status_code == 201, good.content
    assert good.json()["field"] == "estimated_age" and good.json()["new_value"] == "25"
    assert good.json()["case_version"] == case.version + 1
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert [c["field"] for c in listed.json()] == ["estimated_age"]
    assert api_client("police.shkoder").get(url).status_code == 404


# --- the page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_offers_the_export_and_correction_to_person_rights_only(client, full_case):
    from nrm.accounts.models import User

    case = full_case()
    client.force_login(User.objects.get(username="police.tirana"))
    worker_page = case_page(client, case.pk)
    client.force_login(User.objects.get(username=FOCAL))
    focal_page = case_page(client, case.pk)

    assert "person-export-form" not in worker_page
    assert "person-export-form" in focal_page and "person-correct-form" in focal_page


@pytest.mark.django_db
def test_the_forms_on_the_case_page_export_and_correct(client, full_case):
    from nrm.accounts.models import User

    case = full_case()
    client.force_login(User.objects.get(username=FOCAL))

    export = client.post(
        f"/cases/{case.pk}/person-export/",
        {"requester": "person", "format": "json", "language": "sq"},
    )
    corrected = client.post(
        f"/cases/{case.pk}/corrections/",
        {
            "field": "given_name",
            "value": "Artë",
            "reason": "Accent",
            "requested_by": "person",
            "expected_version": case.version,
        },
    )
    page = case_page(client, case.pk)

    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    assert json.loads(export.content)["language"] == "sq"
    assert corrected.status_code == 302
    assert Person.objects.get(pk=case.person_id).given_name == "Artë"
    assert "Accent" in page  # the list of corrections


# --- any correction keeps the record whole -------------------------------------------------


class TestAnyCorrection(HypothesisTestCase):
    """Whatever value is sent for any field: either a recorded correction with the blind
    index and the child flag right, or a field error with nothing saved."""

    @classmethod
    def setUpTestData(cls):
        from nrm.accounts.models import User
        from nrm.accounts.policy import actor_for
        from nrm.registry.rules import PersonInput
        from nrm.registry.services import case_create
        from nrm.site.demo import demo_users_ensure, reference_data_ensure

        demo_users_ensure(reference_data_ensure())
        cls.actor = actor_for(User.objects.get(username=FOCAL))
        cls.case = case_create(
            actor=actor_for(User.objects.get(username="police.tirana")),
            person=PersonInput(given_name="Arta", family_name="Hoxha", estimated_age=30),
        )

    @hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        field=st.sampled_from(
            ["given_name", "family_name", "date_of_birth", "estimated_age", "citizenship", "sex"]
        ),
        value=st.one_of(
            st.text(max_size=12),
            st.integers(min_value=-5, max_value=200),
            st.dates(min_value=date(1890, 1, 1), max_value=date(2040, 1, 1)).map(str),
            st.sampled_from(["AL", "XK", "female", "male", ""]),
        ),
    )
    def test_a_correction_is_whole_or_nothing(self, field, value):
        from nrm.registry.rules import age_on

        before = Person.objects.filter(pk=self.case.person_id).values().get()
        count = PersonCorrection.objects.count()
        try:
            person_correct(
                actor=self.actor,
                case_id=self.case.pk,
                field=field,
                value=value,
                reason="Property",
                requested_by="person",
                expected_version=Case.objects.get(pk=self.case.pk).version,
            )
        except ValidationFailed as exc:
            assert set(exc.fields) == {"value"}
            assert Person.objects.filter(pk=self.case.person_id).values().get() == before
            assert PersonCorrection.objects.count() == count
            return
        person = Person.objects.get(pk=self.case.person_id)
        case = Case.objects.get(pk=self.case.pk)
        assert PersonCorrection.objects.count() == count + 1
        assert person.name_index == blind_index(f"{person.given_name} {person.family_name}")
        opened = case.created_at.date()
        if person.date_of_birth:
            expected = age_on(date.fromisoformat(person.date_of_birth), opened) < 18
        else:
            expected = person.appears_to_be_child or (
                person.estimated_age is not None and person.estimated_age < 18
            )
        assert case.is_child == expected
        counted = CaseTally.objects.filter(is_child=case.is_child, stage=case.stage).get().n
        assert counted == 1


@pytest.mark.django_db
def test_the_consent_registrys_suspicion_refuses_that_parent_only(focal, full_case):
    from nrm.consent.services import giver_suspicion_record

    case = full_case(date_of_birth=date(2014, 1, 1))
    giver_suspicion_record(actor=focal, case_id=case.pk, giver="guardian", suspected=True)

    with pytest.raises(Forbidden):
        person_export(actor=focal, case_id=case.pk, requester="guardian")
    # The statement names the guardian, not the parent.
    assert person_export(actor=focal, case_id=case.pk, requester="parent").data["cases"]


@pytest.mark.django_db
def test_the_export_carries_the_consent_registry(focal, full_case):
    case = full_case()

    [c] = person_export(actor=focal, case_id=case.pk, requester="person").data["cases"]

    assert c["consent_records"], "the A2 consent is also in the registry"
    assert {r["purpose"] for r in c["consent_records"]} == {"formal_identification_interview"}
    assert c["consent_records"][0]["signatory"] == "Signatory Name"
