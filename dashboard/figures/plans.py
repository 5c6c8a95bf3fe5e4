"""Phase plans: tasks and milestones done, reached and overdue."""

from django.db.models import Count, Q
from django.utils.functional import cached_property

from coaching.models import Milestone, Task
from dashboard.figures.cache import CachedFigures
from dashboard.figures.rows import _dates_in_period, _in_period


class PlanFigures(CachedFigures):
    """Tasks and milestones per child and in total."""

    @cached_property
    def tasks(self):
        return self._cached("tasks", self._compute_tasks)

    def _compute_tasks(self):
        done = Q(status=Task.Status.DONE)
        return self.grouped(
            self.rows_of(Task),
            total=Count("pk"),
            done=Count("pk", filter=done & _in_period("completed_at", self.period)),
            overdue=Count("pk", filter=~done & Q(due_date__lt=self.today)),
        )

    @cached_property
    def milestones(self):
        return self._cached("milestones", self._compute_milestones)

    def _compute_milestones(self):
        reached = Q(reached_on__isnull=False)
        return self.grouped(
            self.rows_of(Milestone),
            total=Count("pk"),
            reached=Count("pk", filter=reached & _dates_in_period("reached_on", self.period)),
            overdue=Count("pk", filter=~reached & Q(target_date__lt=self.today)),
        )
