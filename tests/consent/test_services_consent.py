"""Recording and withdrawing consent: the profile's rules, a suspected parent or guardian,
the holders told of a withdrawal, and the checks other services make."""

import pytest

from nrm.audit.models import AuditEvent
from nrm.consent import selectors, services
from nrm.consent.models import ConsentRecord
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Notification

pytestmark = pytest.mark.django_db


def _institution(code):
    from nrm.accounts.models import Institution

    return Institution.objects.get(code=code)


def test_consent_is_recorded_with_its_form_and_the_signatory_encrypted(actors, make_case, record):
    case = make_case()
    r = record(case, form="c2", signatory="Arta Hoxha")
    assert (r.purpose, r.given, r.given_by, r.form) == ("services", True, "person", "c2")
    assert r.recorded_by == actors["police.tirana"].user
    assert r.recorded_by_institution.code == "police-slktp-tirana"
    assert ConsentRecord.objects.get(pk=r.pk).signatory == "Arta Hoxha"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT signatory FROM consent_consentrecord WHERE id = %s", [r.pk])
        assert "Arta" not in cursor.fetchone()[0]
    event = AuditEvent.objects.get(code="consent.recorded")
    assert event.case_id == case.pk
    assert event.data["purpose"] == "services" and "Arta" not in str(event.data)


def test_what_each_purpose_allows_without_and_with_a_record(make_case, record):
    case = make_case()
    # services, sharing and transfer abroad are required; statistics allowed until withdrawn
    assert not selectors.consent_allows(case=case, purpose="services")
    assert selectors.consent_allows(case=case, purpose="statistics")
    record(case)
    assert selectors.consent_allows(case=case, purpose="services")
    record(case, given=False, note="no longer")
    assert not selectors.consent_allows(case=case, purpose="services")
    assert selectors.consent_withdrawn(case=case, purpose="services")


def test_sharing_is_per_institution_and_a_general_withdrawal_covers_all(make_case, record):
    case = make_case()
    shelter, njmf = _institution("shelter-tirana"), _institution("njmf-tirana")
    record(case, purpose="sharing", institution="shelter-tirana")
    assert selectors.consent_allows(case=case, purpose="sharing", institution=shelter)
    assert not selectors.consent_allows(case=case, purpose="sharing", institution=njmf)
    record(case, purpose="sharing", given=False)
    assert not selectors.consent_allows(case=case, purpose="sharing", institution=shelter)
    assert selectors.consent_withdrawn(case=case, purpose="sharing", institution=njmf)
    record(case, purpose="transfer_abroad", country="it")
    assert selectors.consent_allows(case=case, purpose="transfer_abroad", country="IT")
    assert not selectors.consent_allows(case=case, purpose="transfer_abroad", country="GR")


def test_consent_require_answers_with_a_consent_field_error(make_case, record):
    case = make_case()
    with pytest.raises(ValidationFailed) as caught:
        selectors.consent_require(case=case, purpose="sharing", institution=None)
    assert list(caught.value.fields) == ["consent"]
    record(case, purpose="sharing", institution="shelter-tirana")
    selectors.consent_require(
        case=case, purpose="sharing", institution=_institution("shelter-tirana")
    )


def test_bad_input_is_refused_with_field_errors_and_nothing_saved(make_case, record):
    case = make_case()
    with pytest.raises(ValidationFailed) as caught:
        record(case, purpose="sharing", given_by="parent", institution="nowhere")
    assert "institution" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        record(case, purpose="sharing", given_by="parent")
    assert set(caught.value.fields) == {"institution", "given_by"}
    with pytest.raises(ValidationFailed) as caught:
        record(case, purpose="transfer_abroad", country="ZZ")
    assert "country" in caught.value.fields
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(code="consent.recorded").exists()


def test_the_giver_rules_come_from_the_profile(make_case, record):
    child = make_case(estimated_age=12)
    with pytest.raises(ValidationFailed):
        record(child, given_by="person")
    with pytest.raises(ValidationFailed):
        record(child, given_by="case_manager")  # only on the child's health-care form
    assert record(child, given_by="case_manager", form="health").given_by == "case_manager"
    assert record(child, given_by="guardian").given_by == "guardian"


def test_a_parent_suspected_in_the_interview_cannot_give_consent(
    make_case, record, suspected_interview, actors
):
    child = make_case(estimated_age=11)
    suspected_interview(child)
    for giver in ("parent", "guardian"):
        with pytest.raises(ValidationFailed) as caught:
            record(child, given_by=giver)
        assert "given_by" in caught.value.fields
    assert not ConsentRecord.objects.exists()
    # The case manager still consents to the child's health care.
    record(child, given_by="case_manager", form="health")
    # A later statement that the guardian is not suspected lets the guardian give consent;
    # the parent stays refused.
    services.giver_suspicion_record(
        actor=actors["police.tirana"], case_id=child.pk, giver="guardian", suspected=False
    )
    assert record(child, given_by="guardian", purpose="statistics").given_by == "guardian"
    with pytest.raises(ValidationFailed):
        record(child, given_by="parent")


def test_a_consent_given_by_a_parent_suspected_since_no_longer_counts(make_case, record, actors):
    child = make_case(estimated_age=11)
    record(child, given_by="parent")
    assert selectors.consent_allows(case=child, purpose="services")
    services.giver_suspicion_record(
        actor=actors["police.tirana"], case_id=child.pk, giver="parent", suspected=True
    )
    assert not selectors.consent_allows(case=child, purpose="services")
    state = selectors.consent_state(actor=actors["police.tirana"], case=child)
    assert state.suspected == {"parent"}
    assert AuditEvent.objects.get(code="consent.giver_suspicion_recorded").data == {
        "giver": "parent",
        "suspected": True,
    }
    with pytest.raises(ValidationFailed):
        services.giver_suspicion_record(
            actor=actors["police.tirana"], case_id=child.pk, giver="person", suspected=True
        )


def _grant(actors, case, code):
    from nrm.registry.services import case_assign

    case_assign(
        actor=actors["police.tirana"], case_id=case.pk, institution=_institution(code), reason="r"
    )


def test_a_withdrawal_tells_every_holder_in_their_inbox(make_case, record, actors):
    case = make_case()
    _grant(actors, case, "shssh-tirana")
    given = record(case, purpose="sharing", institution="shelter-tirana")
    withdrawal = services.consent_withdraw(
        actor=actors["police.tirana"], record_id=given.pk, reason="She asked us to stop."
    )
    assert (withdrawal.given, withdrawal.withdraws_id, withdrawal.given_by) == (
        False,
        given.pk,
        "person",
    )
    assert withdrawal.institution.code == "shelter-tirana"
    assert withdrawal.signed_on == clock.today()
    told = set(
        Notification.objects.filter(kind="consent_withdrawn", case=case).values_list(
            "recipient__username", flat=True
        )
    )
    # Focal points and caseworkers of the owner and of the granted institution; not the
    # one who recorded it, nor anyone elsewhere.
    assert told == {"apap.police.tirana", "social.tirana", "apap.shssh.tirana"}
    assert not selectors.consent_allows(
        case=case, purpose="sharing", institution=_institution("shelter-tirana")
    )
    event = AuditEvent.objects.get(code="consent.withdrawn")
    assert event.data["withdraws"] == given.pk and "stop" not in str(event.data)


def test_a_refusal_of_what_was_never_given_tells_nobody(make_case, record):
    case = make_case()
    record(case, given=False)
    assert not Notification.objects.exists()
    record(case, purpose="statistics", given=False)  # allowed until withdrawn: it ends it
    assert Notification.objects.filter(recipient__username="apap.police.tirana").count() == 1


def test_only_a_consent_in_force_is_withdrawn_and_with_a_reason(make_case, record, actors):
    case = make_case()
    old = record(case)
    record(case, form="c2")
    actor = actors["police.tirana"]
    with pytest.raises(ValidationFailed) as caught:
        services.consent_withdraw(actor=actor, record_id=old.pk, reason="")
    assert set(caught.value.fields) == {"__all__", "reason"}
    assert ConsentRecord.objects.count() == 2


def test_a_case_the_caller_does_not_see_is_not_found(make_case, record, actors):
    case = make_case()
    given = record(case)
    other = actors["police.shkoder"]
    with pytest.raises(NotFound):
        services.consent_record(
            actor=other,
            case_id=case.pk,
            purpose="services",
            given=True,
            given_by="person",
            signed_on=clock.today(),
        )
    with pytest.raises(NotFound):
        services.consent_withdraw(actor=other, record_id=given.pk, reason="x")
    with pytest.raises(NotFound):
        services.consent_withdraw(actor=other, record_id=999_999, reason="x")


def test_recording_needs_case_update(make_case, actors):
    from dataclasses import replace

    case = make_case()
    reader = replace(actors["police.tirana"], capabilities=frozenset({"case.read"}))
    elsewhere = replace(actors["police.shkoder"], capabilities=frozenset({"case.read"}))
    with pytest.raises(NotFound):  # an invisible case is not found first, whatever the role
        services.giver_suspicion_record(
            actor=elsewhere, case_id=case.pk, giver="parent", suspected=True
        )
    with pytest.raises(Forbidden):
        services.consent_record(
            actor=reader,
            case_id=case.pk,
            purpose="services",
            given=True,
            given_by="person",
            signed_on=clock.today(),
        )


# --- the registry and initial identification check it ---------------------------------------


def test_an_assignment_is_refused_once_sharing_was_withdrawn(make_case, record, actors):
    case = make_case()
    _grant(actors, case, "shelter-tirana")  # no consent needed for an assignment
    record(case, purpose="sharing", institution="shssh-tirana", given=False)
    with pytest.raises(ValidationFailed) as caught:
        _grant(actors, case, "shssh-tirana")
    assert "consent" in caught.value.fields
    _grant(actors, case, "njmf-tirana")  # another institution is not concerned
    record(case, purpose="sharing", given=False)  # sharing with everyone withdrawn
    with pytest.raises(ValidationFailed):
        _grant(actors, case, "police-slktp-durres")
    from nrm.registry.models import CaseGrant

    assert set(CaseGrant.objects.filter(case=case).values_list("institution__code", flat=True)) == {
        "shelter-tirana",
        "njmf-tirana",
    }


A2 = "formal_identification_interview"  # the profile's consent.a2_purpose


def test_the_a2_consent_is_in_the_registry_too(make_case, consented, actors):
    child = make_case(estimated_age=13)
    consented(child)
    r = ConsentRecord.objects.get(case=child)
    # One record, of its own purpose: consent to the formal identification interview.
    assert (r.purpose, r.form, r.given, r.given_by) == (A2, "a2", True, "parent")
    assert selectors.consent_allows(case=child, purpose=A2)
    assert not selectors.consent_allows(case=child, purpose="services")
    event = AuditEvent.objects.get(code="consent.recorded")
    assert event.data["purpose"] == A2 and event.data["form"] == "a2"
    # A refusal on A2 withdraws the A2 in the registry (the newest record counts).
    consented(child, given=False)
    assert not selectors.consent_allows(case=child, purpose=A2)
    assert selectors.consent_withdrawn(case=child, purpose=A2)


def test_refusing_the_a2_neither_withdraws_services_nor_tells_every_holder(
    make_case, consented, record, actors
):
    case = make_case()
    _grant(actors, case, "shssh-tirana")
    services_given = record(case, purpose="services", form="c2")
    consented(case)
    consented(case, given=False)
    assert selectors.consent_withdrawn(case=case, purpose=A2)
    assert selectors.consent_allows(case=case, purpose="services")
    assert not selectors.consent_withdrawn(case=case, purpose="services")
    assert not Notification.objects.filter(kind="consent_withdrawn").exists()
    # A services withdrawal of the same case does tell them.
    services.consent_withdraw(
        actor=actors["police.tirana"], record_id=services_given.pk, reason="She asked us."
    )
    assert Notification.objects.filter(kind="consent_withdrawn").exists()


def test_withdrawing_the_a2_neither_withdraws_services_nor_tells_every_holder(
    make_case, consented, record, actors
):
    case = make_case()
    _grant(actors, case, "shssh-tirana")
    record(case, purpose="services", form="c2")
    a2 = consented(case)
    withdrawal = services.consent_withdraw(
        actor=actors["police.tirana"], record_id=a2.pk, reason="No formal interview."
    )
    assert (withdrawal.purpose, withdrawal.given, withdrawal.withdraws_id) == (A2, False, a2.pk)
    assert not selectors.consent_allows(case=case, purpose=A2)
    assert selectors.consent_allows(case=case, purpose="services")
    assert not Notification.objects.filter(kind="consent_withdrawn").exists()


def test_a_suspected_parent_cannot_sign_the_a2_either(make_case, consented, suspected_interview):
    child = make_case(estimated_age=13)
    suspected_interview(child)
    with pytest.raises(ValidationFailed) as caught:
        consented(child)
    assert "given_by" in caught.value.fields
    assert not ConsentRecord.objects.exists()


def test_the_a5_request_needs_the_a2_in_the_registry(actors, screened, interviewed, consented):
    from nrm.screening.services import formal_identification_request

    case = screened(3)
    interviewed(case)
    consented(case)
    consented(case, given=False)  # refused: the A2 purpose is withdrawn
    with pytest.raises(ValidationFailed) as caught:
        formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    assert "consent" in caught.value.fields
    consented(case)
    request = formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    assert request.consent.purpose == A2 and request.consent.given


@pytest.mark.parametrize(
    "withdrawal",
    [
        {"purpose": "services"},
        {"purpose": "sharing"},
        {"purpose": "sharing", "institution": "shssh-tirana"},
    ],
    ids=["services", "sharing", "sharing-with-the-group"],
)
def test_the_a5_request_stops_when_services_or_sharing_was_withdrawn(
    actors, screened, interviewed, consented, record, withdrawal
):
    from nrm.screening.services import formal_identification_request

    case = screened(3)
    interviewed(case)
    consented(case)
    record(case, given=False, **withdrawal)
    with pytest.raises(ValidationFailed) as caught:
        formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    assert "consent" in caught.value.fields
    case.refresh_from_db()
    assert case.stage == "initial_identification"


def test_the_a5_request_goes_with_consent_in_place(actors, screened, interviewed, consented):
    from nrm.screening.services import formal_identification_request

    case = screened(3)
    interviewed(case)
    consented(case)
    request = formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    assert request.pk


def test_the_case_list_export_leaves_out_cases_whose_statistics_consent_was_withdrawn(
    make_case, record, actors
):
    from nrm.registry.selectors import CaseFilters
    from nrm.registry.services import case_list_export

    kept, left, back = make_case(), make_case(), make_case()
    record(left, purpose="statistics", given=False)
    record(back, purpose="statistics", given=False)
    record(back, purpose="statistics", given=True)  # given again
    rows = case_list_export(actor=actors["police.tirana"], filters=CaseFilters())
    assert {r[0] for r in rows} == {kept.reference, back.reference}
    assert rows.left_out == 1
    event = AuditEvent.objects.get(code="case.list_exported")
    assert (event.data["count"], event.data["left_out"]) == (2, 1)
