"""The AP meetings the emergency app asks for have their purpose in nrm.meetings (the
`meeting_purposes` door): the foreign child's documentation and the non-response chain's
last level. The meetings' convene page offers each for the case once requested (and until
convened); the meeting it convenes carries the purpose; the case page links to it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from nrm.core import clock
from nrm.emergency import meeting as em_meeting
from nrm.emergency import services
from nrm.meetings.doors import meeting_purposes
from nrm.meetings.models import Capacity, Meeting
from tests.emergency.conftest import DAY, at

pytestmark = pytest.mark.django_db


def _convene_url(case):
    return reverse("meeting_new") + f"?case={case.pk}&body=ap"


@pytest.fixture
def documentation(actors, foreign_child):
    """A foreign child: the PMF notified the AP secretariat, which requested the AP meeting."""
    with clock.override(at(hour=10)):
        services.documentation_notify(actor=actors["pmf.tirana"], case_id=foreign_child.pk)
    with clock.override(at(hour=11)):
        services.documentation_meeting_request(
            actor=actors["ap.secretariat"], case_id=foreign_child.pk
        )
    return foreign_child


@pytest.fixture
def non_response(actors, child, agency):
    """A child's case whose non-response climbed to the last level: the AP meeting."""
    ap = actors["ap.secretariat"]
    with clock.override(at(hour=10)):
        nr = services.non_response_report(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            institution_id=actors["police.tirana"].institution.pk,
            asked="Informacion për familjen.",
            since=DAY - timedelta(days=3),
        )
        services.non_response_escalate(actor=agency, non_response_id=nr.pk)
    with clock.override(at(hour=11)):
        services.non_response_escalate(actor=ap, non_response_id=nr.pk)
    return child


def test_the_emergency_purposes_are_on_the_door_with_both_languages():
    from django.utils import translation

    for code in (em_meeting.DOCUMENTATION, em_meeting.NON_RESPONSE):
        purpose = meeting_purposes.get(code)
        assert purpose is not None and purpose.body == "ap" and purpose.offered is not None
        with translation.override("en"):
            english = str(purpose.label())
        with translation.override("sq"):
            albanian = str(purpose.label())
        assert english and albanian != english


def test_the_documentation_purpose_is_offered_only_once_requested(actors, foreign_child, client):
    ap = actors["ap.secretariat"]
    client.force_login(ap.user)
    with clock.override(at(hour=10)):
        services.documentation_notify(actor=actors["pmf.tirana"], case_id=foreign_child.pk)
        html = client.get(_convene_url(foreign_child)).content.decode()
    assert 'id="convene-none"' in html
    assert em_meeting.DOCUMENTATION not in html
    with clock.override(at(hour=10, minute=20)):
        services.documentation_meeting_request(actor=ap, case_id=foreign_child.pk)
        html = client.get(_convene_url(foreign_child)).content.decode()
    assert f'value="{em_meeting.DOCUMENTATION}"' in html
    assert "Dokumentimi i fëmijës së huaj (brenda 24 orëve)" in html  # pages are in Albanian


def test_convening_the_ap_for_the_documentation_carries_the_purpose(actors, documentation, client):
    ap = actors["ap.secretariat"]
    client.force_login(ap.user)
    with clock.override(at(hour=12)):
        response = client.post(
            reverse("meeting_new"),
            {
                "case": str(documentation.pk),
                "body": "ap",
                "purpose": em_meeting.DOCUMENTATION,
                "scheduled_for": "2026-03-11T09:00",
                "place": "Ministria e Brendshme",
                "agenda": "Dokumentimi i fëmijës\nDetyrat e institucioneve",
                "chair": str(ap.user.pk),
            },
        )
    found = Meeting.objects.get(case=documentation)
    assert response.status_code == 302
    assert response.url == reverse("meeting_detail", args=[found.pk])
    assert (found.body, found.purpose) == ("ap", em_meeting.DOCUMENTATION)
    assert found.agenda.count() == 2
    assert found.attendees.get(user=ap.user).capacity == Capacity.CHAIR
    # The meeting page names the purpose and offers its decisions.
    with clock.override(at(hour=12)):
        html = client.get(reverse("meeting_detail", args=[found.pk])).content.decode()
    assert "Dokumentimi i fëmijës së huaj (brenda 24 orëve)" in html  # pages are in Albanian
    # Convened: no longer offered.
    with clock.override(at(hour=12)):
        html = client.get(_convene_url(documentation)).content.decode()
    assert 'id="convene-none"' in html


def test_the_non_response_purpose_is_offered_at_the_last_level(actors, non_response, client):
    client.force_login(actors["ap.secretariat"].user)
    with clock.override(at(hour=12)):
        html = client.get(_convene_url(non_response)).content.decode()
    assert f'value="{em_meeting.NON_RESPONSE}"' in html
    assert em_meeting.DOCUMENTATION not in html
    # The agenda starts from the purpose's.
    assert "Institucionet që nuk përgjigjen" in html


def test_the_case_page_links_to_the_convene_page(actors, documentation, client):
    ap = actors["ap.secretariat"]
    client.force_login(ap.user)
    with clock.override(at(hour=12)):
        html = client.get(reverse("case_detail", args=[documentation.pk])).content.decode()
        panel = client.get(
            reverse("case_panel", args=[documentation.pk, "meetings.case"])
        ).content.decode()
    link = _convene_url(documentation).replace("&", "&amp;")
    assert f'href="{link}" id="em-ap-convene"' in html
    assert 'id="meeting-convene-ap"' in panel


def test_who_may_not_convene(actors, documentation, client):
    # The PMF sees the case but does not convene the AP: 403, and no link.
    client.force_login(actors["pmf.tirana"].user)
    with clock.override(at(hour=12)):
        assert client.get(_convene_url(documentation)).status_code == 403
        html = client.get(reverse("case_detail", args=[documentation.pk])).content.decode()
    assert 'id="em-ap-convene"' not in html
    # A stranger to the case: 404, as for a missing one.
    client.force_login(actors["police.shkoder"].user)
    with clock.override(at(hour=12)):
        assert client.get(_convene_url(documentation)).status_code == 404
        assert client.get(reverse("meeting_new")).status_code == 404
