"""The demo's formal identifications (the identification walker): at least five adult and
five child Tirana cases in formal identification await the group's decision — their group
formed, their interview held — and police.tirana records a decision on one through the API."""

import pytest

from nrm.core import clock
from nrm.identification.models import FormalInterview, GroupDecision, GroupState
from nrm.registry.models import Case

pytestmark = pytest.mark.django_db


def test_demo_cases_await_the_group_decision(reference, api_client):
    from nrm.site.demo import demo_cases_create

    demo_cases_create(count=40, seed=3)
    awaiting = [
        c
        for c in Case.objects.filter(
            stage="formal_identification",
            identification_status="potential_victim",
            owner_institution__county="tirana",
        )
        if FormalInterview.objects.filter(
            case=c, status="ended", group__state=GroupState.FORMAL, group__formed_at__isnull=False
        ).exists()
        and not GroupDecision.objects.filter(case=c).exists()
    ]
    assert sum(not c.is_child for c in awaiting) >= 5
    assert sum(c.is_child for c in awaiting) >= 5
    case = awaiting[0]
    response = api_client("police.tirana").post(
        f"/api/v1/cases/{case.pk}/decisions",
        {
            "outcome": None,
            "consensus": False,
            "decided_on": clock.today().isoformat(),
            "reasoning": "Pa konsensus",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
