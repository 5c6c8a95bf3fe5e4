"""Descriptions are plain text: turn what the sanitiser stored as HTML back into text."""

from django.db import migrations


def forwards(apps, schema_editor):
    from core.plaintext import repair

    for name in ("Event", "Task", "Milestone", "Measure"):
        repair(apps.get_model("coaching", name), "description")


class Migration(migrations.Migration):
    dependencies = [("coaching", "0002_programme_date_range")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
