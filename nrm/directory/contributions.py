"""What the directory contributes to the doors: its audit codes."""

from nrm.audit.doors import audit_codes
from nrm.directory.audit_codes import DirectoryCode

APP = "nrm.directory"


def contribute() -> None:
    audit_codes.add(DirectoryCode, code="directory", app=APP)
