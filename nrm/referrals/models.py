"""Referrals between institutions with the states of the HL7 SDOH referral (ServiceRequest +
Task), and their history (docs/referrals.md). The allowed moves are the profile's
`referrals` block; access to the case follows the state through a registry CaseGrant."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class ReferralStatus(models.TextChoices):
    # HL7 Task.status requested / ServiceRequest.status active (the v1 contract: "pending").
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")  # Task accepted
    DECLINED = "declined", _("Declined")  # Task rejected / ServiceRequest revoked
    IN_PROGRESS = "in_progress", _("In progress")  # Task in-progress
    COMPLETED = "completed", _("Completed")  # Task completed / ServiceRequest completed
    CANCELLED = "cancelled", _("Cancelled")  # Task cancelled / ServiceRequest revoked


# The states in which the receiving institution has access to the case.
ACCESS_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
OPEN_STATUSES = (ReferralStatus.PENDING, *ACCESS_STATUSES)


class Referral(models.Model):
    """One referral of a case from one institution to another, for one need (a code of the
    profile's `service_needs`) and, when known, one service of the directory."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="referrals")
    from_institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="referrals_received"
    )
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # The service as the contract's body named it, when it is not a directory service.
    service_label = models.CharField(_("service"), max_length=200, blank=True)
    need = models.CharField(_("need"), max_length=32)
    emergency = models.BooleanField(_("emergency"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PENDING,
    )
    consent = models.ForeignKey(
        "consent.ConsentRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The plan item this referral serves (nrm.plans sits above: by id).
    plan_item_id = models.PositiveIntegerField(null=True, blank=True)
    # The registry grant that gives the receiver access while accepted / in progress.
    grant = models.ForeignKey(
        "registry.CaseGrant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True)  # the sender's: may name the person
    reason = EncryptedTextField(_("reason"), blank=True)  # the last decision's reason
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_institution", "status"], name="referral_incoming"),
            models.Index(fields=["from_institution", "status"], name="referral_outgoing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_institution=models.F("to_institution")),
                name="referral_not_to_self",
            )
        ]


class ReferralEvent(models.Model):
    """One step of a referral: who moved it, when, from which state to which."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)  # empty: created
    to_status = models.CharField(max_length=16)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
