"""Rich text stored with ``<br>`` (the demo Impressum) made the page editor answer 500.

Wagtail's editor reads rich text as XHTML and needs ``<br/>``; this rewrites line breaks in the
bodies of home pages and standard pages and in their revisions (the editor opens the latest
revision). Idempotent.
"""

import re

from django.db import migrations

LINE_BREAK = re.compile(r"<br\s*>", re.IGNORECASE)


def _fixed(value):
    if isinstance(value, str):
        return LINE_BREAK.sub("<br/>", value)
    if isinstance(value, list):
        return [_fixed(item) for item in value]
    if isinstance(value, dict):
        return {key: _fixed(item) for key, item in value.items()}
    return value


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    names = ("homepage", "standardpage")
    for name in names:
        model = apps.get_model("home", name)
        for page in model.objects.all():
            raw = list(page.body.raw_data)
            fixed = _fixed(raw)
            if fixed != raw:
                page.body = fixed
                page.save(update_fields=["body"])
    types = ContentType.objects.filter(app_label="home", model__in=names)
    for revision in Revision.objects.filter(content_type__in=types):
        fixed = _fixed(revision.content)
        if fixed != revision.content:
            revision.content = fixed
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
