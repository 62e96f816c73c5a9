"""The A5 tells the group it addresses and the AP secretariat at once (issue 13,
docs/notifications.md): one notice per person, no "case assigned" beside it, no name."""

import pytest

from nrm.deadlines.models import Notification
from nrm.screening import services

pytestmark = pytest.mark.django_db


def _told(case, kind):
    return set(
        Notification.objects.filter(case=case, kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def test_the_a5_tells_the_addressed_group_and_the_ap(actors, screened, interviewed, consented):
    case = screened(3, given_name="Arta")
    interviewed(case)
    consented(case)
    request = services.formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    told = _told(case, "a5_requested")
    # The group (the owner's police sector and the county's State Social Service), not the
    # actor; the AP secretariat; nobody of another county (police.shkoder).
    assert told == {"apap.police.tirana", "social.tirana", "apap.shssh.tirana", "ap.secretariat"}
    assert not _told(case, "case_assigned")  # the group's access comes with the A5's notice
    for n in Notification.objects.filter(case=case, kind="a5_requested"):
        assert n.data == {"a5": request.pk}
        assert "Arta" not in str(n.data)


def test_an_a5_to_another_county_tells_that_countys_group(actors, screened, interviewed, consented):
    case = screened(3)
    interviewed(case)
    consented(case)
    services.formal_identification_request(
        actor=actors["police.tirana"], case_id=case.pk, county="shkoder"
    )
    assert _told(case, "a5_requested") == {"police.shkoder", "ap.secretariat"}
