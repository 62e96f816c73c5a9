"""Meetings of a body (the AP, the Commission): agenda, attendees, decisions, minutes and
the tasks they give institutions. Data only: the rules are in `rules.py` and the profile's
`meeting_bodies` block, every write is in `services.py`.

Free text that may name or locate a person (the agenda, the minutes, the reasoning of a
decision, a task, an expert's name, the place) is encrypted; every record reaches its case
through the meeting, so anonymisation and key rotation find it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class MeetingStatus(models.TextChoices):
    CONVENED = "convened", _("convened")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    body = models.CharField(_("body"), max_length=32)  # a code of the profile's meeting_bodies
    purpose = models.CharField(_("purpose"), max_length=64)  # a code on the meeting_purposes door
    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.CONVENED
    )
    convened_at = models.DateTimeField(_("convened"))
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    convening_institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_for = models.DateTimeField(_("scheduled for"))
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    place = EncryptedTextField(_("place"), blank=True)
    closed_session = models.BooleanField(_("closed session"), default=False)
    minutes = EncryptedTextField(_("minutes"), blank=True)
    minutes_reference = models.CharField(_("minutes reference"), max_length=64, blank=True)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    minutes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)
    # Counted when attendance is recorded: the voting attendees and those present.
    voting_members = models.PositiveSmallIntegerField(default=0)
    voting_present = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheduled_for", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["body", "status", "scheduled_for"], name="meeting_body_due"),
        ]

    def __str__(self) -> str:
        return f"meeting #{self.pk}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    text = EncryptedTextField(_("agenda item"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")


class Capacity(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    GROUP_MEMBER = "group_member", _("member of the formal identification group")
    INITIAL_IDENTIFIER = "initial_identifier", _("made the initial identification")
    EXPERT = "expert", _("expert")
    SECRETARY = "secretary", _("secretary")
    OBSERVER = "observer", _("observer")


# Only the chair and the members vote (docs/meetings.md).
VOTING_CAPACITIES = (Capacity.CHAIR, Capacity.MEMBER)


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An expert without an account.
    name = EncryptedTextField(_("name"), blank=True)
    capacity = models.CharField(_("capacity"), max_length=24, choices=Capacity.choices)
    required = models.BooleanField(_("required"), default=True)
    present = models.BooleanField(_("present"), null=True, blank=True)
    votes = models.BooleanField(_("votes"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"attendee #{self.pk}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=64)
    text = EncryptedTextField(_("reasoning"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"))
    carried = models.BooleanField(_("carried"), default=True)
    decided_at = models.DateTimeField(_("decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision of a meeting")
        verbose_name_plural = _("decisions of meetings")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")


class MeetingTask(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="meeting_tasks",
    )
    text = EncryptedTextField(_("task"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    assigned_at = models.DateTimeField(_("assigned"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task from a meeting")
        verbose_name_plural = _("tasks from meetings")

    @property
    def subject(self) -> str:
        """The key of this task's deadline in the deadline engine (no personal data)."""
        return f"meeting_task:{self.pk}"
