"""CaseTally stays equal to a recount of the cases, whatever the services do."""

import pytest

from nrm.registry import selectors, services
from nrm.registry.models import Case, CaseTally
from nrm.registry.tallies import KEY_FIELDS
from tests.registry import changes


def recount() -> dict[tuple, int]:
    from django.db.models import Count

    rows = Case.objects.order_by().values_list(*KEY_FIELDS).annotate(n=Count("id"))
    return {tuple(r[:-1]): r[-1] for r in rows}


def tallied() -> dict[tuple, int]:
    return {tuple(getattr(t, f) for f in KEY_FIELDS): t.n for t in CaseTally.objects.all() if t.n}


@pytest.mark.django_db
def test_tallies_follow_creation_and_every_transition(actors, make_case):
    a = make_case(estimated_age=15)
    b = make_case("police.shkoder")
    make_case()
    assert tallied() == recount()
    actor = actors["police.tirana"]
    changes.case_status_change(actor=actor, case_id=a.pk, to="potential_victim", reason="r")
    changes.case_stage_change(actor=actor, case_id=a.pk, to="formal_identification", reason="r")
    changes.case_stage_change(actor=actors["police.shkoder"], case_id=b.pk, to="closed", reason="r")
    assert tallied() == recount()


@pytest.mark.django_db
def test_an_illegal_move_leaves_the_tallies_alone(actors, make_case):
    from nrm.core.errors import IllegalTransition

    case = make_case()
    before = tallied()
    with pytest.raises(IllegalTransition):  # the group's decision before the A5
        services.procedure_move(
            actor=actors["police.tirana"],
            case_id=case.pk,
            code="identification",
            to="decided",
            reason="r",
            expected_version=1,
        )
    assert tallied() == before


@pytest.mark.django_db
def test_the_secretariat_count_from_tallies_equals_a_real_count(actors, make_case):
    for _ in range(3):
        make_case(estimated_age=12)
    make_case("police.shkoder")
    ap = actors["ap.secretariat"]
    for filters in (
        selectors.CaseFilters(),
        selectors.CaseFilters(is_child=True),
        selectors.CaseFilters(county="shkoder"),
        selectors.CaseFilters(stage="initial_identification", identification_status="none"),
        selectors.CaseFilters(stage="closed"),
    ):
        expected = selectors.case_list(actor=ap, filters=filters).count()
        assert selectors.case_count(actor=ap, filters=filters) == expected


@pytest.mark.django_db
def test_a_caseworker_count_is_their_scope_not_the_tallies(actors, make_case):
    make_case()
    make_case("police.shkoder")
    assert selectors.case_count(actor=actors["police.tirana"]) == 1
    assert selectors.case_count(actor=actors["ap.secretariat"]) == 2


@pytest.mark.django_db
def test_pages_report_the_full_count_beyond_the_first(actors, make_case):
    for _ in range(5):
        make_case()
    ap = actors["ap.secretariat"]
    first = selectors.case_page(actor=ap, filters=selectors.CaseFilters(), number=1, page_size=2)
    third = selectors.case_page(actor=ap, filters=selectors.CaseFilters(), number=3, page_size=2)
    assert (first.count, first.num_pages, first.has_next()) == (5, 3, True)
    assert (len(third.object_list), third.has_next(), third.has_previous()) == (1, False, True)


@pytest.mark.django_db
def test_rebuild_restores_tallies(make_case):
    from nrm.registry.tallies import tally_rebuild

    make_case()
    make_case(estimated_age=9)
    CaseTally.objects.all().delete()
    assert tally_rebuild() == 2
    assert tallied() == recount()
