"""Needs assessment and plans (issue 12)."""
