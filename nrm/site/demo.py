"""Reference data, demo accounts and invented cases for `nrm demo` and `nrm generate`.

Stored reasons are in Albanian, as a worker in Albania would write them.

Cases for the demo go through the real services so their history and audit trail are real.
"""

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from nrm.accounts.models import Institution, User
from nrm.accounts.policy import Actor, actor_for, system_actor
from nrm.accounts.services import (
    institution_save,
    membership_create,
    system_user_ensure,
    user_create,
)
from nrm.core import clock
from nrm.directory.demo import directory_ensure
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.doors import RequiredCodes, codes_of, required_codes
from nrm.registry import selectors as registry_selectors
from nrm.registry import services as registry
from nrm.registry.doors import DemoPlan, demo_walkers
from nrm.registry.models import Case
from nrm.registry.synthetic import invent_person

DEMO_PASSWORD = "demo"  # noqa: S105  (refused outside demo mode by the auth backend)


def _demo():
    """The profile's demo (its demo file): institutions, users and who plays which part."""
    demo = get_profile(settings.NRM_JURISDICTION).demo
    if demo is None:
        raise LookupError("the profile has no demo file")
    return demo


def demo_users() -> list[tuple[str, str, str]]:
    """(username, institution code, role) of the profile's demo users."""
    return [(u.username, u.institution, u.role) for u in _demo().users]


def reference_data_ensure() -> dict[str, Institution]:
    """The demo's institutions (the profile's demo file): its national bodies, one of each
    `per_county` kind in every county, and the service directory's providers."""
    system_user_ensure()
    actor = system_actor()
    profile = get_profile(settings.NRM_JURISDICTION)
    demo = _demo()
    made: dict[str, Institution] = {}
    for row in demo.institutions:
        made[row.code] = institution_save(
            actor=actor,
            code=row.code,
            name=row.name,
            type=row.type,
            county=row.county or "",
            parent=made[row.parent] if row.parent else None,
        )
    language = profile.default_language
    for county in profile.counties:
        for row in demo.per_county:
            code = f"{row.prefix}-{county.code}"
            made[code] = institution_save(
                actor=actor,
                code=code,
                name=row.name.format(county=county.name.get(language)),
                type=row.type,
                county=county.code,
            )
    made.update(directory_ensure())  # issue 12: the service directory's providers
    return made


def demo_users_ensure(institutions: dict[str, Institution]) -> None:
    actor = system_actor()
    for username, code, role in demo_users():
        if User.objects.filter(username=username).exists():
            continue
        user = user_create(actor=actor, username=username, password=DEMO_PASSWORD, is_demo=True)
        membership_create(actor=actor, user=user, institution=institutions[code], role=role)
    if not User.objects.filter(username="admin").exists():
        user_create(
            actor=actor, username="admin", password=DEMO_PASSWORD, is_demo=True, is_superuser=True
        )


# The stage a demo case ends in, and the moves that take it there.
PATHS = {
    "initial_identification": [],
    "formal_identification": ["formal_identification"],
    "protection": ["formal_identification", "protection"],
    "return": ["formal_identification", "protection", "return"],
    "reintegration": ["formal_identification", "protection", "reintegration"],
    "closed": ["formal_identification", "closed"],
}
# Placed in a shelter while the group has not decided yet (parallel procedures, issue 11).
SHELTERED_AWAITING_GROUP = "sheltered_awaiting_group"
PLANNED = {**PATHS, SHELTERED_AWAITING_GROUP: ["formal_identification", "protection"]}


def _walk(
    actor: Actor,
    case: Case,
    target: str,
    rng: random.Random,
    opened: datetime,
    until: datetime,
    ap: Actor,
) -> None:
    """Moves the case along PATHS[target], each step later than the last and none after
    `until` (the real present: inside clock.override, clock.now() is the opening moment)."""
    moment = opened
    plan = DemoPlan(target=target, path=tuple(PLANNED[target]), until=until)
    # Each stage walks the case with its real services (registry.doors.demo_walkers): stage A
    # screens, interviews and, for every later stage, records consent and sends the A5.
    for walker in demo_walkers:
        moment = walker.walk(actor=actor, case=case, plan=plan, rng=rng, moment=moment)
    # No fake producers: the emergency referral and the child protection plan are recorded
    # by the stages that will do them (their rules are inactive until then).
    for stage in PLANNED[target]:
        if stage == "formal_identification":
            continue  # the A5 of the identification walk moved the case there
        moment += timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
        moment = min(moment, until)
        with clock.override(moment):
            # The group's decision (B3): its members record it (nrm.identification's walker,
            # where the demo has users); elsewhere the AP secretariat records it as the AP.
            # Where the group's demo walker (nrm.identification) decided already, its B3
            # stands; elsewhere (a county without demo users) the AP records it.
            undecided = _undecided(case)
            if stage == "protection" and undecided and target != SHELTERED_AWAITING_GROUP:
                outcome = "victim" if rng.random() < 0.85 else "potential_victim"
                if outcome != "potential_victim":
                    _decide(ap, case, outcome, "Vendimi i identifikimit formal (B3)")
            if stage == "closed":
                if undecided:
                    _decide(
                        ap,
                        case,
                        "not_recognised",
                        "Vendimi i identifikimit formal (B3): nuk njihet si viktimë",
                    )
                # The owner closes its case; a case the system walks is closed by the AP.
                closer = actor if actor.institution_id == case.owner_institution_id else ap
                registry.case_close(
                    actor=closer,
                    case_id=case.pk,
                    reason_code=DEMO_CLOSURE_REASON,
                    note="Nuk njihet si viktimë; asnjë nevojë e mëtejshme",
                    expected_version=_version(case),
                )
                continue
            # Reintegration follows protection: the shelter stay ends when it starts.
            if stage == "reintegration" and registry_selectors.procedure_open_of(
                case, "protection"
            ):
                registry.procedure_end(
                    actor=actor,
                    case_id=case.pk,
                    code="protection",
                    reason="Doli nga strehëza për riintegrim",
                    expected_version=_version(case),
                )
            if registry_selectors.procedure_open_of(case, DEMO_PROCEDURES[stage]):
                continue  # a stage's walker put it there (a shelter's admission, issue 12)
            registry.procedure_open(
                actor=actor,
                case_id=case.pk,
                code=DEMO_PROCEDURES[stage],
                reason="Hapi i procedurës filloi",
                expected_version=_version(case),
            )


# The profile codes the demo's walk names (checked at start-up, nrm.E060).
# The group's B3 is recorded by the group's members (nrm.identification's demo walker, where
# the demo has users); in a county without them the AP secretariat records it as the AP.
DEMO_STATUS_KIND = "ap_decision"
# The stage a demo case should show → the procedure that takes it there.
DEMO_PROCEDURES = {"protection": "protection", "return": "return", "reintegration": "reintegration"}
DEMO_IDENTIFICATION, DEMO_DECIDED = "identification", "decided"
DEMO_CLOSURE_REASON = "not_recognised_no_need"


def contribute() -> None:
    required_codes.add(
        RequiredCodes(
            "status_authorities", (DEMO_STATUS_KIND,), lambda p: codes_of(p.status_authorities)
        ),
        code="site.demo.status_authorities",
        app="nrm.site",
    )
    required_codes.add(
        RequiredCodes(
            "case_closure.reasons",
            (DEMO_CLOSURE_REASON,),
            lambda p: codes_of(p.case_closure.reasons) if p.case_closure else None,
        ),
        code="site.demo.closure_reasons",
        app="nrm.site",
    )
    required_codes.add(
        RequiredCodes(
            "identification_statuses",
            ("victim", "potential_victim", "not_recognised"),
            lambda p: codes_of(p.identification_statuses),
        ),
        code="site.demo.statuses",
        app="nrm.site",
    )
    required_codes.add(
        RequiredCodes(
            "procedures",
            (DEMO_IDENTIFICATION, *DEMO_PROCEDURES.values()),
            lambda p: codes_of(p.procedures),
        ),
        code="site.demo.procedures",
        app="nrm.site",
    )
    required_codes.add(
        RequiredCodes(
            "exploitation_forms",
            tuple(EXPLOITATION_WEIGHTS),
            lambda p: codes_of(p.exploitation_forms) if p.exploitation_forms else None,
            optional=True,
        ),
        code="site.demo.exploitation_forms",
        app="nrm.site",
    )


def _undecided(case: Case) -> bool:
    """The identification procedure is still with the group (nobody decided yet)."""
    procedure = registry_selectors.procedure_open_of(
        Case.objects.get(pk=case.pk), DEMO_IDENTIFICATION
    )
    return procedure is not None and procedure.state == "formal"


def _version(case: Case) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case.pk)


def _decide(ap: Actor, case: Case, to: str, reason: str) -> None:
    registry.case_status_decide(
        actor=ap,
        case_id=case.pk,
        to=to,
        decision=registry.DecisionRef(
            kind=DEMO_STATUS_KIND, reference=f"B3-{case.reference}", reason=reason
        ),
        expected_version=_version(case),
    )
    registry.procedure_move(
        actor=ap,
        case_id=case.pk,
        code=DEMO_IDENTIFICATION,
        to=DEMO_DECIDED,
        reason=reason,
        reference=f"B3-{case.reference}",
        expected_version=_version(case),
    )


def _owners(profile, demo) -> tuple[list[str], set[str]]:
    """The demo file's owners of further cases, each code repeated `weight` times (drawn
    with `rng.choice`), and those whose cases are children."""
    owners: list[str] = []
    children: set[str] = set()
    for row in demo.owners:
        if row.institution is not None:
            codes = [row.institution]
        else:
            codes = [f"{row.per_county}-{county.code}" for county in profile.counties]
        for code in codes:
            owners += [code] * row.weight
            if row.children:
                children.add(code)
    return owners, children


def _owner_plan(rng: random.Random, n: int) -> list[tuple[str, str, bool]]:
    """(owner code, target stage, child) for n cases, with the contract's guarantees first
    (owned by the `police` part's institution); the rest drawn from the demo's `owners`."""
    demo = _demo()
    main = demo.user("police").institution
    plan: list[tuple[str, str, bool]] = []
    for child in (False, True):
        plan += [(main, "formal_identification", child)] * 6
    for stage in PATHS:
        if stage != "formal_identification":
            plan += [(main, stage, rng.random() < 0.3) for _ in range(6)]
    plan += [(main, SHELTERED_AWAITING_GROUP, child) for child in (False, True)]
    owners, children = _owners(get_profile(settings.NRM_JURISDICTION), demo)
    owners = owners or [main]
    stages = list(PATHS)
    while len(plan) < n:
        owner = rng.choice(owners)
        child = owner in children or rng.random() < 0.25
        plan.append((owner, rng.choices(stages, weights=[20, 15, 25, 8, 17, 15])[0], child))
    return plan


def demo_cases_create(*, count: int = 300, seed: int = 2026, progress=None) -> int:
    """`count` invented cases (at least the contract's guaranteed ones) walked to their
    stages; `progress(done, total)` after each."""
    rng = random.Random(seed)
    system = system_actor()
    demo = _demo()
    institutions = {i.code: i for i in Institution.objects.all()}
    # The contract's caseworkers act for their institutions (not the focal points).
    users: dict[str, Actor] = {}
    for username, code, _role in demo_users():  # the first listed acts for its institution
        if code not in users:
            users[code] = actor_for(User.objects.get(username=username))
    ap = users[demo.user("secretariat").institution]
    referrers = set(demo.referrers)
    # Children of the referrers are managed by the child protection part's institution;
    # their protected cases go to the shelter part's institution (when the demo casts them).
    manager = demo.player("child_protection")
    shelter = demo.player("shelter")
    now = clock.now()
    plan = _owner_plan(rng, count)
    for i, (owner_code, stage, child) in enumerate(plan):
        actor = users.get(owner_code, system)
        opened = now - timedelta(days=rng.randint(0, 540), hours=rng.randint(0, 23))
        if stage != "initial_identification":
            opened -= timedelta(days=90)
        invented = invent_person(rng, today=opened.date(), child=child)
        with transaction.atomic(), clock.override(opened):
            case = registry.case_create(
                actor=actor,
                person=invented.person,
                owner_institution=institutions[owner_code],
                screening=_screening(rng),
            )
            _walk(actor, case, stage, rng, opened, until=now, ap=ap)
            forms = (
                _exploitation(rng, i, child) if registry.profile_of(case).exploitation_forms else []
            )
            if forms and (stage != "initial_identification" or rng.random() < 0.5):
                registry.case_exploitation_set(
                    actor=actor, case_id=case.pk, forms=forms, expected_version=_version(case)
                )
            referred = owner_code in referrers
            if case.is_child and referred and manager and manager.institution != owner_code:
                with clock.override(min(opened + timedelta(hours=2), now)):
                    registry.case_assign(
                        actor=actor,
                        case_id=case.pk,
                        institution=institutions[manager.institution],
                        reason="Fëmijë: punonjësi i mbrojtjes së fëmijës është menaxher i rastit",
                    )
            sheltered = stage in {"protection", "reintegration"} and referred
            if sheltered and shelter and shelter.institution != owner_code:
                with clock.override(min(opened + timedelta(days=3), now)):
                    registry.case_assign(
                        actor=actor,
                        case_id=case.pk,
                        institution=institutions[shelter.institution],
                        reason="Vendosje në strehëz",
                    )
        if progress is not None:
            progress(i + 1, len(plan))
    return count


# Forms of exploitation as the region's figures spread them (statistics.md: sexual, forced
# labour, begging first); the second case is forced criminality, so every demo has one.
EXPLOITATION_WEIGHTS = {
    "sexual_exploitation": 40,
    "labour_exploitation": 22,
    "begging": 15,
    "forced_criminality": 10,
    "forced_marriage": 6,
    "servitude": 4,
    "other": 3,
}


def _exploitation(rng: random.Random, i: int, child: bool) -> list[str]:
    if i == 1:
        return ["forced_criminality"]
    codes = list(EXPLOITATION_WEIGHTS)
    forms = {rng.choices(codes, weights=list(EXPLOITATION_WEIGHTS.values()))[0]}
    if child and rng.random() < 0.2:
        forms.add("begging")
    return sorted(forms)


def _screening(rng: random.Random) -> dict | None:
    """A few indicators of the profile's catalogue, from its first group for everyone."""
    profile = get_profile(settings.NRM_JURISDICTION)
    if not profile.indicator_catalogues:
        return None
    catalogue = profile.indicator_catalogues[0]
    group = next(g for g in catalogue.groups if g.applies_to == "all")
    picked = rng.sample(range(len(group.indicators)), rng.randint(1, min(6, len(group.indicators))))
    codes = [group.indicators[j].code for j in picked]
    return {"catalogue": catalogue.code, "indicators": sorted(codes), "notes": ""}
