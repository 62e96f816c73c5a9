"""Action plans' routes in the authorization matrix (rules: authz_routes.py; issue 16,
docs/action-plan.md). A plan is public policy: every signed-in user reads the list; importing
needs `actionplan.manage` (an empty form comes back, 400). The matrix's world has no plan, so
a route of one plan, activity or report answers 404 to everyone signed in
(tests/actionplan/test_views.py checks who may do what on a real plan)."""

from tests.security.authz_rules import PUBLIC, SIGNED_IN, R, needs

NO_RECORD = (404,)
NO_PLAN = {"plan_id": "0"}
NO_ACTIVITY = {"activity_id": "0"}
NO_REPORT = {"report_id": "0"}

ROUTES = [
    R("GET", "action-plans/", SIGNED_IN),
    R(
        "POST",
        "action-plans/",
        needs("actionplan.manage"),
        body={},
        ok=(400,),
        note="the import form without a file comes back (400)",
    ),
    R("GET", "action-plans/<int:plan_id>/", SIGNED_IN, values=NO_PLAN, ok=NO_RECORD),
    R("POST", "action-plans/<int:plan_id>/map/", SIGNED_IN, body={}, values=NO_PLAN, ok=NO_RECORD),
    R(
        "POST",
        "action-plans/<int:plan_id>/periods/",
        SIGNED_IN,
        body={},
        values=NO_PLAN,
        ok=NO_RECORD,
    ),
    R("GET", "action-plans/<int:plan_id>/dashboard/", SIGNED_IN, values=NO_PLAN, ok=NO_RECORD),
    R(
        "GET",
        "action-plans/<int:plan_id>/annual-<int:year>.pdf",
        SIGNED_IN,
        values={**NO_PLAN, "year": "2016"},
        ok=NO_RECORD,
    ),
    R(
        "GET",
        "action-plans/<int:plan_id>/public/<int:year>/",
        PUBLIC,
        values={**NO_PLAN, "year": "2016"},
        ok=NO_RECORD,
        note="a finished year's summary is public; the matrix has no plan",
    ),
    R(
        "GET",
        "action-plans/activities/<int:activity_id>/",
        SIGNED_IN,
        values=NO_ACTIVITY,
        ok=NO_RECORD,
    ),
    R(
        "GET",
        "action-plans/activities/<int:activity_id>/edit/",
        SIGNED_IN,
        values=NO_ACTIVITY,
        ok=NO_RECORD,
    ),
    R(
        "POST",
        "action-plans/activities/<int:activity_id>/edit/",
        SIGNED_IN,
        body={},
        values=NO_ACTIVITY,
        ok=NO_RECORD,
    ),
    R(
        "POST",
        "action-plans/activities/<int:activity_id>/report/",
        SIGNED_IN,
        body={},
        values=NO_ACTIVITY,
        ok=NO_RECORD,
    ),
    R(
        "GET",
        "action-plans/objectives/<int:objective_id>/edit/",
        SIGNED_IN,
        values={"objective_id": "0"},
        ok=NO_RECORD,
        note="the matrix has no objective: 404 to everyone (tests/actionplan: the editor's)",
    ),
    R(
        "POST",
        "action-plans/objectives/<int:objective_id>/edit/",
        SIGNED_IN,
        body={},
        values={"objective_id": "0"},
        ok=NO_RECORD,
    ),
    R(
        "POST",
        "action-plans/reports/<int:report_id>/review/",
        SIGNED_IN,
        body={},
        values=NO_REPORT,
        ok=NO_RECORD,
    ),
]
