"""Formal identification records (SOP stage C). Data only: the rules are in `rules.py` and
the profile's `formal_identification` block, every write is in `services.py`.

Free text that may describe or locate the person (the place, the needs assessment, the
reasoning of the decision, the designated shelter, participants' names) is encrypted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Opening(models.TextChoices):
    A5 = "a5", _("Request for formal identification (A5)")
    SELF_REFERRAL = "self_referral", _("The person asked the police for the formal interview")


class GroupState(models.TextChoices):
    """The group's part of the identification procedure (the registry's procedure states
    `formal`, `at_ap`, `decided`)."""

    FORMAL = "formal", _("with the group")
    AT_AP = "at_ap", _("at the Responsible Authority (no consensus)")
    DECIDED = "decided", _("decided")


class Group(models.Model):
    """The ad hoc regional group (G/SPIF) of one case: its institutions (a seat each) and
    where its work stands."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="formal_groups"
    )
    opened_via = models.CharField(_("opened by"), max_length=16, choices=Opening.choices)
    request = models.ForeignKey(
        "screening.FormalIdentificationRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    county = models.CharField(_("county"), max_length=64)
    for_child = models.BooleanField(_("for a child"))
    state = models.CharField(max_length=16, choices=GroupState.choices, default=GroupState.FORMAL)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Set when every seat is taken: the group has intervened.
    formed_at = models.DateTimeField(_("formed"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(closed_at__isnull=True), name="group_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"group #{self.pk}"


class Seat(models.Model):
    """One institution of the group and the user who took the case up for it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="seats")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["group", "institution"], name="seat_unique")]
        indexes = [models.Index(fields=["user", "group"], name="seat_member")]


class InterviewForm(models.TextChoices):
    B1 = "B1", _("B1. Formal interview format for children")
    B2 = "B2", _("B2. Formal interview format for adults")


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    STARTED = "started", _("under way")
    ENDED = "ended", _("ended")


class FormalInterview(models.Model):
    """The formal interview (B1 for a child, B2 for an adult)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="interviews")
    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="formal_interviews"
    )
    form = models.CharField(_("form"), max_length=2, choices=InterviewForm.choices)
    status = models.CharField(max_length=8, choices=InterviewStatus.choices)
    scheduled_at = models.DateTimeField(_("date and time"))
    place = EncryptedTextField(_("place"))
    parent_guardian_suspected = models.BooleanField(
        _("parent or guardian suspected of involvement"), default=False
    )
    # Codes of the profile's conditions confirmed and rights explained at the start.
    conditions = models.JSONField(_("conditions met"), default=list)
    rights = models.JSONField(_("rights explained"), default=list)
    max_minutes = models.PositiveSmallIntegerField(_("maximum duration (minutes)"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    exceeded = models.BooleanField(_("longer than the maximum"), default=False)
    exceedance_reason = EncryptedTextField(_("why it lasted longer"), blank=True)
    interruptions = models.PositiveSmallIntegerField(_("interruptions"), default=0)
    interrupted_by_person = models.BooleanField(_("the person interrupted it"), default=False)
    interruption_note = EncryptedTextField(_("about the interruptions"), blank=True)
    # What the person said, in a few words (the facts): may describe them.
    facts = EncryptedTextField(_("facts covered"), blank=True)
    # The in-depth needs assessment (L710–711) by the PMF (child) or social worker (adult).
    needs_assessment = EncryptedTextField(_("in-depth needs assessment"), blank=True)
    needs_assessed_at = models.DateTimeField(null=True, blank=True)
    needs_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = _("formal interview")
        verbose_name_plural = _("formal interviews")

    def __str__(self) -> str:
        return f"formal interview #{self.pk}"


class FormalParticipant(models.Model):
    """Someone present at the formal interview; third persons only at the person's request."""

    interview = models.ForeignKey(
        FormalInterview, on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=32)  # the profile's participant_roles
    name = EncryptedTextField(_("name"))
    requested_by_person = models.BooleanField(_("at the person's request"), default=False)
    declaration_signed_on = models.DateField(_("A1 signed on"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"formal participant #{self.pk}"


class Outcome(models.TextChoices):
    VICTIM = "victim", _("Victim of trafficking")
    POTENTIAL_VICTIM = "potential_victim", _("Potential victim of trafficking")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class GroupDecision(models.Model):
    """B3: the group's decision on the status, or its record that it did not agree."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="decisions")
    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="group_decisions"
    )
    outcome = models.CharField(
        _("outcome"), max_length=32, choices=Outcome.choices, null=True, blank=True
    )
    consensus = models.BooleanField(_("consensus"))
    decided_on = models.DateField(_("decided on"))
    reasoning = EncryptedTextField(_("reasoning"))
    # For a child: the shelter designated (B3).
    shelter = EncryptedTextField(_("designated shelter"), blank=True)
    status_before = models.CharField(max_length=32)
    status_after = models.CharField(max_length=32)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to_ap_at = models.DateTimeField(_("sent to the AP"), null=True, blank=True)
    notified_on = models.DateField(_("notice received on"), null=True, blank=True)
    # The AP's binding decision after a disagreement (its minutes are the meeting's).
    ap_outcome = models.CharField(
        _("AP decision"), max_length=32, choices=Outcome.choices, blank=True
    )
    ap_decided_at = models.DateTimeField(null=True, blank=True)
    ap_meeting_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("decision of the formal identification group")
        verbose_name_plural = _("decisions of the formal identification group")

    def __str__(self) -> str:
        return f"B3-{self.pk}"

    @property
    def reference(self) -> str:
        return f"B3-{self.pk}"
