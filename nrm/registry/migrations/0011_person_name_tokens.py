"""The name tokens' blind indexes (`PersonNameToken`), and those of every existing person,
in batches (decrypt the names, HMAC each token under the newest index key)."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def forwards(apps, schema_editor):
    from nrm.registry.name_tokens import digests_of

    Person = apps.get_model("registry", "Person")
    Token = apps.get_model("registry", "PersonNameToken")
    after = 0
    while True:
        persons = list(
            Person.objects.filter(pk__gt=after, anonymised_at__isnull=True)
            .order_by("pk")
            .only("pk", "given_name", "family_name")[:BATCH]
        )
        if not persons:
            return
        after = persons[-1].pk
        Token.objects.bulk_create(
            [
                Token(person_id=p.pk, digest=d)
                for p in persons
                for d in sorted(digests_of(p.given_name or "", p.family_name or ""))
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0010_case_exploitation_forms"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonNameToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64)),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="name_tokens", to="registry.person")),
            ],
            options={
                "indexes": [models.Index(fields=["digest", "person"], name="name_token_digest")],
                "constraints": [models.UniqueConstraint(fields=("person", "digest"), name="name_token_once")],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
