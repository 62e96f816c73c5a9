"""Strategy and action-plan monitoring (issue 16, docs/action-plan.md)."""
