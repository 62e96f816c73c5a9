"""Action-plan pages on a phone: the plan's tree, an activity, its edit with history, a focal
point's report, the Secretariat's review and the dashboard; who may do what."""

import pytest
from django.test import Client, RequestFactory

from nrm.actionplan import services
from nrm.actionplan.models import Report

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


def login(username: str) -> Client:
    client = Client(**PHONE)
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_plan_tree_by_objective(plan):
    page = login("police.tirana").get(f"/action-plans/{plan.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="card objective"') == 4
    assert body.count('class="specific"') == 19
    assert "1.1.1" in body and "4.5.2" in body
    assert "Institutions to map" not in body  # only the Secretariat maps


def test_secretariat_sees_names_to_map_and_maps_one(plan, reference):
    client = login("ap.secretariat")
    body = client.get(f"/action-plans/{plan.pk}/").content.decode()
    assert "ZKNKT" in body
    done = client.post(
        f"/action-plans/{plan.pk}/map/",
        {"name": "ZKNKT", "institution": reference["ap-secretariat"].pk},
    )
    assert done.status_code == 302
    assert plan.activities.filter(
        parties__name="ZKNKT", parties__institution=reference["ap-secretariat"]
    ).exists()


def test_edit_with_history(plan):
    activity = plan.activities.get(code="1.1.2")
    client = login("ap.secretariat")
    form = client.get(f"/action-plans/activities/{activity.pk}/edit/")
    assert form.status_code == 200
    bad = client.post(
        f"/action-plans/activities/{activity.pk}/edit/",
        {"description": "", "reason": "", "version": 1, "timeframe_text": "2015-2017"},
    )
    assert bad.status_code == 400
    ok = client.post(
        f"/action-plans/activities/{activity.pk}/edit/",
        {
            "description": activity.description,
            "timeframe_text": "2015-2018",
            "reason": "Extended by the group",
            "version": 1,
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/action-plans/activities/{activity.pk}/").content.decode()
    assert "Extended by the group" in page
    assert (
        login("police.tirana").get(f"/action-plans/activities/{activity.pk}/edit/").status_code
        == 404
    )


def test_focal_point_reports_and_secretariat_accepts_through_the_pages(plan, secretariat):
    period = services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=1)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    focal = login("apap.police.tirana")
    assert activity.code in focal.get("/action-plans/").content.decode()
    page = focal.get(f"/action-plans/activities/{activity.pk}/")
    assert 'id="report-h"' in page.content.decode()
    sent = focal.post(
        f"/action-plans/activities/{activity.pk}/report/",
        {"period": period.pk, "status": "implemented", "narrative": "Done in March."},
    )
    assert sent.status_code == 302
    report = Report.objects.get()
    # A caseworker of the same institution may not report; another institution's focal
    # point does not lead it.
    assert login("police.tirana").post(
        f"/action-plans/activities/{activity.pk}/report/",
        {"period": period.pk, "status": "implemented", "narrative": "x"},
    ).status_code in (403, 404)
    assert (
        login("apap.njmf.tirana")
        .post(
            f"/action-plans/activities/{activity.pk}/report/",
            {"period": period.pk, "status": "implemented", "narrative": "x"},
        )
        .status_code
        == 404
    )
    reviewer = login("ap.secretariat")
    done = reviewer.post(f"/action-plans/reports/{report.pk}/review/", {"decision": "accept"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.state == "accepted"
    dash = reviewer.get(f"/action-plans/{plan.pk}/dashboard/")
    assert dash.status_code == 200
    assert "<svg" in dash.content.decode()
    assert login("police.tirana").get(f"/action-plans/{plan.pk}/dashboard/").status_code == 404


def test_report_form_errors_come_back(plan, secretariat):
    period = services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=1)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    page = login("apap.police.tirana").post(
        f"/action-plans/activities/{activity.pk}/report/",
        {"period": period.pk, "status": "implemented", "narrative": ""},
    )
    assert page.status_code == 400
    assert not Report.objects.exists()


def _accepted_report(plan, secretariat, focal_actor, status="implemented"):
    period = services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=4)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    report = services.report_submit(
        actor=focal_actor,
        activity_id=activity.pk,
        period_id=period.pk,
        status=status,
        narrative="Naming nobody: a narrative that stays out of the public report.",
    )
    services.report_review(actor=secretariat, report_id=report.pk, accept=True)
    return activity


def test_annual_report_pdf_in_albanian_and_english(plan, secretariat, focal):
    _accepted_report(plan, secretariat, focal)
    client = login("ap.secretariat")
    for language in ("sq", "en"):
        response = client.get(f"/action-plans/{plan.pk}/annual-2016.pdf?language={language}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    assert client.get(f"/action-plans/{plan.pk}/annual-2030.pdf").status_code == 404
    assert login("police.tirana").get(f"/action-plans/{plan.pk}/annual-2016.pdf").status_code == 404


def test_public_summary_of_a_finished_year_has_figures_only(plan, secretariat, focal):
    _accepted_report(plan, secretariat, focal)
    page = Client().get(f"/action-plans/{plan.pk}/public/2016/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="overall"' in body
    assert "Naming nobody" not in body
    assert "apap.police.tirana" not in body
    assert Client().get(f"/action-plans/{plan.pk}/public/2030/").status_code == 404


def test_live_indicator_shown_under_disclosure_rules(plan, secretariat):
    from nrm.actionplan import live

    activity = plan.activities.get(code="2.1.6")
    services.activity_edit(
        actor=secretariat,
        activity_id=activity.pk,
        expected_version=activity.version,
        reason="Measured by nrm",
        live_indicator="victims_identified",
    )
    value = live.value("victims_identified", year=2016)
    assert isinstance(value, str)
    assert live.value("no_such_indicator", year=2016) is None
    page = login("ap.secretariat").get(f"/action-plans/activities/{activity.pk}/")
    assert 'id="live"' in page.content.decode()


def test_only_the_secretariat_edits_an_objective(plan):
    top = plan.objectives.get(code="2")
    assert (
        login("apap.police.tirana").get(f"/action-plans/objectives/{top.pk}/edit/").status_code
        == 404
    )
    client = login("ap.secretariat")
    assert client.get(f"/action-plans/objectives/{top.pk}/edit/").status_code == 200
    done = client.post(
        f"/action-plans/objectives/{top.pk}/edit/",
        {"text": "", "weight": "2", "reason": "Agreed"},
    )
    assert done.status_code == 302
    top.refresh_from_db()
    assert str(top.weight) == "2.00"
