"""Keep the role groups' model permissions in step with the code, after every migrate.

Each app may declare ``role_permissions`` on its AppConfig: a mapping from a ``Role`` value to
``"app_label.codename"`` strings. Permissions are only ever added here, never removed, so what a
coordinator grants by hand in the admin stays.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from accounts.roles import Role

# Permissions the foundation itself needs; apps add theirs on their AppConfig.
BASE_ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        "wagtailadmin.access_admin",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "home.change_programmesettings",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ],
    Role.REGIONAL_MANAGER: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}


def declared_role_permissions() -> dict[Role, set[str]]:
    result: dict[Role, set[str]] = {role: set() for role in Role}
    for role, perms in BASE_ROLE_PERMISSIONS.items():
        result[role].update(perms)
    for config in global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            result[Role(role)].update(perms)
    return result


def sync_role_permissions(**kwargs) -> None:
    for role, perms in declared_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role.group_name)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # not yet created: the next migrate picks it up
                wanted.append(perm)
        group.permissions.add(*wanted)
