"""The demo's person recorded twice: the police of Tirana and the Tirana shelter each open a
case for the same young man, one writing "Engjëll", the other "Engjell", with the same date
of birth; then a scan runs (as the worker would at night), so the demo's AP secretariat
finds one pair in `/persons/duplicates/`. Through the real services, once per database."""

from datetime import date, timedelta

from django.conf import settings

from nrm.accounts.models import User
from nrm.accounts.policy import Actor, actor_for, system_actor
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.linkage.models import MatchCandidate, PersonLink
from nrm.linkage.services import linkage_scan
from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create

# (the demo's part who records the person — its cast, demo.yaml —, how the name is written there)
RECORDS = (("police", "Engjëll"), ("shelter", "Engjell"))
FAMILY_NAME = "Marku"
BORN = date(2004, 5, 14)


def _opener(part: str) -> Actor | None:
    """The demo user who plays `part` (the profile's demo cast), at their active institution."""
    profile = get_profile(settings.NRM_JURISDICTION)
    try:
        username = profile.demo.user(part).username
    except (AttributeError, KeyError):
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    actor = actor_for(user) if user is not None else None
    return actor if actor is not None and actor.institution is not None else None


def demo_walk(*, actor, case, plan, rng, moment):
    """Once: the two records and a scan; every other case walks on untouched."""
    if MatchCandidate.objects.exists() or PersonLink.objects.exists():
        return moment
    openers = [(_opener(kind), given) for kind, given in RECORDS]
    if any(opener is None for opener, _given in openers):
        return moment  # a profile without these institutions: nothing to show
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
                    citizenship=get_profile(settings.NRM_JURISDICTION).home_country,
                ),
            )
    with clock.override(moment):
        linkage_scan(actor=system_actor())
    return moment
