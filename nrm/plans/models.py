"""Needs assessment (C4 child / C5 adult) and the case's individual plans: the Individual
Protection Plan (IPP, child), the individual assistance plan and the individual
reintegration plan (D1), their items, revisions and the AP's decision on a D1
(SOP S7 L952–986, S11 L1355–1427; docs/plans.md).

Plan kinds, assessment domains, levels and templates are codes of the profile's `plans` and
`plan_templates` blocks; free text is encrypted and tied to the case (anonymisation and key
rotation find it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class AssessmentForm(models.TextChoices):
    # The SOP gives C4 and C5 the same title; nrm reads C4 as the child's, C5 as the adult's.
    C4 = "C4", _("C4 — needs assessment (child)")
    C5 = "C5", _("C5 — needs assessment (adult)")


class NeedsAssessment(models.Model):
    """One assessment of the person's needs, per domain. A new one supersedes the current
    one; earlier ones stay readable (`revision` 1, 2, … per case)."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.PROTECT, related_name="needs_assessments"
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    form = models.CharField(_("form"), max_length=4, choices=AssessmentForm.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    person_participated = models.BooleanField(_("the person took part"), default=False)
    guardian_participated = models.BooleanField(
        _("the parent or guardian took part"), default=False
    )
    # The person's (the child's) own views, heard during the assessment.
    views = EncryptedTextField(_("the person's views"), blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-revision"]
        constraints = [
            models.UniqueConstraint(fields=["case", "revision"], name="assessment_revision_once")
        ]

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class NeedFinding(models.Model):
    """One domain of an assessment: whether a need was found, its level and notes."""

    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="findings"
    )
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(_("domain"), max_length=32)
    need_found = models.BooleanField(_("need found"), default=False)
    level = models.CharField(_("level"), max_length=16, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="finding_domain_once")
        ]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the AP")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("In force")


class Plan(models.Model):
    """An individual plan of a case; `kind` is a code of the profile's `plans.kinds`
    (ipp | assistance | reintegration in Albania). `revision` counts every change."""

    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=32)
    number = models.CharField(_("reference"), max_length=48, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    template = models.CharField(_("template"), max_length=48, blank=True)
    assessment = models.ForeignKey(
        NeedsAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    # The person's participation and agreement (D1), their views.
    person_participated = models.BooleanField(_("the person took part"), default=False)
    views = EncryptedTextField(_("the person's views"), blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="plan_awaiting")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_in_force(self) -> bool:
        return self.approved_at is not None


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ITEM_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)


class PlanItem(models.Model):
    """An action of a plan: its domain, what is to be done, the institution responsible
    (reached through its focal point), the due date and its state."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"))
    domain = models.CharField(_("domain"), max_length=32)
    action = EncryptedTextField(_("action"))
    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    # The referral that carries the action out (nrm.referrals sits below). A referral made
    # from an item also names it (Referral.plan_item_id): `selectors.item_referrals` reads both.
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referral"),
    )
    # When the institution was given the task (the plan in force): its deadline is open.
    tasked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_item_number_once")
        ]

    @property
    def subject(self) -> str:
        """The deadline engine's key of this item's task (no personal data)."""
        return f"plan_item:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES


class PlanRevision(models.Model):
    """Every change of a plan: who, when, what changed (codes and item numbers, never
    text), and the whole plan as it then was (encrypted JSON), so earlier revisions stay
    readable."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("revision"))
    change = models.CharField(_("change"), max_length=32)
    changes = models.JSONField(default=dict, blank=True)
    snapshot = EncryptedTextField()
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_once")
        ]


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve, with tasks for each institution")
    RETURN = "return", _("Return for changes")


class PlanDecision(models.Model):
    """The AP's decision on a submitted reintegration plan (S11 L1388–1389), recorded by
    its secretariat within 7 days of the submission."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("decision reference"), max_length=64, blank=True)
    note = EncryptedTextField(_("reasoning and changes asked"), blank=True)
    plan_revision = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
