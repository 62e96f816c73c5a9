"""Optimistic locking of case changes: the second of two edits gets a clear conflict."""

import re

import pytest
from django.test import Client, RequestFactory

from nrm.audit.models import AuditEvent
from nrm.core.errors import Conflict
from nrm.registry.models import Case, CaseStatusChange
from tests.core.concurrency import race, requires_row_locks
from tests.registry.changes import case_stage_change, case_status_change


def _names_versions(text: str, seen: int, current: int) -> bool:
    """Both numbers, after "version" (English) or "versionin"/"versioni" (Albanian)."""
    found = re.findall(r"version\w*\s+(\d+)", text)
    return found[:2] == [str(seen), str(current)]


def _history(case) -> int:
    return CaseStatusChange.objects.filter(case_id=case.pk).count()


@pytest.mark.django_db
def test_a_change_from_the_current_version_is_recorded(make_case, actors):
    case = make_case()

    changed = case_stage_change(
        actor=actors["police.tirana"],
        case_id=case.pk,
        to="formal_identification",
        reason="Referred to the group",
        expected_version=case.version,
    )

    assert changed.version == case.version + 1


@pytest.mark.django_db
def test_a_change_from_a_stale_version_is_a_conflict_naming_both_and_saves_nothing(
    make_case, actors
):
    case = make_case()
    actor = actors["police.tirana"]
    case_status_change(
        actor=actor, case_id=case.pk, to="potential_victim", reason="Indicators", expected_version=1
    )
    before = (_history(case), AuditEvent.objects.count())

    with pytest.raises(Conflict) as err:
        case_stage_change(
            actor=actor, case_id=case.pk, to="closed", reason="Closing", expected_version=1
        )

    assert err.value.status == 409 and err.value.code == "conflict"
    assert _names_versions(err.value.message, 1, 2)
    assert err.value.fields == {"version": ["1", "2"]}
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.version) == ("initial_identification", 2)
    assert (_history(case), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_the_case_page_sends_the_version_it_showed(make_case):
    case = make_case()
    client = Client()
    client.login(
        request=RequestFactory().post("/login/"), username="police.tirana", password="demo"
    )

    page = client.get(f"/cases/{case.pk}/").text

    # The owner's change forms since docs/decisions/0008: closing only (was 2: stage, status),
    # and the forms of exploitation (docs/exploitation-forms.md).
    assert page.count(f'name="expected_version" value="{case.version}"') == 2
    assert 'id="close-form"' in page and 'id="exploitation-form"' in page


@pytest.mark.django_db
def test_a_stale_form_shows_the_conflict_and_changes_nothing(make_case, actors):
    case = make_case()
    case_status_change(
        actor=actors["police.tirana"], case_id=case.pk, to="potential_victim", reason="x"
    )
    client = Client()
    client.login(
        request=RequestFactory().post("/login/"), username="police.tirana", password="demo"
    )

    response = client.post(
        f"/cases/{case.pk}/status/",
        {"field": "stage", "to": "closed", "reason": "Closing", "expected_version": "1"},
        follow=True,
    )

    assert _names_versions(response.text, 1, 2)
    assert Case.objects.get(pk=case.pk).stage == "initial_identification"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_case_one_wins_one_conflicts(reference, make_case, actors):
    requires_row_locks()
    case = make_case()
    worker = actors["police.tirana"]
    seen = case.version  # two people of the owning institution opened the same page

    outcomes = race(
        lambda: case_stage_change(
            actor=worker, case_id=case.pk, to="closed", reason="A", expected_version=seen
        ),
        lambda: case_status_change(
            actor=worker, case_id=case.pk, to="potential_victim", reason="B", expected_version=seen
        ),
    )

    assert sorted(o.kind for o in outcomes) == ["error", "ok"]
    [lost] = [o.error for o in outcomes if o.error is not None]
    assert isinstance(lost, Conflict)
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == seen + 1
    assert _history(case) == 2 + 1  # the two opening rows and the winner's


@pytest.mark.django_db
def test_without_the_version_no_change_lands(make_case, actors):
    """The version is required since the trust issue: without it a change could overwrite a
    change its author never saw, so it is refused (400) and nothing is saved."""
    from nrm.core.errors import ValidationFailed
    from nrm.registry import services

    case = make_case()
    before = (_history(case), AuditEvent.objects.count())

    with pytest.raises(ValidationFailed) as err:
        services.case_close(
            actor=actors["police.tirana"],
            case_id=case.pk,
            reason_code="duplicate",
            note="A",
            expected_version=None,
        )

    assert "expected_version" in err.value.fields
    assert Case.objects.get(pk=case.pk).version == case.version
    assert (_history(case), AuditEvent.objects.count()) == before
