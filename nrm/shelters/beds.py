"""The beds an admission takes and an exit gives back, through the directory's
`capacity_take` / `capacity_release` (the service's capacity row locked until the caller's
transaction ends; never below 0 nor above the maximum). A service without a free bed is a
field error on `service`, so the admission form and the API say where the problem is."""

from django.utils.translation import gettext as _

from nrm.core.errors import DomainError, ValidationFailed
from nrm.directory.error_codes import DirectoryError
from nrm.directory.services import capacity_release, capacity_take
from nrm.shelters.error_codes import ShelterError


class NoBed(ValidationFailed):
    code = ShelterError.NO_BED


def bed_take(*, actor, service, beds: int = 1):
    try:
        return capacity_take(actor=actor, service=service, beds=beds)
    except DomainError as exc:
        if exc.code == DirectoryError.NO_BEDS:
            raise NoBed({"service": [_("There is no free bed in this service.")]}) from None
        raise


def bed_release(*, actor, service, beds: int = 1):
    return capacity_release(actor=actor, service=service, beds=beds)
