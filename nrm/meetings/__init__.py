"""Meetings of collegial bodies: the Responsible Authority (AP), the Special
Inter-institutional Commission and, later, regional committees (docs/meetings.md)."""
