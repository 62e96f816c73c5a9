"""Reads of the audit trail. Only callers with audit.read get anything."""

from django.db.models import QuerySet

from nrm.accounts.capabilities import Capability
from nrm.audit.models import AccessLog, AuditEvent
from nrm.core.errors import Forbidden


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
