"""The routes of this stage app in the authorization matrix (rules: authz_routes.py).

The case file (nrm.casefile): notes and documents of a case. The matrix's world has no
document, so a route of one document answers 404 to everyone signed in, as for a document of
a case the caller cannot see (tests/casefile checks the strangers: test_views.py,
test_api.py)."""

from tests.security.authz_rules import (  # noqa: F401
    CASE_READ,
    CASE_WRITE,
    GET_OK,
    POST_OK,
    SIGNED_IN,
    TODAY,
    R,
    needs,
)


class _NotADocument:
    """A file for the upload page, read afresh for every request (Django's test client reads
    it once per call): it passes the form, and the service refuses its type (no PDF, image
    or office file) after the case and case.update, so nothing is sealed to disk."""

    name = "matrix.pdf"
    content_type = "application/pdf"

    def read(self, *args) -> bytes:
        return b"Matrix"


NOTE = {"noted_on": TODAY, "kind": "visit", "text": "Matrix"}
NO_DOCUMENT = {"document_id": "0"}

ROUTES = [
    R("GET", "cases/<int:case_id>/casefile/", CASE_READ, note="the panel, a page of notes"),
    R(
        "POST",
        "cases/<int:case_id>/casefile/notes/",
        CASE_WRITE,
        body={**NOTE, "sensitivity": "identity"},
        note="no case.update: no form, 403; a refused note is sent back with its message",
    ),
    R(
        "POST",
        "cases/<int:case_id>/casefile/documents/",
        CASE_WRITE,
        body={"kind": "other", "file": _NotADocument()},
        note="the file's type is refused by the service: sent back with the message (302)",
    ),
    R("GET", "documents/<int:document_id>/download/", SIGNED_IN, values=NO_DOCUMENT, ok=(404,)),
    R(
        "POST",
        "documents/<int:document_id>/withdraw/",
        SIGNED_IN,
        body={"reason": "Matrix"},
        values=NO_DOCUMENT,
        ok=(404,),
    ),
    R("GET", "api/v1/cases/<int:case_id>/notes", CASE_READ, note="text null where restricted"),
    R("POST", "api/v1/cases/<int:case_id>/notes", CASE_WRITE, body=NOTE),
    R("GET", "api/v1/cases/<int:case_id>/documents", CASE_READ, note="name null if restricted"),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/documents",
        CASE_WRITE,
        body={"kind": "other"},
        note="multipart in truth: the JSON body carries no file, so the service answers 400 "
        "(file missing) after the case and case.update",
    ),
    R(
        "GET",
        "api/v1/documents/<int:document_id>/content",
        SIGNED_IN,
        values=NO_DOCUMENT,
        ok=(404,),
    ),
]
