"""Pages of the audit trail: the unusual-reading alerts, a user's recent reads, and a case's
trail exported for an inspector. Each view translates HTTP to one selector or service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from nrm.audit import export, selectors
from nrm.core.errors import Forbidden, NotFound


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
    from nrm.accounts.models import User

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
    response = HttpResponse(export.trail_csv(trail), content_type="text/csv; charset=utf-8")
    filename = f"{trail.reference}-audit-trail.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
