"""The demo's Commission and its walk through the appeal.

The demo's Commission (`commission_ensure`): its institution, one member per ministry of the
profile (`commission.<ministry>`, password `demo`, chaired by the Ministry of Interior's),
each appointed by the AP secretariat. The walk runs after the identification walk: of the
cases whose status was decided by the group or the AP, some get notice and an appeal; of
those, most are decided by the Commission and a few challenged in court. Real services only.
"""

from datetime import date, timedelta

from django.conf import settings

from nrm.accounts.demo import cast_institution, cast_institution_code, cast_user
from nrm.accounts.models import Institution, User
from nrm.accounts.policy import actor_for, system_actor
from nrm.accounts.services import institution_save, membership_create, user_create
from nrm.appeals import selectors, services
from nrm.appeals.models import Appeal, CommissionAppointment
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.meetings.models import Attendee
from nrm.meetings.services import meeting_attendance_record, meeting_decide
from nrm.registry import services as registry
from nrm.registry.models import Case

COMMISSION_CODE = "appeals-commission"
DEMO_PASSWORD = "demo"  # noqa: S105  (refused outside demo mode by the auth backend)
# The AP secretariat's demo user: the demo's `secretariat` part (nrm.accounts.demo).
AP_PART = "secretariat"


def member_username(ministry: str) -> str:
    return f"commission.{ministry}"


def commission_ensure(*, since: date | None = None) -> Institution | None:
    """The Commission's institution, its six demo members and their appointments (idempotent).
    Nothing without the profile's `appeals` block or the AP secretariat's demo user."""
    profile = get_profile(settings.NRM_JURISDICTION)
    rules = profile.appeals
    ap_user = cast_user(AP_PART)
    if rules is None or ap_user is None:
        return None
    system = system_actor()
    commission = Institution.objects.filter(code=COMMISSION_CODE).first()
    if commission is None:
        # A kind that belongs to a county (Kosovo's profile: a court) sits in the main one.
        national = profile.institution_type(rules.commission_institution_type).national
        main = cast_institution("police")
        commission = institution_save(
            actor=system,
            code=COMMISSION_CODE,
            name="Komisioni i Posaçëm Ndërinstitucional për Shqyrtimin e Ankimeve",
            type=rules.commission_institution_type,
            county="" if national or main is None else main.county,
        )
    ap = actor_for(ap_user)
    # The demo's invented cases go back about two years: the members serve from then on.
    start = since or (clock.today() - timedelta(days=800))
    for ministry in rules.ministries:
        username = member_username(ministry.code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=system, username=username, password=DEMO_PASSWORD, is_demo=True
            )
            membership_create(
                actor=system, user=user, institution=commission, role=rules.commission_role
            )
        if not CommissionAppointment.objects.filter(ministry=ministry.code).exists():
            services.commission_member_appoint(
                actor=ap,
                user_id=user.pk,
                ministry=ministry.code,
                order_reference=f"Urdhër nr. {10 + len(ministry.code)}/{start.year}",
                order_date=start,
                valid_from=start,
                chair=ministry.chair,
            )
    return commission


def _version(case: Case) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case.pk)


# The contract's owner of the cases awaiting the group's decision (shared/api-contract.md),
# the `police` part's institution: the walk leaves them as they are.
CONTRACT_OWNER_PART = "police"
GROUP_DECISION = "ap_decision"  # recorded by the AP secretariat (the B3 only by the group)


def demo_walk(*, actor, case, plan, rng, moment):
    """Appeals a case left in formal identification now and then: its decision (the
    identification walk's, or else the group's B3 recorded by the AP secretariat, as the
    profile allows today) is notified and appealed; most appeals are decided, some of the
    decisions challenged in court. Cases that go on to later stages are left alone (their
    later status decisions would follow the Commission's)."""
    profile = get_profile(case.profile_code, case.profile_version)
    if profile.appeals is None or tuple(plan.path) != ("formal_identification",):
        return moment
    case.refresh_from_db()
    if case.owner_institution.code == cast_institution_code(CONTRACT_OWNER_PART):
        return moment
    if rng.random() > 0.45:
        return moment
    ap_user = cast_user(AP_PART)
    if ap_user is None:
        return moment
    with clock.override(plan.until):  # appointed once, from before the invented cases
        commission_ensure()
    ap = actor_for(ap_user)
    until = plan.until

    def step(days: int):
        nonlocal moment
        moment = min(moment + timedelta(days=days, hours=rng.randint(0, 5)), until)
        return clock.override(moment)

    decision = selectors.appealed_decision(case)
    if decision is None:
        if case.identification_status != "potential_victim":
            return moment
        with step(rng.randint(1, 10)):
            registry.case_status_decide(
                actor=ap,
                case_id=case.pk,
                to="not_recognised" if rng.random() < 0.6 else "victim",
                decision=registry.DecisionRef(
                    kind=GROUP_DECISION,
                    reference=f"B3-{case.reference}",
                    reason="Vendimi i identifikimit formal (B3)",
                ),
                expected_version=_version(case),
            )
        case.refresh_from_db()
        decision = selectors.appealed_decision(case)
    with step(2):
        if selectors.appeal_window(case, decision) is None:
            services.decision_notice_record(actor=ap, case_id=case.pk, notified_on=clock.today())
    with step(rng.randint(3, 20)):
        appeal = services.appeal_file(
            actor=ap,
            case_id=case.pk,
            appellant="legal_representative" if case.is_child else "person",
            appellant_name="Avokati i caktuar" if case.is_child else "",
            filed_on=clock.today(),
            arguments="Ankuesi kundërshton vlerësimin e treguesve nga grupi.",
        )
    if moment >= until or rng.random() < 0.2:
        return moment
    with step(rng.randint(1, 4)):
        services.appeal_convene(
            actor=ap, appeal_id=appeal.pk, scheduled_for=clock.now() + timedelta(days=1)
        )
    with step(2):
        services.file_review_record(actor=ap, appeal_id=appeal.pk, reviewed_on=clock.today())
    if moment >= until:
        return moment
    with step(rng.randint(5, 20)):
        appeal = Appeal.objects.get(pk=appeal.pk)
        outcomes = [code for code, _label in services.outcomes_for(appeal)]
        outcome = "uphold" if rng.random() < 0.6 or len(outcomes) < 2 else rng.choice(outcomes[1:])
        voters = list(
            Attendee.objects.filter(meeting_id=appeal.meeting_id, votes=True).values_list(
                "pk", flat=True
            )
        )
        meeting_attendance_record(
            actor=ap, meeting_id=appeal.meeting_id, present=voters, held_at=clock.now()
        )
        meeting_decide(
            actor=ap,
            meeting_id=appeal.meeting_id,
            outcome=outcome,
            text="Komisioni shqyrtoi dosjen dhe argumentet e ankuesit.",
            votes_for=len(voters) - 1,
            votes_against=1,
            abstentions=0,
        )
    with step(3):
        for recipient in ("appellant", "group", "ap"):
            services.decision_notify(
                actor=ap, appeal_id=appeal.pk, recipient=recipient, notified_on=clock.today()
            )
    if rng.random() < 0.3 and moment < until:
        with step(rng.randint(5, 25)):
            services.court_challenge_record(
                actor=ap,
                appeal_id=appeal.pk,
                filed_on=clock.today(),
                court="Gjykata administrative",
                reference=f"GJA-{appeal.pk}",
            )
    return moment
