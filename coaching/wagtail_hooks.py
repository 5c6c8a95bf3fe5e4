"""Admin screens of the coaching programme, scoped to what the user manages.

Listings go through ``managed_by(user)``; the edit, delete and inspect views look objects up
through the same scope (another region's object is a 404) and the permission policies check
it per object. Plan templates are for coordinators only (only they hold the permissions);
phases are edited inline on the template, each phase's tasks and milestones on the phase.
"""

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.roles import Role
from coaching import services
from coaching.models import (
    SDG_CHOICES,
    Event,
    EventSeries,
    Measure,
    PhaseTemplate,
    Plan,
    PlanTemplate,
)


def _scope(model, user):
    if model is EventSeries:
        from municipalities.models import Region

        if user.has_role(Role.COORDINATOR):
            return EventSeries.objects.all()
        return EventSeries.objects.filter(region__in=Region.objects.managed_by(user))
    return model._default_manager.managed_by(user)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions of the role groups, limited to the objects the user manages."""

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and _scope(self.model, user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return _scope(self.model, user)
        return self.model._default_manager.none()


for _model in (Event, EventSeries, Plan, Measure):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not _scope(self.model, self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    pass


class ScopedViewSet(SnippetViewSet):
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    search_backend_name = None

    def get_queryset(self, request):
        return _scope(self.model, request.user)


# Forms --------------------------------------------------------------------------------------


class RegionScopedForm(WagtailAdminModelForm):
    """Regions, series and participations limited to those the user manages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from municipalities.models import Participation, Region

        user = self.for_user
        self.is_coordinator = bool(user and user.has_role(Role.COORDINATOR))
        scopes = {
            "region": Region.objects.managed_by(user),
            "participation": Participation.objects.managed_by(user).select_related("municipality"),
            "series": _scope(EventSeries, user) if user else EventSeries.objects.none(),
        }
        for name, queryset in scopes.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
                self.fields[name].widget = forms.Select(choices=self.fields[name].choices)
        if "region" in self.fields and not self.is_coordinator:
            self.fields["region"].required = True  # programme-wide is for coordinators


class EventAdminForm(RegionScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.models import Group

        from accounts.roles import GROUP_NAMES

        if "audience" in self.fields:
            self.fields["audience"].queryset = Group.objects.filter(name__in=GROUP_NAMES.values())
            self.fields["audience"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["audience"].choices
            )


class MeasureAdminForm(RegionScopedForm):
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable development goals"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# Filters ------------------------------------------------------------------------------------


def _regions(request):
    from municipalities.models import Region

    return Region.objects.managed_by(request.user) if request else Region.objects.none()


class EventFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)

    class Meta:
        model = Event
        fields = ["kind", "region", "is_public", "series"]


class PlanFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Plan
        fields = ["template", "region"]


class MeasureFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Measure
        fields = ["category", "status", "region"]


# Viewsets -----------------------------------------------------------------------------------


class EventEditView(ScopedEditView):
    def save_instance(self):
        instance = super().save_instance()
        services.capacity_changed(instance)  # a larger capacity moves the waiting list up
        return instance


class EventViewSet(ScopedViewSet):
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


class EventSeriesViewSet(ScopedViewSet):
    model = EventSeries
    icon = "list-ol"
    menu_label = _("Event series")
    list_display = ["title", "region"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("region")], base_form_class=RegionScopedForm
    )


class PlanTemplateViewSet(SnippetViewSet):
    model = PlanTemplate
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


class PlanViewSet(ScopedViewSet):
    """Plans are made by applying a template (on /plans/apply/); here they are listed."""

    model = Plan
    icon = "calendar-alt"
    menu_label = _("Plans")
    list_display = ["participation", "name", "start_date", "council_resolution_date"]
    filterset_class = PlanFilterSet
    search_fields = ["name", "participation__municipality__name"]
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("name")])


class MeasureViewSet(ScopedViewSet):
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


class CoachingViewSetGroup(ViewSetGroup):
    menu_label = _("Coaching")
    menu_icon = "date"
    menu_order = 230
    items = (
        EventViewSet,
        EventSeriesViewSet,
        PlanViewSet,
        MeasureViewSet,
        PlanTemplateViewSet,
        PhaseTemplateViewSet,
    )


register_snippet(CoachingViewSetGroup)
