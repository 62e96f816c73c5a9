"""The plans' pages: the case panel, the assessment form, the plan editor from a template to
the AP's decision, revisions, the AP's list, the PDFs (C4/C5, D1), and 404 for others."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory

from nrm.plans import pdf
from nrm.plans.models import NeedsAssessment, Plan, PlanStatus
from tests.pages import case_page
from tests.plans.conftest import DAY

pytestmark = pytest.mark.django_db


def _login(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_the_assessment_form_and_page(adult_case):
    shelter = _login("shelter.tirana")
    html = case_page(shelter, adult_case.pk)
    assert 'id="assessment-new"' in html and 'id="plan-start"' in html
    form = shelter.get(f"/cases/{adult_case.pk}/assessments/new/").content.decode()
    assert "C5" in form and 'id="domain-vocational_training"' in form
    response = shelter.post(
        f"/cases/{adult_case.pk}/assessments/new/",
        {
            "assessed_on": DAY.isoformat(),
            "health-need": "on",
            "health-level": "high",
            "health-notes": "Dhimbje koke",
            "legal-need": "",
            "person_participated": "on",
            "views": "Dëshiron punë.",
        },
    )
    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get(case=adult_case)
    assert {f.domain for f in assessment.findings.all() if f.need_found} == {"health"}
    page = shelter.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Dhimbje koke" in page
    printed = shelter.get(f"/assessments/{assessment.pk}/form.pdf")
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    html = pdf.assessment_html(assessment)
    assert "Formular vlerësimi i nevojave" in html and "Shëndetësore" in html


def test_a_bad_assessment_shows_why_and_saves_nothing(adult_case):
    shelter = _login("shelter.tirana")
    response = shelter.post(
        f"/cases/{adult_case.pk}/assessments/new/",
        {"assessed_on": DAY.isoformat(), "health-need": "on"},
        follow=True,
    )
    assert "Jepni nivelin e nevojës." in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_from_a_template_to_the_aps_decision(adult_case, institution):
    social = _login("social.tirana")
    response = social.post(
        f"/cases/{adult_case.pk}/plans/new/",
        {"kind": "reintegration", "template": "adult_labour_exploitation"},
    )
    plan = Plan.objects.get(case=adult_case)
    assert response.url == f"/plans/{plan.pk}/"
    page = social.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="item-7"' in page and 'id="plan-submit"' in page
    # An item without a responsible institution: the page says why.
    refused = social.post(
        f"/plans/{plan.pk}/items/",
        {"domain": "economic", "action": "Ndihmë", "due_on": (DAY + timedelta(days=3)).isoformat()},
        follow=True,
    ).content.decode()
    assert "Zgjidhni institucionin përgjegjës" in refused
    social.post(
        f"/plans/{plan.pk}/items/",
        {
            "domain": "economic",
            "action": "Ndihmë ekonomike",
            "institution_id": str(institution("shssh-tirana").pk),
            "due_on": (DAY + timedelta(days=3)).isoformat(),
        },
    )
    assert plan.items.count() == 8
    social.post(f"/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    ap = _login("ap.secretariat")
    listed = ap.get("/plans/awaiting-ap/").content.decode()
    assert plan.number in listed and "<time" in listed
    page = ap.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="plan-decision"' in page and 'id="plan-due"' in page
    ap.post(
        f"/plans/{plan.pk}/decision/",
        {"outcome": "approve", "decided_on": DAY.isoformat(), "reference": "Nr. 4"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.number not in ap.get("/plans/awaiting-ap/").content.decode()
    revision = social.get(f"/plans/{plan.pk}/revisions/1/").content.decode()
    assert 'id="revision-items"' in revision
    printed = social.get(f"/plans/{plan.pk}/plan.pdf")
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    html = pdf.plan_html(plan)
    assert "Plani individual i riintegrimit" in html and "Nr. 4" in html


def test_others_do_not_see_the_pages(adult_case):
    shelter = _login("shelter.tirana")
    shelter.post(f"/cases/{adult_case.pk}/plans/new/", {"kind": "assistance", "template": ""})
    plan = Plan.objects.get(case=adult_case)
    stranger = _login("police.shkoder")
    assert stranger.get(f"/plans/{plan.pk}/").status_code == 404
    assert stranger.get(f"/plans/{plan.pk}/plan.pdf").status_code == 404
    assert stranger.get(f"/cases/{adult_case.pk}/assessments/new/").status_code == 404
    assert stranger.post(f"/plans/{plan.pk}/approve/").status_code == 404
    assert stranger.get("/plans/awaiting-ap/").status_code == 404
    # The AP secretariat sees the case but neither assesses (told so on the form's page) nor
    # prepares a plan.
    ap = _login("ap.secretariat")
    form = ap.get(f"/cases/{adult_case.pk}/assessments/new/").content.decode()
    assert 'id="assessment-refused"' in form and 'id="assessment-form"' not in form
    assert ap.post(f"/plans/{plan.pk}/approve/").status_code == 403
