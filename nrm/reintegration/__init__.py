"""Reintegration and monitoring (issue 12)."""
