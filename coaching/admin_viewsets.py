"""Admin viewsets of the coaching programme, grouped under "Coaching" in the menu.

Events, series, plans and measures are built on the scoped-admin kit
(``municipalities/admin_kit.py``): listings, object views, choosers, forms and filters go
through ``managed_by(user)``, and another region's object is a 404. Plan templates are for
coordinators only (only they hold the permissions); phases are edited inline on the template,
each phase's tasks and milestones on the phase.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from coaching import services
from coaching.admin_filters import EventFilterSet, MeasureFilterSet, PlanFilterSet
from coaching.admin_forms import (
    EventAdminForm,
    MeasureAdminForm,
    PhaseTemplateCreationForm,
    PlanTemplateCreationForm,
    RegionScopedForm,
)
from coaching.models import Event, EventSeries, Measure, PhaseTemplate, Plan, PlanTemplate
from municipalities.admin_kit import GuardedSnippetChooserViewSet, ScopedSnippetViewSet


class EventEditView(snippet_views.EditView):
    def save_instance(self):
        instance = super().save_instance()
        services.capacity_changed(instance)  # a larger capacity moves the waiting list up
        return instance


class EventViewSet(ScopedSnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    edit_view_class = EventEditView
    list_display = ["title", "kind", "start", "region", "capacity", "is_public"]
    filterset_class = EventFilterSet
    search_fields = ["title", "description", "city", "venue"]
    ordering = ["-start"]
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            MultiFieldPanel(
                [
                    FieldPanel("online_url"),
                    FieldPanel("venue"),
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("region"),
                    FieldPanel("audience"),
                    FieldPanel("is_public"),
                    FieldPanel("capacity"),
                    FieldRowPanel(
                        [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                    ),
                    FieldPanel("series"),
                ],
                heading=_("Audience and registration"),
            ),
            MultiFieldPanel(
                [FieldPanel("preparation_modules"), FieldPanel("materials")],
                heading=_("Preparation and materials"),
            ),
        ],
        base_form_class=EventAdminForm,
    )


class EventSeriesViewSet(ScopedSnippetViewSet):
    model = EventSeries
    icon = "list-ol"
    menu_label = _("Event series")
    list_display = ["title", "region"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("region")], base_form_class=RegionScopedForm
    )


# Choosers of the templates -------------------------------------------------------------------
# Wagtail's chooser "create" view assumes a creation form: a snippet chooser without one (the
# default) answers a POST with a 500 (``None.is_valid()``). Every snippet chooser derives from
# the kit's ``GuardedSnippetChooserViewSet`` (a 404 without a creation form; checked by
# ``municipalities.E004``); the templates also get a creation form: coordinators may create a
# template where they choose one, and an incomplete form comes back with its errors.


class PlanTemplateChooserViewSet(GuardedSnippetChooserViewSet):
    creation_form_class = PlanTemplateCreationForm


class PhaseTemplateChooserViewSet(GuardedSnippetChooserViewSet):
    creation_form_class = PhaseTemplateCreationForm


class PlanTemplateViewSet(SnippetViewSet):
    model = PlanTemplate
    chooser_viewset_class = PlanTemplateChooserViewSet
    icon = "clipboard-list"
    menu_label = _("Plan templates")
    list_display = ["name", "is_active", "updated"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("is_active"),
            InlinePanel(
                "phases",
                heading=_("Phases"),
                label=_("Phase"),
                panels=[FieldPanel("name"), FieldPanel("description")],
                help_text=_("Tasks and milestones of a phase are edited under Phase templates."),
            ),
        ]
    )


_ITEM_PANELS = [
    FieldPanel("title"),
    FieldPanel("description"),
    FieldRowPanel([FieldPanel("anchor"), FieldPanel("offset_days")]),
]


class PhaseTemplateViewSet(SnippetViewSet):
    model = PhaseTemplate
    chooser_viewset_class = PhaseTemplateChooserViewSet
    icon = "list-ul"
    menu_label = _("Phase templates")
    list_display = ["name", "template", "sort_order"]
    list_filter = ["template"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("template"),
            FieldPanel("name"),
            FieldPanel("description"),
            InlinePanel(
                "task_templates",
                heading=_("Tasks"),
                label=_("Task"),
                panels=[*_ITEM_PANELS, FieldPanel("owner_role"), FieldPanel("module")],
            ),
            InlinePanel(
                "milestone_templates",
                heading=_("Milestones"),
                label=_("Milestone"),
                panels=[*_ITEM_PANELS, FieldPanel("is_gate")],
            ),
        ]
    )


class PlanViewSet(ScopedSnippetViewSet):
    """Plans are made by applying a template (on /plans/apply/); here they are listed."""

    model = Plan
    icon = "calendar-alt"
    menu_label = _("Plans")
    list_display = ["participation", "name", "start_date", "council_resolution_date"]
    filterset_class = PlanFilterSet
    search_fields = ["name", "participation__municipality__name"]
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("name")])


class MeasureViewSet(ScopedSnippetViewSet):
    model = Measure
    icon = "success"
    menu_label = _("Measures")
    list_display = ["title", "participation", "category", "status", "co2_savings_tonnes"]
    filterset_class = MeasureFilterSet
    search_fields = ["title", "description", "funding_programme"]
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("participation"),
            FieldRowPanel([FieldPanel("title"), FieldPanel("category")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("patrons"),
            MultiFieldPanel(
                [
                    FieldPanel("co2_savings_tonnes"),
                    FieldPanel("investment_eur"),
                    FieldRowPanel([FieldPanel("funding_programme"), FieldPanel("funding_eur")]),
                ],
                heading=_("Impact and money"),
            ),
            FieldPanel("description"),
            FieldPanel("sdgs"),
        ],
        base_form_class=MeasureAdminForm,
    )


class CoachingViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Coaching")
    menu_icon = "date"
    menu_order = 230
    # Wagtail's snippet group marks its viewsets as having a menu item, which would drop them
    # from the Snippets index (and its scoped counts) and from the breadcrumbs. They stay
    # there, as before the group was a SnippetViewSetGroup: the menu looks the same.
    menu_item_is_registered = False
    items = (
        EventViewSet,
        EventSeriesViewSet,
        PlanViewSet,
        MeasureViewSet,
        PlanTemplateViewSet,
        PhaseTemplateViewSet,
    )
