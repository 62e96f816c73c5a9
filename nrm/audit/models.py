"""Change history (one event per service call) and access log (every read of a case).

Both name the case by id only and carry codes and structured data, never rendered text
or personal data: the data field holds which fields changed, not their values.

Both are tamper-evident: each row carries the hash of the row before it (`prev_hash`) and
its own hash over its canonical fields (`nrm.audit.chain`); `ChainHead` holds the last
hash of each chain and is the lock row that serialises writers. `nrm audit verify` checks.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("event"), max_length=64)
    case_id = models.BigIntegerField(null=True, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("change event")
        verbose_name_plural = _("change history")


class AccessLog(models.Model):
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.BigIntegerField()
    action = models.CharField(_("action"), max_length=64)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case_id", "at"])]
        verbose_name = _("access")
        verbose_name_plural = _("access log")


class ChainHead(models.Model):
    """The last link of one hash chain (`event` or `access`); locked by every writer."""

    name = models.CharField(max_length=16, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
