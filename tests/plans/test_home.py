"""The home page's plan section: the actions a plan in force gives the reader's institution."""

from datetime import timedelta

import pytest

from nrm.plans import services
from tests.home_helpers import home_of, section
from tests.plans.conftest import DAY

pytestmark = pytest.mark.django_db


def test_a_plan_action_shows_on_the_home_of_the_institution_given_it(
    actors, adult_case, institution
):
    shelter = actors["shelter.tirana"]
    plan = services.plan_create(actor=shelter, case_id=adult_case.pk, kind="assistance")
    services.plan_item_add(
        actor=shelter,
        plan_id=plan.pk,
        domain="housing",
        action="Banesë te halla Vera",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=10),
    )
    services.plan_approve(actor=shelter, plan_id=plan.pk)
    plan.refresh_from_db()
    tasks = section(home_of("social.tirana"), "plans-tasks")
    assert plan.number in tasks and adult_case.reference in tasks
    assert "Vera" not in tasks  # the action's free text is not on the home page
    assert section(home_of("pmf.tirana"), "plans-tasks") == ""
    assert adult_case.reference not in home_of("police.shkoder")
