"""Services of the needs assessment and the plans: the happy paths, and every bad input
leaves nothing saved (docs/plans.md)."""

from datetime import timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Deadline, Notification
from nrm.deadlines.models import Status as DeadlineStatus
from nrm.plans import selectors, services
from nrm.plans.models import (
    ItemStatus,
    NeedsAssessment,
    Plan,
    PlanDecision,
    PlanItem,
    PlanRevision,
    PlanStatus,
)
from tests.plans.conftest import DAY, TIRANE, at, finding

pytestmark = pytest.mark.django_db


def _counts():
    return (
        NeedsAssessment.objects.count(),
        Plan.objects.count(),
        PlanItem.objects.count(),
        PlanRevision.objects.count(),
        PlanDecision.objects.count(),
        Notification.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.count(),
    )


# --- needs assessment -------------------------------------------------------------------------


def test_the_shelter_assesses_an_adult_on_the_c5(actors, adult_case):
    shelter = actors["shelter.tirana"]
    a = services.assessment_record(
        actor=shelter,
        case_id=adult_case.pk,
        assessed_on=DAY,
        findings=[finding("health"), finding("housing", level="medium"), finding("legal", False)],
        person_participated=True,
        views="Dëshiron të punojë.",
    )
    assert a.form == "C5" and a.revision == 1 and a.is_current
    assert {f.domain: f.need_found for f in a.findings.all()} == {
        "health": True,
        "housing": True,
        "legal": False,
    }
    assert NeedsAssessment.objects.get(pk=a.pk).views == "Dëshiron të punojë."


def test_a_new_assessment_supersedes_and_the_old_stays_readable(actors, child_case):
    pmf = actors["pmf.tirana"]
    first = services.assessment_record(
        actor=pmf,
        case_id=child_case.pk,
        assessed_on=DAY,
        findings=[finding("education")],
        views="Dëshiron shkollën.",
    )
    second = services.assessment_record(
        actor=pmf,
        case_id=child_case.pk,
        assessed_on=DAY,
        findings=[finding("education", False), finding("family")],
        person_participated=True,
        guardian_participated=True,
    )
    first.refresh_from_db()
    assert first.form == second.form == "C4"
    assert (first.revision, second.revision) == (1, 2)
    assert first.superseded_by == second and not first.is_current
    assert selectors.assessment_current(child_case) == second
    assert [a.revision for a in selectors.assessment_list(actor=pmf, case=child_case)] == [2, 1]
    assert first.findings.get().domain == "education"


@pytest.mark.parametrize(
    "findings, field",
    [
        ([], "findings"),
        ([finding("astrology")], "findings.0.domain"),
        ([finding("health", level="")], "findings.0.level"),
        ([finding("health"), finding("health")], "findings.1.domain"),
    ],
)
def test_a_bad_assessment_saves_nothing(actors, adult_case, findings, field):
    before = _counts()
    with pytest.raises(ValidationFailed) as err:
        services.assessment_record(
            actor=actors["shelter.tirana"],
            case_id=adult_case.pk,
            assessed_on=DAY,
            findings=findings,
        )
    assert field in err.value.fields
    assert _counts() == before


def test_the_childs_views_are_heard(actors, child_case):
    with pytest.raises(ValidationFailed) as err:
        services.assessment_record(
            actor=actors["pmf.tirana"],
            case_id=child_case.pk,
            assessed_on=DAY,
            findings=[finding("health")],
        )
    assert "views" in err.value.fields


def test_an_assessment_in_the_future_is_refused(actors, adult_case):
    with pytest.raises(ValidationFailed) as err:
        services.assessment_record(
            actor=actors["shelter.tirana"],
            case_id=adult_case.pk,
            assessed_on=DAY + timedelta(days=1),
            findings=[finding("health")],
        )
    assert "assessed_on" in err.value.fields


def test_who_may_assess(actors, adult_case):
    # The police owns no part of care: a stranger to the case gets 404, the AP secretariat
    # (who sees every case) and the police (no access) are refused.
    with pytest.raises(NotFound):
        services.assessment_record(
            actor=actors["police.shkoder"],
            case_id=adult_case.pk,
            assessed_on=DAY,
            findings=[finding("health")],
        )
    with pytest.raises(Forbidden):
        services.assessment_record(
            actor=actors["ap.secretariat"],
            case_id=adult_case.pk,
            assessed_on=DAY,
            findings=[finding("health")],
        )


# --- plans, items, revisions -----------------------------------------------------------------


def test_an_assistance_plan_from_a_template(actors, adult_case):
    shelter = actors["shelter.tirana"]
    plan = services.plan_create(
        actor=shelter,
        case_id=adult_case.pk,
        kind="assistance",
        template="adult_labour_exploitation",
    )
    items = list(plan.items.order_by("number"))
    assert plan.number == f"PIN-{adult_case.reference}-1"
    assert plan.status == PlanStatus.DRAFT and plan.template == "adult_labour_exploitation"
    assert [i.domain for i in items][:3] == ["health", "psychosocial", "legal"]
    assert items[0].due_on == DAY + timedelta(days=7)
    # The template's "shelter" is the shelter of the case's county.
    assert items[1].institution.code == "shelter-tirana"
    assert all(i.institution_id for i in items)
    assert plan.revisions.get().number == 1


def test_a_template_that_does_not_fit_is_refused(actors, adult_case):
    before = _counts()
    with pytest.raises(ValidationFailed) as err:
        services.plan_create(
            actor=actors["shelter.tirana"],
            case_id=adult_case.pk,
            kind="assistance",
            template="child_sexual_exploitation",
        )
    assert "template" in err.value.fields
    assert _counts() == before


def test_the_ipp_is_for_a_child(actors, adult_case, child_case):
    with pytest.raises(ValidationFailed) as err:
        services.plan_create(actor=actors["social.tirana"], case_id=adult_case.pk, kind="ipp")
    assert "kind" in err.value.fields
    with pytest.raises(NotFound):  # the shelter has no access to the child's case
        services.plan_create(actor=actors["shelter.tirana"], case_id=child_case.pk, kind="ipp")
    with pytest.raises(Forbidden):  # the social service's case: it prepares no assistance plan
        services.plan_create(
            actor=actors["social.tirana"], case_id=adult_case.pk, kind="assistance"
        )


def test_one_plan_of_a_kind_per_case(actors, adult_case):
    shelter = actors["shelter.tirana"]
    services.plan_create(actor=shelter, case_id=adult_case.pk, kind="assistance")
    with pytest.raises(ValidationFailed):
        services.plan_create(actor=shelter, case_id=adult_case.pk, kind="assistance")


def _plan(actors, case, kind="assistance", who="shelter.tirana"):
    return services.plan_create(actor=actors[who], case_id=case.pk, kind=kind)


def test_an_item_without_a_responsible_institution_saves_nothing(actors, adult_case):
    plan = _plan(actors, adult_case)
    before = _counts()
    with pytest.raises(ValidationFailed) as err:
        services.plan_item_add(
            actor=actors["shelter.tirana"],
            plan_id=plan.pk,
            domain="health",
            action="Kontroll mjekësor",
            institution_id=None,
            due_on=DAY + timedelta(days=3),
        )
    # Albanian, the default language: "Choose the responsible institution: …".
    assert err.value.fields["institution_id"] == [
        "Zgjidhni institucionin përgjegjës: një institucion i sistemit."
    ]
    assert _counts() == before


def test_an_item_due_in_the_past_saves_nothing(actors, adult_case, institution):
    plan = _plan(actors, adult_case)
    before = _counts()
    with pytest.raises(ValidationFailed) as err:
        services.plan_item_add(
            actor=actors["shelter.tirana"],
            plan_id=plan.pk,
            domain="health",
            action="Kontroll mjekësor",
            institution_id=institution("shssh-tirana").pk,
            due_on=DAY - timedelta(days=1),
        )
    assert set(err.value.fields) == {"due_on"}
    assert _counts() == before


def test_an_item_needs_an_action_a_known_domain_and_an_existing_institution(actors, adult_case):
    plan = _plan(actors, adult_case)
    with pytest.raises(ValidationFailed) as err:
        services.plan_item_add(
            actor=actors["shelter.tirana"],
            plan_id=plan.pk,
            domain="x",
            action=" ",
            institution_id=999_999,
            due_on=None,
        )
    assert set(err.value.fields) == {"domain", "action", "institution_id", "due_on"}


def test_every_change_makes_a_revision_and_earlier_ones_stay_readable(
    actors, adult_case, institution
):
    shelter = actors["shelter.tirana"]
    plan = _plan(actors, adult_case)
    item = services.plan_item_add(
        actor=shelter,
        plan_id=plan.pk,
        domain="health",
        action="Kontroll mjekësor",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=3),
    )
    services.plan_item_update(actor=shelter, item_id=item.pk, action="Kontroll i plotë")
    plan.refresh_from_db()
    assert plan.revision == 3
    revisions = selectors.revision_list(actor=shelter, plan=plan)
    assert [(r.number, r.change) for r in revisions] == [
        (3, "item_changed"),
        (2, "item_added"),
        (1, "created"),
    ]
    assert revisions[0].changes == {"changed": {"1": ["action"]}}
    assert revisions[0].by == shelter.user
    second = selectors.revision_get(actor=shelter, plan=plan, number=2)
    assert second.content["items"][0]["action"] == "Kontroll mjekësor"
    third = selectors.revision_get(actor=shelter, plan=plan, number=3)
    assert third.content["items"][0]["action"] == "Kontroll i plotë"
    # Free text is stored encrypted, never in the structured "what changed".
    assert "Kontroll" not in str(revisions[0].changes)
    with pytest.raises(NotFound):
        selectors.revision_get(actor=actors["police.shkoder"], plan=plan, number=1)


def test_putting_a_plan_in_force_tasks_each_institution_through_its_focal_point(
    actors, adult_case, institution
):
    shelter = actors["shelter.tirana"]
    plan = _plan(actors, adult_case)
    item = services.plan_item_add(
        actor=shelter,
        plan_id=plan.pk,
        domain="housing",
        action="Strehim",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=10),
    )
    services.plan_approve(actor=shelter, plan_id=plan.pk)
    item.refresh_from_db()
    assert item.tasked_at is not None
    notice = Notification.objects.get(kind="plan_task")
    assert notice.recipient.username == "apap.shssh.tirana"
    assert notice.case_id == adult_case.pk and "Strehim" not in str(notice.data)
    task = Deadline.objects.get(case=adult_case, rule="meeting_task", subject=item.subject)
    assert task.responsible_institution_id == institution("shssh-tirana").pk
    assert task.status == DeadlineStatus.OPEN
    # Done meets it.
    services.plan_item_update(actor=shelter, item_id=item.pk, status=ItemStatus.DONE)
    task.refresh_from_db()
    assert task.status == DeadlineStatus.MET


def test_a_new_institution_withdraws_the_task_and_gives_it_again(actors, adult_case, institution):
    shelter = actors["shelter.tirana"]
    plan = _plan(actors, adult_case)
    item = services.plan_item_add(
        actor=shelter,
        plan_id=plan.pk,
        domain="housing",
        action="Strehim",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=10),
    )
    services.plan_approve(actor=shelter, plan_id=plan.pk)
    services.plan_item_update(
        actor=shelter, item_id=item.pk, institution_id=institution("njmf-tirana").pk
    )
    rows = Deadline.objects.filter(subject=item.subject).order_by("pk")
    assert [r.status for r in rows] == [DeadlineStatus.CANCELLED, DeadlineStatus.OPEN]
    assert rows[1].responsible_institution_id == institution("njmf-tirana").pk


def test_the_ipp_meets_the_72_hour_rule(actors, child_case, institution):
    pmf = actors["pmf.tirana"]
    rule = Deadline.objects.get(case=child_case, rule="child_protection_plan")
    assert rule.status == DeadlineStatus.OPEN
    assert selectors.ipp_of(child_case) is None
    with clock.override(at(DAY + timedelta(days=2))):
        ipp = services.plan_create(
            actor=pmf, case_id=child_case.pk, kind="ipp", template="child_sexual_exploitation"
        )
        services.plan_approve(actor=pmf, plan_id=ipp.pk)
    rule.refresh_from_db()
    assert rule.status == DeadlineStatus.MET
    assert selectors.ipp_of(child_case).is_in_force


def test_an_empty_plan_is_not_put_in_force(actors, adult_case):
    plan = _plan(actors, adult_case)
    before = _counts()
    with pytest.raises(ValidationFailed):
        services.plan_approve(actor=actors["shelter.tirana"], plan_id=plan.pk)
    assert _counts() == before


# --- the D1 and the AP's decision ------------------------------------------------------------


def _d1(actors, case):
    return services.plan_create(
        actor=actors["social.tirana"],
        case_id=case.pk,
        kind="reintegration",
        template="adult_labour_exploitation",
    )


def test_the_d1_goes_to_the_ap_and_the_krat_and_the_ap_decides_within_7_days(
    actors, adult_case, krat, monitoring_stage
):
    d1 = _d1(actors, adult_case)
    with pytest.raises(ValidationFailed):  # a D1 is decided by the AP
        services.plan_approve(actor=actors["social.tirana"], plan_id=d1.pk)
    services.plan_submit(actor=actors["social.tirana"], plan_id=d1.pk)
    d1.refresh_from_db()
    assert d1.status == PlanStatus.SUBMITTED
    decision = Deadline.objects.get(case=adult_case, rule="reintegration_plan_decision")
    # 7 calendar days: to the end of the seventh day (Europe/Tirane).
    assert decision.due_at.astimezone(TIRANE).date() == DAY + timedelta(days=7)
    coordination = Notification.objects.get(kind="plan_coordination")
    assert coordination.recipient == krat[1]
    assert [p for p, _due in selectors.awaiting_decision(actor=actors["ap.secretariat"])] == [d1]
    # While with the AP, the plan does not change.
    with pytest.raises(services.PlanLocked):
        services.plan_item_add(
            actor=actors["social.tirana"],
            plan_id=d1.pk,
            domain="health",
            action="x",
            institution_id=krat[0].pk,
            due_on=DAY,
        )
    with clock.override(at(DAY + timedelta(days=6))):
        services.plan_decide(
            actor=actors["ap.secretariat"],
            plan_id=d1.pk,
            outcome="approve",
            decided_on=DAY + timedelta(days=6),
            reference="Vendim AP nr. 12",
        )
    decision.refresh_from_db()
    assert decision.status == DeadlineStatus.MET
    d1.refresh_from_db()
    assert d1.status == PlanStatus.APPROVED and d1.is_in_force
    # Each item's institution got its task; the monthly reports and the 24 months opened.
    assert Deadline.objects.filter(case=adult_case, rule="meeting_task").count() == 7
    assert Deadline.objects.filter(case=adult_case, rule="reintegration_report").exists()
    assert Deadline.objects.filter(case=adult_case, rule="reintegration_monitoring").exists()
    assert selectors.awaiting_decision(actor=actors["ap.secretariat"]) == []


def test_a_returned_d1_meets_the_7_days_and_opens_no_monitoring(
    actors, adult_case, monitoring_stage
):
    d1 = _d1(actors, adult_case)
    services.plan_submit(actor=actors["social.tirana"], plan_id=d1.pk)
    services.plan_decide(
        actor=actors["ap.secretariat"],
        plan_id=d1.pk,
        outcome="return",
        decided_on=DAY,
        note="Shtoni afatet.",
    )
    d1.refresh_from_db()
    assert d1.status == PlanStatus.RETURNED
    assert Deadline.objects.get(rule="reintegration_plan_decision").status == DeadlineStatus.MET
    assert not Deadline.objects.filter(rule__in=["reintegration_report", "meeting_task"]).exists()
    # Resubmitted: a new 7 days.
    services.plan_submit(actor=actors["social.tirana"], plan_id=d1.pk)
    assert Deadline.objects.filter(
        rule="reintegration_plan_decision", status=DeadlineStatus.OPEN
    ).exists()


def test_a_d1_decision_by_someone_not_the_ap_saves_nothing(actors, adult_case):
    d1 = _d1(actors, adult_case)
    services.plan_submit(actor=actors["social.tirana"], plan_id=d1.pk)
    before = _counts()
    with pytest.raises(Forbidden) as err:
        services.plan_decide(
            actor=actors["social.tirana"], plan_id=d1.pk, outcome="approve", decided_on=DAY
        )
    assert "sekretariati i AP-së" in err.value.message  # "recorded by the AP secretariat"
    with pytest.raises(NotFound):
        services.plan_decide(
            actor=actors["police.shkoder"], plan_id=d1.pk, outcome="approve", decided_on=DAY
        )
    assert _counts() == before
    d1.refresh_from_db()
    assert d1.status == PlanStatus.SUBMITTED


def test_a_bad_decision_saves_nothing(actors, adult_case):
    d1 = _d1(actors, adult_case)
    services.plan_submit(actor=actors["social.tirana"], plan_id=d1.pk)
    before = _counts()
    with pytest.raises(ValidationFailed) as err:
        services.plan_decide(
            actor=actors["ap.secretariat"],
            plan_id=d1.pk,
            outcome="return",
            decided_on=DAY + timedelta(days=1),
        )
    assert set(err.value.fields) == {"decided_on", "note"}
    assert _counts() == before


def test_a_decision_on_a_plan_not_sent_is_refused(actors, adult_case):
    d1 = _d1(actors, adult_case)
    with pytest.raises(services.NotSubmitted):
        services.plan_decide(
            actor=actors["ap.secretariat"], plan_id=d1.pk, outcome="approve", decided_on=DAY
        )


def test_revising_an_approved_d1_sends_it_back_to_the_ap(actors, adult_case, institution):
    social = actors["social.tirana"]
    d1 = _d1(actors, adult_case)
    services.plan_submit(actor=social, plan_id=d1.pk)
    services.plan_decide(
        actor=actors["ap.secretariat"], plan_id=d1.pk, outcome="approve", decided_on=DAY
    )
    services.plan_item_add(
        actor=social,
        plan_id=d1.pk,
        domain="economic",
        action="Ndihmë ekonomike",
        institution_id=institution("shssh-tirana").pk,
        due_on=DAY + timedelta(days=20),
    )
    d1.refresh_from_db()
    assert d1.status == PlanStatus.DRAFT and d1.is_in_force
    assert d1.items.get(number=8).tasked_at is None  # tasked when the AP approves again


def test_an_item_links_a_referral_of_the_same_case_only(actors, adult_case, make_case, institution):
    from nrm.referrals.models import Referral

    def referral(case):
        return Referral.objects.create(
            case=case,
            from_institution=institution("shssh-tirana"),
            to_institution=institution("shelter-tirana"),
            need="shelter",
            created_at=clock.now(),
            created_by=actors["social.tirana"].user,
            updated_at=clock.now(),
        )

    ours, theirs = referral(adult_case), referral(make_case("social.tirana"))
    plan = _plan(actors, adult_case)
    common = {
        "actor": actors["shelter.tirana"],
        "plan_id": plan.pk,
        "domain": "housing",
        "action": "Strehim",
        "institution_id": institution("shelter-tirana").pk,
        "due_on": DAY + timedelta(days=3),
    }
    with pytest.raises(ValidationFailed) as err:
        services.plan_item_add(**common, referral_id=theirs.pk)
    assert set(err.value.fields) == {"referral_id"}
    item = services.plan_item_add(**common, referral_id=ours.pk)
    assert list(selectors.item_referrals(item)) == [ours]
