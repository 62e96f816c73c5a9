"""The reviewer's pages and the case page's panel: the queue, a pair side by side (names
only where the reader may see a case; every case shown logged), deciding and undoing, 404
for anyone else; and a link never widens who may see a case."""

import pytest

from nrm.audit.models import AccessLog
from nrm.core.errors import NotFound
from nrm.linkage import services
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.models import CandidateStatus, MatchCandidate, PersonLink
from nrm.linkage.selectors import sides
from nrm.registry.selectors import case_get
from tests.linkage.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(twice, reviewer):
    services.linkage_scan(actor=reviewer)
    return MatchCandidate.objects.get()


def test_the_reviewer_sees_the_queue_and_the_pair_and_each_read_is_logged(twice, candidate):
    police, shelter = twice
    client = client_for("ap.secretariat")
    queue = client.get("/persons/duplicates/")
    assert queue.status_code == 200
    assert f'data-candidate="{candidate.pk}"' in queue.content.decode()
    assert "Marku" not in queue.content.decode()  # the queue names nobody

    before = AccessLog.objects.filter(action=LinkageCode.PAIR_VIEW).count()
    page = client.get(f"/persons/duplicates/{candidate.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Engjëll Marku" in html and "Engjell Marku" in html
    assert police.reference in html and shelter.reference in html
    assert 'data-field="dob" data-kind="exact"' in html
    logged = set(
        AccessLog.objects.filter(action=LinkageCode.PAIR_VIEW).values_list("case_id", flat=True)
    )
    assert logged == {police.pk, shelter.pk}
    assert AccessLog.objects.filter(action=LinkageCode.PAIR_VIEW).count() == before + 2


def test_decide_and_undo_through_the_pages(candidate):
    client = client_for("ap.secretariat")
    url = f"/persons/duplicates/{candidate.pk}/decide/"
    refused = client.post(url, {"decision": "same", "reason": ""})
    assert refused.status_code == 400 and not PersonLink.objects.exists()
    assert 'class="error' in refused.content.decode()
    done = client.post(url, {"decision": "same", "reason": "same father, same village"})
    assert done.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DECIDED
    assert (
        f'data-candidate="{candidate.pk}"'
        not in client.get("/persons/duplicates/").content.decode()
    )
    link = PersonLink.objects.get()
    page = client.get(f"/persons/duplicates/{candidate.pk}/").content.decode()
    assert 'id="undo-form"' in page
    undone = client.post(f"/persons/links/{link.pk}/undo/", {"reason": "wrong pair"})
    assert undone.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


@pytest.mark.parametrize("username", ["police.tirana", "shelter.tirana"])
def test_anyone_else_gets_404(candidate, username):
    client = client_for(username)
    assert client.get("/persons/duplicates/").status_code == 404
    assert client.get(f"/persons/duplicates/{candidate.pk}/").status_code == 404
    assert (
        client.post(
            f"/persons/duplicates/{candidate.pk}/decide/", {"decision": "same", "reason": "r"}
        ).status_code
        == 404
    )
    assert client.post("/persons/duplicates/scan/").status_code == 404
    assert not PersonLink.objects.exists()


def test_a_link_never_widens_access(twice, actors, reviewer):
    police, shelter = twice
    services.person_link_decide(
        actor=reviewer,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision="same",
        reason="r",
    )
    officer = actors["police.tirana"]
    with pytest.raises(NotFound):
        case_get(actor=officer, id=shelter.pk)
    # The police's panel on its own case: the shelter's record only counted.
    client = client_for("police.tirana")
    panel = client.get(f"/cases/{police.pk}/panels/linkage.also_recorded/").content.decode()
    assert 'id="also-recorded-hidden"' in panel
    assert shelter.reference not in panel and "Engjell" not in panel
    assert client.get(f"/cases/{shelter.pk}/").status_code == 404
    # The reviewer's panel lists it; a side the reader may not see has no name.
    ap_panel = client_for("ap.secretariat").get(f"/cases/{police.pk}/panels/linkage.also_recorded/")
    assert shelter.reference in ap_panel.content.decode()
    police_side, shelter_side = sides(actor=officer, persons=[police.person, shelter.person])
    assert police_side.name == "Engjëll Marku"
    assert shelter_side.name is None and shelter_side.cases[0].id is None
    assert shelter_side.cases[0].reference == ""


def test_the_scan_button(twice):
    client = client_for("ap.secretariat")
    assert client.post("/persons/duplicates/scan/").status_code == 302
    assert MatchCandidate.objects.count() == 1
