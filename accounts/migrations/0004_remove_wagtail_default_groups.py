"""Remove Wagtail's default groups "Editors" and "Moderators": the platform has its own roles.

Their page, collection and admin permissions go with them. Wagtail's default workflow
("Moderators approval" on the root page) is given to the coordinators, so a page submitted
for moderation outside the course sections still has somebody to approve it. A group that
somebody has been put in is kept (the admin no longer offers it either way).
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]
COORDINATION = "Koordination"


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    coordinators, _ = Group.objects.get_or_create(name=COORDINATION)
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if group.user_set.exists():
            continue
        for task in GroupApprovalTask.objects.filter(groups=group):
            task.groups.add(coordinators)
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_erased_at"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
