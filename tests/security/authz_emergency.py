"""The routes of the emergency app in the authorization matrix (rules: authz_routes.py).

Every write is CASE_WRITE: the case first (404 for one the caller cannot see), then case.update
(403), then what the case's state allows (400), and last who the profile names for the step
(`initiated_by`, `recorded_by`, `non_response_steps[].by`, …: a role at an institution type,
403). The matrix's cases are adults who are citizens, with no measure, no documentation and no
reflection period: each write is refused with a 400 after case.update and before the profile's
list of recorders, so every role with case.update is "allowed" here. The recorders' lists are
tested in tests/emergency (test_only_the_pmf_initiates, test_a_stranger_gets_404_and_the_wrong
_role_403, the non-response chain, the documentation meeting). The reflection period is really
started (rolled back) by whom the profile's `reflection_by` names (REFLECTION).

The matrix makes no non-response, permit or mission request: a route of one answers 404 to
everyone signed in, as for one whose case the caller cannot see (tests/emergency/test_api.py
test_a_record_of_a_case_out_of_scope_is_404).
"""

from tests.security.authz_rules import (
    CASE_READ,
    CASE_WRITE,
    SIGNED_IN,
    TODAY,
    R,
    Rule,
)

# The reflection period is really started: who the profile's `reflection_by` names (Albania's
# names every institution type of the matrix; a profile may name fewer: 403 for the others).
REFLECTION = Rule(
    "case + case.update + emergency.reflection_by",
    capability="case.update",
    case="case",
    refusal=403,
    recorders="emergency.reflection_by",
)
MEASURE = "api/v1/cases/<int:case_id>/emergency-measure"
NO_MEASURE = "no measure on the case: 400"

ROUTES = [
    R("GET", "api/v1/cases/<int:case_id>/emergency", CASE_READ, note="free text by its class"),
    R(
        "POST",
        MEASURE,
        CASE_WRITE,
        body={"grounds": "M"},
        note="child_only: the matrix's person is an adult, 400",
    ),
    R("POST", f"{MEASURE}/director-informed", CASE_WRITE, body={}, note=NO_MEASURE),
    R(
        "POST",
        f"{MEASURE}/decision",
        CASE_WRITE,
        body={
            "decision": "approved",
            "decided_on": TODAY,
            "director_role": "social_services_director",
            "reasoning": "M",
        },
        note=NO_MEASURE,
    ),
    R(
        "POST",
        f"{MEASURE}/placement",
        CASE_WRITE,
        body={"kind": "emergency_centre", "placed_on": TODAY, "municipality": "Tiranë"},
        note=NO_MEASURE,
    ),
    R("POST", f"{MEASURE}/gtn-request", CASE_WRITE, body={}, note=NO_MEASURE),
    R(
        "POST",
        f"{MEASURE}/police-contact",
        CASE_WRITE,
        body={"contacted_on": TODAY},
        note=NO_MEASURE,
    ),
    R(
        "POST",
        f"{MEASURE}/change",
        CASE_WRITE,
        body={"step": "draft", "kind": "foster_family", "on": TODAY},
        note=NO_MEASURE,
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/non-responses",
        CASE_WRITE,
        body={"institution_id": 0, "asked": "M", "since": TODAY},
        note="no institution 0: 400, before the chain's first level (the NJMF) is asked",
    ),
    R(
        "POST",
        "api/v1/non-responses/<int:nr_id>/escalate",
        SIGNED_IN,
        body={},
        values={"nr_id": "0"},
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/residence-permit",
        CASE_WRITE,
        body={"requested_on": TODAY},
        note="the person is no foreign national: 400",
    ),
    R(
        "POST",
        "api/v1/residence-permits/<int:permit_id>/outcome",
        SIGNED_IN,
        body={"outcome": "granted", "decided_on": TODAY},
        values={"permit_id": "0"},
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/mission-requests",
        CASE_WRITE,
        body={"country": "UA", "requested_on": TODAY},
        note="the person is no foreign national: 400",
    ),
    R(
        "POST",
        "api/v1/mission-requests/<int:request_id>/answer",
        SIGNED_IN,
        body={"outcome": "granted", "answered_on": TODAY},
        values={"request_id": "0"},
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/child-documentation",
        CASE_WRITE,
        body={},
        note="an adult: 400",
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/child-documentation/meeting-request",
        CASE_WRITE,
        body={},
        note="the AP secretariat was never notified: 400",
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/reflection-period",
        REFLECTION,
        body={"starts_on": TODAY},
        note="started by whom the profile's reflection_by names",
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/reflection-period/extension",
        CASE_WRITE,
        body={"days": 5, "reason": "M"},
        note="no period started: 400",
    ),
    # The panel's forms: POST only (GET is 405 to everyone). One step stands for all: each
    # calls its service as the API does; case.update is asked before the form is read.
    R(
        "POST",
        "cases/<int:case_id>/emergency/<slug:step>/",
        REFLECTION,
        body={"starts_on": TODAY},
        values={"step": "reflection"},
        note="started, back to the case page: 302",
    ),
]
