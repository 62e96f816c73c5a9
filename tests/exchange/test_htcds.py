"""The HTCDS v2.0 export and import of a case."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nrm.audit.models import AccessLog, AuditEvent
from nrm.exchange import htcds, mapping
from nrm.exchange.models import HtcdsImport
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.htcds import METHODS_OF_CONTROL
from nrm.registry.models import Case, Person
from nrm.registry.services import case_exploitation_set

pytestmark = pytest.mark.django_db

STANDARD = htcds.fields()


def _full_case(registered, actors):
    case = registered(
        given_name="Arta",
        family_name="Hoxha",
        sex="female",
        date_of_birth=date(1999, 4, 2),
        citizenship="AL",
        languages=["sq", "en"],
        phone="+355691234567",
        email="arta@example.org",
        address="Rruga e Durrësit 5",
    )
    return case_exploitation_set(
        actor=actors["police.tirana"],
        case_id=case.pk,
        forms=["sexual_exploitation", "begging"],
        expected_version=case.version,
    )


def _valid_against_the_field_list(doc: dict) -> None:
    """Independently of the validator: keys, types and picklist values from the JSON file."""
    for key, value in doc.items():
        field = STANDARD[key]  # KeyError: not a field of the standard
        assert field["status"] != "DEPRECATED", key
        values = field["values"]
        if field["type"] == "Multiselect Picklist":
            assert isinstance(value, list) and value, key
            assert not values or set(value) <= set(values), key
        elif field["type"] == "Picklist" and values:
            assert value in values, key
        elif field["type"] == "Date":
            date.fromisoformat(value)
        else:
            assert isinstance(value, str | bool | int | float | list), key


def test_the_export_validates_against_the_field_list(api_client, registered, actors):
    case = _full_case(registered, actors)
    response = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/htcds")
    assert response.status_code == 200
    doc = response.json()
    _valid_against_the_field_list(doc)
    assert htcds.validate(doc) == []
    assert doc["prs_FirstName"] == "Arta" and doc["prs_Birthdate"] == "1999-04-02"
    assert doc["prs_Gender"] == "Feminine" and doc["prs_Citizenship"] == ["AL"]
    assert doc["prs_PrimaryLanguage"] == "alb" and doc["prs_SecondaryLanguage"] == "eng"
    assert doc["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert doc["vic_TypeOfExploitation"] == ["SexualExploitation", "ForcedBegging"]
    assert doc["cas_Status"] == "Active"
    # Not held by nrm: left out, not invented.
    assert "vic_AgeWhenTrafficked" not in doc and "prs_MaritalStatus" not in doc
    read = AccessLog.objects.filter(case_id=case.pk).latest("id")
    assert read.action == "exchange.htcds_exported"


def test_a_user_who_cannot_see_the_case_gets_404(api_client, web, make_case):
    case = make_case("police.tirana")
    response = api_client("police.shkoder").get(f"/api/v1/cases/{case.pk}/htcds")
    assert response.status_code == 404
    assert web("police.shkoder").get(f"/cases/{case.pk}/htcds.json").status_code == 404
    missing = api_client("police.tirana").get("/api/v1/cases/999999/htcds")
    assert missing.status_code == 404


def test_the_case_page_links_the_download(web, make_case):
    case = make_case("police.tirana")
    client = web("police.tirana")
    page = client.get(f"/cases/{case.pk}/")
    assert f"/cases/{case.pk}/htcds.json" in page.content.decode()
    download = client.get(f"/cases/{case.pk}/htcds.json")
    assert download.status_code == 200
    assert case.reference in download["Content-Disposition"]
    assert "Arta" not in download["Content-Disposition"]
    assert json.loads(download.content)["prs_FirstName"] == "Arta"


def test_fields_of_a_class_the_reader_may_not_see_are_left_out(actors, make_case):
    from dataclasses import replace

    from nrm.registry.services import case_open

    case = make_case("police.tirana", phone="+355691234567")
    actor = actors["police.tirana"]
    case = case_open(actor=actor, case_id=case.pk, action=htcds_code())
    full = htcds.document(actor=actor, case=case)
    assert full["prs_MobilePhone"] == "+355691234567"
    # The same institution's read-only role sees neither identity nor contact.
    viewer = replace(actor, role="viewer", capabilities=frozenset({"case.read"}))
    limited = htcds.document(actor=viewer, case=case)
    assert "prs_FirstName" not in limited and "prs_MobilePhone" not in limited
    assert limited["prs_Gender"] == full["prs_Gender"]


def htcds_code():
    from nrm.exchange.audit_codes import ExchangeCode

    return ExchangeCode.HTCDS_EXPORTED


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Nickname": "x"}, "prs_Nickname"),
        ({"prs_Gender": "Female", "cas_Status": "Active"}, "prs_Gender"),
        ({"prs_Gender": "Feminine", "cas_Status": "Open"}, "cas_Status"),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Birthdate": "2/4/1999"},
            "prs_Birthdate",
        ),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Citizenship": ["ZZ"]},
            "prs_Citizenship",
        ),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Citizenship": "AL"},
            "prs_Citizenship",
        ),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_PrimaryLanguage": "xx"},
            "prs_PrimaryLanguage",
        ),
        ({"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Deceased": "no"}, "prs_Deceased"),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "vic_AgeWhenTrafficked": "15"},
            "vic_AgeWhenTrafficked",
        ),
        (
            {"prs_Gender": "Feminine", "cas_Status": "Active", "vic_Vulnerabilities": ["Poverty"]},
            "vic_Vulnerabilities",
        ),
        (
            {
                "prs_Gender": "Feminine",
                "cas_Status": "Active",
                "vic_TypeOfExploitation": ["Other", "Other"],
            },
            "vic_TypeOfExploitation",
        ),
        ({"cas_Status": "Active"}, "prs_Gender"),
    ],
)
def test_the_validator_names_the_field_at_fault(doc, field):
    problems = htcds.validate(doc)
    assert problems and all(p.startswith(f"{field}: ") for p in problems), problems


def test_the_validator_refuses_what_is_not_an_object():
    assert htcds.validate(["prs_Gender"]) and htcds.validate("x")


def test_import_refuses_a_bad_document_with_the_field_and_writes_nothing(api_client):
    client = api_client("police.tirana")
    before = (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    bad = {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_Birthdate": "1999-13-01"}
    response = client.post("/api/v1/cases/import/htcds", bad, content_type="application/json")
    assert response.status_code == 400
    assert "prs_Birthdate" in response.json()["errors"]
    # A date the registry refuses (in the future) is answered with the standard's name too.
    future = {**bad, "prs_Birthdate": "2999-01-01"}
    response = client.post("/api/v1/cases/import/htcds", future, content_type="application/json")
    assert response.status_code == 400
    assert "prs_Birthdate" in response.json()["errors"]
    after = (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    assert after == before and not HtcdsImport.objects.exists()


def test_import_needs_the_right_to_open_cases(api_client):
    doc = {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_SecondName": "Hoxha"}
    response = api_client("ap.secretariat").post(
        "/api/v1/cases/import/htcds", doc, content_type="application/json"
    )
    assert response.status_code == 201  # the AP secretariat may open cases
    from nrm.accounts.models import User
    from nrm.accounts.policy import Actor
    from nrm.core.errors import Forbidden
    from nrm.exchange.services import case_import_htcds

    nobody = Actor(user=User.objects.get(username="police.tirana"), institution=None, role=None)
    with pytest.raises(Forbidden):
        case_import_htcds(actor=nobody, document=doc)


# Fields of the new record, and the source's decisions nrm keeps as information only.
NOT_CARRIED = ("vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg")


def test_round_trip_export_import_export(api_client, registered, actors):
    case = _full_case(registered, actors)
    client = api_client("police.tirana")
    first = client.get(f"/api/v1/cases/{case.pk}/htcds").json()
    response = client.post("/api/v1/cases/import/htcds", first, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["id"] != case.pk
    again = client.get(f"/api/v1/cases/{created['id']}/htcds").json()
    same = {k: v for k, v in first.items() if k not in NOT_CARRIED}
    assert {k: v for k, v in again.items() if k not in NOT_CARRIED} == same


def test_the_source_status_is_kept_as_information_never_set(api_client, actors):
    doc = {
        "prs_Gender": "Masculine",
        "prs_FirstName": "Besnik",
        "cas_Status": "Active",
        "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "Police",
        "vic_MethodsOfControl": ["DebtBondage"],
        "hte_Description": "free text that is not kept",
    }
    client = api_client("police.tirana")
    response = client.post("/api/v1/cases/import/htcds", doc, content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.identification_status == "none"  # the profile's first status
    assert case.owner_institution == actors["police.tirana"].institution
    kept = case.htcds_import.source
    assert kept["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert kept["vic_MethodsOfControl"] == ["DebtBondage"]
    assert "hte_Description" not in kept and "prs_FirstName" not in kept
    event = AuditEvent.objects.get(code="exchange.htcds_imported", case_id=case.pk)
    assert "Besnik" not in json.dumps(event.data)
    assert "vic_TraffickingStatus" not in client.get(f"/api/v1/cases/{case.pk}/htcds").json()


def test_the_upload_page_opens_a_case_or_shows_the_problems(web):
    client = web("police.tirana")
    assert client.get("/exchange/htcds/import/").status_code == 200
    good = SimpleUploadedFile(
        "case.json",
        json.dumps(
            {"prs_Gender": "Feminine", "cas_Status": "Active", "prs_FirstName": "A"}
        ).encode(),
    )
    response = client.post("/exchange/htcds/import/", {"document": good})
    assert response.status_code == 302
    count = Case.objects.count()
    bad = SimpleUploadedFile("case.json", b'{"prs_Gender": "Woman", "cas_Status": "Active"}')
    response = client.post("/exchange/htcds/import/", {"document": bad})
    assert response.status_code == 400 and "prs_Gender" in response.content.decode()
    garbage = SimpleUploadedFile("case.json", b"\xff\xfe not json")
    assert client.post("/exchange/htcds/import/", {"document": garbage}).status_code == 400
    assert Case.objects.count() == count


def test_methods_of_control_come_only_from_indicators_that_name_them():
    profile = get_profile("AL")
    found = mapping.methods_of_control(profile, "AL-2025", ["GEN-13", "GEN-34", "GEN-06", "LAB-12"])
    assert found == ["DebtBondage", "PhysicalAbuse", "SexualAbuse", "WithholdsDocuments"]
    assert mapping.methods_of_control(profile, "OTHER-1", ["GEN-13"]) == []
    control = STANDARD["vic_MethodsOfControl"]["values"]
    assert set(METHODS_OF_CONTROL) <= set(control)
    named = {
        value
        for catalogue in profile.indicator_catalogues
        for _group, indicator in catalogue.indicators().values()
        for value in indicator.htcds_control
    }
    assert len(named) > 10


def test_methods_of_control_follow_the_screening_and_a_childs_class(actors, make_case):
    from dataclasses import replace

    from nrm.registry.services import case_open
    from nrm.screening.services import screening_submit

    police = actors["police.tirana"]
    viewer = replace(police, role="viewer", capabilities=frozenset({"case.read"}))
    adult = make_case("police.tirana", date_of_birth=date(1990, 1, 1))
    child = make_case("police.tirana", date_of_birth=date(2015, 1, 1))
    for case in (adult, child):
        screening_submit(
            actor=police,
            case_id=case.pk,
            catalogue="AL-2025",
            indicators=["GEN-13", "GEN-34", "GEN-06"],
        )
    code = htcds_code()
    adult = case_open(actor=police, case_id=adult.pk, action=code)
    child = case_open(actor=police, case_id=child.pk, action=code)
    expected = ["DebtBondage", "WithholdsDocuments"]
    assert htcds.document(actor=police, case=adult)["vic_MethodsOfControl"] == expected
    assert htcds.document(actor=viewer, case=adult)["vic_MethodsOfControl"] == expected
    assert htcds.document(actor=police, case=child)["vic_MethodsOfControl"] == expected
    # A child's indicators are of the class child_protection, which the viewer does not see.
    assert "vic_MethodsOfControl" not in htcds.document(actor=viewer, case=child)
    assert htcds.validate(htcds.document(actor=police, case=child)) == []
