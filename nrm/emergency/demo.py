"""The demo's walk through the emergency app, with the real services only.

For a child in the care of the child protection unit (the PMF acts), on its way to
protection: the emergency protection measure, step by step (most stop part-way: the demo
shows measures in every state); the first such case goes all the way, through a change of
the measure approved by the court and the non-response chain up to the AP secretariat. For a
foreign adult assisted by a shelter or the social service: the residence permit procedure.
For cases on their way to protection: the reflection and recovery period."""

from datetime import timedelta

from django.db import transaction

from nrm.accounts.demo import demo_data
from nrm.accounts.models import Institution, User
from nrm.accounts.policy import actor_for, system_actor
from nrm.accounts.services import institution_save, membership_create, user_create
from nrm.core import clock
from nrm.emergency import selectors, services
from nrm.emergency.models import MeasureChange
from nrm.jurisdictions import get_profile
from nrm.registry.models import Case

DEMO_PASSWORD = "demo"  # noqa: S105  (refused outside demo mode by the auth backend)


def agency_ensure(rules) -> User | None:
    """The second level of the non-response chain (the demo file's `emergency_agency`: made
    when no institution of the step's type exists) and its focal point (idempotent). None
    when the profile's chain or the demo names none."""
    kind = next((s.grant_to_type for s in rules.non_response_steps if s.grant_to_type), None)
    demo = demo_data()
    row = demo.emergency_agency if demo is not None else None
    if kind is None or row is None:
        return None
    system = system_actor()
    agency = Institution.objects.filter(type=kind, is_active=True).order_by("pk").first()
    if agency is None:
        agency = institution_save(actor=system, code=row.code, name=row.name, type=kind)
    user = User.objects.filter(username=row.user).first()
    if user is None:
        user = user_create(actor=system, username=row.user, password=DEMO_PASSWORD, is_demo=True)
        membership_create(actor=system, user=user, institution=agency, role="focal_point")
    return user


def _municipality(case) -> str:
    """Where the child is placed: the name of the owner's county (never an address)."""
    profile = get_profile(case.profile_code, case.profile_version)
    county = case.owner_institution.county if case.owner_institution else ""
    found = next((c for c in profile.counties if c.code == county), None)
    return found.name.get(profile.default_language) if found else ""


def _measure(actor, case, rules, rng, step, full: bool) -> None:
    with step(30):
        services.measure_initiate(
            actor=actor,
            case_id=case.pk,
            grounds="Rrezik i lartë dhe i menjëhershëm: mjedisi familjar nuk është i sigurt.",
        )
    stop = 6 if full else rng.randint(1, 6)
    if stop < 2:
        return
    with step(rng.randint(10, 50)):
        services.measure_director_inform(actor=actor, case_id=case.pk)
    if stop < 3:
        return
    with step(rng.randint(60, 300)):
        services.measure_decide(
            actor=actor,
            case_id=case.pk,
            decision="approved" if full or rng.random() < 0.9 else "refused",
            decided_on=clock.today(),
            director_role=rules.director_roles[0].code,
            reasoning="Masa miratohet: fëmija largohet nga mjedisi i rrezikshëm.",
        )
    if stop < 4 or selectors.open_measure_of(case) is None:
        return
    with step(rng.randint(30, 120)):
        services.measure_place(
            actor=actor,
            case_id=case.pk,
            kind=rules.placements[0].code,
            placed_on=clock.today(),
            municipality=_municipality(case),
        )
    if stop < 5:
        return
    with step(rng.randint(60 * 6, 60 * 60)):
        services.measure_gtn_request(actor=actor, case_id=case.pk)
    with step(rng.randint(60, 60 * 24)):
        services.measure_police_contact(
            actor=actor, case_id=case.pk, contacted_on=clock.today(), note="Koordinim me policinë."
        )
    if not full:
        return
    agency_user = agency_ensure(rules)
    others = Institution.objects.exclude(pk=actor.institution_id).filter(is_active=True)
    asked = others.filter(type__in=rules.police_institution_types).first() or others.first()
    with step(60 * 24 * 2):
        found = services.non_response_report(
            actor=actor,
            case_id=case.pk,
            institution_id=asked.pk,
            asked="Informacion për mjedisin familjar, i kërkuar dy herë.",
            since=clock.today() - timedelta(days=1),
        )
    if agency_user is not None:
        with step(45):
            services.non_response_escalate(actor=actor_for(agency_user), non_response_id=found.pk)
    family = next((p.code for p in rules.placements if p.family), None)
    if family is None:
        return
    for days, call in (
        (20, lambda: services.measure_change_draft(
            actor=actor, case_id=case.pk, kind=family, drafted_on=clock.today())),
        (3, lambda: services.measure_change_approve(
            actor=actor, case_id=case.pk, approved_on=clock.today(),
            director_role=rules.director_roles[0].code)),
        (2, lambda: services.measure_change_send(
            actor=actor, case_id=case.pk, sent_on=clock.today())),
        (15, lambda: services.measure_change_rule(
            actor=actor, case_id=case.pk, decision="approved", decided_on=clock.today(),
            reference="Vendim i gjykatës (demo)")),
    ):  # fmt: skip
        with step(60 * 24 * days):
            call()


def demo_walk(*, actor, case, plan, rng, moment):
    profile = get_profile(case.profile_code, case.profile_version)
    rules = profile.emergency
    if rules is None or "protection" not in plan.path or actor.institution is None:
        return moment
    case = Case.objects.select_related("person").get(pk=case.pk)
    until = plan.until

    def step(minutes: int):
        nonlocal moment
        moment = min(moment + timedelta(minutes=minutes), until)
        return clock.override(moment)

    foreign = selectors.is_foreign(case)
    with transaction.atomic():
        if case.is_child and selectors.allowed(actor, rules.initiated_by):
            full = not MeasureChange.objects.exists()
            _measure(actor, case, rules, rng, step, full)
        if foreign and selectors.allowed(actor, rules.residence_permit_by):
            with step(rng.randint(20, 50)):
                permits = services.residence_permit_start(
                    actor=actor, case_id=case.pk, requested_on=clock.today()
                )
            if rng.random() < 0.6:
                with step(60 * 24 * rng.randint(10, 40)):
                    services.permit_decide(
                        actor=actor,
                        permit_id=permits[0].pk,
                        outcome="granted",
                        decided_on=clock.today(),
                    )
        if (foreign or rng.random() < 0.3) and selectors.allowed(actor, rules.reflection_by):
            with step(rng.randint(10, 60)):
                services.reflection_start(actor=actor, case_id=case.pk, starts_on=clock.today())
    return moment
