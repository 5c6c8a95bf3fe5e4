"""The drill-down table of each level: states, regions, participations, people or modules."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from courses.models import ModuleProgress
from dashboard.figures.learning import LearningFigures
from dashboard.figures.links import Links
from dashboard.figures.measures import MeasureFigures
from dashboard.figures.people import PeopleFigures
from dashboard.figures.pipeline import PipelineFigures
from dashboard.figures.plans import PlanFigures
from dashboard.figures.tables import Column, Table
from dashboard.scope import Level
from municipalities.models import FederalState


class DrillDown(
    PeopleFigures, LearningFigures, PlanFigures, MeasureFigures, PipelineFigures, Links
):
    """One row per child of this level, with its figures and a link one level down."""

    def _figure_columns(self):
        return [
            Column("volunteers", _("Climate patrons"), True),
            Column("active", _("Active (30 days)"), True),
            Column("started", _("Modules started"), True),
            Column("completed", _("Modules completed"), True),
            Column("certificates", _("Certificates"), True),
            Column("tasks_done", _("Tasks done"), True),
            Column("tasks_overdue", _("Tasks overdue"), True),
            Column("milestones_reached", _("Milestones reached"), True),
            Column("milestones_overdue", _("Milestones overdue"), True),
        ]

    def _figures_for(self, child) -> dict:
        people, _t = self.people
        tasks, _t = self.tasks
        milestones, _t = self.milestones
        certificates, _t = self.certificates
        learning = self.learning_by_child.get(child, {})
        return {
            "volunteers": people.get(child, {}).get("volunteers", 0),
            "active": people.get(child, {}).get("active", 0),
            "started": learning.get("started", 0),
            "completed": learning.get("completed", 0),
            "certificates": certificates.get(child, {}).get("issued", 0),
            "tasks_done": tasks.get(child, {}).get("done", 0),
            "tasks_overdue": tasks.get(child, {}).get("overdue", 0),
            "milestones_reached": milestones.get(child, {}).get("reached", 0),
            "milestones_overdue": milestones.get(child, {}).get("overdue", 0),
        }

    @cached_property
    def children(self) -> Table | None:
        """The drill-down table: states, regions, participations, people or modules."""
        builder = {
            Level.PROGRAMME: self._state_rows,
            Level.STATE: self._region_rows,
            Level.REGION: self._participation_rows,
            Level.PARTICIPATION: self._person_rows,
            Level.PERSON: self._module_rows_of_person,
        }[self.level]
        return builder()

    def _state_rows(self) -> Table:
        counts = self._participation_counts()
        rows = []
        for state in FederalState.objects.filter(pk__in=list(counts)).order_by("name"):
            rows.append(
                {
                    "name": state.name,
                    "url": self.url(state=state.short),
                    "participations": counts[state.pk],
                    **self._figures_for(state.pk),
                    **self._measure_cells(state.pk),
                }
            )
        return Table(
            name="children",
            title=_("Federal states"),
            columns=[
                Column("name", _("Federal state"), link="url"),
                Column("participations", _("Participations"), True),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _region_rows(self) -> Table:
        counts = self._participation_counts()
        rows = []
        for region in self.scope.child_regions().filter(pk__in=list(counts)).order_by("name"):
            rows.append(
                {
                    "name": region.name,
                    "url": self.url(state=self.scope.state.short, region=region.slug),
                    "participations": counts[region.pk],
                    **self._figures_for(region.pk),
                    **self._measure_cells(region.pk),
                }
            )
        return Table(
            name="children",
            title=_("Regions"),
            columns=[
                Column("name", _("Region"), link="url"),
                Column("participations", _("Participations"), True),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _participation_rows(self) -> Table:
        rows = []
        participations = self.participations.select_related("municipality").order_by(
            "municipality__name", "district_name", "pk"
        )
        pager = None
        if self.page_size:
            # A Django Page over the row numbers: includes/pagination.html renders it and keeps
            # the scope and filters of the query string in its links.
            page = Paginator(range(len(self.participation_map)), self.page_size).get_page(self.page)
            size = self.page_size
            participations = participations[(page.number - 1) * size : page.number * size]
            pager = page if page.has_other_pages() else None
        for participation in participations:
            rows.append(
                {
                    "name": str(participation),
                    "url": self.participation_url(participation.pk),
                    "ags": participation.municipality.ags,
                    "status": participation.get_status_display(),
                    **self._figures_for(participation.pk),
                    **self._measure_cells(participation.pk),
                }
            )
        return Table(
            name="children",
            pager=pager,
            count=len(self.participation_map) if pager else None,
            title=_("Participations"),
            columns=[
                Column("name", _("Participation"), link="url"),
                Column("ags", _("AGS")),
                Column("status", _("Status")),
                *self._figure_columns(),
                *self._measure_columns(),
            ],
            rows=rows,
        )

    def _person_rows(self) -> Table | None:
        if not self.scope.sees_people:
            return None
        rows = []
        members = (
            self.scope.members().select_related("user").order_by("user__full_name", "user__email")
        )
        for membership in members:
            user = membership.user
            figures = self._figures_for(user.pk)
            rows.append(
                {
                    "name": user.get_full_name(),
                    "url": self.person_url(self.scope.participation.pk, user.pk),
                    "role": membership.get_role_display(),
                    "last_login": timezone.localtime(user.last_login).date()
                    if user.last_login
                    else None,
                    "started": figures["started"],
                    "completed": figures["completed"],
                    "certificates": figures["certificates"],
                    "tasks_done": figures["tasks_done"],
                    "tasks_overdue": figures["tasks_overdue"],
                    "milestones_reached": figures["milestones_reached"],
                    "milestones_overdue": figures["milestones_overdue"],
                }
            )
        columns = [
            Column("name", _("Person"), link="url"),
            Column("role", _("Role")),
            Column("last_login", _("Last login")),
        ] + [c for c in self._figure_columns() if c.key not in {"volunteers", "active"}]
        return Table(name="children", title=_("People"), columns=columns, rows=rows)

    def _module_rows_of_person(self) -> Table:
        progress = {
            row["module_id"]: row
            for row in ModuleProgress.objects.filter(user=self.scope.person).values(
                "module_id", "started_at", "completed_at"
            )
        }
        rows = []
        for module in self.modules:
            state = progress.get(module["pk"])
            rows.append(
                {
                    "course": module["course"].title,
                    "module": module["title"],
                    "started": timezone.localtime(state["started_at"]).date() if state else None,
                    "completed": timezone.localtime(state["completed_at"]).date()
                    if state and state["completed_at"]
                    else None,
                }
            )
        return Table(
            name="children",
            title=_("Modules of this person"),
            columns=[
                Column("course", _("Course")),
                Column("module", _("Module")),
                Column("started", _("Started on")),
                Column("completed", _("Completed on")),
            ],
            rows=rows,
            note=_("Only dates are shown here: quiz answers and reflections stay private."),
        )
