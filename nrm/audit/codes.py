"""Audit codes: what a change event (`AuditEvent.code`) or a read (`AccessLog.action`) was.

Every app declares its codes in `<app>/audit_codes.py` as a subclass of `AuditCode` and
contributes the class to the `audit_codes` door (`nrm.audit.doors`) in its `ready()`; the
labels shown on pages and in exports come from there (`nrm.audit.labels`). The stored value
is the member's string, unchanged from the free strings of before, so old rows and the hash
chains still read the same. `event_record` and `access_record` refuse anything that is not a
member (TypeError): a misspelt or invented code fails the first test that runs its service.
"""

from nrm.core.labelled import LabelledStrEnum


class AuditCode(LabelledStrEnum):
    """Base of every app's audit codes: `NAME = "stored.value", _("Label")`."""


def require(code) -> str:
    """The stored string of an audit code; TypeError for anything but a member."""
    if not isinstance(code, AuditCode):
        raise TypeError(f"audit code must be an AuditCode member, not {code!r}")
    return code.value
