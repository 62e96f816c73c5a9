"""Initial identification records. Data only: the rules are in `rules.py` and the profile,
every write is in `services.py`.

Free text that may describe the person (notes, justifications, interview notes, names of
parents or guardians, information for the investigation) is encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Decision(models.TextChoices):
    """What a screening concludes: a reasonable suspicion (VMT) or not."""

    POTENTIAL_VICTIM = "potential_victim", _("Potential victim of trafficking")
    NONE = "none", _("Threshold not reached")


class Screening(models.Model):
    """One screening of a person against an indicator catalogue."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="screenings")
    catalogue = models.CharField(_("catalogue"), max_length=32)
    catalogue_version = models.PositiveIntegerField(_("catalogue version"))
    indicators = models.JSONField(_("indicators observed"), default=list)
    count = models.PositiveSmallIntegerField(_("number of indicators"))
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    suggestion = models.CharField(_("suggestion"), max_length=32, choices=Decision.choices)
    decision = models.CharField(_("decision"), max_length=32, choices=Decision.choices)
    overridden = models.BooleanField(_("overridden"), default=False)
    justification = EncryptedTextField(_("justification"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # The case's identification status before and after this screening.
    status_before = models.CharField(max_length=32)
    status_after = models.CharField(max_length=32)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"screening #{self.pk}"


class ChecklistKind(models.TextChoices):
    ACTION = "action", _("required action")
    NEED = "need", _("basic need")


class ChecklistEntry(models.Model):
    """A required action done or a basic need met on a case: who, when. The audit trail
    keeps every earlier state."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="checklist")
    kind = models.CharField(max_length=8, choices=ChecklistKind.choices)
    code = models.CharField(max_length=64)  # a code of the profile's list
    done = models.BooleanField(default=True)
    # Health notes among them (sensitivity class `health`): encrypted.
    note = EncryptedTextField(_("note"), blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "code"], name="checklist_unique")
        ]


class InterviewForm(models.TextChoices):
    A3 = "A3", _("A3. Initial interview with the child")
    A4 = "A4", _("A4. Initial interview with an adult")


class SameGender(models.TextChoices):
    YES = "yes", _("Yes, interviewed by persons of the same gender")
    NOT_POSSIBLE = "not_possible", _("Not possible")
    NOT_WANTED = "not_wanted", _("The person did not ask for it")


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")


class Interview(models.Model):
    """The initial interview (A3 for a child, A4 for an adult)."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="interviews")
    form = models.CharField(_("form"), max_length=2, choices=InterviewForm.choices)
    status = models.CharField(max_length=8, choices=InterviewStatus.choices)
    scheduled_at = models.DateTimeField(_("date and time"))
    place = EncryptedTextField(_("place"))  # a location: encrypted
    same_gender = models.CharField(
        _("same-gender interviewers"), max_length=16, choices=SameGender.choices
    )
    # Codes of the profile's interview_conditions that were met.
    conditions = models.JSONField(_("conditions met"), default=list)
    parent_guardian_suspected = models.BooleanField(
        _("parent or guardian suspected of involvement"), default=False
    )
    # Why a child is interviewed again although the log shows an earlier interview.
    repeat_reason = EncryptedTextField(_("reason for another interview"), blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = _("initial interview")
        verbose_name_plural = _("initial interviews")

    def __str__(self) -> str:
        return f"interview #{self.pk}"


class Participant(models.Model):
    """Someone present at the interview: an interviewer or a third person. Each signs the
    confidentiality declaration A1 before the interview counts as held."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=32)  # a code of the profile's interview_roles
    name = EncryptedTextField(_("name"))
    # Free text that may name a shelter or a person: encrypted (second review, finding 4).
    organisation = EncryptedTextField(_("institution or organisation"), blank=True)
    declaration_signed_on = models.DateField(_("A1 signed on"), null=True, blank=True)
    declaration_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"participant #{self.pk}"


class InterviewLogEntry(models.Model):
    """Every interview of a person by any institution: who, when, what for. It is read
    before a child is interviewed again about the same facts."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="interview_log"
    )
    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.SET_NULL)
    # "A3"/"A4" for an initial interview recorded in nrm; otherwise `purpose` says what for.
    form = models.CharField(max_length=2, blank=True)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = EncryptedTextField(_("purpose"))  # free text: may name the person (finding 4)
    # The facts the interview was about, in a few words.
    subject = EncryptedTextField(_("facts covered"), blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="interview_log_person")]


class FormalIdentificationRequest(models.Model):
    """A5: the request to the regional formal identification group (G/SPIF)."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="formal_identification_requests"
    )
    county = models.CharField(_("county"), max_length=64)
    for_child = models.BooleanField(_("for a child"))
    # The A2 consent in force when the request was sent (a record of the consent registry).
    consent = models.ForeignKey("consent.ConsentRecord", on_delete=models.PROTECT, related_name="+")
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="+")
    grounds = EncryptedTextField(_("grounds"), blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    # Where the person is now (a shelter, an address): encrypted.
    placement = EncryptedTextField(_("current placement"), blank=True)
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]


class RequestRecipient(models.Model):
    """An institution of the group the A5 request is addressed to."""

    request = models.ForeignKey(
        FormalIdentificationRequest, on_delete=models.CASCADE, related_name="recipients"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "institution"], name="recipient_unique")
        ]
        indexes = [models.Index(fields=["institution", "request"], name="recipient_queue")]


class InvestigationInformation(models.Model):
    """Information supporting investigation (SOP §2.6), kept apart from the welfare record
    and read only by the readers the profile names."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.SET_NULL)
    content = EncryptedTextField(_("information"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("information supporting investigation")
        verbose_name_plural = _("information supporting investigation")
