"""Admin report: how many learners started and completed each module the editor may edit."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import CoursePage, ModulePage


class ModuleProgressReport(ReportView):
    page_title = _("Learning progress per module")
    header_icon = "tasks"
    index_url_name = "courses_module_report"
    index_results_url_name = "courses_module_report_results"
    list_export = ["course_title", "title", "started", "completed"]
    export_headings = {
        "course_title": _("Course"),
        "title": _("Module"),
        "started": _("Started"),
        "completed": _("Completed"),
    }
    columns = [
        TitleColumn("title", label=_("Module"), url_name="wagtailadmin_pages:edit"),
        Column("course_title", label=_("Course")),
        Column("started", label=_("Started")),
        Column("completed", label=_("Completed")),
    ]

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            ModulePage.objects.filter(pk__in=editable.values("pk"))
            .defer("body")
            .annotate(
                started=Count("progress", distinct=True),
                completed=Count(
                    "progress", filter=Q(progress__completed_at__isnull=False), distinct=True
                ),
            )
            .order_by("path")
        )

    def decorate_paginated_queryset(self, object_list):
        modules = list(object_list)
        paths = {module.path[: -module.steplen] for module in modules}
        titles = dict(CoursePage.objects.filter(path__in=paths).values_list("path", "title"))
        for module in modules:
            module.course_title = titles.get(module.path[: -module.steplen], "")
        return modules
