"""A stage that plugs in only through the doors reaches the case page, the person's data
export, anonymisation and the demo, with no edit of the registry (docs/architecture.md,
"How to add a stage")."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, models

from nrm.core import clock
from nrm.core.crypto import EncryptedTextField
from nrm.core.doors import all_doors, doors_open_for_test
from nrm.linkage.demo import RECORDS as LINKAGE_DEMO_RECORDS
from nrm.registry import doors, retention
from nrm.registry.models import Case
from tests.pages import case_page

TEN_YEARS = timedelta(days=366 * 10 + 3)
STAGE = "tests.example_stage"


@pytest.fixture
def example_stage(transactional_db):
    """A throw-away stage: one model with an encrypted note, one panel, one export section,
    one demo walker, all contributed through the doors as a real stage's ready() does."""

    class StageNote(models.Model):
        case = models.ForeignKey(Case, on_delete=models.CASCADE)
        note = EncryptedTextField(blank=True)

        class Meta:
            app_label = "site"  # any installed app: the model is found through the registry

    with connection.schema_editor() as editor:
        editor.create_model(StageNote)
    walked: list[int] = []

    def walk(*, actor, case, plan, rng, moment):
        walked.append(case.pk)
        return moment

    with doors_open_for_test():
        doors.case_panels.add(
            doors.CasePanel("example_stage.html", lambda request, case: {"n": 7}),
            code="example.panel",
            app=STAGE,
        )
        doors.person_export_sections.add(
            doors.ExportSection(
                "example_notes",
                lambda actor, case, language: [
                    n.note for n in StageNote.objects.filter(case=case).order_by("pk")
                ],
            ),
            code="example.notes",
            app=STAGE,
        )
        doors.demo_walkers.add(doors.DemoWalker(walk), code="example.walk", app=STAGE)
    retention.holders.cache_clear()
    try:
        yield StageNote, walked
    finally:
        for door, code in (
            (doors.case_panels, "example.panel"),
            (doors.person_export_sections, "example.notes"),
            (doors.demo_walkers, "example.walk"),
        ):
            door.remove(code)
        with connection.schema_editor() as editor:
            editor.delete_model(StageNote)
        apps.all_models["site"].pop("stagenote", None)
        apps.clear_cache()
        retention.holders.cache_clear()


@pytest.fixture
def example_template(settings, tmp_path):
    (tmp_path / "example_stage.html").write_text(
        '<section id="example-stage">{{ n }} · {{ case.reference }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    ]


def test_a_stage_added_through_the_doors_shows_on_the_case_page(
    example_stage, example_template, actors, make_case, client
):
    from nrm.accounts.models import User

    case = make_case()
    client.force_login(User.objects.get(username="police.tirana"))

    page = case_page(client, case.pk)

    assert f'<section id="example-stage">7 · {case.reference}</section>' in page


def test_a_stage_added_through_the_doors_is_in_the_person_export(example_stage, actors, make_case):
    from nrm.accounts.policy import actor_for
    from nrm.registry import person_rights

    StageNote, _walked = example_stage
    case = make_case()
    StageNote.objects.create(case=case, note="Strehëz në Durrës")
    focal = actor_for(_user("apap.police.tirana"))

    export = person_rights.person_export(actor=focal, case_id=case.pk, requester="person")

    assert export.data["cases"][0]["example_notes"] == ["Strehëz në Durrës"]


def test_a_stage_added_through_the_doors_is_anonymised(example_stage, actors, make_case):
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import system_user_ensure
    from tests.registry.test_retention import close

    StageNote, _walked = example_stage
    case = make_case()
    note = StageNote.objects.create(case=case, note="Strehëz në Durrës")
    close(actors, case)
    system_user_ensure()

    with clock.override(clock.now() + TEN_YEARS):
        retention.retention_anonymise(actor=system_actor())

    note.refresh_from_db()
    assert note.note == ""


def test_a_stage_added_through_the_doors_walks_the_demo(example_stage, actors):
    from nrm.site.demo import demo_cases_create

    _model, walked = example_stage

    demo_cases_create(count=40, seed=3)

    # The contract's guaranteed cases and the two placed in a shelter awaiting the group;
    # besides them, nrm.linkage's person recorded twice (two cases, not walked).
    assert len(walked) == 44
    assert Case.objects.count() == 44 + len(LINKAGE_DEMO_RECORDS)


def test_doors_are_closed_after_start_up():
    from nrm.core.doors import DoorClosed

    with pytest.raises(DoorClosed):
        doors.case_panels.add(doors.CasePanel("x.html", dict), code="late", app="late")
    assert all(door._closed for door in all_doors())


def _user(username):
    from nrm.accounts.models import User

    return User.objects.get(username=username)
