"""Inbox notices about a case (consent withdrawn, unusual reading): no deadline row."""

import pytest
from django.core import mail

from nrm.deadlines.models import Notification, NotificationKind
from nrm.deadlines.services import notice_send


@pytest.mark.django_db(transaction=True)
def test_notice_reaches_inbox_and_mail_with_reference_only(actors, make_case, client):
    case = make_case("police.tirana", given_name="Drita", family_name="Kola")
    user = actors["ap.secretariat"].user
    user.email = "ap@example.org"
    user.save()
    sent = notice_send(recipients=[user], kind="consent_withdrawn", case=case, data={"n": 1})
    assert sent == 1
    n = Notification.objects.get(recipient=user)
    assert n.deadline_id is None and n.case_id == case.pk
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    assert "Drita" not in mail.outbox[0].body
    client.force_login(user)
    page = client.get("/inbox/").content.decode()
    assert case.reference in page
    assert "Drita" not in page


@pytest.mark.django_db
def test_notice_kind_must_be_a_notice(actors):
    with pytest.raises(ValueError):
        notice_send(recipients=[actors["ap.secretariat"].user], kind=NotificationKind.MISSED)


def test_every_notice_kind_is_an_apps_contribution_with_its_texts():
    """The engine keeps its own kinds; each notice comes from the app that sends it, through
    the `notice_kinds` door, with a label and a text naming the case by reference only."""
    from django.utils import translation

    from nrm.deadlines.doors import notice_kinds
    from nrm.deadlines.models import notification_kinds

    contributed = dict(notice_kinds.contributions())
    assert contributed["shelter_incident"] == "nrm.shelters"
    assert contributed["consent_withdrawn"] == "nrm.consent"
    assert not set(contributed) & set(NotificationKind.values)
    # The engine sends the registry's notices only (the registry sits below its door).
    assert {c for c, app in contributed.items() if app == "nrm.deadlines"} == {
        "new_child",
        "case_assigned",
    }
    assert [c for c, _label in notification_kinds()] == [*NotificationKind.values, *contributed]
    for code, _app, notice in notice_kinds.entries():
        for language in ("sq", "en"):
            with translation.override(language):
                assert str(notice.label) and str(notice.text)
        if code != "unusual_reading":  # about a user, not a case
            assert "%(ref)s" in str(notice.text), code


@pytest.mark.django_db
def test_a_contributed_notice_reads_in_the_inbox(actors, make_case, client):
    from nrm.core.doors import doors_open_for_test
    from nrm.deadlines.doors import NoticeKind, notice_kinds

    case = make_case()
    user = actors["ap.secretariat"].user
    with doors_open_for_test():
        notice_kinds.add(
            NoticeKind(label="a test notice", text="Look at case %(ref)s."),
            code="test_notice",
            app="tests",
        )
        try:
            notice_send(recipients=[user], kind="test_notice", case=case)
            client.force_login(user)
            page = client.get("/inbox/").content.decode()
        finally:
            notice_kinds.remove("test_notice")
    assert f"Look at case {case.reference}." in page
