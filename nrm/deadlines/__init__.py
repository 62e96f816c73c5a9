"""Deadline engine: every time limit of the profile, working-day calendars, reminders,
escalation and notifications (issue 4)."""
