"""The consent registry. Data only: the rules are in `rules.py` and the profile's `consent`
block, every write is in `services.py`.

Append-only: a record is never changed. A withdrawal (or refusal) is a new record with
`given` false; the newest record per case, purpose and institution or country is in force.
Names of signatories and the reasons given are encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class ChildView(models.TextChoices):
    """The child's own view of a consent given for them (the A2: profile `a2_child_view`)."""

    AGREES = "agrees", _("The child agrees")
    DISAGREES = "disagrees", _("The child disagrees")
    COULD_NOT_EXPRESS = "could_not_express", _("The child could not express a view")
    NOT_ASKED = "not_asked", _("The child was not asked")


class ActsBecause(models.TextChoices):
    """Why a giver who acts in place of the parents (`instead_of`) signs."""

    ABSENT = "absent", _("No parent or guardian is present (unaccompanied child)")
    SUSPECTED = "suspected", _("The parent or guardian is suspected of involvement")


class ConsentRecord(models.Model):
    """Consent for one purpose, given or withdrawn (refused), by whom, when, on which form."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="consent_records"
    )
    purpose = models.CharField(_("purpose"), max_length=32)  # a purpose of the profile
    # The named institution (purpose per institution); empty on a withdrawal: every one.
    institution = models.ForeignKey(
        "accounts.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    # ISO 3166-1 alpha-2 (purpose per country); empty on a withdrawal: every country.
    country = models.CharField(_("country"), max_length=2, blank=True)
    given = models.BooleanField(_("consent given"))
    given_by = models.CharField(_("given by"), max_length=32)  # a giver of the profile
    signatory = EncryptedTextField(_("name of the signatory"), blank=True)
    form = models.CharField(_("form"), max_length=32, blank=True)  # a form of the profile
    signed_on = models.DateField(_("date"))
    # Why consent was withdrawn, or a note.
    note = EncryptedTextField(_("reason or note"), blank=True)
    # A child's own view, beside the consent given for them (A2), in the child's words or
    # why the child was not asked; and why a representative signs in place of the parents.
    child_view = models.CharField(
        _("the child's view"), max_length=24, choices=ChildView.choices, blank=True
    )
    child_view_note = EncryptedTextField(_("the child's view, in words"), blank=True)
    acts_because = models.CharField(
        _("signs in place of the parents because"),
        max_length=16,
        choices=ActsBecause.choices,
        blank=True,
    )
    # The consent this record withdraws (through "withdraw"), if any.
    withdraws = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["case", "purpose", "-recorded_at", "-id"], name="consent_in_force")
        ]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"consent #{self.pk}"


class GiverSuspicion(models.Model):
    """A statement that a parent or the guardian is (or is no longer) suspected of
    involvement in the trafficking. The newest statement about a giver counts, together
    with the initial interview's "parent or guardian suspected" flag (docs/consent.md)."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="+")
    giver = models.CharField(_("parent or guardian"), max_length=32)
    suspected = models.BooleanField(_("suspected of involvement"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
