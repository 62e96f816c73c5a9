"""The appeal's pages: the case panel files an appeal, the appeal page walks it to the
Commission's decision, the list shows it, the PDF prints, others get 404."""

from datetime import date

import pytest
from django.test import Client, RequestFactory

from nrm.appeals.models import Appeal, AppealStatus
from nrm.core import clock
from tests.appeals.conftest import at
from tests.pages import case_page

pytestmark = pytest.mark.django_db


def _login(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_from_the_case_panel_to_the_decision(decided, commission):
    case = decided()
    with clock.override(at(date(2026, 12, 7), 15)):
        ap = _login("ap.secretariat")
        html = case_page(ap, case.pk)
        assert 'id="appeal-window" data-closes="2026-12-07"' in html
        response = ap.post(
            f"/cases/{case.pk}/appeals/new/",
            {"appellant": "person", "filed_on": "2026-12-07", "arguments": "Kundërshtoj."},
        )
        appeal = Appeal.objects.get(case=case)
        assert response.url == f"/appeals/{appeal.pk}/"
        page = ap.get(f"/appeals/{appeal.pk}/").content.decode()
        assert 'id="appeal-convene"' in page
        ap.post(f"/appeals/{appeal.pk}/convene/", {"scheduled_for": "2026-12-09T10:00"})
        ap.post(f"/appeals/{appeal.pk}/review/", {"reviewed_on": "2026-12-07"})
        listing = ap.get("/appeals/").content.decode()
        assert appeal.number in listing
        from nrm.meetings.models import Attendee

        voters = Attendee.objects.filter(meeting_id=Appeal.objects.get().meeting_id, votes=True)
        ap.post(f"/appeals/{appeal.pk}/attendance/", {"present": [a.pk for a in voters]})
        # A decision without a majority: refused, nothing changes.
        ap.post(
            f"/appeals/{appeal.pk}/decision/",
            {
                "outcome": "victim",
                "reasoning": "r",
                "votes_for": 3,
                "votes_against": 3,
                "abstentions": 0,
            },
        )
        appeal.refresh_from_db()
        assert appeal.status == AppealStatus.REVIEWED
        chair = _login("commission.mpb")
        chair.post(
            f"/appeals/{appeal.pk}/decision/",
            {
                "outcome": "victim",
                "reasoning": "Arsyetimi.",
                "votes_for": 4,
                "votes_against": 2,
                "abstentions": 0,
            },
        )
        appeal.refresh_from_db()
        assert appeal.status == AppealStatus.DECIDED
        assert (
            f'href="/meetings/{appeal.meeting_id}/"'
            in chair.get(f"/appeals/{appeal.pk}/").content.decode()
        )
        pdf = chair.get(f"/appeals/{appeal.pk}/decision.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        ap.post(
            f"/appeals/{appeal.pk}/court/",
            {"filed_on": "2026-12-07", "court": "GJA", "reference": "1/26"},
        )
        html = case_page(ap, case.pk)
        assert 'id="appeal-suspended"' in html
    case.refresh_from_db()
    assert case.identification_status == "victim"


def test_outside_the_window_the_panel_says_why(decided):
    case = decided()
    with clock.override(at(date(2026, 12, 9))):
        ap = _login("ap.secretariat")
        response = ap.post(
            f"/cases/{case.pk}/appeals/new/",
            {"appellant": "person", "filed_on": "2026-12-08", "arguments": "x"},
            follow=True,
        )
    assert "07.12.2026" in response.content.decode()
    assert not Appeal.objects.exists()


def test_others_do_not_see_the_pages(decided, commission):
    case = decided()
    with clock.override(at(date(2026, 10, 26))):
        ap = _login("ap.secretariat")
        ap.post(
            f"/cases/{case.pk}/appeals/new/",
            {"appellant": "person", "filed_on": "2026-10-26", "arguments": "x"},
        )
        appeal = Appeal.objects.get()
        other = _login("police.shkoder")
        assert other.get(f"/appeals/{appeal.pk}/").status_code == 404
        assert other.get("/appeals/").status_code == 404
        assert _login("ap.secretariat").get("/appeals/commission/").status_code == 200
