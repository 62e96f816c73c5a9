"""The reintegration's API: 201, 400 field errors with nothing saved, 404 for a stranger,
403 for a reader who may see but not report."""

from datetime import date

import pytest

from nrm.core import clock
from nrm.reintegration.models import MonitoringReport, ReevaluationProposal, ServiceLine
from tests.reintegration.conftest import at, criteria

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_reports_lines_and_the_proposal(api_client, monitored, providers):
    case = monitored()
    with clock.override(at(date(2026, 3, 20))):
        client = api_client("police.tirana")
        body = {"period": 1, "reported_on": "2026-02-15", "criteria": criteria(False)}
        r = client.post(f"/api/v1/cases/{case.pk}/monitoring-reports", body, content_type=JSON)
        assert r.status_code == 201, r.content
        assert r.json()["period"] == 1 and not r.json()["criteria_met"]
        body = {
            "period": 2,
            "reported_on": "2026-03-15",
            "criteria": criteria(True),
            "situations": {"housing": "Banesë sociale"},
        }
        r = client.post(f"/api/v1/cases/{case.pk}/monitoring-reports", body, content_type=JSON)
        assert r.status_code == 201 and r.json()["criteria_met"]
        listed = client.get(f"/api/v1/cases/{case.pk}/monitoring-reports").json()
        assert [m["state"] for m in listed["months"]] == [
            "reported",
            "reported",
            "current",
            "upcoming",
        ]
        assert listed["reports"][1]["situations"] == {"housing": "Banesë sociale"}
        r = client.post(
            f"/api/v1/cases/{case.pk}/service-lines",
            {
                "kind": "legal_aid",
                "institution_id": providers["legal_aid"].pk,
                "requested_on": "2026-03-20",
            },
            content_type=JSON,
        )
        assert r.status_code == 201, r.content
        line = r.json()["id"]
        r = client.post(
            f"/api/v1/service-lines/{line}/status",
            {"status": "provided", "on": "2026-03-20"},
            content_type=JSON,
        )
        assert r.status_code == 200 and r.json()["status"] == "provided"
        r = client.post(
            f"/api/v1/cases/{case.pk}/reevaluation-proposal",
            {"reasoning": "Punë, strehim, shëndet.", "proposed_on": "2026-03-20"},
            content_type=JSON,
        )
        assert r.status_code == 201, r.content
    assert ReevaluationProposal.objects.filter(case=case).exists()


def test_bad_input_400_nothing_saved(api_client, monitored, providers):
    case = monitored()
    with clock.override(at(date(2026, 2, 20))):
        client = api_client("police.tirana")
        r = client.post(
            f"/api/v1/cases/{case.pk}/monitoring-reports",
            {"period": 9, "reported_on": "2026-02-20", "criteria": {"employment": True}},
            content_type=JSON,
        )
        assert r.status_code == 400
        assert {"period", "criteria.housing", "criteria.health"} <= set(r.json()["errors"])
        r = client.post(
            f"/api/v1/cases/{case.pk}/service-lines",
            {"kind": "legal_aid", "institution_id": providers["health"].pk},
            content_type=JSON,
        )
        assert r.status_code == 400
        assert {"institution", "requested_on"} <= set(r.json()["errors"])
        r = client.post(
            f"/api/v1/cases/{case.pk}/reevaluation-proposal",
            {"reasoning": "x", "proposed_on": "2026-02-20"},
            content_type=JSON,
        )
        assert r.status_code == 400
    assert not MonitoringReport.objects.exists()
    assert not ServiceLine.objects.exists()


def test_a_stranger_gets_404_and_the_ap_secretariat_403(api_client, monitored):
    case = monitored()
    body = {"period": 1, "reported_on": "2026-02-15", "criteria": criteria(False)}
    with clock.override(at(date(2026, 2, 20))):
        stranger = api_client("police.shkoder")
        for url in (
            f"/api/v1/cases/{case.pk}/monitoring-reports",
            f"/api/v1/cases/{case.pk}/service-lines",
            f"/api/v1/cases/{case.pk}/reevaluation-proposal",
        ):
            assert stranger.post(url, body, content_type=JSON).status_code == 404
        assert stranger.get(f"/api/v1/cases/{case.pk}/monitoring-reports").status_code == 404
        assert (
            stranger.post("/api/v1/service-lines/999/status", {}, content_type=JSON).status_code
            == 404
        )
        ap = api_client("ap.secretariat")
        r = ap.post(f"/api/v1/cases/{case.pk}/monitoring-reports", body, content_type=JSON)
        assert r.status_code == 403
    assert not MonitoringReport.objects.exists()


def test_a_stranger_gets_404_for_a_line_of_a_case_not_theirs(
    api_client, actors, monitored, providers
):
    from nrm.reintegration import services

    case = monitored()
    with clock.override(at(date(2026, 2, 20))):
        line = services.service_line_open(
            actor=actors["police.tirana"],
            case_id=case.pk,
            kind="legal_aid",
            institution_id=providers["legal_aid"].pk,
            requested_on=clock.today(),
        )
        r = api_client("police.shkoder").post(
            f"/api/v1/service-lines/{line.pk}/status",
            {"status": "provided", "on": "2026-02-20"},
            content_type=JSON,
        )
        assert r.status_code == 404
        r = api_client("ap.secretariat").post(
            f"/api/v1/service-lines/{line.pk}/status",
            {"status": "provided", "on": "2026-02-20"},
            content_type=JSON,
        )
        assert r.status_code == 403
    assert ServiceLine.objects.get(pk=line.pk).status == "requested"


def test_a_read_only_member_reads_the_reports_and_records_none(actors, monitored, reference):
    """The profile's `viewer` sees the case (the matrix cannot tell it from a reporter: no
    capability names the reporters) but records nothing: 403."""
    from django.test import Client

    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import api_token_issue, membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.tirana", password="a long passphrase")
    membership_create(
        actor=system, user=user, institution=reference["police-slktp-tirana"], role="viewer"
    )
    case = monitored()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=actor_for(user))}")
    with clock.override(at(date(2026, 2, 20))):
        assert client.get(f"/api/v1/cases/{case.pk}/monitoring-reports").status_code == 200
        for url, body in (
            (
                "monitoring-reports",
                {"period": 1, "reported_on": "2026-02-15", "criteria": criteria(False)},
            ),
            ("service-lines", {"kind": "legal_aid"}),
            ("reevaluation-proposal", {"reasoning": "M", "proposed_on": "2026-02-20"}),
        ):
            r = client.post(f"/api/v1/cases/{case.pk}/{url}", body, content_type=JSON)
            assert r.status_code == 403, url
    assert not MonitoringReport.objects.exists()
    assert not ServiceLine.objects.exists()
