"""The demo's service directory (docs/directory.md), from the profile's demo file (its
`directory`): state and NGO providers — shelters, centres for children, emergency beds,
psycho-social support, health, free legal aid, an employment office — with beds, licences
(one expired: the search leaves it out) and their institutions.
Idempotent; through the real services, as the system user."""

from datetime import timedelta

from django.conf import settings

from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.accounts.services import institution_save
from nrm.core import clock
from nrm.directory import services
from nrm.directory.models import Organization
from nrm.jurisdictions import get_profile


def directory_ensure() -> dict[str, Institution]:
    """The demo's providers and services (the profile's demo file; once). Returns their
    institutions by code."""
    actor = system_actor()
    made: dict[str, Institution] = {}
    orgs: dict[str, Organization] = {}
    demo = get_profile(settings.NRM_JURISDICTION).demo
    providers = demo.directory if demo else ()
    for row in providers:
        code, kind, county, name = row.code, row.type, row.county, row.name
        municipality, provider = row.municipality, row.provider
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            institution = institution_save(
                actor=actor, code=code, name=name, type=kind, county=county
            )
        made[code] = institution
        org = Organization.objects.filter(institution=institution).first()
        if org is None:
            org = services.organization_save(
                actor=actor,
                institution=institution,
                provider=provider,
                description=name,
                locations=[{"name": name, "county": county, "municipality": municipality}],
            )
            orgs[code] = org
    today = clock.today()
    for row in providers:
        org = orgs.get(row.code)
        if org is None:
            continue  # made before: the demo does not add a service twice
        for service in row.services:
            years = service.licence_years
            services.service_save(
                actor=actor,
                organization=org,
                name=service.name,
                need=service.need,
                target_group=service.target_group,
                min_age=service.min_age,
                max_age=service.max_age,
                sex=service.sex,
                languages=list(service.languages),
                licence_number=(
                    f"LIC-{row.code.upper()}-{service.need.upper()}" if years is not None else ""
                ),
                licence_expires_on=(
                    today + timedelta(days=365 * years) if years is not None else None
                ),
                counties=list(service.counties),
                locations=list(org.locations.all()),
                beds=service.beds,
            )
    return made
