"""The beds an admission takes and an exit gives back: the directory's `ServiceCapacity`
row of the service, locked (SELECT … FOR UPDATE) inside the caller's transaction, never
below 0 nor above its maximum (the table's check constraints say so too).

Bridge until the directory's own `capacity_take` / `capacity_release` land from the
referral branch: then these two functions call them and nothing else changes here."""

from django.utils.translation import gettext as _

from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.directory.models import ServiceCapacity
from nrm.shelters.error_codes import ShelterError


class NoBed(ValidationFailed):
    code = ShelterError.NO_BED


def _locked(service) -> ServiceCapacity:
    row = ServiceCapacity.objects.select_for_update().filter(service=service, unit="bed").first()
    if row is None:
        raise ValidationFailed({"service": [_("This service has no beds.")]})
    return row


def bed_take(*, service, beds: int = 1) -> ServiceCapacity:
    row = _locked(service)
    if row.available < beds:
        raise NoBed({"service": [_("There is no free bed in this service.")]})
    row.available -= beds
    row.updated = clock.now()
    row.save(update_fields=["available", "updated"])
    return row


def bed_release(*, service, beds: int = 1) -> ServiceCapacity:
    row = _locked(service)
    if row.available + beds > row.maximum:
        raise ValidationFailed({"service": [_("The service already has every bed free.")]})
    row.available += beds
    row.updated = clock.now()
    row.save(update_fields=["available", "updated"])
    return row
