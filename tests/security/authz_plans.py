"""The routes of this stage app in the authorization matrix (rules: authz_routes.py).

The needs assessment and the plans (nrm.plans, docs/plans.md). Who may assess, prepare a
plan of a kind or record the AP's decision is the profile's `plans` block (role ×
institution type, and the institution involved in the case): no capability says it, so the
matrix sends what is refused after the case and case.update are checked and before that
authority is asked (an empty assessment, an unknown kind of plan); tests/plans covers the
authority's refusals (403). The matrix makes no assessment and no plan: a route of one
answers 404 to everyone signed in, as for one whose case they cannot see (tests/plans checks
that).
"""

from tests.security.authz_rules import (
    CASE_READ,
    CASE_WRITE,
    SIGNED_IN,
    TODAY,
    R,
    needs,
)

NO_RECORD = (404,)
NO_ASSESSMENT = {"assessment_id": "0"}
NO_PLAN = {"plan_id": "0"}
NO_ITEM = {"item_id": "0"}
ITEM = {"domain": "health", "action": "M", "due_on": TODAY}
DECISION = {"outcome": "approve", "decided_on": TODAY}

PAGES = [
    R(
        "GET",
        "cases/<int:case_id>/assessments/new/",
        CASE_WRITE,
        note="one who may not assess (profile) is told so on the page",
    ),
    R(
        "POST",
        "cases/<int:case_id>/assessments/new/",
        CASE_WRITE,
        body={},
        note="an invalid form is shown again (200) before the service asks who may assess",
    ),
    R("GET", "assessments/<int:assessment_id>/", SIGNED_IN, values=NO_ASSESSMENT, ok=NO_RECORD),
    R(
        "GET",
        "assessments/<int:assessment_id>/form.pdf",
        SIGNED_IN,
        values=NO_ASSESSMENT,
        ok=NO_RECORD,
    ),
    R(
        "POST",
        "cases/<int:case_id>/plans/new/",
        CASE_WRITE,
        body={"kind": "no-such-kind"},
        note="an unknown kind: back to the case with the message (302)",
    ),
    R(
        "GET",
        "plans/awaiting-ap/",
        needs("audit.read"),
        note="the profile's `decided_by` (the AP secretariat): among the demo users, the one "
        "role with audit.read; the D1s of the caller's scope",
    ),
    R("GET", "plans/<int:plan_id>/", SIGNED_IN, values=NO_PLAN, ok=NO_RECORD),
    R("POST", "plans/<int:plan_id>/items/", SIGNED_IN, body=ITEM, values=NO_PLAN, ok=NO_RECORD),
    R(
        "POST",
        "plans/items/<int:item_id>/",
        SIGNED_IN,
        body={**ITEM, "status": "planned"},
        values=NO_ITEM,
        ok=NO_RECORD,
    ),
    *(
        R("POST", f"plans/<int:plan_id>/{step}/", SIGNED_IN, body={}, values=NO_PLAN, ok=NO_RECORD)
        for step in ("approve", "submit")
    ),
    R(
        "POST",
        "plans/<int:plan_id>/decision/",
        SIGNED_IN,
        body=DECISION,
        values=NO_PLAN,
        ok=NO_RECORD,
    ),
    R(
        "GET",
        "plans/<int:plan_id>/revisions/<int:number>/",
        SIGNED_IN,
        values={**NO_PLAN, "number": "1"},
        ok=NO_RECORD,
    ),
    R("GET", "plans/<int:plan_id>/plan.pdf", SIGNED_IN, values=NO_PLAN, ok=NO_RECORD),
]

API = [
    R(
        "POST",
        "api/v1/cases/<int:case_id>/assessments",
        CASE_WRITE,
        body={"findings": []},
        note="no date, no domain assessed: 400 before the profile asks who may assess",
    ),
    R("GET", "api/v1/cases/<int:case_id>/assessments", CASE_READ),
    R("GET", "api/v1/cases/<int:case_id>/plans", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/plans",
        CASE_WRITE,
        body={"kind": "no-such-kind"},
        note="an unknown kind: 400 before the profile asks who may prepare it",
    ),
    R("GET", "api/v1/plans/<int:plan_id>", SIGNED_IN, values=NO_PLAN, ok=NO_RECORD),
    R(
        "POST",
        "api/v1/plans/<int:plan_id>/items",
        SIGNED_IN,
        body=ITEM,
        values=NO_PLAN,
        ok=NO_RECORD,
    ),
    R(
        "PATCH",
        "api/v1/plan-items/<int:item_id>",
        SIGNED_IN,
        body={"status": "in_progress"},
        values=NO_ITEM,
        ok=NO_RECORD,
    ),
    *(
        R(
            "POST",
            f"api/v1/plans/<int:plan_id>/{step}",
            SIGNED_IN,
            body={},
            values=NO_PLAN,
            ok=NO_RECORD,
        )
        for step in ("approve", "submit")
    ),
    R(
        "POST",
        "api/v1/plans/<int:plan_id>/decision",
        SIGNED_IN,
        body=DECISION,
        values=NO_PLAN,
        ok=NO_RECORD,
    ),
]

ROUTES = [*PAGES, *API]
