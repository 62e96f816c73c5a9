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
    sent = notice_send(
        recipients=[user], kind=NotificationKind.CONSENT_WITHDRAWN, case=case, data={"n": 1}
    )
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
