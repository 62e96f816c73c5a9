"""The demo's person recorded twice: the demo's police and its shelter (the `police` and
`shelter` parts, nrm.accounts.demo) each open a case for the same young man, one writing
"Engjëll", the other "Engjell", with the same date of birth; then a scan runs (as the worker
would at night), so the demo's AP secretariat finds one pair in `/persons/duplicates/`.
Through the real services, once per database."""

from datetime import date, timedelta

from django.conf import settings

from nrm.accounts.demo import cast_actor
from nrm.accounts.policy import system_actor
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.linkage.models import MatchCandidate, PersonLink
from nrm.linkage.services import linkage_scan
from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create

# (the demo's part who opens a case, how the name is written there)
RECORDS = (("police", "Engjëll"), ("shelter", "Engjell"))
FAMILY_NAME = "Marku"
BORN = date(2004, 5, 14)


def demo_walk(*, actor, case, plan, rng, moment):
    """Once: the two records and a scan; every other case walks on untouched."""
    if MatchCandidate.objects.exists() or PersonLink.objects.exists():
        return moment
    openers = [(cast_actor(part), given) for part, given in RECORDS]
    if any(opener is None for opener, _given in openers):
        return moment  # a demo without these parts: nothing to show
    citizenship = get_profile(settings.NRM_JURISDICTION).home_country
    for opener, given in openers:
        moment = min(moment + timedelta(hours=rng.randint(2, 30)), plan.until)
        with clock.override(moment):
            case_create(
                actor=opener,
                person=PersonInput(
                    given_name=given,
                    family_name=FAMILY_NAME,
                    sex="male",
                    date_of_birth=BORN,
                    citizenship=citizenship,
                ),
            )
    with clock.override(moment):
        linkage_scan(actor=system_actor())
    return moment
