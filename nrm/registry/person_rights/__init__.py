"""The person's rights over their data: an export of everything held about them, and the
correction of their data through a recorded procedure (docs/person-rights.md).

`person_export` and `person_correct` are services (one transaction, one audit event);
`person_data` and `correction_list` are selectors. Who asked is recorded (the person, a
parent, a guardian, a lawyer: the profile's `person_rights.requesters`); a parent or
guardian suspected of involvement in the trafficking is refused, and the refusal is
recorded too. The information supporting investigation is never exported.
"""

from nrm.registry.person_rights.correction import correction_list, person_correct
from nrm.registry.person_rights.export import (
    Export,
    export_pdf,
    person_cases,
    person_data,
    person_export,
)
from nrm.registry.person_rights.requests import (
    AGE_FIELDS,
    CORRECTABLE,
    FORMATS,
    default_jurisdiction_languages,
    requesters,
)

__all__ = [
    "AGE_FIELDS",
    "CORRECTABLE",
    "FORMATS",
    "Export",
    "correction_list",
    "default_jurisdiction_languages",
    "export_pdf",
    "person_cases",
    "person_correct",
    "person_data",
    "person_export",
    "requesters",
]
