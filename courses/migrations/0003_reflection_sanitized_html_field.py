# The reflection becomes a core.fields.SanitizedHTMLField (cleaned on save). The column stays
# the same text column, so the change is recorded in the migration state only: no table is
# rebuilt (SQLite would otherwise copy the table for a change of field class).

import core.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0002_section_region_permission'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activityprogress',
                    name='reflection',
                    field=core.fields.SanitizedHTMLField(blank=True, verbose_name='reflection'),
                ),
            ],
        ),
    ]
