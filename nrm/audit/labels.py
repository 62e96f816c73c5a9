"""Readable names for audit codes. Codes are stored; labels are only for display. They come
from the AuditCode enums the apps contribute to the `audit_codes` door; a stored code that is
no longer a member (an old row) is shown as it is."""

from nrm.audit.doors import audit_codes


def label(code: str) -> str:
    for enum in audit_codes:
        try:
            return str(enum(code).label)
        except ValueError:
            continue
    return str(code)
