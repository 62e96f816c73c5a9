"""The GTN step of the child's measure shows the Individual Protection Plan of nrm.plans
(due within 72 hours, rule `child_protection_plan`): not started (with the button that
starts it for whoever may prepare it), draft, in force, each with a link to the plan."""

from datetime import timedelta

import pytest
from django.urls import reverse

from nrm.core import clock
from nrm.emergency import services
from nrm.plans import services as plans
from nrm.plans.models import Plan
from tests.emergency.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(actors, child):
    with clock.override(at(hour=10)):
        services.measure_initiate(actor=actors["pmf.tirana"], case_id=child.pk, grounds="Rrezik.")
    return child


def _page(client, actor, case):
    client.force_login(actor.user)
    with clock.override(at(hour=12)):
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_not_started_shows_the_state_and_the_button_that_starts_it(client, actors, measured):
    html = _page(client, actors["pmf.tirana"], measured)
    assert 'id="em-ipp" data-state="none"' in html
    assert "Pa filluar" in html  # "Not started": pages are in Albanian
    start = reverse("plan_start", args=[measured.pk])
    assert f'action="{start}"' in html and 'id="em-ipp-start"' in html
    assert 'name="kind" value="ipp"' in html
    # The button starts the IPP and opens its page.
    with clock.override(at(hour=12)):
        response = client.post(start, {"kind": "ipp"})
    plan = Plan.objects.get(case=measured, kind="ipp")
    assert response.status_code == 302
    assert response.url == reverse("plan_detail", args=[plan.pk])


def test_a_draft_and_a_plan_in_force_link_to_the_plan(client, actors, measured):
    pmf = actors["pmf.tirana"]
    with clock.override(at(hour=11)):
        plan = plans.plan_create(actor=pmf, case_id=measured.pk, kind="ipp")
    html = _page(client, pmf, measured)
    link = reverse("plan_detail", args=[plan.pk])
    assert 'id="em-ipp" data-state="draft"' in html
    assert f'href="{link}" id="em-ipp-link"' in html
    assert 'id="em-ipp-start"' not in html
    with clock.override(at(hour=11, minute=30)):
        plans.plan_item_add(
            actor=pmf,
            plan_id=plan.pk,
            domain="safety",
            action="Vlerësim i rrezikut.",
            institution_id=pmf.institution.pk,
            due_on=clock.today() + timedelta(days=3),
        )
        plans.plan_approve(actor=pmf, plan_id=plan.pk)
    html = _page(client, pmf, measured)
    assert 'id="em-ipp" data-state="in_force"' in html
    assert f'href="{link}" id="em-ipp-link"' in html


def test_a_reader_who_may_not_prepare_it_sees_the_state_without_the_button(
    client, actors, measured
):
    html = _page(client, actors["ap.secretariat"], measured)
    assert 'id="em-ipp" data-state="none"' in html
    assert 'id="em-ipp-start"' not in html
