"""Deadlines, the notifications they cause, closure days and the scan's high-water mark.

Data only: the rules are in the profile (`deadlines.yaml`), the arithmetic in `calendar.py`,
every write in `services.py`. A notification names a case by its reference only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nrm.deadlines.doors import KIND_MAX, notice_kinds


class Status(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("met")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Deadline(models.Model):
    # Null for the few rules that bind the jurisdiction rather than a case.
    # Foreign keys without their own index where a composite index below leads with them:
    # every index costs the scan's UPDATEs (a status change is never a HOT update).
    case = models.ForeignKey(
        "registry.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
        db_index=False,
    )
    rule = models.CharField(_("rule"), max_length=64)
    # The n-th deadline of a recurring rule (monthly reports); 1 otherwise.
    occurrence = models.PositiveSmallIntegerField(default=1)
    profile_code = models.CharField(max_length=8)
    profile_version = models.CharField(max_length=16)
    opened_by_event = models.CharField(max_length=64)
    # What one deadline of a `multiple` rule is about, when the event names it (an opaque
    # key such as "meeting_task:12", never personal data): later events with the same
    # subject meet or cancel this one only.
    subject = models.CharField(max_length=64, blank=True, default="")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    opened_at = models.DateTimeField(_("opened"))
    # When the first occurrence opened: later occurrences count from it.
    series_start = models.DateTimeField()
    due_at = models.DateTimeField(_("due"))
    at_risk_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    # Set when the meeting event arrives — on time (status met) or late (status stays missed).
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    met_by_event = models.CharField(max_length=64, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_event = models.CharField(max_length=64, blank=True)
    responsible_institution = models.ForeignKey(
        "accounts.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("responsible institution"),
        db_index=False,
    )
    responsible_role = models.CharField(_("responsible role"), max_length=64)
    county = models.CharField(_("county"), max_length=64, blank=True)
    at_risk_notified = models.BooleanField(default=False)
    # 0 until the first escalation step has gone out; then the number of steps sent.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    last_escalated_at = models.DateTimeField(null=True, blank=True)
    # When the next escalation step goes out if the deadline is missed (the first is set at
    # opening); null when there is none left or the duty was met or lapsed.
    next_escalation_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "id"]
        indexes = [
            # The scan: each touches only the rows that need something now.
            models.Index(fields=["due_at"], name="deadline_open_due", condition=Q(status="open")),
            models.Index(
                fields=["at_risk_at"],
                name="deadline_risk_due",
                condition=Q(status="open", at_risk_notified=False, at_risk_at__isnull=False),
            ),
            models.Index(
                fields=["next_escalation_at"],
                name="deadline_escalation_due",
                condition=Q(status="missed", next_escalation_at__isnull=False),
            ),
            # Events: the open deadlines of a case and rule.
            models.Index(fields=["case", "rule", "status"], name="deadline_case_rule"),
            # "My deadlines".
            models.Index(
                fields=["responsible_institution", "responsible_role", "status", "due_at"],
                name="deadline_responsible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} #{self.pk}"

    @property
    def unfulfilled(self) -> bool:
        """Still to be done: open, or missed and neither met late nor lapsed."""
        if self.status == Status.OPEN:
            return True
        return self.status == Status.MISSED and self.met_at is None and self.cancelled_at is None


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("reminder")
    MISSED = "missed", _("missed")
    ESCALATION = "escalation", _("escalation")


def notification_kinds() -> list[tuple[str, str]]:
    """The engine's own kinds, then the notices the apps contribute (`notice_kinds`)."""
    notices = [(code, notice.label) for code, _app, notice in notice_kinds.entries()]
    return [*NotificationKind.choices, *notices]


class Notification(models.Model):
    """One message to one user about one deadline, or a notice about a case (`deadline` empty).
    Only the case reference, never a name."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deadline_notifications",
        db_index=False,  # notification_inbox leads with it
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        db_index=False,  # notification_once leads with it
    )
    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Codes and counts only (e.g. {"cases": 60, "minutes": 10}): never personal data.
    data = models.JSONField(default=dict, blank=True)
    case_reference = models.CharField(_("case"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=KIND_MAX, choices=notification_kinds)
    # 0 for reminders and the missed notice; the escalation step (1, 2, …) otherwise.
    level = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("sent"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A rerun of the scan can never send the same thing twice.
            models.UniqueConstraint(
                fields=["deadline", "kind", "level", "recipient"], name="notification_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)
            ),
        ]


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the application only")
    IN_APP_EMAIL = "in_app_email", _("In the application and by e-mail")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_preference"
    )
    channel = models.CharField(
        _("notifications"), max_length=16, choices=Channel.choices, default=Channel.IN_APP_EMAIL
    )
    updated_at = models.DateTimeField()


class ClosureDay(models.Model):
    """A day the administration is closed beyond the public holidays: not a working day."""

    day = models.DateField(_("day"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")

    def __str__(self) -> str:
        return self.day.isoformat()


class ScanState(models.Model):
    """One row: the high-water mark of the scan and what its last run did. The row is
    locked during a scan, so two workers never scan at once."""

    name = models.CharField(max_length=32, unique=True, default="deadlines")
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(default=0)
    last_counts = models.JSONField(default=dict)
