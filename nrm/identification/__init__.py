"""Formal identification (SOP stage C): the group (G/SPIF), the formal interview (B1/B2),
the decision (B3) and the AP's decision when the group does not agree."""
