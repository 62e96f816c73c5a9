"""The demo's service directory (docs/directory.md): state and NGO providers in Tirana and a
few other counties — shelters for adults, a centre for children, an emergency centre, health,
free legal aid, an employment office — with beds, licences (one expired: the search leaves it
out) and their institutions. Idempotent; through the real services, as the system user."""

from datetime import timedelta

from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.accounts.services import institution_save
from nrm.core import clock
from nrm.directory import services
from nrm.directory.models import Organization

# (code, type, county, municipality, provider, name)
PROVIDERS = [
    (
        "shelter-tirana",
        "shelter",
        "tirana",
        "Tiranë",
        "ngo",
        "Strehëz OJF, anëtare e Koalicionit Kombëtar të Strehëzave Antitrafik, Tiranë",
    ),
    (
        "qkpvt",
        "national_reception_centre",
        "tirana",
        "Tiranë",
        "state",
        "Qendra Kombëtare Pritëse për Viktimat e Trafikimit",
    ),
    (
        "emergency-centre-tirana",
        "emergency_centre",
        "tirana",
        "Tiranë",
        "state",
        "Qendra e emergjencës, Tiranë",
    ),
    (
        "child-centre-elbasan",
        "social_care_centre",
        "elbasan",
        "Elbasan",
        "ngo",
        "Qendër e specializuar për fëmijët viktima, Elbasan",
    ),
    ("shelter-vlore", "shelter", "vlore", "Vlorë", "ngo", "Strehëz OJF, Vlorë"),
    ("health-tirana", "health", "tirana", "Tiranë", "state", "Qendra Shëndetësore Nr. 1, Tiranë"),
    (
        "legal-aid-tirana",
        "legal_aid",
        "tirana",
        "Tiranë",
        "state",
        "Zyra e ndihmës juridike falas, Tiranë",
    ),
    (
        "employment-tirana",
        "employment_office",
        "tirana",
        "Tiranë",
        "state",
        "Zyra vendore e punësimit, Tiranë",
    ),
]

TIRANA_AROUND = ["tirana", "durres", "elbasan"]

# (institution, name, need, target group, min age, max age, sex, languages, beds,
#  licence years (None: no licence; negative: expired), counties served)
SERVICES = [
    (
        "shelter-tirana",
        "Strehim dhe mbrojtje për gra dhe vajza të rritura",
        "shelter",
        "adult",
        18,
        None,
        "female",
        ["sq", "en", "it"],
        12,
        2,
        TIRANA_AROUND,
    ),
    (
        "shelter-tirana",
        "Mbështetje psiko-sociale",
        "psycho_social",
        "any",
        None,
        None,
        "any",
        ["sq", "en"],
        None,
        2,
        TIRANA_AROUND,
    ),
    (
        "qkpvt",
        "Akomodim dhe asistencë për viktimat e rritura",
        "shelter",
        "adult",
        18,
        None,
        "any",
        ["sq", "en"],
        20,
        3,
        [],
    ),
    (
        "emergency-centre-tirana",
        "Strehim emergjent",
        "emergency_shelter",
        "any",
        None,
        None,
        "any",
        ["sq", "en"],
        6,
        1,
        TIRANA_AROUND,
    ),
    (
        "child-centre-elbasan",
        "Qendër rezidenciale për fëmijë",
        "shelter",
        "child",
        0,
        17,
        "any",
        ["sq"],
        8,
        2,
        ["elbasan", "tirana", "berat"],
    ),
    (
        "shelter-vlore",
        "Strehim për të rriturit",
        "shelter",
        "adult",
        18,
        None,
        "any",
        ["sq", "el"],
        10,
        -1,
        ["vlore", "fier", "gjirokaster"],
    ),
    (
        "health-tirana",
        "Kujdes shëndetësor parësor",
        "health",
        "any",
        None,
        None,
        "any",
        ["sq"],
        None,
        None,
        ["tirana"],
    ),
    (
        "legal-aid-tirana",
        "Ndihmë juridike falas",
        "legal_aid",
        "any",
        None,
        None,
        "any",
        ["sq", "en"],
        None,
        None,
        ["tirana"],
    ),
    (
        "employment-tirana",
        "Ndërmjetësim për punësim",
        "employment",
        "adult",
        16,
        None,
        "any",
        ["sq"],
        None,
        None,
        ["tirana"],
    ),
    (
        "employment-tirana",
        "Formim profesional",
        "vocational_training",
        "any",
        15,
        None,
        "any",
        ["sq"],
        None,
        None,
        ["tirana"],
    ),
]

NEEDS_NAMED = tuple(sorted({row[2] for row in SERVICES}))


def directory_ensure() -> dict[str, Institution]:
    """The demo's providers and services (once). Returns their institutions by code."""
    actor = system_actor()
    made: dict[str, Institution] = {}
    orgs: dict[str, Organization] = {}
    for code, kind, county, municipality, provider, name in PROVIDERS:
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
    for code, name, need, group, low, high, sex, langs, beds, years, counties in SERVICES:
        org = orgs.get(code)
        if org is None:
            continue  # made before: the demo does not add a service twice
        services.service_save(
            actor=actor,
            organization=org,
            name=name,
            need=need,
            target_group=group,
            min_age=low,
            max_age=high,
            sex=sex,
            languages=langs,
            licence_number=f"LIC-{code.upper()}-{need.upper()}" if years is not None else "",
            licence_expires_on=today + timedelta(days=365 * years) if years is not None else None,
            counties=counties,
            locations=list(org.locations.all()),
            beds=beds,
        )
    return made
