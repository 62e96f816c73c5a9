"""Unique persons across agencies (issue 14, docs/unique-persons.md).

Each agency opens its own case with its own person record; nothing is ever merged into one
row. A reviewer's decision links two person records as one person (`same`) or keeps them
apart (`distinct`); a decision is undone by marking it undone, never by deleting it. The
unique person of a record is the connected component of its `same` links that are not
undone (`nrm.linkage.selectors.person_uids`): statistics count these, and a link never
widens who may see a case (access is still the case's own).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class LinkDecision(models.TextChoices):
    SAME = "same", _("Same person")
    DISTINCT = "distinct", _("Different persons")


class PersonLink(models.Model):
    # person_a has the lower primary key: one row per pair and decision.
    person_a = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=16, choices=LinkDecision.choices)
    decided_at = models.DateTimeField(_("decided"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # may name the person: encrypted, erased by anonymisation with the person
    reason = EncryptedTextField(_("reason"), blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = EncryptedTextField(_("reason for undoing"), blank=True)

    class Meta:
        verbose_name = _("person link")
        verbose_name_plural = _("person links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="personlink_ordered"
            ),
            # one live decision per pair
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                condition=models.Q(undone_at__isnull=True),
                name="personlink_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"person link #{self.pk}"


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a decision")
    DECIDED = "decided", _("Decided")
    STALE = "stale", _("No longer found")


class MatchCandidate(models.Model):
    """A pair of person records the model scored at or above the profile's
    `linkage.review_threshold` (`linkage_scan`). `evidence`: per comparison, the level that
    agreed (Splink's gamma, its label, its weight) — never a compared value."""

    # person_a has the lower primary key, as on PersonLink.
    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(default=dict)
    found_at = models.DateTimeField(_("found"))
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="candidate_ordered"
            ),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_one_per_pair"),
        ]
        indexes = [models.Index(fields=["status", "-found_at", "-probability"])]

    def __str__(self) -> str:
        return f"match candidate #{self.pk}"
