"""Service directory (issue 12)."""
