"""Change history (one event per service call) and access log (every read of a case).

Both name the case by id only and carry codes and structured data, never rendered text
or personal data: the data field holds which fields changed, not their values.

Both are tamper-evident: each row carries the hash of the row before it (`prev_hash`) and
its own hash over its canonical fields (`nrm.audit.chain`); `ChainHead` holds the last
hash of each chain and is the lock row that serialises whoever links rows. `nrm audit
verify` checks. A change event is linked as it is written; a read is written unlinked (one
INSERT, no lock: reads are many) and sealed into the chain in batches by the worker
(`AccessLog.seq`, docs/decisions/0009-read-log-sealing.md).
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
    # The row's place in the access chain, set when the worker seals it (null until then,
    # and prev_hash and hash empty): the order of sealing, which is the order of commits,
    # not of ids — a read that commits late is linked after those sealed before it.
    seq = models.BigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["case_id", "at"]),
            # The unusual-reading watch counts one user's recent reads on every case opened.
            models.Index(fields=["user", "at"], name="access_user_at"),
        ]
        verbose_name = _("access")
        verbose_name_plural = _("access log")


class ChainHead(models.Model):
    """The last link of one hash chain (`event` or `access`); locked by whoever links a row
    into it (every writer of a change event; the sealing of reads)."""

    name = models.CharField(max_length=16, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)


class LogMark(models.Model):
    """How far a periodic job has read an append-only log: the unusual-reading watch keeps
    here the last access-log `seq` it judged."""

    name = models.CharField(max_length=32, primary_key=True)
    last = models.BigIntegerField(default=0)


class ReadingAlert(models.Model):
    """One user opened an unusual number of distinct cases in a short time (the profile's
    `unusual_reading`). At most one per user per window: a later read inside the window of
    the last alert raises no second one. Counts and codes only, never a case."""

    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    cases = models.PositiveIntegerField(_("distinct cases"))
    minutes = models.PositiveIntegerField(_("minutes"))
    notified = models.PositiveIntegerField(_("people notified"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="alert_user_newest")]
        verbose_name = _("unusual reading alert")
        verbose_name_plural = _("unusual reading alerts")
