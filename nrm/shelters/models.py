"""A person's stay in a shelter or centre (SOP S7 L1010–1146): the admission (C1 adult, C3
child) with the C2 agreement, the medical examination, the basic needs, the case worker and
the exit; and the incidents of the stay (absconding, refusal of all help, return to family or
community, a child's return), each with the notices the SOP requires (docs/shelters.md).
Codes (information items, needs, exit reasons, incident kinds) are the profile's `shelters`
block. No address is ever stored: the directory's location names a county only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Form(models.TextChoices):
    C1 = "c1", _("C1 — admission of an adult")
    C3 = "c3", _("C3 — admission of a child")


class Residence(models.Model):
    """One stay of a person in a centre: from admission to exit. At most one open stay per
    case (a partial unique constraint); it holds one bed of `service` while open."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="residences")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="residences"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="residences"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residences",
    )
    form = models.CharField(_("form"), max_length=4, choices=Form.choices)
    admitted_at = models.DateTimeField(_("admitted at"))
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Codes of the profile's `information_items` and `basic_needs`.
    information_given = models.JSONField(_("information given"), default=list, blank=True)
    basic_needs = models.JSONField(_("basic needs met"), default=list, blank=True)
    # C2: the person's (or guardian's) declaration of agreement.
    agreement_signed = models.BooleanField(_("agreement signed (C2)"), default=False)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    medical_examined_on = models.DateField(_("medical examination on"), null=True, blank=True)
    # Who examined: a role or a service ("centre doctor", "health centre"), not a name.
    medical_examined_by = models.CharField(_("examined by"), max_length=120, blank=True)
    medical_notes = EncryptedTextField(_("medical notes"), blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shelter_residents",
    )
    caseworker_assigned_at = models.DateTimeField(null=True, blank=True)
    interview_information_given_at = models.DateTimeField(
        _("formal interview explained at"), null=True, blank=True
    )
    exited_at = models.DateTimeField(_("left at"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=32, blank=True)
    exit_note = EncryptedTextField(_("note"), blank=True)
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-admitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(exited_at__isnull=True),
                name="residence_one_open_per_case",
            )
        ]
        indexes = [models.Index(fields=["institution", "exited_at"], name="residence_now")]

    def __str__(self) -> str:  # never a name
        return f"residence {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.exited_at is None


class Incident(models.Model):
    """Something the SOP asks the centre to report: its kind (the profile's
    `incident_kinds`), when, a note, and whether its notices went out (and the police
    complaint for a child who absconded)."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="incidents")
    residence = models.ForeignKey(
        Residence, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32)
    occurred_at = models.DateTimeField(_("when"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    police_complaint_on = models.DateField(_("police complaint filed on"), null=True, blank=True)
    # The complaint's number at the police: a reference, not a name.
    police_complaint_reference = models.CharField(
        _("complaint reference"), max_length=64, blank=True
    )
    # Who follows the case up (NJMF for a child, DRSHSSH for an adult), when the kind says.
    follow_up_institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["institution", "occurred_at"], name="incident_recent")]

    def __str__(self) -> str:
        return f"incident {self.pk}"


class IncidentNotice(models.Model):
    """One institution told of an incident: who (by type and role), how many users."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notices")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    roles = models.JSONField(default=list)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField()
