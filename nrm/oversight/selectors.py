"""Reads of the audit trail. Only callers with audit.read get anything."""

from django.db.models import QuerySet

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import User
from nrm.audit.models import AccessLog, AuditEvent, ReadingAlert
from nrm.core.errors import Forbidden, NotFound
from nrm.registry.selectors import case_scope


def _require_audit(actor) -> None:
    if not actor.can(Capability.AUDIT_READ):
        raise Forbidden()


def access_log_for_case(*, actor, case) -> QuerySet[AccessLog]:
    """`case` must already have been fetched through the registry's scoped selector."""
    _require_audit(actor)
    return AccessLog.objects.filter(case_id=case.pk).select_related("user", "institution")


def events_for_case(*, actor, case) -> QuerySet[AuditEvent]:
    _require_audit(actor)
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor", "institution")


def reading_alerts(*, actor) -> QuerySet[ReadingAlert]:
    """Unusual-reading alerts, newest first (the AP's page)."""
    _require_audit(actor)
    return ReadingAlert.objects.select_related("user", "institution")


def user_access_recent(*, actor, user_id: int, limit: int = 500) -> list[AccessLog]:
    """A user's latest reads, newest first, each with `case` (reference only) when the
    caller can see that case; a user the caller cannot name is NotFound."""
    _require_audit(actor)
    if not User.objects.filter(pk=user_id).exists():
        raise NotFound()
    rows = list(
        AccessLog.objects.filter(user_id=user_id)
        .select_related("user", "institution")
        .order_by("-at", "-id")[:limit]
    )
    cases = case_scope(actor=actor).filter(id__in={r.case_id for r in rows}).only("reference")
    by_id = {c.pk: c for c in cases}
    for row in rows:
        row.case = by_id.get(row.case_id)
    return rows
