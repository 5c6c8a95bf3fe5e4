"""Admin panels that show editors what their module means for learners."""

from wagtail.admin.panels import Panel


class ModuleStatsPanel(Panel):
    """How many learners started and completed this module."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/module_stats_panel.html"

        def get_context_data(self, parent_context=None):
            # cycle: courses.progress imports courses.models, which imports this module
            from courses.progress import module_stats

            context = super().get_context_data(parent_context)
            context["stats"] = module_stats(self.instance) if self.instance.pk else None
            return context


class LearnerImpactPanel(Panel):
    """Warns before publishing when the draft removes or changes quizzes learners have taken."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/learner_impact_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and bool(self.impact)

        @property
        def impact(self):
            if not hasattr(self, "_impact"):
                # cycle: courses.progress imports courses.models, which imports this module
                from courses.progress import draft_learner_impact

                self._impact = draft_learner_impact(self.instance)
            return self._impact

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["impact"] = self.impact
            return context
