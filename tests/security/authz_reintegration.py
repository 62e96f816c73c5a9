"""The routes of the reintegration (nrm.reintegration, docs/reintegration.md) in the
authorization matrix (rules: authz_routes.py).

The monthly monitoring report (D2), the reasoned report and the service lines are recorded
by the case's social worker or case manager: the profile's `reintegration.reported_by`
(caseworkers and focal points) with case.update, on a case they see (404 otherwise, as a
missing case), then 403 (the API, and the pages). No capability says who reports, and the AP
secretariat has case.update without being a reporter: here whoever sees the case is
"allowed" when they get past the check (201, 400, 302) or are refused by it (403); who gets
which (a caseworker past it; the AP secretariat and a read-only member refused) is tested in
tests/reintegration. Ending the monitoring is the AP secretariat's (`concluded_by`): among
the demo users, the one role with audit.read.

The matrix's cases are not monitored (no AP decision on a reintegration plan): a reporter's
write is refused with 400 (a page: sent back with the message) after the checks. The matrix
makes no monitoring report and no service line: a route of one answers 404 to everyone
signed in, as for one whose case they cannot see (tests/reintegration checks that).
"""

from tests.security.authz_rules import (
    CASE_READ,
    CASE_WRITE,
    POST_OK,
    SIGNED_IN,
    TODAY,
    R,
    Rule,
    case_needs,
)

# The case visible, then the profile's reporter with case.update (403 otherwise).
REPORTER = Rule("case + the reintegration's reporter (case.update)", case="case")
OR_NOT_REPORTER = (*POST_OK, 403)
# The profile's `concluded_by`: the AP secretariat, the one demo role with audit.read.
CONCLUDER = case_needs("audit.read")
NONE = (404,)
NO_REPORT = {"report_id": "0"}
NO_LINE = {"line_id": "0"}
LINE_STATUS = {"status": "provided", "on": TODAY, "note": "M"}

PAGES = [
    R("GET", "reintegration/due/", SIGNED_IN, note="the reports due on the caller's cases"),
    R("GET", "cases/<int:case_id>/reintegration/", CASE_READ),
    R(
        "GET",
        "cases/<int:case_id>/reintegration/reports/new/",
        CASE_READ,
        ok=(200, 302),
        note="the D2 form; one who may not file a D2 now (not a reporter, no monitoring "
        "running) is sent back to the case's page with the message",
    ),
    R(
        "POST",
        "cases/<int:case_id>/reintegration/reports/new/",
        REPORTER,
        body={"period": "1", "reported_on": TODAY},
        ok=OR_NOT_REPORTER,
        note="no monitoring running: back to the page with the message (302)",
    ),
    R(
        "GET",
        "reintegration/reports/<int:report_id>/d2.pdf",
        SIGNED_IN,
        values=NO_REPORT,
        ok=NONE,
    ),
    R(
        "POST",
        "cases/<int:case_id>/reintegration/end/",
        CONCLUDER,
        body={"reason": "M"},
        note="the monitoring has not started: back to the page with the message (302)",
    ),
    R(
        "POST",
        "cases/<int:case_id>/reintegration/close/",
        CASE_WRITE,
        body={"note": "M"},
        note="the registry's closing (the owner or the AP secretariat; another institution "
        "is sent back with the registry's message)",
    ),
    R(
        "POST",
        "cases/<int:case_id>/reintegration/proposal/",
        REPORTER,
        body={"proposed_on": TODAY, "reasoning": "M"},
        ok=OR_NOT_REPORTER,
        note="an invalid form is sent back before any check (reveals nothing); here: no "
        "monitoring running, back with the message after the checks",
    ),
    R(
        "POST",
        "cases/<int:case_id>/service-lines/",
        REPORTER,
        body={"kind": "no-such-kind", "institution": "0", "requested_on": TODAY},
        ok=OR_NOT_REPORTER,
        note="an unknown service: back with the message after the checks",
    ),
    R(
        "POST",
        "service-lines/<int:line_id>/status/",
        SIGNED_IN,
        body=LINE_STATUS,
        values=NO_LINE,
        ok=NONE,
    ),
]

API = [
    R(
        "POST",
        "api/v1/cases/<int:case_id>/monitoring-reports",
        REPORTER,
        body={"period": 1, "reported_on": TODAY, "criteria": {}},
        ok=OR_NOT_REPORTER,
        note="no monitoring running: 400 after the checks",
    ),
    R("GET", "api/v1/cases/<int:case_id>/monitoring-reports", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/service-lines",
        REPORTER,
        body={"kind": "no-such-kind", "institution_id": 0, "requested_on": TODAY},
        ok=OR_NOT_REPORTER,
        note="an unknown service: 400 after the checks",
    ),
    R(
        "POST",
        "api/v1/service-lines/<int:line_id>/status",
        SIGNED_IN,
        body=LINE_STATUS,
        values=NO_LINE,
        ok=NONE,
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/reevaluation-proposal",
        REPORTER,
        body={"reasoning": "M", "proposed_on": TODAY},
        ok=OR_NOT_REPORTER,
        note="no monitoring running: 400 after the checks",
    ),
]

ROUTES = [*PAGES, *API]
