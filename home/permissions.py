"""Coordinators may edit and publish every page: page and collection permissions at the root."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts.roles import Role

PAGE_PERMISSION_CODENAMES = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = {
    Role.COORDINATOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.REGIONAL_MANAGER: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


def grant_coordinator_page_permissions(**kwargs) -> None:
    root = Page.get_first_root_node()
    if root is None:
        return
    coordinators, _ = Group.objects.get_or_create(name=Role.COORDINATOR.group_name)
    for codename in PAGE_PERMISSION_CODENAMES:
        perm = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if perm:
            GroupPagePermission.objects.get_or_create(
                group=coordinators, page=root, permission=perm
            )
    collection = Collection.get_first_root_node()
    if collection is None:
        return
    for role, perms in COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.group_name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=perm
                )
