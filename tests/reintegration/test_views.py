"""The pages: the worker's list of reports due, the case's monitoring page, the D2 PDF."""

from datetime import date

import pytest
from django.test import Client, RequestFactory

from nrm.core import clock
from nrm.reintegration import services
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
