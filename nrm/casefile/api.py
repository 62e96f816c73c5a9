"""API of the case file. Handlers translate HTTP to one service or selector call.

`POST /cases/{id}/documents` takes multipart/form-data (`kind`, `sensitivity`, `file`): the
one operation of the API that is not JSON. Its body is read by the handler itself, after
the capped in-memory upload handler is set (`nrm.casefile.uploads`), so ninja's JSON parser
never sees it. A body far over the limit is refused with 413 before it is read.
"""

from datetime import date, datetime

from django.conf import settings
from ninja import Query, Router, Schema, Status

from nrm.audit.services import access_record
from nrm.casefile import selectors, services, views
from nrm.casefile.audit_codes import CasefileCode
from nrm.casefile.uploads import cap_uploads
from nrm.core.api_input import ErrorOut
from nrm.core.errors import NotFound
from nrm.jurisdictions import get_profile
from nrm.registry.selectors import case_get

router = Router(tags=["casefile"])

_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class NoteIn(Schema):
    noted_on: date
    kind: str
    text: str
    sensitivity: str = ""
    supersedes: int | None = None  # the id of the note this one corrects


class NoteOut(Schema):
    id: int
    noted_on: date
    written_at: datetime
    kind: str
    sensitivity: str
    author: str
    institution: str
    # null when the reader may not see the note's class ("restricted").
    text: str | None
    restricted: bool
    supersedes: int | None
    corrected_by: int | None


class DocumentOut(Schema):
    id: int
    uploaded_at: datetime
    kind: str
    sensitivity: str
    author: str
    institution: str
    name: str | None  # null: restricted
    content_type: str
    size: int
    sha256: str | None
    restricted: bool
    content_url: str | None


class PageQuery(Schema):
    page: int = 1


def _note(v: selectors.NoteView) -> dict:
    return {
        "id": v.id,
        "noted_on": v.noted_on,
        "written_at": v.written_at,
        "kind": v.kind,
        "sensitivity": v.sensitivity,
        "author": v.author,
        "institution": v.institution,
        "text": v.text,
        "restricted": v.restricted,
        "supersedes": v.supersedes_id,
        "corrected_by": v.corrected_by_id,
    }


def _document(v: selectors.DocumentView) -> dict:
    return {
        "id": v.id,
        "uploaded_at": v.uploaded_at,
        "kind": v.kind,
        "sensitivity": v.sensitivity,
        "author": v.author,
        "institution": v.institution,
        "name": v.name,
        "content_type": v.content_type,
        "size": v.size,
        "sha256": v.sha256,
        "restricted": v.restricted,
        "content_url": None if v.restricted else f"/api/v1/documents/{v.id}/content",
    }


def _read_case(request, case_id: int):
    case = case_get(actor=request.actor, id=case_id)
    access_record(actor=request.actor, case_id=case.pk, action=CasefileCode.API_READ)
    return case


@router.get("/cases/{int:case_id}/notes", response={200: list[NoteOut], 400: ErrorOut, **_READ})
def note_list(request, case_id: int, query: Query[PageQuery]):
    """The case's notes, newest first, a page of the profile's `page_size` at a time."""
    case = _read_case(request, case_id)
    reader = selectors.Reader(request.actor, case)
    size = reader.profile.casefile.page_size if reader.profile.casefile else 20
    page = max(query.page, 1)
    rows = selectors.note_list(actor=request.actor, case=case)[(page - 1) * size : page * size]
    return [_note(reader.note(n)) for n in rows]


@router.post("/cases/{int:case_id}/notes", response={201: NoteOut, **_WRITE})
def note_create(request, case_id: int, payload: NoteIn):
    fields = {
        "noted_on": payload.noted_on,
        "kind": payload.kind,
        "text": payload.text,
        "sensitivity": payload.sensitivity,
    }
    if payload.supersedes is not None:
        old = selectors.note_get(actor=request.actor, id=payload.supersedes)
        if old.case_id != case_id:
            raise NotFound()
        note = services.note_correct(actor=request.actor, note_id=old.pk, **fields)
    else:
        note = services.note_write(actor=request.actor, case_id=case_id, **fields)
    reader = selectors.Reader(request.actor, note.case)
    note = selectors.note_list(actor=request.actor, case=note.case).get(pk=note.pk)
    return Status(201, _note(reader.note(note)))


@router.get("/cases/{int:case_id}/documents", response={200: list[DocumentOut], **_READ})
def document_list(request, case_id: int):
    case = _read_case(request, case_id)
    reader = selectors.Reader(request.actor, case)
    return [
        _document(reader.document(d))
        for d in selectors.document_list(actor=request.actor, case=case)
    ]


@router.post(
    "/cases/{int:case_id}/documents",
    response={201: DocumentOut, **_WRITE},
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["kind", "file"],
                        "properties": {
                            "kind": {"type": "string"},
                            "sensitivity": {"type": "string"},
                            "file": {"type": "string", "format": "binary"},
                        },
                    }
                }
            },
            "required": True,
        }
    },
)
def document_create(request, case_id: int):
    block = get_profile(settings.NRM_JURISDICTION).casefile
    if block is not None:
        cap_uploads(request, block.max_document_bytes)
    doc = services.document_upload(
        actor=request.actor,
        case_id=case_id,
        kind=request.POST.get("kind", ""),
        sensitivity=request.POST.get("sensitivity", ""),
        file=request.FILES.get("file"),
    )
    reader = selectors.Reader(request.actor, doc.case)
    return Status(201, _document(reader.document(doc)))


@router.get(
    "/documents/{int:document_id}/content",
    response={200: None, **_READ},
    openapi_extra={"responses": {"200": {"description": "The file, as an attachment."}}},
)
def document_content(request, document_id: int):
    """The document's bytes, for a reader of its case and its class (403 for another reader
    of the case, 404 for a stranger); every download is in the access log."""
    doc, chunks = services.document_open(actor=request.actor, document_id=document_id)
    return views.download_response(doc, chunks)
