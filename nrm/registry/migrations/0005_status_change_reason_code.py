from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_encrypt_free_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatuschange",
            name="reason_code",
            field=models.CharField(blank=True, max_length=32),
        ),
    ]
