"""The 16 federal states exist from the start, so regions can be set up before any import."""

from django.db import migrations

from municipalities.states import FEDERAL_STATES


def create_states(apps, schema_editor):
    FederalState = apps.get_model("municipalities", "FederalState")
    for code, short, name in FEDERAL_STATES:
        FederalState.objects.update_or_create(code=code, defaults={"short": short, "name": name})


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(create_states, migrations.RunPython.noop)]
