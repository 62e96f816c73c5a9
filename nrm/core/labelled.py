"""Labelled string enums: the base of the audit codes (`nrm.audit.codes.AuditCode`) and the
domain error codes (`nrm.core.errors.ErrorCode`).

A member is declared with its stored value and a translatable label, and it *is* that
string (a `StrEnum`), so it compares equal to the value stored in rows written before:

    CASE_CREATED = "case.created", _("Opened the case")
"""

from enum import StrEnum


class LabelledStrEnum(StrEnum):
    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
