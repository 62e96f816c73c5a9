"""A2 moves to the consent registry (docs/consent.md): the A5 request will point at the A2
record of the registry. This step adds that link beside the old one; 0004 fills it, 0005
drops the old model."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0002_encrypt_free_text"),
        ("consent", "0002_a2_consents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="formalidentificationrequest",
            name="consent",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="screening.consent",
            ),
        ),
        migrations.AddField(
            model_name="formalidentificationrequest",
            name="consent_record",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consent.consentrecord",
            ),
        ),
    ]
