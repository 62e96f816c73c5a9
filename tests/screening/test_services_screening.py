"""screening_submit and identification_start: what they record and what they refuse."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from nrm.audit.models import AuditEvent
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.registry.models import Case, CaseStatusChange, Person
from nrm.registry.rules import PersonInput
from nrm.screening.models import ChecklistEntry, Screening
from nrm.screening.services import identification_start, screening_submit

from .conftest import GEN

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Case.objects.count(),
        Person.objects.count(),
        Screening.objects.count(),
        CaseStatusChange.objects.count(),
        AuditEvent.objects.filter(code__startswith="screening.").count(),
    )


def test_reaching_the_threshold_makes_a_potential_victim(actors, make_case):
    case = make_case()
    screening = screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-06", "LAB-03"],
        notes="Met at the bus station",
    )
    case.refresh_from_db()
    assert case.identification_status == "potential_victim"
    assert (screening.count, screening.threshold) == (3, 3)
    assert screening.suggestion == screening.decision == "potential_victim"
    assert (screening.catalogue, screening.catalogue_version) == ("AL-2025", 1)
    assert screening.status_before == "none" and screening.status_after == "potential_victim"
    change = case.status_changes.get(field="identification_status", to_value="potential_victim")
    assert change.decision_reference == f"screening-{screening.pk}"
    assert ChecklistEntry.objects.filter(case=case, code="assess_indicators", done=True).exists()
    event = AuditEvent.objects.get(code="screening.submitted", case_id=case.pk)
    assert event.data["count"] == 3 and "notes" not in event.data


def test_below_the_threshold_the_status_stays_none(actors, make_case):
    case = make_case()
    screening = screening_submit(
        actor=actors["police.tirana"], case_id=case.pk, catalogue="AL-2025", indicators=GEN[:2]
    )
    case.refresh_from_db()
    assert case.identification_status == "none"
    assert screening.decision == "none"
    assert not case.status_changes.filter(to_value="potential_victim").exists()


def test_override_up_with_justification_is_kept(actors, make_case):
    case = make_case()
    screening = screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-07"],
        override="potential_victim",
        justification="Threatened with violence against her family; documents taken.",
    )
    case.refresh_from_db()
    assert case.identification_status == "potential_victim"
    assert screening.overridden and screening.suggestion == "none"
    stored = Screening.objects.get(pk=screening.pk)
    assert stored.justification.startswith("Threatened")


def test_override_down_keeps_the_status(actors, make_case):
    case = make_case()
    screening = screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=GEN[:4],
        override="none",
        justification="The indicators describe a labour dispute, not exploitation.",
    )
    case.refresh_from_db()
    assert case.identification_status == "none"
    assert screening.decision == "none" and screening.suggestion == "potential_victim"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"catalogue": "AL-1999", "indicators": GEN[:3]}, "catalogue"),
        ({"catalogue": "AL-2025", "indicators": ["GEN-01", "GEN-99"]}, "indicators"),
        ({"catalogue": "AL-2025", "indicators": ["CHILD-01", "GEN-01", "GEN-02"]}, "indicators"),
        (
            {"catalogue": "AL-2025", "indicators": ["GEN-01"], "override": "potential_victim"},
            "justification",
        ),
        (
            {
                "catalogue": "AL-2025",
                "indicators": GEN[:5],
                "override": "none",
                "justification": "  ",
            },
            "justification",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(actors, make_case, kwargs, field):
    case = make_case()
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        screening_submit(actor=actors["police.tirana"], case_id=case.pk, **kwargs)
    assert field in caught.value.fields
    assert _counts() == before
    case.refresh_from_db()
    assert case.identification_status == "none"


def test_a_case_the_caller_cannot_see_is_not_found(actors, make_case):
    case = make_case("police.tirana")
    with pytest.raises(NotFound):
        screening_submit(
            actor=actors["police.shkoder"], case_id=case.pk, catalogue="AL-2025", indicators=GEN[:3]
        )
    with pytest.raises(NotFound):
        screening_submit(
            actor=actors["police.shkoder"], case_id=10**9, catalogue="AL-2025", indicators=[]
        )
    assert not Screening.objects.exists()


def test_a_viewer_may_not_screen(actors, make_case, reference):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.x", password="a long passphrase")
    membership_create(
        actor=system, user=user, institution=reference["police-slktp-tirana"], role="viewer"
    )
    case = make_case()
    with pytest.raises(Forbidden):
        screening_submit(
            actor=actor_for(User.objects.get(username="viewer.x")),
            case_id=case.pk,
            catalogue="AL-2025",
            indicators=GEN[:3],
        )


def test_child_indicators_count_for_a_child(actors, make_case):
    case = make_case(appears_to_be_child=True)
    screening = screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["CHILD-01", "CHILD-ENV-02", "CHILD-SEX-01"],
    )
    assert screening.decision == "potential_victim"


def test_a_second_screening_never_lowers_the_status(actors, screened):
    case = screened(4)
    screening = screening_submit(
        actor=actors["police.tirana"], case_id=case.pk, catalogue="AL-2025", indicators=[]
    )
    case.refresh_from_db()
    assert case.identification_status == "potential_victim"
    assert screening.status_before == screening.status_after == "potential_victim"


def test_identification_start_opens_case_and_screening_together(actors):
    case, screening = identification_start(
        actor=actors["police.tirana"],
        person=PersonInput(given_name="Ana", estimated_age=15),
        catalogue="AL-2025",
        indicators=["GEN-01", "CHILD-03", "BEG-01"],
    )
    assert case.is_child and case.identification_status == "potential_victim"
    assert screening.case_id == case.pk
    assert case.screening == {
        "catalogue": "AL-2025",
        "indicators": ["GEN-01", "CHILD-03", "BEG-01"],
    }


def test_identification_start_saves_nothing_when_the_screening_is_bad(actors):
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        identification_start(
            actor=actors["police.tirana"],
            person=PersonInput(given_name="Ana"),
            catalogue="AL-2025",
            indicators=["GEN-00"],
        )
    assert list(caught.value.fields) == ["screening.indicators"]
    assert _counts() == before


def test_identification_start_reports_person_errors_with_their_prefix(actors):
    with pytest.raises(ValidationFailed) as caught:
        identification_start(
            actor=actors["police.tirana"],
            person=PersonInput(sex="dragon"),
            catalogue="AL-2025",
            indicators=[],
        )
    assert "person.sex" in caught.value.fields and "person.given_name" in caught.value.fields


def test_a_person_without_name_or_birth_date_can_be_identified(actors):
    """The registry asks for a name or an alias; an alias is enough, nothing else is."""
    case, _s = identification_start(
        actor=actors["police.tirana"],
        person=PersonInput(given_name="“Vajza me xhaketë të kuqe”"),
        catalogue="AL-2025",
        indicators=GEN[:3],
    )
    assert case.identification_status == "potential_victim"


CODES = [*GEN[:10], "SEX-01", "SEX-02", "LAB-01", "LAB-14", "BEG-06"]


@hsettings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    observed=st.lists(st.sampled_from(CODES), max_size=8),
    override=st.sampled_from([None, "potential_victim", "none"]),
    justified=st.booleans(),
)
def test_the_service_follows_the_threshold_rule(actors, make_case, observed, override, justified):
    """Whatever is ticked (duplicates too), the status is the rule's; an unjustified override
    against the suggestion saves nothing."""
    case = make_case()
    distinct = len(set(observed))
    suggested = "potential_victim" if distinct >= 3 else "none"
    against = override is not None and override != suggested
    kwargs = {"override": override, "justification": "Seen and heard" if justified else ""}
    if against and not justified:
        with pytest.raises(ValidationFailed):
            screening_submit(
                actor=actors["police.tirana"],
                case_id=case.pk,
                catalogue="AL-2025",
                indicators=observed,
                **kwargs,
            )
        assert not Screening.objects.filter(case=case).exists()
        return
    screening = screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=observed,
        **kwargs,
    )
    decision = override if against else suggested
    case.refresh_from_db()
    assert (screening.count, screening.suggestion, screening.decision) == (
        distinct,
        suggested,
        decision,
    )
    assert screening.overridden is against
    assert case.identification_status == decision
