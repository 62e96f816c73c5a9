"""Long-term support and reintegration (SOP S11; docs/reintegration.md): the monthly case
monitoring report (D2) with the progress of each plan item, the person's situation per
domain and the criteria of sustainable reintegration; the reasoned report that proposes the
re-evaluation of the status; and the tracked service lines (S7 L1147–1203).

Data only: the rules are in the profile's `reintegration` block, every write in services.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class MonitoringReport(models.Model):
    """One D2: the report of one monitoring period (a month) of the reintegration plan."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.PROTECT, related_name="monitoring_reports"
    )
    # 1 … the profile's `monitoring_months / report_every_months` (24 in Albania).
    period = models.PositiveSmallIntegerField(_("month"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    reported_on = models.DateField(_("date of the report"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    summary = EncryptedTextField(_("progress in the period"), blank=True)
    risks = EncryptedTextField(_("risks and incidents"), blank=True)
    revision_needed = models.BooleanField(_("the plan needs revising"), default=False)
    # True when every criterion of the profile is met in this report.
    criteria_met = models.BooleanField(default=False)

    class Meta:
        ordering = ["case", "period"]
        constraints = [
            models.UniqueConstraint(fields=["case", "period"], name="monitoring_report_once")
        ]

    def __str__(self) -> str:
        return f"D2 {self.case_id}/{self.period}"


class ItemProgress(models.Model):
    """The progress of one item of the reintegration plan in a report."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey("plans.PlanItem", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=32)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "plan_item"], name="item_progress_once")
        ]


class DomainSituation(models.Model):
    """The person's situation in one domain of the profile (housing, health, …)."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="situations"
    )
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(_("domain"), max_length=32)
    note = EncryptedTextField(_("situation"))

    class Meta:
        ordering = ["report", "pk"]


class CriterionCheck(models.Model):
    """One criterion of sustainable reintegration, met or not, in a report."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="checks")
    criterion = models.CharField(_("criterion"), max_length=32)
    met = models.BooleanField(_("met"))

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "criterion"], name="criterion_once")
        ]


class ReevaluationProposal(models.Model):
    """The reasoned report (relacion i argumentuar, L1418–1423): the person is sustainably
    reintegrated; the AP forwards it to the Commission, which re-evaluates the status
    (recorded in nrm.appeals as an appeal of kind `reevaluation`)."""

    case = models.OneToOneField(
        "registry.Case", on_delete=models.PROTECT, related_name="reevaluation_proposal"
    )
    report = models.ForeignKey(MonitoringReport, on_delete=models.PROTECT, related_name="+")
    reasoning = EncryptedTextField(_("reasoning"))
    proposed_on = models.DateField(_("date"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()


class LineStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    IN_PROGRESS = "in_progress", _("In progress")
    PROVIDED = "provided", _("Provided")
    REFUSED = "refused", _("Refused")


OPEN_LINE_STATUSES = (LineStatus.REQUESTED, LineStatus.IN_PROGRESS)


class ServiceLine(models.Model):
    """A service the person needs, tracked with the institution responsible for it (S7
    L1147–1203): its kind (the profile's `service_kinds`), status and dates."""

    case = models.ForeignKey(
        "registry.Case", on_delete=models.PROTECT, related_name="service_lines"
    )
    kind = models.CharField(_("service"), max_length=32)
    institution = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LineStatus.choices, default=LineStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    status_on = models.DateField(_("status since"))
    note = EncryptedTextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    # The consent record in force when a child's line needing consent was opened.
    consent_record_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["case", "requested_on", "pk"]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_LINE_STATUSES


class ServiceLineStep(models.Model):
    """One status of a service line, kept: the line's history."""

    line = models.ForeignKey(ServiceLine, on_delete=models.CASCADE, related_name="steps")
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=LineStatus.choices)
    on = models.DateField()
    note = EncryptedTextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["line", "at", "pk"]
