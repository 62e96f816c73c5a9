"""API of unique persons (reviewers only; anyone else 404). Handlers translate HTTP to one
service or selector call. The queue carries ids, scores and evidence, never a name."""

from datetime import datetime

from django.core.paginator import Paginator
from ninja import Query, Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.linkage import selectors, services
from nrm.linkage.models import PersonLink

router = Router(tags=["linkage"])

PAGE_SIZE = 50
_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class LevelOut(Schema):
    kind: str  # exact | close | different | missing
    label: str  # the model's name of the level
    weight: float


class CandidateOut(Schema):
    id: int
    person_a: int
    person_b: int
    probability: float
    match_weight: float
    found_at: datetime
    evidence: dict[str, LevelOut]


class QueueOut(Schema):
    count: int
    page: int
    pages: int
    results: list[CandidateOut]


class PageQuery(Schema):
    page: int = 1


class LinkIn(Schema):
    person_a: int
    person_b: int
    decision: str
    reason: str = ""


class UndoIn(Schema):
    reason: str = ""


class LinkOut(Schema):
    id: int
    person_a: int
    person_b: int
    decision: str
    decided_at: datetime
    undone_at: datetime | None


def _link(link: PersonLink) -> dict:
    return {
        "id": link.pk,
        "person_a": link.person_a_id,
        "person_b": link.person_b_id,
        "decision": link.decision,
        "decided_at": link.decided_at,
        "undone_at": link.undone_at,
    }


@router.get("/persons/duplicates", response={200: QueueOut, 400: ErrorOut, **_READ})
def duplicate_list(request, query: Query[PageQuery]):
    paginator = Paginator(selectors.candidate_queue(actor=request.actor), PAGE_SIZE)
    page = paginator.get_page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [
            {
                "id": c.pk,
                "person_a": c.person_a_id,
                "person_b": c.person_b_id,
                "probability": c.probability,
                "match_weight": c.match_weight,
                "found_at": c.found_at,
                "evidence": c.evidence,
            }
            for c in page.object_list
        ],
    }


@router.post("/persons/links", response={201: LinkOut, **_WRITE})
def link_create(request, payload: LinkIn):
    link = services.person_link_decide(
        actor=request.actor,
        person_a=payload.person_a,
        person_b=payload.person_b,
        decision=payload.decision,
        reason=payload.reason,
    )
    return Status(201, _link(link))


@router.post("/persons/links/{int:link_id}/undo", response={200: LinkOut, **_WRITE})
def link_undo(request, link_id: int, payload: UndoIn):
    return _link(
        services.person_link_undo(actor=request.actor, link=link_id, reason=payload.reason)
    )
