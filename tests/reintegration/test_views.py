"""The pages: the worker's list of reports due, the case's monitoring page, the D2 PDF."""

from datetime import date

import pytest
from django.test import Client, RequestFactory

from nrm.core import clock
from nrm.reintegration import selectors, services
from tests.reintegration.conftest import at, report

pytestmark = pytest.mark.django_db


def _client(username):
    c = Client()
    assert c.login(request=RequestFactory().post("/login/"), username=username, password="demo")
    return c


def test_due_list_page_and_pdf(actors, monitored):
    case = monitored(decided_on=date(2026, 1, 15))
    with clock.override(at(date(2026, 3, 3))):
        c = _client("police.tirana")
        due = c.get("/reintegration/due/")
        assert due.status_code == 200
        assert f'data-case="{case.pk}" data-period="1"' in due.content.decode()
        row = services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(1, clock.today())
        )
        page = c.get(f"/cases/{case.pk}/reintegration/")
        assert page.status_code == 200
        assert 'data-period="1" data-state="reported"' in page.content.decode()
        pdf = c.get(f"/reintegration/reports/{row.pk}/d2.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert _client("police.shkoder").get(f"/cases/{case.pk}/reintegration/").status_code == 404


def _line(actors, case, providers):
    return services.service_line_open(
        actor=actors["police.tirana"],
        case_id=case.pk,
        kind="legal_aid",
        institution_id=providers["legal_aid"].pk,
        requested_on=clock.today(),
    )


def test_a_stranger_gets_404_for_the_reports_lines_and_forms_of_a_case_not_theirs(
    actors, monitored, providers
):
    """A D2 and a service line are seen with their case: one of a case the caller cannot see
    answers 404 like a missing one, and nothing is recorded."""
    from nrm.reintegration.models import ServiceLine, ServiceLineStep

    case = monitored(decided_on=date(2026, 1, 15))
    with clock.override(at(date(2026, 3, 3))):
        row = services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(1, clock.today())
        )
        line = _line(actors, case, providers)
        stranger = _client("police.shkoder")
        assert stranger.get(f"/reintegration/reports/{row.pk}/d2.pdf").status_code == 404
        status = {"status": "provided", "on": "2026-03-03"}
        assert stranger.post(f"/service-lines/{line.pk}/status/", status).status_code == 404
        for url, body in (
            (f"/cases/{case.pk}/reintegration/", None),
            (f"/cases/{case.pk}/reintegration/reports/new/", None),
            (f"/cases/{case.pk}/reintegration/reports/new/", {"period": "2"}),
            (f"/cases/{case.pk}/reintegration/end/", {"reason": "M"}),
            (f"/cases/{case.pk}/reintegration/close/", {"note": "M"}),
            (
                f"/cases/{case.pk}/reintegration/proposal/",
                {"proposed_on": "2026-03-03", "reasoning": "M"},
            ),
            (f"/cases/{case.pk}/service-lines/", {"kind": "legal_aid"}),
        ):
            r = stranger.get(url) if body is None else stranger.post(url, body)
            assert r.status_code == 404, url
    assert ServiceLine.objects.get(pk=line.pk).status == "requested"
    assert ServiceLineStep.objects.filter(line=line).count() == 1


def test_who_sees_the_case_but_may_not_record_it_gets_403(actors, monitored, providers):
    """The D2's writes are the case's worker's (the profile's reporters), ending monitoring
    the AP secretariat's: another caller who sees the case is refused with 403 on the pages,
    as in the API, not sent back to the page as if it had been tried."""
    from nrm.reintegration.models import ReevaluationProposal, ServiceLine

    case = monitored(decided_on=date(2026, 1, 15))
    with clock.override(at(date(2026, 3, 3))):
        line = _line(actors, case, providers)
        ap = _client("ap.secretariat")
        assert ap.post(f"/cases/{case.pk}/service-lines/", {"kind": "x"}).status_code == 403
        status = {"status": "provided", "on": "2026-03-03"}
        assert ap.post(f"/service-lines/{line.pk}/status/", status).status_code == 403
        proposal = {"proposed_on": "2026-03-03", "reasoning": "M"}
        url = f"/cases/{case.pk}/reintegration/proposal/"
        assert ap.post(url, proposal).status_code == 403
        worker = _client("police.tirana")
        url = f"/cases/{case.pk}/reintegration/end/"
        assert worker.post(url, {"reason": "M"}).status_code == 403
        assert not selectors.monitoring_over(case)
        # The AP secretariat ends it: back to the page.
        assert ap.post(url, {"reason": "M"}).status_code == 302
        assert selectors.monitoring_over(case)
    assert ServiceLine.objects.get(pk=line.pk).status == "requested"
    assert not ReevaluationProposal.objects.exists()


def test_the_case_is_closed_as_reintegrated_only_once_monitoring_has_ended(actors, monitored):
    from nrm.registry.models import Case

    case = monitored(decided_on=date(2026, 1, 15))
    with clock.override(at(date(2026, 3, 3))):
        worker = _client("police.tirana")
        close = f"/cases/{case.pk}/reintegration/close/"
        assert worker.post(close, {"note": "M"}).status_code == 302
        assert Case.objects.get(pk=case.pk).closed_at is None  # still monitored: refused

        assert (
            _client("ap.secretariat")
            .post(f"/cases/{case.pk}/reintegration/end/", {"reason": "M"})
            .status_code
            == 302
        )
        assert worker.post(close, {"note": "M"}).status_code == 302
    assert Case.objects.get(pk=case.pk).closed_at is not None
