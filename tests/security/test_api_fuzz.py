"""Fuzzing the API with schemathesis against /api/v1/openapi.json (issue 5).

The schema is loaded from the application itself through WSGI (no server). Every operation
gets generated requests — valid ones (positive) and invalid ones (negative) — sent with a
demo caseworker's bearer token against a database holding the reference data and cases in
every stage, so path ids hit real, foreign and missing records alike. Each answer must be
no server error, have a status the operation declares, the declared content type and a
body that conforms to the declared schema. Derandomized, so CI runs the same requests.
"""

import math
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The time is bounded by the number of examples (no timed assertion: a slow machine must
# not fail the suite); the run prints its duration.
TARGET_REQUESTS = 1_000


def _world():
    """Reference data, the demo users and cases in every stage, with the records the
    path parameters name (interviews, participants) — all through the services."""
    from datetime import timedelta

    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue
    from nrm.core import clock
    from nrm.registry.models import Case
    from nrm.registry.rules import PersonInput
    from nrm.registry.selectors import case_scope
    from nrm.registry.services import case_create
    from nrm.screening import services as screening
    from nrm.screening.models import Interview, Participant
    from nrm.site.demo import demo_cases_create, demo_users_ensure, reference_data_ensure

    demo_users_ensure(reference_data_ensure())
    demo_cases_create(count=12, seed=5)
    police = actor_for(User.objects.get(username="police.tirana"))
    own = case_create(actor=police, person=PersonInput(given_name="Arta", family_name="Hoxha"))
    interview = screening.interview_plan(
        actor=police,
        case_id=own.pk,
        scheduled_at=clock.now() + timedelta(days=1),
        place="Tiranë",
        conditions=["safe_environment"],
    )
    screening.participant_add(
        actor=police, interview_id=interview.pk, role="interviewer", name="Participant"
    )
    visible = set(case_scope(actor=police).values_list("pk", flat=True))
    foreign = Case.objects.exclude(pk__in=visible).values_list("pk", flat=True)[:3]
    ids = {
        # mostly cases the caller may see, a few it may not (those must answer 404)
        "case_id": sorted(visible) + list(foreign),
        "interview_id": list(Interview.objects.values_list("pk", flat=True)),
        "participant_id": list(Participant.objects.values_list("pk", flat=True)),
    }
    return api_token_issue(actor=police), ids


def _strategy(operation, mode, ids):
    """Generated cases; half of those with an id in the path name a record that exists."""
    generated = operation.as_strategy(generation_mode=mode)
    names = [p.name for p in operation.path_parameters]
    known = [name for name in names if ids.get(name)]
    if not known or mode is GenerationMode.NEGATIVE:
        return generated
    existing = st.fixed_dictionaries({name: st.sampled_from(ids[name]) for name in known})
    return st.one_of(
        generated,
        existing.flatmap(
            lambda values: operation.as_strategy(generation_mode=mode, path_parameters=values)
        ),
    )


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_the_api_survives_generated_requests():
    from nrm.wsgi import application

    token, ids = _world()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    per_run = math.ceil(TARGET_REQUESTS * 1.1 / (len(operations) * len(modes)))
    made = 0
    statuses: Counter[int] = Counter()
    failures: dict[str, str] = {}
    started = time.monotonic()

    for operation in operations:
        has_input = any([operation.path_parameters, operation.query, operation.body])
        for mode in modes if has_input else modes[:1]:

            @settings(
                max_examples=per_run,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=_strategy(operation, mode, ids))
            def run(case):
                nonlocal made
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
                response = case.call()
                made += 1
                statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # collect every operation's failure, report at the end
                failures[f"{operation.label} [{mode.value}]"] = str(exc)[:3000]

    elapsed = time.monotonic() - started
    print(f"{made} requests, {len(operations)} operations, {elapsed:.1f} s, {dict(statuses)}")
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
    assert made >= TARGET_REQUESTS


def test_every_operation_declares_the_errors_it_can_answer(client):
    """The fuzzer checks the statuses it provokes; this checks the ones it cannot (a bad
    token, an oversized body) from the OpenAPI document itself."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    missing = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            params = {p["in"] for p in operation.get("parameters", [])}
            expected = set()
            if operation.get("security"):
                expected.add("401")
            if "path" in params:
                expected.add("404")
            if "query" in params:
                expected.add("400")
            if "requestBody" in operation:
                expected |= {"400", "413", "415"}
            lacking = expected - set(operation["responses"])
            if lacking:
                missing.append(f"{method.upper()} {path}: {sorted(lacking)}")
    assert not missing, "\n".join(missing)
