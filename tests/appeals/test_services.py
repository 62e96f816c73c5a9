"""The appeal's services: the window on the Albanian calendar, who may appeal, the
Commission's review and decision, the court, the anonymised record."""

from datetime import date, timedelta

import pytest

from nrm.appeals import services
from nrm.appeals.models import AnonymisedDecision, Appeal, AppealStatus, CommissionAppointment
from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.deadlines.models import Deadline
from nrm.registry.models import CaseStatusChange
from tests.appeals.conftest import at, commission_decides

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages asserted below in English (the msgids); Albanian is the default."""
    from django.utils import translation

    with translation.override("en"):
        yield


# Notice on Wed 21.10.2026: 30 working days on the Albanian calendar, skipping the observed
# Alphabet Day (Mon 23.11), Independence and Liberation Days (Mon 30.11, Tue 1.12), end on
# Mon 7.12.2026; the next day, Tue 8.12, is National Youth Day (a holiday).
NOTIFIED = date(2026, 10, 21)
LAST_DAY = date(2026, 12, 7)


def _file(actors, case, filed_on, appellant="person", **kw):
    kw.setdefault("arguments", "Ankuesi kundërshton vendimin.")
    return services.appeal_file(
        actor=actors["ap.secretariat"],
        case_id=case.pk,
        appellant=appellant,
        filed_on=filed_on,
        **kw,
    )


def test_the_window_closes_after_30_albanian_working_days(actors, decided):
    case = decided(notified_on=NOTIFIED)
    window = Deadline.objects.get(case=case, rule="appeal_window")
    assert window.due_at.astimezone(at(LAST_DAY).tzinfo).date() == LAST_DAY


def test_last_day_accepted(actors, decided):
    case = decided(notified_on=NOTIFIED)
    with clock.override(at(LAST_DAY, 16)):
        appeal = _file(actors, case, LAST_DAY)
    assert appeal.status == AppealStatus.FILED
    assert appeal.appealed_kind == "ap_decision"
    assert appeal.appealed_status == "not_recognised"
    assert appeal.window_closes_on == LAST_DAY
    window = Deadline.objects.get(case=case, rule="appeal_window")
    assert window.status == "met"
    convening = Deadline.objects.get(case=case, rule="commission_convening")
    # 5 working days from Mon 7.12, Tue 8.12 a holiday: 9, 10, 11, 14, 15 → Tue 15.12.
    assert convening.due_at.astimezone(at(LAST_DAY).tzinfo).date() == date(2026, 12, 15)


def test_next_day_refused_with_the_reason(actors, decided):
    case = decided(notified_on=NOTIFIED)
    with clock.override(at(date(2026, 12, 9))), pytest.raises(ValidationFailed) as caught:
        _file(actors, case, date(2026, 12, 8))
    assert caught.value.fields["filed_on"] == ["Outside the window: it closed on 07.12.2026."]
    assert not Appeal.objects.filter(case=case).exists()


def test_without_a_notified_decision_refused(actors, decided):
    case = decided(notified_on=None)
    with clock.override(at(date(2026, 10, 25))), pytest.raises(ValidationFailed) as caught:
        _file(actors, case, date(2026, 10, 23))
    assert "notified" in caught.value.fields["__all__"][0]
    assert not Appeal.objects.exists()


def test_the_notice_can_be_recorded_by_the_ap_secretariat(actors, decided):
    case = decided(notified_on=None)
    with clock.override(at(date(2026, 10, 22))):
        services.decision_notice_record(
            actor=actors["ap.secretariat"], case_id=case.pk, notified_on=NOTIFIED
        )
    window = Deadline.objects.get(case=case, rule="appeal_window")
    assert window.due_at.astimezone(at(LAST_DAY).tzinfo).date() == LAST_DAY


def test_only_the_ap_secretariat_records_an_appeal(actors, decided):
    case = decided()
    with clock.override(at(date(2026, 10, 26))), pytest.raises(Forbidden):
        services.appeal_file(
            actor=actors["police.tirana"],
            case_id=case.pk,
            appellant="person",
            filed_on=date(2026, 10, 26),
            arguments="x",
        )


def test_a_child_appeals_through_a_parent_not_personally(actors, decided):
    case = decided(date_of_birth=date(2012, 5, 1))
    with clock.override(at(date(2026, 10, 26))):
        with pytest.raises(ValidationFailed) as caught:
            _file(actors, case, date(2026, 10, 26), appellant="person")
        assert "appellant" in caught.value.fields
        appeal = _file(actors, case, date(2026, 10, 26), appellant="parent", appellant_name="P")
    assert appeal.appellant == "parent"


def test_a_suspected_parent_may_not_appeal(actors, decided):
    from nrm.consent.services import giver_suspicion_record

    case = decided(date_of_birth=date(2012, 5, 1))
    with clock.override(at(date(2026, 10, 22))):
        giver_suspicion_record(
            actor=actors["ap.secretariat"],
            case_id=case.pk,
            giver="parent",
            suspected=True,
            note="n",
        )
    with clock.override(at(date(2026, 10, 26))):
        with pytest.raises(ValidationFailed) as caught:
            _file(actors, case, date(2026, 10, 26), appellant="parent", appellant_name="P")
        assert "suspected" in caught.value.fields["appellant"][0]
        assert not Appeal.objects.exists()
        # The guardian may.
        _file(actors, case, date(2026, 10, 26), appellant="guardian", appellant_name="G")


def test_a_waiver_closes_the_window(actors, decided):
    case = decided()
    with clock.override(at(date(2026, 10, 26))):
        services.appeal_waive(
            actor=actors["ap.secretariat"],
            case_id=case.pk,
            appellant="person",
            waived_on=date(2026, 10, 26),
        )
        assert Deadline.objects.get(case=case, rule="appeal_window").status == "cancelled"
        with pytest.raises(ValidationFailed):
            _file(actors, case, date(2026, 10, 26))


def test_withdrawal_cancels_the_convening_clock(actors, decided):
    case = decided()
    with clock.override(at(date(2026, 10, 26))):
        appeal = _file(actors, case, date(2026, 10, 26))
        services.appeal_withdraw(actor=actors["ap.secretariat"], appeal_id=appeal.pk, reason="r")
    assert Deadline.objects.get(case=case, rule="commission_convening").status == "cancelled"


def _to_review(actors, case, day=date(2026, 10, 26)):
    ap = actors["ap.secretariat"]
    with clock.override(at(day)):
        appeal = _file(actors, case, day)
        services.appeal_convene(actor=ap, appeal_id=appeal.pk, scheduled_for=at(day, 14))
        services.file_review_record(actor=ap, appeal_id=appeal.pk, reviewed_on=day)
    return Appeal.objects.get(pk=appeal.pk)


def test_review_opens_the_decision_clock(actors, decided, commission):
    case = decided()
    _to_review(actors, case)
    assert Deadline.objects.get(case=case, rule="commission_convening").status == "met"
    decision_clock = Deadline.objects.get(case=case, rule="commission_decision")
    assert decision_clock.status == "open"


def test_without_quorum_nothing_is_held(actors, decided, commission):
    case = decided()
    appeal = _to_review(actors, case)
    with clock.override(at(date(2026, 10, 28))), pytest.raises(ValidationFailed) as caught:
        commission_decides(commission[1]["mpb"], appeal, "victim", votes_for=3, present=3)
    assert "present" in caught.value.fields
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVIEWED
    assert not AnonymisedDecision.objects.exists()


@pytest.mark.parametrize(("votes_for", "against"), [(3, 3), (3, 0), (7, 0)])
def test_without_majority_nothing_saved(actors, decided, commission, votes_for, against):
    from nrm.meetings.models import MeetingDecision

    case = decided()
    appeal = _to_review(actors, case)
    version = case.__class__.objects.get(pk=case.pk).version
    with clock.override(at(date(2026, 10, 28))), pytest.raises(ValidationFailed) as caught:
        commission_decides(commission[1]["mpb"], appeal, "victim", votes_for, against)
    assert "votes_for" in caught.value.fields
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVIEWED
    assert case.__class__.objects.get(pk=case.pk).version == version
    assert not MeetingDecision.objects.exists()
    assert not AnonymisedDecision.objects.exists()


def test_the_commission_decides_only_after_the_file_review(actors, decided, commission):
    from nrm.meetings.models import MeetingDecision

    case = decided()
    ap = actors["ap.secretariat"]
    with clock.override(at(date(2026, 10, 26))):
        appeal = _file(actors, case, date(2026, 10, 26))
        services.appeal_convene(
            actor=ap, appeal_id=appeal.pk, scheduled_for=at(date(2026, 10, 26), 14)
        )
        with pytest.raises(IllegalTransition):
            commission_decides(commission[1]["mpb"], appeal, "victim", 5, 1)
    assert not MeetingDecision.objects.exists()


def test_the_commission_changes_the_status(actors, decided, commission):
    case = decided(sex="female", citizenship="AL", date_of_birth=date(2000, 3, 4))
    appeal = _to_review(actors, case)
    chair = commission[1]["mpb"]
    with clock.override(at(date(2026, 11, 5))):
        commission_decides(chair, appeal, "victim", 4, 2, text="Treguesit mjaftojnë.")
    case.refresh_from_db()
    assert case.identification_status == "victim"
    change = CaseStatusChange.objects.filter(case=case).order_by("-pk").first()
    assert change.reason_code == "commission_decision"
    assert Deadline.objects.get(case=case, rule="commission_decision").status == "met"
    record = AnonymisedDecision.objects.get()
    assert (record.age_group, record.sex, record.citizenship) == ("Y_GE18", "F", "AL")
    assert (record.status_before, record.outcome, record.status_after) == (
        "not_recognised",
        "victim",
        "victim",
    )
    assert record.decided_month == date(2026, 11, 1)
    assert record.filed_month == date(2026, 10, 1)


def test_the_anonymised_record_has_no_identifying_field():
    from django.db import models

    from nrm.core.crypto import EncryptedTextField

    fields = AnonymisedDecision._meta.get_fields()
    assert not [f for f in fields if isinstance(f, models.ForeignKey | models.OneToOneField)]
    assert not [f for f in fields if isinstance(f, EncryptedTextField | models.TextField)]
    names = {f.name for f in fields}
    assert names == {
        "id",
        "jurisdiction",
        "kind",
        "age_group",
        "sex",
        "citizenship",
        "appealed_kind",
        "status_before",
        "outcome",
        "status_after",
        "filed_month",
        "decided_month",
    }
    # Dates by month only.
    assert all(f.name.endswith("_month") for f in fields if isinstance(f, models.DateField))


def _decided_appeal(actors, decided, commission, outcome="victim"):
    case = decided()
    appeal = _to_review(actors, case)
    with clock.override(at(date(2026, 11, 5))):
        commission_decides(actors["ap.secretariat"], appeal, outcome, 6)
    return case, Appeal.objects.get(pk=appeal.pk)


def test_a_court_challenge_suspends_and_the_ruling_decides(actors, decided, commission):
    case, appeal = _decided_appeal(actors, decided, commission)
    ap = actors["ap.secretariat"]
    with clock.override(at(date(2026, 11, 20))):
        services.court_challenge_record(
            actor=ap,
            appeal_id=appeal.pk,
            filed_on=date(2026, 11, 19),
            court="GJA Tiranë",
            reference="123/26",
        )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SUSPENDED
    with clock.override(at(date(2027, 2, 1))):
        services.court_ruling_record(
            actor=ap,
            appeal_id=appeal.pk,
            outcome="not_recognised",
            ruled_on=date(2027, 1, 29),
            reference="Vendim 45",
            reason="Gjykata rrëzoi vendimin e Komisionit.",
        )
    case.refresh_from_db()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RULED
    assert case.identification_status == "not_recognised"
    change = CaseStatusChange.objects.filter(case=case).order_by("-pk").first()
    assert change.reason_code == "court_ruling"


def test_only_the_ap_records_the_court(actors, decided, commission):
    _case, appeal = _decided_appeal(actors, decided, commission)
    with clock.override(at(date(2026, 11, 20))), pytest.raises(Forbidden):
        services.court_challenge_record(
            actor=commission[1]["md"],
            appeal_id=appeal.pk,
            filed_on=date(2026, 11, 19),
            court="c",
            reference="r",
        )


def test_the_decision_is_notified_once_per_recipient(actors, decided, commission):
    _case, appeal = _decided_appeal(actors, decided, commission)
    with clock.override(at(date(2026, 11, 6))):
        for r in ("appellant", "group", "ap"):
            services.decision_notify(
                actor=actors["ap.secretariat"],
                appeal_id=appeal.pk,
                recipient=r,
                notified_on=date(2026, 11, 6),
            )
        with pytest.raises(ValidationFailed):
            services.decision_notify(
                actor=actors["ap.secretariat"],
                appeal_id=appeal.pk,
                recipient="ap",
                notified_on=date(2026, 11, 6),
            )
    assert appeal.notices.count() == 3


def test_reevaluation_ends_the_status(actors, decided, commission):
    case = decided(to="victim")
    ap = actors["ap.secretariat"]
    with clock.override(at(date(2026, 11, 2))):
        request = services.reevaluation_propose(
            actor=ap, case_id=case.pk, filed_on=date(2026, 11, 2), arguments="Punësim i qëndrueshëm"
        )
        services.appeal_convene(actor=ap, appeal_id=request.pk, scheduled_for=at(date(2026, 11, 3)))
        services.file_review_record(actor=ap, appeal_id=request.pk, reviewed_on=date(2026, 11, 2))
        assert [c for c, _l in services.outcomes_for(Appeal.objects.get(pk=request.pk))] == [
            "uphold",
            "not_recognised",
        ]
        commission_decides(ap, request, "not_recognised", 4, 1, present=5)
    case.refresh_from_db()
    assert case.identification_status == "not_recognised"
    assert (
        CaseStatusChange.objects.filter(case=case).order_by("-pk").first().reason_code
        == "reevaluation"
    )
    assert AnonymisedDecision.objects.get().kind == "reevaluation"


def test_commission_appointments(actors, commission):
    from nrm.deadlines.models import Deadline as D

    assert CommissionAppointment.objects.count() == 6
    assert CommissionAppointment.objects.get(chair=True).ministry == "mpb"
    # A second member for a ministry with a running term is refused.
    with pytest.raises(ValidationFailed):
        services.commission_member_appoint(
            actor=actors["ap.secretariat"],
            user_id=commission[1]["md"].user.pk,
            ministry="md",
            order_reference="U-2",
            order_date=date(2026, 2, 1),
            valid_from=date(2026, 2, 1),
        )
    # Only the Ministry of Interior's member chairs.
    with pytest.raises(ValidationFailed) as caught:
        services.commission_member_appoint(
            actor=actors["ap.secretariat"],
            user_id=commission[1]["md"].user.pk,
            ministry="md",
            order_reference="U-2",
            order_date=date(2026, 2, 1),
            valid_from=date(2030, 2, 1),
            chair=True,
        )
    assert "chair" in caught.value.fields
    assert D.objects.filter(case__isnull=True).count() == 0  # sop_entered_into_force: no producer
    with pytest.raises(Forbidden):
        services.commission_member_end(
            actor=actors["police.tirana"],
            appointment_id=CommissionAppointment.objects.first().pk,
            valid_to=clock.today() + timedelta(days=1),
        )


def test_the_person_export_lists_the_appeals(actors, decided):
    from nrm.appeals.contributions import export_appeals

    case = decided()
    with clock.override(at(date(2026, 10, 26))):
        appeal = _file(actors, case, date(2026, 10, 26))
    rows = export_appeals(actors["ap.secretariat"], case, "sq")
    assert [(r["number"], r["status"], r["filed_on"]) for r in rows] == [
        (appeal.number, "filed", "2026-10-26")
    ]
    assert export_appeals(actors["police.shkoder"], case, "sq") == []


def test_the_commission_path_needs_an_appeal_before_the_commission(actors, decided, commission):
    from nrm.registry import services as registry

    case = decided()
    for actor in (actors["ap.secretariat"], commission[1]["mpb"]):
        with clock.override(at(date(2026, 10, 26))), pytest.raises((Forbidden, NotFound)):
            registry.case_status_decide(
                actor=actor,
                case_id=case.pk,
                to="victim",
                decision=registry.DecisionRef(
                    kind="commission_decision", reference="K-1", reason="r"
                ),
                expected_version=case.version,
            )
    case.refresh_from_db()
    assert case.identification_status == "not_recognised"
