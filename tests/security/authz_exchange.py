"""The routes of this stage app in the authorization matrix (rules: authz_routes.py).

The exchange (nrm.exchange, issue 14): a case as an HTCDS document (read like the case), a
case opened from one (case.create; an empty body is refused by validation after the check),
and the CTDC extract (case.read_all)."""

from tests.security.authz_rules import CASE_READ, R, needs

ROUTES = [
    R("GET", "cases/<int:case_id>/htcds.json", CASE_READ, note="the download: one access-log row"),
    R("GET", "exchange/htcds/import/", needs("case.create")),
    R(
        "POST",
        "exchange/htcds/import/",
        needs("case.create"),
        body={},
        note="no file: the form is sent back (400), nothing written",
    ),
    R("GET", "exchange/ctdc/", needs("case.read_all")),
    R("POST", "exchange/ctdc/", needs("case.read_all"), body={"format": "json"}),
    R("GET", "api/v1/cases/<int:case_id>/htcds", CASE_READ),
    R(
        "POST",
        "api/v1/cases/import/htcds",
        needs("case.create", refusal=403),
        body={},
        note="an empty document: 400 with the required fields, nothing written",
    ),
]
