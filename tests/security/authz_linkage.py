"""The routes of unique persons in the authorization matrix (rules: authz_routes.py).

nrm.linkage: the queue of possible duplicates, the scan, a pair, a decision and its undo.
Only a reviewer (a role in the profile's `linkage.review_roles`) passes; everyone else gets
404. The matrix's world has no candidate pair and no link, so a route of one pair or link
answers 404 to everyone signed in (tests/linkage checks the reviewer's own: test_views.py,
test_api.py)."""

from tests.security.authz_rules import SIGNED_IN, R, Rule

LINKAGE_REVIEWER = Rule("linkage reviewer")
NO_PAIR = {"candidate_id": "0"}
NO_LINK = {"link_id": "0"}
DECISION = {"decision": "same", "reason": "Matrix"}

ROUTES = [
    R("GET", "persons/duplicates/", LINKAGE_REVIEWER),
    R("POST", "persons/duplicates/scan/", LINKAGE_REVIEWER, body={}, note="runs the scan"),
    R("GET", "persons/duplicates/<int:candidate_id>/", SIGNED_IN, values=NO_PAIR, ok=(404,)),
    R(
        "POST",
        "persons/duplicates/<int:candidate_id>/decide/",
        SIGNED_IN,
        body=DECISION,
        values=NO_PAIR,
        ok=(404,),
    ),
    R(
        "POST",
        "persons/links/<int:link_id>/undo/",
        SIGNED_IN,
        body={"reason": "Matrix"},
        values=NO_LINK,
        ok=(404,),
    ),
    R("GET", "api/v1/persons/duplicates", LINKAGE_REVIEWER),
    R(
        "POST",
        "api/v1/persons/links",
        LINKAGE_REVIEWER,
        body={"person_a": 0, "person_b": 1, **DECISION},
        note="no such persons: the reviewer gets 400 (field errors), anyone else 404",
    ),
    R(
        "POST",
        "api/v1/persons/links/<int:link_id>/undo",
        SIGNED_IN,
        body={"reason": "Matrix"},
        values=NO_LINK,
        ok=(404,),
    ),
]
