"""Emergency protection measures (issue 12)."""
