"""Every write to the service directory: providers and services (reference data, by the
administrators or the provider's own focal point) and the beds (docs/directory.md).

`capacity_take` / `capacity_release` are services, not private helpers: the shelters' admission
and exit call them inside their own transaction (nested atomic: one transaction in all), and
each bed taken or freed is its own audit event, so the occupancy can be followed in the trail.
The capacity row is locked (`select_for_update`), so concurrent admissions serialise and the
count never goes below 0 nor above the maximum (also the database's check constraints)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.accounts.selectors import FOCAL_POINT_ROLE
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.codes import is_language
from nrm.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from nrm.directory.audit_codes import DirectoryCode
from nrm.directory.error_codes import DirectoryError
from nrm.directory.models import (
    Location,
    Organization,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceStatus,
    Sex,
    TargetGroup,
)
from nrm.jurisdictions import get_profile

BED = "bed"


def _may_manage(actor, institution_id: int | None) -> bool:
    if actor.can(Capability.REFERENCE_MANAGE):
        return True
    return (
        institution_id is not None
        and actor.institution_id == institution_id
        and actor.role == FOCAL_POINT_ROLE
    )


def _require_manage(actor, institution_id: int | None) -> None:
    if not _may_manage(actor, institution_id):
        raise Forbidden()


def _profile():
    return get_profile(settings.NRM_JURISDICTION)


@transaction.atomic
def organization_save(
    *,
    actor,
    institution: Institution,
    provider: str,
    description: str = "",
    email: str = "",
    website: str = "",
    locations: list[dict] | None = None,
) -> Organization:
    """Creates or updates the provider of an institution, and its locations (name, county,
    municipality: never a street address). `locations`, when given, are added if new."""
    _require_manage(actor, institution.pk)
    errors: dict[str, list[str]] = {}
    if provider not in Provider.values:
        errors["provider"] = [_("Choose state, NGO or private.")]
    counties = {c.code for c in _profile().counties}
    for i, loc in enumerate(locations or []):
        if loc.get("county") not in counties:
            errors[f"locations.{i}.county"] = [_("Choose a county of the profile.")]
        if not (loc.get("name") or "").strip():
            errors[f"locations.{i}.name"] = [_("Give the location's name.")]
    if errors:
        raise ValidationFailed(errors)
    org, created = Organization.objects.update_or_create(
        institution=institution,
        defaults={
            "provider": provider,
            "description": description.strip(),
            "email": email.strip(),
            "website": website.strip(),
        },
    )
    for loc in locations or []:
        Location.objects.get_or_create(
            organization=org,
            name=loc["name"].strip(),
            defaults={"county": loc["county"], "municipality": loc.get("municipality", "")},
        )
    event_record(
        actor=actor,
        code=DirectoryCode.ORGANIZATION_SAVED,
        target=org,
        data={"institution": institution.code, "provider": provider, "created": created},
    )
    return org


def _service_errors(fields: dict) -> dict[str, list[str]]:
    profile = _profile()
    errors: dict[str, list[str]] = {}
    if not fields["name"].strip():
        errors["name"] = [_("Give the service's name.")]
    if fields["need"] not in {n.code for n in profile.service_needs}:
        errors["need"] = [_("Choose a need of the profile's catalogue.")]
    if fields["target_group"] not in TargetGroup.values:
        errors["target_group"] = [_("Choose children, adults or both.")]
    if fields["sex"] not in Sex.values:
        errors["sex"] = [_("Choose any, women and girls, or men and boys.")]
    if fields["status"] not in ServiceStatus.values:
        errors["status"] = [_("Choose active, inactive or defunct.")]
    low, high = fields["min_age"], fields["max_age"]
    if (low is not None and low < 0) or (high is not None and high < 0):
        errors["min_age"] = [_("An age cannot be negative.")]
    elif low is not None and high is not None and low > high:
        errors["max_age"] = [_("The maximum age is below the minimum age.")]
    if any(not is_language(code) for code in fields["languages"]):
        errors["languages"] = [_("Use ISO 639-1 language codes (sq, en, …).")]
    counties = {c.code for c in profile.counties}
    if any(code not in counties for code in fields["counties"]):
        errors["counties"] = [_("Choose counties of the profile.")]
    return errors


@transaction.atomic
def service_save(
    *,
    actor,
    organization: Organization,
    name: str,
    need: str,
    description: str = "",
    target_group: str = TargetGroup.ANY,
    min_age: int | None = None,
    max_age: int | None = None,
    sex: str = Sex.ANY,
    languages: list[str] | tuple[str, ...] = (),
    licence_number: str = "",
    licence_expires_on: date | None = None,
    status: str = ServiceStatus.ACTIVE,
    counties: list[str] | tuple[str, ...] = (),
    locations: list[Location] | tuple[Location, ...] = (),
    beds: int | None = None,
    service: Service | None = None,
) -> Service:
    """Creates a service of the organisation (or updates `service`), at `locations` (its
    own), with `beds` when it keeps a count of beds (a new capacity, all of them free)."""
    _require_manage(actor, organization.institution_id)
    fields = {
        "name": name,
        "need": need,
        "description": description.strip(),
        "target_group": target_group,
        "min_age": min_age,
        "max_age": max_age,
        "sex": sex,
        "languages": list(languages),
        "licence_number": licence_number.strip(),
        "licence_expires_on": licence_expires_on,
        "status": status,
        "counties": list(counties),
    }
    errors = _service_errors(fields)
    if beds is not None and beds < 0:
        errors["beds"] = [_("The number of beds cannot be negative.")]
    if any(loc.organization_id != organization.pk for loc in locations):
        errors["locations"] = [_("Choose locations of this provider.")]
    if errors:
        raise ValidationFailed(errors)
    fields["name"] = name.strip()
    created = service is None
    if service is None:
        service = Service.objects.create(organization=organization, **fields)
    else:
        if service.organization_id != organization.pk:
            raise NotFound()
        for key, value in fields.items():
            setattr(service, key, value)
        service.save()
    for loc in locations:
        ServiceAtLocation.objects.get_or_create(service=service, location=loc)
    if beds is not None and not ServiceCapacity.objects.filter(service=service).exists():
        ServiceCapacity.objects.create(
            service=service, unit=BED, available=beds, maximum=beds, updated=clock.now()
        )
    event_record(
        actor=actor,
        code=DirectoryCode.SERVICE_SAVED,
        target=service,
        data={"need": need, "status": status, "created": created},
    )
    return service


def _capacity_locked(service: Service) -> ServiceCapacity:
    row = ServiceCapacity.objects.select_for_update().filter(service_id=service.pk).first()
    if row is None:
        raise DomainError(code=DirectoryError.NO_CAPACITY)
    return row


@transaction.atomic
def capacity_set(*, actor, service: Service, maximum: int, available: int) -> ServiceCapacity:
    """The beds a service has and how many are free (the provider's count)."""
    _require_manage(actor, service.organization.institution_id)
    errors = {}
    if maximum < 0:
        errors["maximum"] = [_("The number of beds cannot be negative.")]
    if available < 0 or available > max(maximum, 0):
        errors["available"] = [_("Free beds must be between 0 and the number of beds.")]
    if errors:
        raise ValidationFailed(errors)
    row = ServiceCapacity.objects.select_for_update().filter(service_id=service.pk).first()
    if row is None:
        row = ServiceCapacity(service=service, unit=BED)
    row.maximum, row.available, row.updated = maximum, available, clock.now()
    row.save()
    event_record(
        actor=actor,
        code=DirectoryCode.CAPACITY_SET,
        target=row,
        data={"service": str(service.uuid), "maximum": maximum, "available": available},
    )
    return row


def _may_occupy(actor, service: Service) -> None:
    """The provider's own staff (its admissions and exits) or an administrator."""
    if actor.can(Capability.REFERENCE_MANAGE):
        return
    if actor.institution_id != service.organization.institution_id:
        raise Forbidden()


@transaction.atomic
def capacity_take(*, actor, service: Service, beds: int = 1) -> ServiceCapacity:
    """Takes `beds` free beds (an admission). Refused with `no_beds` when fewer are free:
    nothing changes. Locks the capacity row until the caller's transaction ends."""
    _may_occupy(actor, service)
    if beds < 1:
        raise ValidationFailed({"beds": [_("Take at least one bed.")]})
    row = _capacity_locked(service)
    if row.available < beds:
        raise DomainError(code=DirectoryError.NO_BEDS, message=DirectoryError.NO_BEDS.label)
    row.available -= beds
    row.updated = clock.now()
    row.save(update_fields=["available", "updated"])
    event_record(
        actor=actor,
        code=DirectoryCode.CAPACITY_TAKEN,
        target=row,
        data={"service": str(service.uuid), "beds": beds, "available": row.available},
    )
    return row


@transaction.atomic
def capacity_release(*, actor, service: Service, beds: int = 1) -> ServiceCapacity:
    """Frees `beds` beds (an exit). Refused with `beds_over_maximum` when more beds would be
    free than the service has."""
    _may_occupy(actor, service)
    if beds < 1:
        raise ValidationFailed({"beds": [_("Free at least one bed.")]})
    row = _capacity_locked(service)
    if row.available + beds > row.maximum:
        raise DomainError(
            code=DirectoryError.BEDS_OVER_MAXIMUM, message=DirectoryError.BEDS_OVER_MAXIMUM.label
        )
    row.available += beds
    row.updated = clock.now()
    row.save(update_fields=["available", "updated"])
    event_record(
        actor=actor,
        code=DirectoryCode.CAPACITY_RELEASED,
        target=row,
        data={"service": str(service.uuid), "beds": beds, "available": row.available},
    )
    return row
