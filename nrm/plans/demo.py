"""The demo's needs assessments and plans, made through the real services.

For the cases of the demo's main county (the `police` part's) that go on to protection or
reintegration (the demo's workers are there): a child's child protection worker (the demo's
`child_protection` part) assesses the needs (C4) and puts the Individual Protection Plan in
force within the 72 hours; the shelter's case worker (`shelter`) assesses an adult (C5) and
puts the individual assistance plan in force; for reintegration the social worker
(`social_services`) sends a D1 to the AP (`secretariat`), which approves it (now and then
after returning it for changes) — a few stay with the AP, for its list. Access comes from
the owner's assignment (the referral stage gives it in real life)."""

from datetime import timedelta

from nrm.accounts.demo import cast_actor, cast_institution
from nrm.accounts.models import Institution
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.plans import selectors, services
from nrm.plans.models import ItemStatus, PlanStatus
from nrm.registry import services as registry

TARGETS = {"protection", "reintegration", "return", "sheltered_awaiting_group"}
# The demo's parts (nrm.accounts.demo) who assess and plan.
WORKERS = {"pmf": "child_protection", "shelter": "shelter", "social": "social_services"}


def _access(granter, case, actor) -> None:
    if actor.institution_id != case.owner_institution_id:
        registry.case_assign(
            actor=granter,
            case_id=case.pk,
            institution=Institution.objects.get(pk=actor.institution_id),
            reason="Menaxhimi i rastit: vlerësimi i nevojave dhe plani",
        )


def _findings(rng, domains):
    found = []
    for code in domains:
        need = rng.random() < 0.55
        found.append(
            services.FindingIn(
                domain=code,
                need_found=need,
                level=rng.choice(["low", "medium", "high"]) if need else "",
                notes="Nevoja u diskutua me personin." if need else "",
            )
        )
    return found


def _template(rng, case, kind):
    options = [t.code for t in selectors.templates_for(case, kind)]
    return rng.choice(options) if options else ""


def demo_walk(*, actor, case, plan, rng, moment):
    """Assessments and plans for some of the main county's cases bound for protection or
    reintegration; nothing after the real present (`plan.until`)."""
    profile = get_profile(case.profile_code, case.profile_version)
    if profile.plans is None or plan.target not in TARGETS:
        return moment
    case.refresh_from_db()
    main = cast_institution("police")
    if main is None or case.county != main.county or rng.random() > 0.7:
        return moment
    workers = {k: cast_actor(part) for k, part in WORKERS.items()}
    ap = cast_actor("secretariat")
    if ap is None or None in workers.values():
        return moment
    granter = actor if actor.institution_id == case.owner_institution_id else ap
    until = plan.until
    domains = [d.code for d in profile.plans.assessment.domains]

    def step(hours: int):
        nonlocal moment
        moment = min(moment + timedelta(hours=hours, minutes=rng.randint(0, 50)), until)
        return clock.override(moment)

    if case.is_child:
        pmf = workers["pmf"]
        with step(rng.randint(2, 20)):
            _access(granter, case, pmf)
            services.assessment_record(
                actor=pmf,
                case_id=case.pk,
                assessed_on=clock.today(),
                findings=_findings(rng, domains),
                person_participated=True,
                guardian_participated=rng.random() < 0.5,
                views="Fëmija dëshiron të vazhdojë shkollën dhe të jetë pranë motrës.",
            )
        with step(rng.randint(2, 24)):
            ipp = services.plan_create(
                actor=pmf, case_id=case.pk, kind="ipp", template=_template(rng, case, "ipp")
            )
            if ipp.items.exists():
                services.plan_approve(actor=pmf, plan_id=ipp.pk)
    if moment >= until:
        return moment
    shelter = workers["shelter"]
    with step(rng.randint(24, 96)):
        _access(granter, case, shelter)
        if not case.is_child:
            services.assessment_record(
                actor=shelter,
                case_id=case.pk,
                assessed_on=clock.today(),
                findings=_findings(rng, domains),
                person_participated=True,
                views="Personi dëshiron punë të qëndrueshme dhe strehim të sigurt.",
            )
    with step(rng.randint(24, 72)):
        assistance = services.plan_create(
            actor=shelter,
            case_id=case.pk,
            kind="assistance",
            template=_template(rng, case, "assistance"),
            person_participated=True,
        )
        if assistance.items.exists():
            services.plan_approve(actor=shelter, plan_id=assistance.pk)
            first = assistance.items.order_by("number").first()
            services.plan_item_update(
                actor=shelter, item_id=first.pk, status=ItemStatus.IN_PROGRESS
            )
    if plan.target != "reintegration" or moment >= until:
        return moment
    social = workers["social"]
    with step(rng.randint(72, 240)):
        _access(granter, case, social)
        d1 = services.plan_create(
            actor=social,
            case_id=case.pk,
            kind="reintegration",
            template=_template(rng, case, "reintegration"),
            person_participated=True,
            views="Personi e pranon planin dhe merr pjesë në hartimin e tij.",
        )
        if not d1.items.exists():
            return moment
        services.plan_submit(actor=social, plan_id=d1.pk)
    if moment >= until or rng.random() < 0.2:
        return moment  # stays with the AP: its list
    if rng.random() < 0.3:
        with step(rng.randint(24, 120)):
            services.plan_decide(
                actor=ap,
                plan_id=d1.pk,
                outcome="return",
                decided_on=clock.today(),
                note="Shtoni afatet e punësimit dhe institucionin përgjegjës për strehimin.",
            )
        with step(rng.randint(24, 72)):
            last = d1.items.order_by("-number").first()
            services.plan_item_update(
                actor=social, item_id=last.pk, due_on=last.due_on + timedelta(days=14)
            )
            services.plan_submit(actor=social, plan_id=d1.pk)
    if moment >= until:
        return moment
    with step(rng.randint(24, 150)):
        d1.refresh_from_db()
        if d1.status == PlanStatus.SUBMITTED:
            services.plan_decide(
                actor=ap,
                plan_id=d1.pk,
                outcome="approve",
                decided_on=clock.today(),
                reference=f"Vendim AP nr. {d1.pk}",
                note="Detyrat u caktuan për secilin anëtar.",
            )
    return moment
