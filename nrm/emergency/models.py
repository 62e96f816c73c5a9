"""The child's emergency protection measure (S3 L249–254, S7 L970–1045), the chain of
escalation when institutions do not respond (L977–983), the foreign person's procedures
(residence permit, guardianship, documents, L997–1005, L1124–1129) and the reflection and
recovery period (L241–247, L380). docs/emergency.md.

Free text that may name or locate the person is encrypted and tied to the case (retention
and key rotation find it); where a child is placed is an institution or a municipality,
never an address."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EmergencyMeasure(models.Model):
    """One emergency protection measure for a child: initiated by the PMF, the director of
    the municipal social services informed at once and deciding, the alternative-care
    placement, the GTN requested within 72 hours, the police investigator contacted."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.PROTECT, related_name="emergency_measures"
    )
    initiated_at = models.DateTimeField(_("initiated at"))
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    grounds = EncryptedTextField(_("grounds (the high and immediate risk)"), blank=True)
    # Step 1: the director informed at once (rule social_services_director_notification).
    director_informed_at = models.DateTimeField(_("director informed at"), null=True, blank=True)
    # The director's decision: by role (the profile's `director_roles`), never by name.
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    director_role = models.CharField(_("director"), max_length=40, blank=True)
    decision_reasoning = EncryptedTextField(_("reasoning"), blank=True)
    # Alternative care: a kind of the profile's `placements`, at an institution or in a
    # municipality (no address).
    placement_kind = models.CharField(_("alternative care"), max_length=40, blank=True)
    placement_institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placement_municipality = EncryptedTextField(_("municipality"), blank=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    # The GTN meeting requested (within 72 hours, L984–986).
    gtn_requested_at = models.DateTimeField(_("GTN meeting requested at"), null=True, blank=True)
    gtn_institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The police investigator contacted to coordinate the formal interview (L991–993).
    police_contacted_on = models.DateField(_("police contacted on"), null=True, blank=True)
    police_institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    police_note = EncryptedTextField(_("note of the contact"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-initiated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_at__isnull=True),
                name="emergency_measure_one_open",
            )
        ]


class ChangeStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted by the PMF")
    APPROVED = "approved", _("Approved by the director")
    AT_COURT = "at_court", _("Sent to court")
    COURT_APPROVED = "court_approved", _("Approved by the court")
    COURT_REFUSED = "court_refused", _("Refused by the court")


class MeasureChange(models.Model):
    """A change of the measure to a family or foster family (L1036–1044): the GTN meets, the
    PMF drafts the measure, the municipal director approves it, the court decides."""

    measure = models.ForeignKey(EmergencyMeasure, on_delete=models.CASCADE, related_name="changes")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    placement_kind = models.CharField(max_length=40)
    status = models.CharField(max_length=16, choices=ChangeStatus.choices)
    drafted_on = models.DateField()
    approved_on = models.DateField(null=True, blank=True)
    director_role = models.CharField(max_length=40, blank=True)
    sent_to_court_on = models.DateField(null=True, blank=True)
    court_decided_on = models.DateField(null=True, blank=True)
    court_reference = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-drafted_on", "-pk"]


class NonResponse(models.Model):
    """An institution that does not respond while the case is managed (L977–983): what was
    asked, since when; climbed level by level (the profile's `non_response_steps`)."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    asked = EncryptedTextField(_("what was asked"))
    since = models.DateField(_("without an answer since"))
    step = models.CharField(max_length=40)  # the last level reached
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reported_at", "-pk"]


class NonResponseStep(models.Model):
    non_response = models.ForeignKey(NonResponse, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=40)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    notified = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["non_response", "step"], name="non_response_step_once")
        ]


class PermitKind(models.TextChoices):
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    GUARDIANSHIP = "guardianship", _("Guardianship")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ForeignProcedure(models.Model):
    """The residence permit (and for a child the guardianship) started for a foreign person
    placed in a centre or shelter (L1000–1002, L1124–1125), and its outcome."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=PermitKind.choices)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("decided on"), null=True, blank=True)
    reference = EncryptedTextField(_("reference of the act"), blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["requested_on", "pk"]


class MissionRequest(models.Model):
    """A foreign person without an identity document: the request to the diplomatic mission
    of their country (an ISO 3166-1 code, L1127–1129) and its answer."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country of the mission"), max_length=3)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("answer"), max_length=16, choices=Outcome.choices, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["requested_on", "pk"]


class ChildDocumentation(models.Model):
    """A foreign child's documentation: the AP secretariat notified, and its request for the
    AP meeting within 24 hours (L1004–1005, rule foreign_child_documentation_meeting)."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField()
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting_requested_at = models.DateTimeField(null=True, blank=True)
    meeting_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-notified_at", "-pk"]


class ReflectionPeriod(models.Model):
    """The reflection and recovery period: from `starts_on`, the profile's days (the start
    day included), to `ends_on`, moved by each extension."""

    case = models.OneToOneField(
        "registry.Case", on_delete=models.PROTECT, related_name="reflection_period"
    )
    starts_on = models.DateField(_("starts on"))
    days = models.PositiveSmallIntegerField()
    ends_on = models.DateField(_("ends on"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class ReflectionExtension(models.Model):
    period = models.ForeignKey(
        ReflectionPeriod, on_delete=models.CASCADE, related_name="extensions"
    )
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField()
    reason = EncryptedTextField(_("reason"))
    ends_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
