"""The appeal to the Special Inter-institutional Commission (SOP S6a), its review, the
notices of its decision, a challenge in the administrative court, the Commission's
members, and the anonymised record of every Commission decision (docs/appeals.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Kind(models.TextChoices):
    APPEAL = "appeal", _("Appeal")
    REEVALUATION = "reevaluation", _("Re-evaluation after sustainable reintegration")


class AppealStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    CONVENED = "convened", _("Commission convened")
    REVIEWED = "reviewed", _("File reviewed")
    DECIDED = "decided", _("Decided")
    SUSPENDED = "suspended", _("Decision suspended (court)")
    RULED = "ruled", _("Court ruled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (AppealStatus.FILED, AppealStatus.CONVENED, AppealStatus.REVIEWED)


class Outcome(models.TextChoices):
    UPHOLD = "uphold", _("Uphold the decision")
    VICTIM = "victim", _("Change to victim of trafficking")
    POTENTIAL_VICTIM = "potential_victim", _("Change to potential victim")
    NOT_RECOGNISED = "not_recognised", _("Change to not recognised")


class Appeal(models.Model):
    """An appeal against the latest status decision, or the AP's proposal to re-evaluate the
    status after sustainable reintegration (`kind`), and its way through the Commission."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.APPEAL)
    number = models.CharField(_("reference"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    # Who filed (the profile's `appeals.appellants`); the AP for a re-evaluation.
    appellant = models.CharField(_("filed by"), max_length=32, blank=True)
    # A representative's or guardian's name: identifies the person's circle.
    appellant_name = EncryptedTextField(_("name of the representative"), blank=True)
    arguments = EncryptedTextField(_("arguments"), blank=True)
    filed_on = models.DateField(_("filed on"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The act appealed: the status-history row of the decision (its kind and status).
    appealed_change = models.ForeignKey(
        "registry.CaseStatusChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appealed_kind = models.CharField(max_length=32, blank=True)
    appealed_status = models.CharField(max_length=32)
    window_closes_on = models.DateField(null=True, blank=True)
    # The Commission's meeting (nrm.meetings), by id: the meetings app sits below.
    meeting_id = models.PositiveIntegerField(null=True, blank=True)
    convened_at = models.DateTimeField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    file_reviewed_on = models.DateField(_("file reviewed on"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    status_after = models.CharField(max_length=32, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=64, blank=True)
    reasoning = EncryptedTextField(_("reasoning"), blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["status", "filed_on"], name="appeal_due")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AppealWaiver(models.Model):
    """The person waived the right of appeal (the window closes early)."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    waived_on = models.DateField()
    appellant = models.CharField(max_length=32)
    note = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class RequestKind(models.TextChoices):
    INFORMATION = "information", _("Additional information")
    EXPERT = "expert", _("Expert opinion")


class InformationRequest(models.Model):
    """The Commission asks an institution for additional information or invites an expert."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="requests")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    addressee = EncryptedTextField(_("asked of"))  # an institution, or an expert's name
    text = EncryptedTextField(_("what is asked"))
    due_on = models.DateField(_("due on"))
    asked_at = models.DateTimeField()
    answered_on = models.DateField(null=True, blank=True)
    answer_note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]


class Recipient(models.TextChoices):
    APPELLANT = "appellant", _("The appellant")
    GROUP = "group", _("The formal identification group")
    AP = "ap", _("The Responsible Authority")


class DecisionNotice(models.Model):
    """The reasoned decision communicated to one of its recipients (S6a duty 8)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notices")
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    notified_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appeal", "recipient"], name="notice_once")]


class CourtChallenge(models.Model):
    """A challenge of the Commission's decision in the administrative court: it suspends the
    decision's execution until the court rules."""

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="court")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"))
    court = models.CharField(_("court"), max_length=120)
    reference = EncryptedTextField(_("court reference"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ruled_on = models.DateField(null=True, blank=True)
    ruling_outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    ruling_reference = EncryptedTextField(blank=True)


class CommissionAppointment(models.Model):
    """A member of the Commission appointed by order of a minister (S6a L897–900)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_terms"
    )
    ministry = models.CharField(_("ministry"), max_length=16)
    order_reference = models.CharField(_("order"), max_length=64)
    order_date = models.DateField(_("order date"))
    chair = models.BooleanField(_("chair"), default=False)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-chair", "ministry", "-valid_from"]


class AnonymisedDecision(models.Model):
    """The version of a Commission decision for statistics and policy monitoring (S6a
    L924–926): no case, no person, no free text; age group, sex, citizenship, outcome and
    months only (shared/domain/statistics.md §7.2)."""

    jurisdiction = models.CharField(max_length=8)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    age_group = models.CharField(max_length=8)  # Y_LT18 | Y_GE18 | UNK
    sex = models.CharField(max_length=4)  # F | M | X | UNK
    citizenship = models.CharField(max_length=4)  # ISO alpha-2, XK, STLS or UNK
    appealed_kind = models.CharField(max_length=32)
    status_before = models.CharField(max_length=32)
    outcome = models.CharField(max_length=32)
    status_after = models.CharField(max_length=32)
    filed_month = models.DateField()  # first day of the month
    decided_month = models.DateField()

    class Meta:
        ordering = ["decided_month", "pk"]
