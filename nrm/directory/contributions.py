"""What the directory contributes to the doors: its audit codes and the need codes its
demo names."""

from nrm.audit.doors import audit_codes
from nrm.directory.audit_codes import DirectoryCode
from nrm.directory.demo import NEEDS_NAMED
from nrm.jurisdictions.doors import RequiredCodes, codes_of, required_codes

APP = "nrm.directory"


def contribute() -> None:
    audit_codes.add(DirectoryCode, code="directory", app=APP)
    required_codes.add(
        RequiredCodes(
            "service_needs",
            NEEDS_NAMED,
            lambda p: codes_of(p.service_needs) if p.service_needs else None,
            optional=True,
        ),
        code="directory.service_needs",
        app=APP,
    )
