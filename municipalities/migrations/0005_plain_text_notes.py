"""Notes and initiative descriptions are plain text: turn stored HTML back into text."""

from django.db import migrations


def forwards(apps, schema_editor):
    from core.plaintext import repair

    repair(apps.get_model("municipalities", "Participation"), "notes")
    repair(apps.get_model("municipalities", "Stakeholder"), "notes")
    repair(apps.get_model("municipalities", "Initiative"), "description")


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0004_programme_date_range")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
