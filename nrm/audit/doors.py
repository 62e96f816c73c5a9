"""The audit trail's door: every app's enum of audit codes (`nrm.audit.codes.AuditCode`)."""

from nrm.core.doors import Door

audit_codes: Door = Door(
    "audit_codes",
    "an app's AuditCode enum: the codes its services write and the labels shown for them",
)
