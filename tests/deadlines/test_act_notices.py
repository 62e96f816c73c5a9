"""Notices at once (issue 13): a new child, an A5, a referral and an assignment tell the
institutions the profile's `notices` block names, in the act's transaction, by reference
only; another county's focal point and the actor hear nothing (docs/notifications.md)."""

import pytest

from nrm.deadlines.models import Notification
from nrm.registry.models import CaseGrant, GrantStatus

NAME = "Arta"


def _focal_point(system, institution, username):
    from nrm.accounts.services import membership_create, user_create

    user = user_create(actor=system, username=username, password="x" * 16)
    membership_create(actor=system, user=user, institution=institution, role="focal_point")
    return user


@pytest.fixture
def shkoder_njmf_apap(reference, system):
    """The child protection unit's focal point of another county."""
    return _focal_point(system, reference["njmf-shkoder"], "apap.njmf.shkoder")


def _told(kind, case) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind, case=case).values_list(
            "recipient__username", flat=True
        )
    )


def _no_name(kind, case) -> None:
    for n in Notification.objects.filter(kind=kind, case=case):
        assert NAME not in str(n.data) and NAME not in n.case_reference
        assert n.case_reference == case.reference


@pytest.mark.django_db
def test_a_new_child_tells_the_countys_child_protection_unit_and_the_ap(
    make_case, actors, shkoder_njmf_apap, reference
):
    case = make_case("police.tirana", given_name=NAME, estimated_age=16)
    assert case.is_child
    told = _told("new_child", case)
    assert told == {"pmf.tirana", "apap.njmf.tirana", "ap.secretariat"}
    assert "apap.njmf.shkoder" not in told  # another county's unit
    assert "police.tirana" not in told  # the actor
    _no_name("new_child", case)
    # The notice's link opens the case: the county's unit was given access (an assignment).
    grant = CaseGrant.objects.get(case=case, institution=reference["njmf-tirana"])
    assert grant.status == GrantStatus.ACCEPTED
    from nrm.registry.selectors import case_get

    assert case_get(actor=actors["pmf.tirana"], id=case.pk).pk == case.pk
    # No "case assigned" notice besides: the new child's notice tells the unit.
    assert not _told("case_assigned", case)


@pytest.mark.django_db
def test_an_adult_tells_nobody_at_once(make_case, reference):
    case = make_case("police.tirana", given_name=NAME, estimated_age=30)
    assert not case.is_child
    assert not Notification.objects.filter(case=case).exists()
    assert not CaseGrant.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_the_notice_and_the_access_are_in_the_acts_transaction(actors, reference):
    """A case that fails to open leaves neither a notice nor a grant."""
    from nrm.core.errors import ValidationFailed
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    before = Notification.objects.count(), CaseGrant.objects.count()
    with pytest.raises(ValidationFailed):
        case_create(
            actor=actors["police.tirana"],
            person=PersonInput(given_name=NAME, estimated_age=16, sex="nonsense"),
        )
    assert (Notification.objects.count(), CaseGrant.objects.count()) == before


@pytest.mark.django_db
def test_an_assignment_tells_the_receiving_focal_points_only(
    make_case, actors, reference, shkoder_njmf_apap
):
    from nrm.registry.services import case_assign

    case = make_case("police.tirana", given_name=NAME, estimated_age=30)
    case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=reference["shssh-tirana"],
        reason="needs assessment",
    )
    assert _told("case_assigned", case) == {"apap.shssh.tirana"}  # not social.tirana (caseworker)
    _no_name("case_assigned", case)
    # Assigning again (access already there) tells nobody twice.
    case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=reference["shssh-tirana"],
        reason="again",
    )
    assert Notification.objects.filter(kind="case_assigned", case=case).count() == 1


@pytest.mark.django_db
def test_an_assignment_writes_one_audit_event(make_case, actors, reference):
    from nrm.audit.models import AuditEvent
    from nrm.registry.services import case_assign

    case = make_case("police.tirana", given_name=NAME, estimated_age=30)
    before = AuditEvent.objects.count()
    case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=reference["shssh-tirana"],
        reason="needs assessment",
    )
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_referral_tells_the_receiver_and_links_to_its_inbox(make_case, actors, client):
    from django.core import mail

    from nrm.directory.models import Service
    from nrm.referrals.services import referral_create

    case = make_case("police.tirana", given_name=NAME, estimated_age=30, sex="female")
    receiver = actors["shelter.tirana"].user
    receiver.email = "shelter@example.org"
    receiver.save()
    referral = referral_create(
        actor=actors["police.tirana"],
        case_id=case.pk,
        to_institution="shelter-tirana",
        service=Service.objects.get(
            organization__institution__code="shelter-tirana", need="shelter"
        ),
        consent_given_by="person",
        consent_form="general",
    )
    assert _told("referral_sent", case) == {"shelter.tirana"}
    assert Notification.objects.get(kind="referral_sent", case=case).data == {
        "referral": referral.pk
    }
    _no_name("referral_sent", case)
    # The e-mail after commit: the reference and a link to the referrals, no name.
    (sent,) = [m for m in mail.outbox if m.to == ["shelter@example.org"]]
    assert case.reference in sent.subject and "/referrals/" in sent.body
    assert NAME not in sent.subject + sent.body
    # Pending: the receiver may not open the case yet; the notice links to the referrals.
    client.force_login(actors["shelter.tirana"].user)
    page = client.get("/inbox/").content.decode()
    assert 'class="notice-link" href="/referrals/"' in page
    assert f"/cases/{case.pk}/" not in page


@pytest.mark.django_db
def test_the_inbox_row_links_to_the_case_in_the_notice_itself(make_case, actors, client):
    """On a phone the case column is hidden: the notice's own text is the link."""
    case = make_case("police.tirana", given_name=NAME, estimated_age=16)
    client.force_login(actors["pmf.tirana"].user)
    page = client.get("/inbox/").content.decode()
    assert f'class="notice-link" href="/cases/{case.pk}/"' in page
    assert NAME not in page


def test_the_profile_names_the_recipients_of_each_notice():
    from nrm.deadlines.doors import notice_kinds
    from nrm.jurisdictions import get_profile

    profile = get_profile("AL")
    kinds = {n.kind for n in profile.notices}
    assert {"new_child", "a5_requested", "referral_sent", "case_assigned"} <= kinds
    assert all(notice_kinds.get(k) is not None for k in kinds)


def test_a_notice_kind_no_app_sends_is_refused(tmp_path):
    import shutil

    from nrm.jurisdictions.registry import ROOT, ProfileError, load_profile

    target = tmp_path / "al" / "sop2025"
    shutil.copytree(ROOT / "al" / "sop2025", target)
    path = target / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - kind: case_assigned", "  - kind: no_such_notice"))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert any(
        p.code == "nrm.E130" and "no_such_notice" in p.message for p in caught.value.problems
    )


def test_a_recipient_names_types_or_is_addressed():
    from pydantic import ValidationError

    from nrm.jurisdictions.schema import NoticeRecipient

    with pytest.raises(ValidationError):
        NoticeRecipient(roles=("focal_point",))
    assert NoticeRecipient(roles=("focal_point",), addressed=True).addressed


class _Inst:
    def __init__(self, pk, type, county=""):
        self.pk, self.type, self.county = pk, type, county


def test_who_serves_the_case_owner_grant_county_then_national_never_another_county():
    from nrm.deadlines.rules import notice_institutions
    from nrm.jurisdictions.schema import NoticeRecipient

    police = _Inst(1, "police_slktp", "tirana")
    njmf_tirana, njmf_shkoder = (
        _Inst(2, "child_protection_unit", "tirana"),
        _Inst(3, "child_protection_unit", "shkoder"),
    )
    ap = _Inst(4, "ap_secretariat")
    of_type = [njmf_tirana, njmf_shkoder, ap]

    def pick(recipient, *, owner=police, granted=(), county="tirana", addressed=()):
        return [
            i.pk
            for i in notice_institutions(
                recipient,
                owner=owner,
                granted=list(granted),
                of_type=[i for i in of_type if i.type in recipient.institution_types],
                county=county,
                addressed=list(addressed),
            )
        ]

    unit = NoticeRecipient(roles=("caseworker",), institution_types=("child_protection_unit",))
    assert pick(unit) == [2]  # the case's county
    assert pick(unit, granted=[njmf_shkoder]) == [3]  # the unit that holds the case
    assert pick(unit, county="durres") == []  # none there, none national: nobody, not Tirana
    assert pick(NoticeRecipient(roles=("x",), institution_types=("ap_secretariat",))) == [4]
    group = NoticeRecipient(roles=("x",), addressed=True)
    assert pick(group, addressed=[police, njmf_shkoder]) == [1, 3]
    police_only = NoticeRecipient(roles=("x",), addressed=True, institution_types=("police_slktp",))
    assert pick(police_only, addressed=[police, njmf_shkoder]) == [1]
