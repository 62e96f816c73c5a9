"""Shelters and admissions (issue 12)."""
