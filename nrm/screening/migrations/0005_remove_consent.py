"""The A2 lives in the consent registry only: the A5 request points at its record and
screening.Consent goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("screening", "0004_a2_consents_to_registry")]

    operations = [
        migrations.RemoveField(model_name="formalidentificationrequest", name="consent"),
        migrations.RenameField(
            model_name="formalidentificationrequest", old_name="consent_record", new_name="consent"
        ),
        migrations.AlterField(
            model_name="formalidentificationrequest",
            name="consent",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consent.consentrecord",
            ),
        ),
        migrations.DeleteModel(name="Consent"),
    ]
