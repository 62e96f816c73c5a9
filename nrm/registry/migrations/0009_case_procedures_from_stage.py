"""Gives every existing case the procedures its stage stood for (docs/procedures.md).

Written against the Albanian profile 2025.1 as it was when procedures came (codes fixed
here on purpose: a migration must not change with later profiles). Identification: decided
when a status other than none/potential victim was decided, at the group when the case had
reached formal identification, else initial. Protection, return and reintegration: running
when the case stood there. A closed case's procedures are closed with it (reopening the
case runs them again)."""

from django.db import migrations

DECIDED = {"victim", "not_recognised"}
LATER = {"protection": ("protection", "placed"), "return": ("return", "preparing"),
         "reintegration": ("reintegration", "active")}


def forwards(apps, schema_editor):
    Case = apps.get_model("registry", "Case")
    CaseProcedure = apps.get_model("registry", "CaseProcedure")
    Change = apps.get_model("registry", "CaseStatusChange")
    reached_formal = set(
        Change.objects.filter(field="stage", to_value="formal_identification").values_list(
            "case_id", flat=True
        )
    )
    entered: dict[tuple[int, str], object] = {}
    last_before_close: dict[int, str] = {}
    for case_id, at, from_value, to_value in Change.objects.filter(field="stage").order_by(
        "at", "id"
    ).values_list("case_id", "at", "from_value", "to_value"):
        entered.setdefault((case_id, to_value), at)
        if to_value == "closed":
            last_before_close[case_id] = from_value
    rows = []
    for case in Case.objects.all().iterator(chunk_size=2000):
        closed = case.stage == "closed"
        stage = last_before_close.get(case.pk, "initial_identification") if closed else case.stage
        if case.identification_status in DECIDED:
            state = "decided"
        elif stage == "formal_identification" or (
            stage in LATER and case.pk in reached_formal
        ):
            state = "formal"
        else:
            state = "initial"
        closed_at = case.closed_at or case.updated_at if closed else None
        final = state == "decided"
        rows.append(
            CaseProcedure(
                case_id=case.pk,
                code="identification",
                state=state,
                opened_at=case.created_at,
                opened_by_id=case.created_by_id,
                closed_at=case.updated_at if final else closed_at,
                closed_with_case=closed and not final,
            )
        )
        if stage in LATER:
            code, first = LATER[stage]
            rows.append(
                CaseProcedure(
                    case_id=case.pk,
                    code=code,
                    state=first,
                    opened_at=entered.get((case.pk, stage), case.updated_at),
                    closed_at=closed_at,
                    closed_with_case=closed,
                )
            )
        if len(rows) >= 5000:
            CaseProcedure.objects.bulk_create(rows)
            rows = []
    CaseProcedure.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    apps.get_model("registry", "CaseProcedure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_case_procedures")]
    operations = [migrations.RunPython(forwards, backwards)]
