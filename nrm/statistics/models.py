"""Releases of statistics tables (issue 14 item 7, docs/disclosure.md): what was published,
from which query, profile and data cut-off, under which rule, and a digest of the output so
that it can be rebuilt from the data as it was and compared. Counts only: no person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    code = models.CharField(_("table"), max_length=16)
    period_kind = models.CharField(_("period"), max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    tier = models.PositiveSmallIntegerField(_("tier"))
    # the builder that made the table ("module.function") and the profile in force
    query = models.CharField(_("query"), max_length=200)
    profile_code = models.CharField(max_length=8)
    profile_version = models.CharField(max_length=16)
    cutoff = models.DateTimeField(_("data cut-off"))
    rule = models.CharField(_("rule"), max_length=300)
    thresholds = models.JSONField(default=dict)  # the profile's suppression settings used
    # the earlier public releases it was checked against (the release log), by id
    against = models.JSONField(default=list)
    # the canonical output: row and column codes and labels, shown cells, suppressed cells
    output = models.JSONField()
    suppressed = models.JSONField(default=list)  # [[row, column], …]
    digest = models.CharField(_("SHA-256"), max_length=64)
    released_at = models.DateTimeField(_("released"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statistics release")
        verbose_name_plural = _("statistics releases")
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["code", "period_start", "period_end"])]

    def __str__(self) -> str:
        return f"release #{self.pk} {self.code}"
