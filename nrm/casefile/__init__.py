"""Case notes and documents (issue 12)."""
