"""Referrals (issue 12)."""
