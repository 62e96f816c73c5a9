"""Pages of the audit trail: the unusual-reading alerts, a user's recent reads, and a case's
trail exported for an inspector. Each view translates HTTP to one selector or service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from nrm.accounts.models import User
from nrm.core import csvsafe
from nrm.core.errors import Forbidden, NotFound
from nrm.oversight import export, selectors
from nrm.oversight.audit_codes import TRAIL_PAGES
from nrm.registry.services import case_open

TRAIL_PAGE = 100


@login_required
def reading_alerts(request):
    try:
        alerts = selectors.reading_alerts(actor=request.actor)[:200]
    except Forbidden:
        raise PermissionDenied from None
    return render(request, "audit/alerts.html", {"alerts": alerts})


@login_required
def user_access(request, user_id: int):
    try:
        rows = selectors.user_access_recent(actor=request.actor, user_id=user_id)
    except Forbidden:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    reader = User.objects.get(pk=user_id)
    return render(request, "audit/user_access.html", {"reader": reader, "rows": rows})


@login_required
def audit_trail_csv(request, case_id: int):
    try:
        trail = export.audit_trail_export(actor=request.actor, case_id=case_id, format="csv")
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    return csvsafe.human_response(
        f"{trail.reference}-audit-trail.csv", export.HUMAN_COLUMNS, export.trail_rows_human(trail)
    )


def _trail_page(request, case_id: int, *, kind: str):
    """Every read (kind "access") or change (kind "changes") of a case, newest first, 100 a
    page. Reading them is a read of the case."""
    actor = request.actor
    try:
        case = case_open(actor=actor, case_id=case_id, action=TRAIL_PAGES[kind])
        if kind == "access":
            rows = selectors.access_log_for_case(actor=actor, case=case)
        else:
            rows = selectors.events_for_case(actor=actor, case=case)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    page = Paginator(rows.order_by("-at", "-id"), TRAIL_PAGE).get_page(request.GET.get("page"))
    return render(request, "oversight/trail_page.html", {"case": case, "page": page, "kind": kind})


@login_required
def case_access_log(request, case_id: int):
    return _trail_page(request, case_id, kind="access")


@login_required
def case_changes(request, case_id: int):
    return _trail_page(request, case_id, kind="changes")
