"""Reads of the service directory (reference data: every signed-in user may search it) and
its HSDS 3.1 shape (docs/directory.md)."""

import uuid
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.directory import rules
from nrm.directory.models import Organization, Service, ServiceCapacity, ServiceStatus
from nrm.jurisdictions import get_profile

# Stable ids for the HSDS objects nrm does not store as rows (units, languages, areas).
HSDS_NAMESPACE = uuid.UUID("6c1c1a4e-8e0b-4c53-9d0e-2f3b7f4f0a12")


def _stable(*parts) -> str:
    return str(uuid.uuid5(HSDS_NAMESPACE, ":".join(str(p) for p in parts)))


def _usable(today: date) -> Q:
    """Active, with a valid licence (expiry today or later, or none needed)."""
    return Q(status=ServiceStatus.ACTIVE) & (
        Q(licence_expires_on__isnull=True) | Q(licence_expires_on__gte=today)
    )


def service_search(
    *,
    need: str | None = None,
    county: str | None = None,
    target_group: str | None = None,
    age: int | None = None,
    sex: str | None = None,
    language: str | None = None,
    with_beds: bool = False,
    institution_id: int | None = None,
) -> list[Service]:
    """Active services with a valid licence that fit: the need, a county they serve or are
    in, the person's group (child/adult), age, sex and language; with a free bed when
    `with_beds`. `target_group` "child"/"adult" keeps the services for that group or both."""
    qs = (
        Service.objects.filter(_usable(clock.today()))
        .select_related("organization__institution", "capacity")
        .prefetch_related("at_locations__location")
        .order_by("organization__institution__name", "name")
    )
    if need:
        qs = qs.filter(need=need)
    if institution_id:
        qs = qs.filter(organization__institution_id=institution_id)
    if target_group in ("child", "adult"):
        qs = qs.filter(target_group__in=(target_group, "any"))
    if with_beds:
        qs = qs.filter(capacity__available__gt=0)
    found = []
    for service in qs:
        if (
            county
            and county not in service.counties
            and county not in {sal.location.county for sal in service.at_locations.all()}
        ):
            continue
        if not rules.age_fits(age=age, min_age=service.min_age, max_age=service.max_age):
            continue
        if not rules.sex_fits(service_sex=service.sex, sex=sex):
            continue
        if language and service.languages and language not in service.languages:
            continue
        found.append(service)
    return found


def service_get(*, id: int) -> Service:
    try:
        return Service.objects.select_related("organization__institution").get(pk=id)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organization_get(*, id: int) -> Organization:
    try:
        return Organization.objects.select_related("institution").get(pk=id)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organization_of(*, institution_id: int) -> Organization | None:
    return Organization.objects.filter(institution_id=institution_id).first()


def services_of(*, institution_id: int) -> QuerySet[Service]:
    return (
        Service.objects.filter(organization__institution_id=institution_id)
        .select_related("organization__institution", "capacity")
        .order_by("name")
    )


def capacity_of(*, service: Service) -> ServiceCapacity | None:
    return ServiceCapacity.objects.filter(service_id=service.pk).first()


def service_usable(*, service: Service) -> bool:
    return service.status == ServiceStatus.ACTIVE and rules.licence_valid(
        expires_on=service.licence_expires_on, today=clock.today()
    )


def need_name(code: str, language: str = "sq") -> str:
    for need in get_profile(settings.NRM_JURISDICTION).service_needs:
        if need.code == code:
            return getattr(need.name, language, None) or need.name.sq
    return code


# --- HSDS 3.1 ------------------------------------------------------------------------------


def hsds_organization(org: Organization) -> dict:
    inst = org.institution
    out = {
        "id": str(org.uuid),
        "name": inst.name,
        "description": org.description or inst.name,
        "legal_status": org.provider,
    }
    if org.email or inst.email:
        out["email"] = org.email or inst.email
    if org.website:
        out["website"] = org.website
    return out


def hsds_location(loc) -> dict:
    # No address: a shelter's location is confidential (county and municipality only).
    return {
        "id": str(loc.uuid),
        "location_type": "physical",
        "organization_id": str(loc.organization.uuid),
        "name": loc.name,
        "description": ", ".join(p for p in (loc.municipality, loc.county) if p),
        "external_identifier": loc.county,
        "external_identifier_type": "county",
    }


def hsds_capacity(cap: ServiceCapacity) -> dict:
    return {
        "id": str(cap.uuid),
        "service_id": str(cap.service.uuid),
        "unit": {"id": _stable("unit", cap.unit), "name": cap.unit},
        "available": cap.available,
        "maximum": cap.maximum,
        "updated": cap.updated.isoformat(),
    }


def _attribute(service: Service, taxonomy: str, value: str) -> dict:
    return {
        "id": _stable("attribute", service.uuid, taxonomy),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "label": taxonomy,
        "value": value,
        "taxonomy_term": {
            "id": _stable("term", taxonomy, value),
            "code": value,
            "name": value,
            "description": taxonomy,
            "taxonomy": f"nrm:{taxonomy}",
        },
    }


def hsds_service(service: Service) -> dict:
    """One service in HSDS 3.1's full form: its organisation, locations, capacity,
    languages, counties served (service areas) and nrm's own classifications (need, target
    group, sex) as attributes."""
    org = service.organization
    out = {
        "id": str(service.uuid),
        "organization_id": str(org.uuid),
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "organization": hsds_organization(org),
        "languages": [
            {
                "id": _stable("language", service.uuid, code),
                "service_id": str(service.uuid),
                "code": code,
            }
            for code in service.languages
        ],
        "service_areas": [
            {
                "id": _stable("area", service.uuid, code),
                "service_id": str(service.uuid),
                "name": code,
                "extent_type": "county",
            }
            for code in service.counties
        ],
        "service_at_locations": [
            {
                "id": str(sal.uuid),
                "service_id": str(service.uuid),
                "location_id": str(sal.location.uuid),
                "location": hsds_location(sal.location),
            }
            for sal in service.at_locations.all()
        ],
        "capacities": [],
        "attributes": [
            _attribute(service, "need", service.need),
            _attribute(service, "target_group", service.target_group),
            _attribute(service, "sex", service.sex),
        ],
    }
    if service.min_age is not None:
        out["minimum_age"] = service.min_age
    if service.max_age is not None:
        out["maximum_age"] = service.max_age
    if service.licence_number or service.licence_expires_on:
        expiry = service.licence_expires_on
        out["licenses"] = service.licence_number + (f" (→ {expiry.isoformat()})" if expiry else "")
    capacity = getattr(service, "capacity", None) if _has_capacity(service) else None
    if capacity is not None:
        out["capacities"].append(hsds_capacity(capacity))
    return out


def _has_capacity(service: Service) -> bool:
    try:
        service.capacity  # noqa: B018
    except ServiceCapacity.DoesNotExist:
        return False
    return True


def hsds_export() -> list[dict]:
    """Every service of the directory (all statuses) in HSDS 3.1's full form, organisation,
    locations and capacity nested; ids are the rows' stable UUIDs."""
    qs = (
        Service.objects.select_related("organization__institution", "capacity")
        .prefetch_related("at_locations__location__organization")
        .order_by("pk")
    )
    return [hsds_service(s) for s in qs]
