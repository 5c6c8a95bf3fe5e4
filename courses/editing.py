"""Who edits the curriculum: the approval workflow and the regional editor groups.

Coordinators have full page permissions at the root (``home/permissions.py``). Each region
gets a Wagtail group "Regionalmanagement: <region>" whose members are the region's managers and
which may add and change (not publish) pages in the region's course sections. Every course
section runs the workflow "Freigabe durch Koordination": a coordinator approves and publishes.
Everything here is idempotent and runs after ``migrate``, on the relevant signals and in
``seed_demo``; nothing has to be clicked together by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import Role
from courses.models import CourseIndexPage, RegionEditors
from municipalities.models import Region

WORKFLOW_NAME = "Freigabe durch Koordination"
TASK_NAME = "Freigabe durch Koordination"
REGION_GROUP_PREFIX = "Regionalmanagement: "
REGION_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]


def ensure_workflow():
    """The approval workflow with one group approval task for the coordinators."""
    coordinators, _ = Group.objects.get_or_create(name=Role.COORDINATOR.group_name)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def region_group_name(region) -> str:
    return f"{REGION_GROUP_PREFIX}{region.name}"[:150]


def region_group(region) -> Group:
    """The region's editor group, renamed if the region was renamed."""
    link = RegionEditors.objects.select_related("group").filter(region=region).first()
    if link is None:
        group, _ = Group.objects.get_or_create(name=region_group_name(region))
        link = RegionEditors.objects.create(region=region, group=group)
    elif link.group.name != region_group_name(region):
        link.group.name = region_group_name(region)
        link.group.save(update_fields=["name"])
    return link.group


def sync_region_editors(region) -> Group:
    """Members = the region's managers; page permissions on the region's course sections."""
    group = region_group(region)
    group.user_set.set(region.managers.all())
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=REGION_PAGE_PERMISSIONS
        )
    )
    sections = list(CourseIndexPage.objects.filter(region=region))
    wanted = {(section.pk, perm.pk) for section in sections for perm in permissions}
    existing = GroupPagePermission.objects.filter(group=group)
    existing.exclude(page_id__in=[s.pk for s in sections]).delete()
    have = set(existing.values_list("page_id", "permission_id"))
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=perm_id)
            for page_id, perm_id in sorted(wanted - have)
        ]
    )
    return group


def setup_section(section) -> None:
    """Attach the approval workflow to a course section and sync its region's editors."""
    workflow = ensure_workflow()
    WorkflowPage.objects.update_or_create(page_id=section.pk, defaults={"workflow": workflow})

    # The section's region, and every region that had editors (its region may have changed).
    regions = Region.objects.filter(
        Q(course_editors__isnull=False) | Q(course_sections=section)
    ).distinct()
    for region in regions:
        sync_region_editors(region)


def setup_all() -> None:
    ensure_workflow()
    for section in CourseIndexPage.objects.all():
        setup_section(section)


def setup_after_migrate(sender=None, **kwargs) -> None:
    if getattr(sender, "name", None) != "courses":
        return
    setup_all()


# Signals ------------------------------------------------------------------------------------


def _on_section_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    setup_section(instance)


def _on_managers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return

    regions = [instance] if not reverse else list(Region.objects.filter(pk__in=pk_set or []))
    if reverse and action == "post_clear":
        regions = list(Region.objects.filter(course_editors__isnull=False))
    for region in regions:
        sync_region_editors(region)


def _on_region_saved(sender, instance, created, **kwargs):
    if kwargs.get("raw") or created:
        return

    if RegionEditors.objects.filter(region=instance).exists():
        region_group(instance)


def _on_region_editors_deleted(sender, instance, **kwargs):
    Group.objects.filter(pk=instance.group_id).delete()


def connect_signals() -> None:
    post_save.connect(_on_section_saved, sender=CourseIndexPage, dispatch_uid="courses.section")
    m2m_changed.connect(
        _on_managers_changed, sender=Region.managers.through, dispatch_uid="courses.managers"
    )
    post_save.connect(_on_region_saved, sender=Region, dispatch_uid="courses.region_saved")
    post_delete.connect(
        _on_region_editors_deleted, sender=RegionEditors, dispatch_uid="courses.editors_deleted"
    )
