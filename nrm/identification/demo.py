"""Invented formal identifications for the demo, through the real services: the group of the
demo's main county (the demo's users at the institutions the A5 reaches: police, child
protection, social service; `nrm.accounts.demo`) takes up the cases the A5 sent it,
interviews the person (B1/B2) and decides (B3) — with consensus for the cases that go on to
protection or are closed, without it for some that wait at the AP; the cases that stay in
formal identification are in progress or await the group's decision. At least six adult and
six child cases of the `police` part's institution await the decision (api-contract.md asks
for five)."""

import random
from datetime import datetime, timedelta

from nrm.accounts.demo import cast_institution_code, member_actor
from nrm.core import clock
from nrm.identification import rules, services
from nrm.identification.models import FormalInterview, Group, GroupState, InterviewStatus
from nrm.registry.models import Case
from nrm.registry.services import profile_of
from nrm.screening import selectors as screening

AWAITING = 6  # per age group: the contract's five, and one to spare
REASONS = {
    "victim": "Rrëfimi i personit dhe treguesit e vërejtur tregojnë rekrutim me mashtrim "
    "dhe shfrytëzim në punë; grupi arriti konsensus.",
    "potential_victim": "Ka tregues të arsyeshëm, por faktet kërkojnë verifikim të mëtejshëm.",
    "not_recognised": "Faktet e mbledhura nuk tregojnë elemente të trafikimit.",
}
NAMES = ("Arben Hoxha", "Elira Leka", "Mirela Dervishi", "Gent Shehu", "Blerina Kola")


def _awaiting(is_child: bool, main: str) -> int:
    return (
        FormalInterview.objects.filter(
            status=InterviewStatus.ENDED,
            group__state=GroupState.FORMAL,
            group__closed_at=None,
            case__is_child=is_child,
            case__owner_institution__code=main,
        )
        .values("case_id")
        .distinct()
        .count()
    )


def demo_walk(*, actor, case: Case, plan, rng: random.Random, moment: datetime) -> datetime:
    """The demo walker of stage C (registry.doors.demo_walkers), after stage A's A5."""
    case = Case.objects.select_related("person").get(pk=case.pk)
    if plan.target == "initial_identification" or case.stage != "formal_identification":
        return moment
    request = case.formal_identification_requests.prefetch_related("recipients__institution")
    request = request.first()
    if request is None:
        return moment
    main = cast_institution_code("police")
    seats = [r.institution.code for r in request.recipients.order_by("pk")]
    members = {code: member_actor(code) for code in seats}
    if main not in members or len(members) < 2 or None in members.values():
        return moment  # a county without demo users: the A5 waits for its group

    def step(minutes: int) -> datetime:
        nonlocal moment
        moment = min(moment + timedelta(minutes=minutes + rng.randint(0, 20)), plan.until)
        return moment

    police = members[main]
    # The member who assesses the needs (the profile's assessor: the QPS / child protection
    # for a child, the social worker for an adult), not whichever the database lists first.
    assessor = rules.needs_assessor(rules.stage_rules(profile_of(case)), is_child=case.is_child)
    others = [a for code, a in members.items() if code != main]
    partner = next((a for a in others if a.institution.type == assessor), others[0])
    if plan.target == "formal_identification":
        owned = case.owner_institution.code == main if case.owner_institution else False
        if owned and _awaiting(case.is_child, main) < AWAITING:
            ending = "awaiting"
        else:
            ending = rng.choices(["formed", "interviewed", "at_ap", "awaiting"], [3, 2, 2, 3])[0]
    elif plan.target in ("protection", "return", "reintegration", "closed"):
        ending = "decided"
    else:  # placed in a shelter while the group has not decided yet
        ending = rng.choice(["formed", "interviewed", "awaiting"])
    # Every institution of the group takes its seat (two in Albania, three in Kosovo).
    for member in (police, partner, *(a for a in members.values() if a not in (police, partner))):
        with clock.override(step(45)):
            services.seat_take(actor=member, case_id=case.pk)
    if ending == "formed":
        return moment
    with clock.override(step(60)):
        interview = _interview(police, case, moment, rng)
    with clock.override(step(10)):
        _start(police, case, interview)
    length = rules.max_minutes(rules.stage_rules(profile_of(case)), is_child=case.is_child)
    with clock.override(step(length - 30)):
        services.interview_end(actor=police, interview_id=interview.pk, facts="Rekrutim, transport")
    with clock.override(step(5)):
        services.needs_assess(
            actor=partner,
            interview_id=interview.pk,
            assessment="Nevojë për strehim të sigurt, mbështetje psiko-sociale dhe ligjore.",
        )
    if ending in {"interviewed", "awaiting"}:
        return moment
    with clock.override(step(30)):
        if ending == "at_ap":
            services.decision_record(
                actor=police,
                case_id=case.pk,
                outcome=None,
                consensus=False,
                decided_on=clock.today(),
                reasoning="Anëtarët e grupit nuk ranë dakord për statusin.",
            )
            return moment
        outcome = "not_recognised" if plan.target == "closed" else "victim"
        if plan.target != "closed" and rng.random() < 0.15:
            outcome = "potential_victim"
        decision = services.decision_record(
            actor=police,
            case_id=case.pk,
            outcome=outcome,
            consensus=True,
            decided_on=clock.today(),
            reasoning=REASONS[outcome],
            shelter="Strehëza e fëmijëve" if case.is_child else "",
        )
    with clock.override(step(60)):
        services.decision_send_to_ap(actor=police, decision_id=decision.pk)
    with clock.override(step(60 * 20)):
        services.decision_notice_record(
            actor=police, decision_id=decision.pk, notified_on=clock.today()
        )
    return moment


def _interview(police, case: Case, moment: datetime, rng: random.Random):
    interview = services.interview_plan(
        actor=police, case_id=case.pk, scheduled_at=moment, place="Drejtoria rajonale e policisë"
    )
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    person = screening.person_of(case, profile)
    for role in stage.participant_roles:
        if any(person.matches(a) for a in role.mandatory_for):
            services.participant_add(
                actor=police,
                interview_id=interview.pk,
                role=role.code,
                name=rng.choice(NAMES),
                declaration_signed_on=clock.today(),
            )
    return interview


def _start(police, case: Case, interview) -> None:
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    person = screening.person_of(case, profile)
    services.interview_start(
        actor=police,
        interview_id=interview.pk,
        conditions=[c.code for c in stage.conditions if person.matches(c.applies_to)],
        rights=[r.code for r in stage.rights],
    )


def group_of(case: Case) -> Group | None:
    return Group.objects.filter(case=case).first()
