"""The routes of the shelters (nrm.shelters, docs/shelters.md) in the authorization matrix
(rules: authz_routes.py).

Recording a stay or an incident needs the case (404 otherwise, as a missing case), then a
member of a receiving centre (the profile's `shelters.receiving_institution_types`) whose role
has case.update: 403 otherwise, in the API and on the pages (before the form is read). The
matrix's rules speak of roles, not of institution types, and every demo caseworker has the
same role: here whoever sees the case is "allowed" when they get past it (201, 400, 302) or
are refused by the centre check (403); who gets which (the Tirana shelter past it; the police,
a read-only member, a centre's member without case.update refused) is tested in
tests/shelters/test_authorization.py.

The matrix makes no stay and no incident: a route of one answers 404 to everyone signed in,
as for a stay or incident of a case the caller cannot see (tests/shelters checks both).
"""

from tests.security.authz_rules import (  # noqa: F401
    CASE_READ,
    CASE_WRITE,
    GET_OK,
    POST_OK,
    SIGNED_IN,
    TODAY,
    R,
    Rule,
    needs,
)

# The case visible, then a receiving centre's member with case.update (403 otherwise).
CENTRE_WRITE = Rule("case + a receiving centre's case.update", case="case")
OR_NOT_CENTRE = (*POST_OK, 403)
NO_STAY = {"residence_id": "0"}
NO_ADMISSION = {"admission_id": "0"}
NO_INCIDENT = {"incident_id": "0"}
NONE = (404,)

ROUTES = [
    # --- pages
    R(
        "GET",
        "shelters/",
        SIGNED_IN,
        ok=(200, 404),
        note="the caller's own centre (residents, beds, tasks, incidents); 404 to a non-centre",
    ),
    R(
        "POST",
        "cases/<int:case_id>/shelters/admit/",
        CENTRE_WRITE,
        body={},
        ok=OR_NOT_CENTRE,
        note="no service of the centre chosen: sent back with the form's message",
    ),
    R(
        "POST",
        "cases/<int:case_id>/shelters/incident/",
        CENTRE_WRITE,
        body={"kind": "absconded", "note": "M"},
        ok=OR_NOT_CENTRE,
        note="the person is not staying at the centre: sent back with the message",
    ),
    *(
        R(
            "POST",
            f"shelters/stays/<int:residence_id>/{step}/",
            SIGNED_IN,
            body=body,
            values=NO_STAY,
            ok=NONE,
        )
        for step, body in (
            ("medical", {"examined_on": TODAY, "examined_by": "M"}),
            ("caseworker", {"user_id": "0"}),
            ("interview-information", {}),
            ("exit", {"reason": "transfer"}),
        )
    ),
    R(
        "GET",
        "shelters/stays/<int:residence_id>/<str:form>.pdf",
        SIGNED_IN,
        values={**NO_STAY, "form": "c1"},
        ok=NONE,
    ),
    R(
        "POST",
        "shelters/incidents/<int:incident_id>/notify/",
        SIGNED_IN,
        body={},
        values=NO_INCIDENT,
        ok=NONE,
    ),
    # --- API
    R(
        "POST",
        "api/v1/cases/<int:case_id>/admissions",
        CENTRE_WRITE,
        body={"service_id": None},
        ok=OR_NOT_CENTRE,
        note="no service: 400 after the centre check",
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/incidents",
        CENTRE_WRITE,
        body={"kind": "absconded", "note": "M"},
        ok=OR_NOT_CENTRE,
        note="the person is not staying at the centre: 400 after the centre check",
    ),
    R("GET", "api/v1/admissions/<int:admission_id>", SIGNED_IN, values=NO_ADMISSION, ok=NONE),
    R(
        "POST",
        "api/v1/admissions/<int:admission_id>/exit",
        SIGNED_IN,
        body={"reason": "transfer"},
        values=NO_ADMISSION,
        ok=NONE,
    ),
    R(
        "GET",
        "api/v1/shelters/residents",
        SIGNED_IN,
        note="the people staying at the caller's centre now (none for a non-centre)",
    ),
]
