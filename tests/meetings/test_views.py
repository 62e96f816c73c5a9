"""Meeting pages on a phone: the list, a meeting with its forms, errors shown on the form,
the case page's panel, the navigation link and the minutes as PDF."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from nrm.audit.models import AccessLog
from nrm.core import clock
from nrm.meetings import pdf
from nrm.meetings.models import MeetingDecision, MeetingStatus
from tests.meetings.conftest import everyone, voters
from tests.pages import case_page

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


def login(username: str) -> Client:
    client = Client(**PHONE)
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_the_list_shows_what_is_to_be_held_first(convene, people):
    later = convene(scheduled_for=clock.now() + timedelta(days=3))
    sooner = convene(scheduled_for=clock.now() + timedelta(hours=3))
    page = login("ap.secretariat").get("/meetings/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(f"/meetings/{sooner.pk}/") < html.index(f"/meetings/{later.pk}/")
    assert 'id="nav-meetings"' in html


def test_the_navigation_shows_meetings_only_to_members_and_conveners(people):
    assert 'id="nav-meetings"' in login("apap.police.tirana").get("/cases/").content.decode()
    assert 'id="nav-meetings"' not in login("police.tirana").get("/cases/").content.decode()


def test_the_meeting_page_has_its_forms_and_logs_the_read(convene, people):
    meeting = convene()
    reads = AccessLog.objects.filter(case_id=meeting.case_id).count()
    page = login("ap.secretariat").get(f"/meetings/{meeting.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="present"' in html and 'name="held_at"' in html
    assert "The group&#x27;s file without consensus" in html
    assert AccessLog.objects.filter(case_id=meeting.case_id).count() == reads + 1


def test_a_meeting_the_reader_may_not_see_is_404(convene, people):
    meeting = convene()
    assert login("police.shkoder").get(f"/meetings/{meeting.pk}/").status_code == 404
    assert login("police.shkoder").get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 404


def test_attendance_without_quorum_comes_back_with_the_error(convene, people):
    meeting = convene()
    client = login("ap.secretariat")
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"present": voters(meeting)[:1], "held_at": "2020-01-01T10:00"},
    )
    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED


def test_attendance_then_a_decision_with_votes(convene, people, decided):
    meeting = convene()
    client = login("ap.secretariat")
    held_at = timezone.localtime(clock.now())
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"present": everyone(meeting), "held_at": held_at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'name="outcome"' in page and 'value="victim"' in page

    bad = client.post(
        f"/meetings/{meeting.pk}/decision/",
        {"outcome": "victim", "text": "Reasons.", "votes_for": 2, "votes_against": 2},
    )
    assert bad.status_code == 400
    assert "No majority" in bad.content.decode() or "shumicë" in bad.content.decode()
    assert not MeetingDecision.objects.exists()

    ok = client.post(
        f"/meetings/{meeting.pk}/decision/",
        {
            "outcome": "victim",
            "text": "Reasons.",
            "votes_for": 3,
            "votes_against": 1,
            "abstentions": 0,
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="decision-list"' in page and "Victim" in page

    minutes = client.post(f"/meetings/{meeting.pk}/minutes/", {"minutes": "", "reference": "P-1"})
    assert minutes.status_code == 400
    minutes = client.post(
        f"/meetings/{meeting.pk}/minutes/", {"minutes": "Examined.", "reference": "P-1"}
    )
    assert minutes.status_code == 302

    pdf_response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")


def test_the_minutes_are_albanian_and_carry_no_name_of_the_person(convene, people, decided):
    meeting = convene()
    client = login("ap.secretariat")
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"present": everyone(meeting), "held_at": "2020-01-01T10:00"},
    )
    html, filename = pdf.minutes_html(actor=people["secretariat"], meeting_id=meeting.pk)
    assert filename == f"procesverbal-{meeting.pk}.pdf"
    assert "Procesverbal" in html or "procesverbal" in html
    assert meeting.case.reference in html
    assert "Hoxha" not in html and "Arta" not in html
    assert "Autoriteti përgjegjës (AP)" in html


def test_a_task_form_with_errors_and_the_case_panel(convene, people):
    meeting = convene()
    client = login("ap.secretariat")
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"present": everyone(meeting), "held_at": "2020-01-01T10:00"},
    )
    bad = client.post(f"/meetings/{meeting.pk}/tasks/", {"text": "", "due_on": "2001-01-01"})
    assert bad.status_code == 400
    html = case_page(client, meeting.case_id)
    assert f"/meetings/{meeting.pk}/" in html
