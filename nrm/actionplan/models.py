"""Action plans (issue 16): a plan, its objectives (strategic → specific), its activities
with their lead and supporting institutions, every edit kept (`Revision`), the reporting
periods and the lead institutions' reports. Data only: every write is in services.py.

The plan's texts are public policy, not personal data: they are stored in clear. A report's
narrative is the institution's account of its work; it must name no victim (docs/action-plan.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.accounts.models import Institution


class TimeframeKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEARS = "years", _("Years")
    CONTINUOUS = "continuous", _("Continuous")
    UNSPECIFIED = "unspecified", _("Not specified")


class ActionPlan(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    jurisdiction = models.CharField(max_length=2)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    imported_at = models.DateTimeField()
    # SHA-256 of the last imported file: the same file again changes nothing.
    source_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Objective(models.Model):
    """A strategic objective ("1", no parent) or a specific one ("2.3", its parent "2")."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(max_length=16)
    text = models.TextField(blank=True)
    # The ripple model's weight (strategic objectives; from the profile on import).
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="actionplan_objective_code")
        ]


class Activity(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="activities")
    code = models.CharField(max_length=16)
    order = models.PositiveIntegerField(default=0)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField()
    expected_results = models.TextField(blank=True)
    indicators = models.TextField(blank=True)
    verification = models.TextField(blank=True)
    responsible_text = models.TextField(blank=True)
    supporting_text = models.TextField(blank=True)
    # The timeframe as written, and as understood (docs/action-plan.md#timeframes).
    timeframe_text = models.CharField(max_length=100, blank=True)
    timeframe_kind = models.CharField(max_length=16, choices=TimeframeKind.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # A live indicator (profile `action_plans.live_indicators`) measured for this activity.
    live_indicator = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="actionplan_activity_code")
        ]


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Supporting")


class ActivityInstitution(models.Model):
    """An institution named in an activity's columns: the acronym as written, and the
    institution it is (none until mapped: the importer lists those for the user)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=8, choices=Role.choices)
    name = models.CharField(max_length=200)
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["activity", "role", "id"]


class InstitutionAlias(models.Model):
    """A name of the plans' columns the user mapped to an institution (kept for re-imports)."""

    name = models.CharField(max_length=200, unique=True)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")


class Revision(models.Model):
    """One edit of a plan's activity or objective: the fields before and after."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="revisions")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]


class Period(models.Model):
    """A reporting period of a plan (a quarter) and when its reports are due."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField()
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="actionplan_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class Report(models.Model):
    """A lead institution's report on one activity for one period."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=32)  # a code of the profile's statuses
    narrative = models.TextField()
    indicator_value = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=ReportState.choices)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["period", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period", "institution"], name="actionplan_report_unique"
            )
        ]


class Evidence(models.Model):
    """A document attached to a report (its bytes in the database: small, checked files)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    uploaded_at = models.DateTimeField()
