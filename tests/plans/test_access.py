"""Who reaches the assessments and plans, in the order the authorization matrix
(tests/security/authz_plans.py) relies on: a record whose case the caller cannot see is 404 on
every route, page or API, as a missing one; a change needs case.update (403) before the fields
are read; the profile's authority (who assesses, prepares, decides) is asked after the fields
(400 first, then 403)."""

from datetime import timedelta

import pytest
from django.test import Client

from nrm.plans import services
from nrm.plans.models import NeedsAssessment, Plan
from tests.plans.conftest import DAY, finding

pytestmark = pytest.mark.django_db


def _page(username: str) -> Client:
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _api(username: str) -> Client:
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue

    token = api_token_issue(actor=actor_for(User.objects.get(username=username)))
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _json(client: Client, method: str, url: str, body: dict):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.fixture
def viewer(reference):
    """A read-only member (the profile's `viewer`) of the State Social Service of Tirana, the
    institution that owns `adult_case`: sees the case, may change nothing."""
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.shssh", password="a long passphrase")
    membership_create(actor=system, user=user, institution=reference["shssh-tirana"], role="viewer")
    return "viewer.shssh"


@pytest.fixture
def records(actors, adult_case, institution):
    """An assessment and an assistance plan with one item (the shelter's, with access)."""
    shelter = actors["shelter.tirana"]
    assessment = services.assessment_record(
        actor=shelter,
        case_id=adult_case.pk,
        assessed_on=DAY,
        findings=[finding("health")],
        person_participated=True,
    )
    plan = services.plan_create(actor=shelter, case_id=adult_case.pk, kind="assistance")
    item = services.plan_item_add(
        actor=shelter,
        plan_id=plan.pk,
        domain="health",
        action="Kontroll mjekësor",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=5),
    )
    return assessment, plan, item


def test_every_route_of_a_record_is_404_to_one_who_cannot_see_its_case(records):
    assessment, plan, item = records
    item_body = {"domain": "health", "action": "M", "due_on": DAY.isoformat()}
    decision = {"outcome": "approve", "decided_on": DAY.isoformat()}
    for username in ("police.shkoder", "pmf.tirana"):
        page, api = _page(username), _api(username)
        for url in (
            f"/assessments/{assessment.pk}/",
            f"/assessments/{assessment.pk}/form.pdf",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/revisions/1/",
            f"/plans/{plan.pk}/plan.pdf",
        ):
            assert page.get(url).status_code == 404, (username, url)
        for url, body in (
            (f"/plans/{plan.pk}/items/", item_body),
            (f"/plans/items/{item.pk}/", {**item_body, "status": "done"}),
            (f"/plans/{plan.pk}/approve/", {}),
            (f"/plans/{plan.pk}/submit/", {}),
            (f"/plans/{plan.pk}/decision/", decision),
        ):
            assert page.post(url, body).status_code == 404, (username, url)
        assert api.get(f"/api/v1/plans/{plan.pk}").status_code == 404
        for method, url, body in (
            ("post", f"/api/v1/plans/{plan.pk}/items", item_body),
            ("patch", f"/api/v1/plan-items/{item.pk}", {"status": "done"}),
            ("post", f"/api/v1/plans/{plan.pk}/approve", {}),
            ("post", f"/api/v1/plans/{plan.pk}/submit", {}),
            ("post", f"/api/v1/plans/{plan.pk}/decision", decision),
        ):
            assert _json(api, method, url, body).status_code == 404, (username, url)
    item.refresh_from_db()
    plan.refresh_from_db()
    assert item.status == "planned" and plan.status == "draft" and plan.items.count() == 1


def test_a_read_only_member_sees_but_changes_nothing(adult_case, viewer):
    case = adult_case.pk
    page, api = _page(viewer), _api(viewer)
    assert api.get(f"/api/v1/cases/{case}/assessments").status_code == 200
    assert api.get(f"/api/v1/cases/{case}/plans").status_code == 200
    # 403 before the fields are read: an unknown kind of plan, an empty assessment.
    assert _json(api, "post", f"/api/v1/cases/{case}/plans", {"kind": "x"}).status_code == 403
    assert _json(api, "post", f"/api/v1/cases/{case}/assessments", {}).status_code == 403
    assert page.get(f"/cases/{case}/assessments/new/").status_code == 403
    assert page.post(f"/cases/{case}/assessments/new/", {}).status_code == 403
    assert page.post(f"/cases/{case}/plans/new/", {"kind": "x"}).status_code == 403
    assert page.post(f"/cases/{case}/plans/new/", {"kind": "assistance"}).status_code == 403
    assert not Plan.objects.exists()


def test_the_profiles_authority_is_asked_after_the_fields(adult_case):
    """The AP secretariat sees every case and holds case.update, but neither assesses nor
    prepares a plan (the profile's `plans`): invalid fields are 400, valid ones 403."""
    case = adult_case.pk
    page, api = _page("ap.secretariat"), _api("ap.secretariat")
    url = f"/api/v1/cases/{case}/assessments"
    assert _json(api, "post", url, {"findings": []}).status_code == 400
    valid = {"assessed_on": DAY.isoformat(), "findings": [{"domain": "health"}]}
    assert _json(api, "post", url, valid).status_code == 403
    url = f"/api/v1/cases/{case}/plans"
    assert _json(api, "post", url, {"kind": "x"}).status_code == 400
    assert _json(api, "post", url, {"kind": "assistance"}).status_code == 403

    form = page.get(f"/cases/{case}/assessments/new/")
    html = form.content.decode()
    assert form.status_code == 200
    assert 'id="assessment-refused"' in html and 'id="assessment-form"' not in html
    assert page.post(f"/cases/{case}/assessments/new/", {}).status_code == 200
    posted = page.post(
        f"/cases/{case}/assessments/new/",
        {"assessed_on": DAY.isoformat(), "health-need": "", "person_participated": "on"},
    )
    assert posted.status_code == 403
    refused = page.post(f"/cases/{case}/plans/new/", {"kind": "x"})
    assert refused.status_code == 302 and refused.url.startswith(f"/cases/{case}/")
    assert page.post(f"/cases/{case}/plans/new/", {"kind": "assistance"}).status_code == 403
    assert not NeedsAssessment.objects.exists() and not Plan.objects.exists()


def test_the_plans_awaiting_the_ap_are_the_ap_secretariats(reference):
    assert _page("ap.secretariat").get("/plans/awaiting-ap/").status_code == 200
    for username in ("social.tirana", "shelter.tirana", "admin"):
        assert _page(username).get("/plans/awaiting-ap/").status_code == 404
