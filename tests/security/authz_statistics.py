"""The statistics' other routes in the authorization matrix (rules: authz_routes.py):
releases and the reconciliation for `statistics.publish` (the AP secretariat; 404 for anyone
else), and the dashboard's charts for coordinators (`case.read_all` or `deadlines.monitor`,
as the dashboard itself). The matrix's world has no release, so a route of one release
answers 404 to everyone signed in (tests/statistics/test_releases.py checks the publisher's)."""

from tests.security.authz_rules import SIGNED_IN, R, Rule, needs

COORDINATOR = Rule("coordinator")
NO_RELEASE = {"release_id": "0"}

ROUTES = [
    R("GET", "statistics/dashboard-charts/", COORDINATOR),
    R("GET", "statistics/releases/", needs("statistics.publish")),
    R(
        "POST",
        "statistics/releases/publish/",
        needs("statistics.publish"),
        body={"code": "T01", "kind": "year", "year": "2026", "number": "", "tier": "2"},
        note="publishes the year's T01 (a release)",
    ),
    R("GET", "statistics/releases/<int:release_id>/", SIGNED_IN, values=NO_RELEASE, ok=(404,)),
    R(
        "POST",
        "statistics/releases/<int:release_id>/reproduce/",
        SIGNED_IN,
        body={},
        values=NO_RELEASE,
        ok=(404,),
    ),
    R("GET", "statistics/reconciliation/", needs("statistics.publish")),
]


def coordinator(actor) -> bool:
    return "case.read_all" in actor.capabilities or "deadlines.monitor" in actor.capabilities
