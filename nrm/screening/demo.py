"""Invented initial identifications for the demo, through the real services, so that demo
cases in formal identification have their screening, interview, A1s, consent and A5 (and
so appear in the group's queue)."""

import random
from datetime import datetime, timedelta

from nrm.core import clock
from nrm.registry.models import Case
from nrm.registry.services import profile_of
from nrm.screening import rules, selectors, services

# Of the profile's catalogue: the first indicators of every group for everyone, and a
# child's of its first group for children.
FIRST = 6
INVESTIGATION_NOTES = (
    "Rekrutimi u bë përmes një njoftimi pune në rrjetet sociale.",
    "Dokumentet e identitetit i janë marrë nga punëdhënësi.",
    "Transporti u organizua nga një person i njohur i familjes.",
    "Punonte pa pagesë për të shlyer një borxh udhëtimi.",
)
NAMES = ("Arben Hoxha", "Elira Leka", "Mirela Dervishi", "Gent Shehu", "Blerina Kola")


def demo_walk(*, actor, case: Case, plan, rng: random.Random, moment: datetime) -> datetime:
    """The demo walker of stage A (registry.doors.demo_walkers): most cases are screened and
    interviewed; every case meant for a later stage gets consent and the A5."""
    if plan.target != "initial_identification" or rng.random() < 0.7:
        moment = identification_walk(
            actor=actor,
            case=case,
            rng=rng,
            start=moment,
            until=plan.until,
            request=plan.target != "initial_identification",
        )
    return moment


def identification_walk(
    *, actor, case: Case, rng: random.Random, start: datetime, until: datetime, request=True
) -> datetime:
    """Screens the case above the threshold, ticks the notifications it needs, holds the
    initial interview and, when `request`, records the A2 consent and sends the A5 (which moves
    the case to formal identification). Returns the moment of the last step."""
    moment = start

    def step(hours: int) -> datetime:
        nonlocal moment
        moment = min(moment + timedelta(hours=hours, minutes=rng.randint(0, 50)), until)
        return moment

    profile_case = Case.objects.select_related("person").get(pk=case.pk)
    catalogue = profile_of(profile_case).indicator_catalogues[0]
    codes = _indicators(catalogue, profile_case.is_child)
    with clock.override(step(1)):
        services.screening_submit(
            actor=actor,
            case_id=case.pk,
            catalogue=catalogue.code,
            indicators=rng.sample(codes, rng.randint(3, 7)),
        )
        for code in _notifications(profile_case):
            services.checklist_record(actor=actor, case_id=case.pk, kind="action", code=code)
    with clock.override(step(3)):
        interview = services.interview_plan(
            actor=actor, case_id=case.pk, scheduled_at=moment, place="Zyra e institucionit"
        )
        roles = ["interviewer", *_mandatory(profile_case)]
        for role in roles:
            services.participant_add(
                actor=actor,
                interview_id=interview.pk,
                role=role,
                name=rng.choice(NAMES),
                declaration_signed_on=clock.today(),
            )
    with clock.override(step(1)):
        services.interview_hold(actor=actor, interview_id=interview.pk)
    if rng.random() < 0.9:  # what the person said that may help an investigation (§2.6)
        with clock.override(step(1)):
            services.investigation_information_record(
                actor=actor,
                case_id=case.pk,
                interview_id=interview.pk,
                content=rng.choice(INVESTIGATION_NOTES),
            )
    if request:
        with clock.override(step(2)):
            # The A2, signed by the first giver the consent registry allows for this person.
            givers = selectors.a2_givers(
                profile=profile_of(profile_case), is_child=profile_case.is_child
            )
            services.a2_record(
                actor=actor,
                case_id=case.pk,
                given=True,
                given_by=givers[0].code,
                signed_on=clock.today(),
                # A child's A2 records the child's own view (the profile's `a2_child_view`).
                child_view="agrees" if profile_case.is_child else "",
            )
            services.formal_identification_request(actor=actor, case_id=case.pk)
    return moment


def _indicators(catalogue, is_child: bool) -> list[str]:
    everyone = [g for g in catalogue.groups if g.applies_to == "all"]
    codes = [i.code for g in everyone for i in g.indicators[:FIRST]]
    if is_child:
        group = next((g for g in catalogue.groups if g.applies_to == "child"), None)
        codes += [i.code for i in group.indicators] if group is not None else []
    return codes


def _person(case: Case):
    profile = profile_of(case)
    person = rules.Person(
        is_child=case.is_child,
        is_foreign=rules.is_foreign(case.person.citizenship, profile=profile),
        needs_interpreter=rules.needs_interpreter(case.person.languages, profile=profile),
    )
    return rules.stage_rules(profile), person


def _notifications(case: Case) -> list[str]:
    stage, person = _person(case)
    return [a.code for a in stage.required_actions if a.emits and person.matches(a.applies_to)]


def _mandatory(case: Case) -> list[str]:
    stage, person = _person(case)
    return [
        r.code
        for r in stage.interview_roles
        if r.code != "interviewer" and any(person.matches(a) for a in r.mandatory_for)
    ]
