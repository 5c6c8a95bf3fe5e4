"""Admin screens for the directory and the programme, scoped to the user's regions.

The programme's viewsets are built on the scoped-admin kit (``municipalities/admin_kit.py``):
listings, object views, choosers, forms, filters and bulk actions go through
``managed_by(user)``, so a regional manager can neither see nor open another region's records.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import User
from accounts.roles import Role
from municipalities.admin_kit import (
    GuardedSnippetChooserViewSet,
    ScopedAdminForm,
    ScopedDeleteBulkAction,
    ScopedSnippetViewSet,
)
from municipalities.models import (
    District,
    FederalState,
    Initiative,
    Membership,
    Municipality,
    Participation,
    Region,
    Stakeholder,
)

# One scoped admin: every viewset of region-owned data derives from the kit's
# ScopedSnippetViewSet (municipalities/admin_kit.py); the kit's bulk delete replaces Wagtail's.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


class ParticipationForm(ScopedAdminForm):
    def clean(self):
        cleaned = super().clean()
        region, municipality = cleaned.get("region"), cleaned.get("municipality")
        if region and municipality and not region.covers(municipality):
            self.add_error("municipality", _("This municipality is not in the chosen region."))
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        # A status change or a move to another region is an action with its domain event.
        from municipalities.actions import save_participation

        return save_participation(self.instance, save=super().save, by=self.for_user)


class MembershipForm(ScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # New people join through invitations; here only people already in the user's
        # participations can be placed in a further one.
        members = Membership.objects.filter(
            participation__in=Participation.objects.managed_by(self.for_user)
        ).values("user_id")
        people = Q(pk__in=members)
        if self.instance.pk:
            people |= Q(pk=self.instance.user_id)
        # Filtered within the queryset the kit has already limited to people the user sees.
        self.fields["user"].queryset = self.fields["user"].queryset.filter(people)

    def clean(self):
        cleaned = super().clean()
        user, participation = cleaned.get("user"), cleaned.get("participation")
        if (
            user
            and participation
            and Membership.objects.filter(user=user, participation=participation)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(_("This person already belongs to the participation."))
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        # Joining, moving or changing role is an action with its domain event.
        from municipalities.actions import save_membership

        return save_membership(self.instance, save=super().save, by=self.for_user)


# Filters ------------------------------------------------------------------------------------


def _regions(request):
    return Region.objects.managed_by(request.user) if request else Region.objects.none()


def _participations(request):
    if request is None:
        return Participation.objects.none()
    return Participation.objects.managed_by(request.user).select_related("municipality")


class ParticipationFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"),
        field_name="municipality__state",
        queryset=FederalState.objects.all(),
    )

    class Meta:
        model = Participation
        fields = ["status", "region", "state"]


class MembershipFilterSet(WagtailFilterSet):
    participation = django_filters.ModelChoiceFilter(
        label=_("Participation"), queryset=_participations
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="participation__region", queryset=_regions
    )

    class Meta:
        model = Membership
        fields = ["role", "participation", "region"]


class StakeholderFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    participation = django_filters.ModelChoiceFilter(
        label=_("Participation"), queryset=_participations
    )

    class Meta:
        model = Stakeholder
        fields = ["kind", "region", "participation"]


class InitiativeFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions)
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"),
        field_name="municipality__state",
        queryset=FederalState.objects.all(),
    )

    class Meta:
        model = Initiative
        fields = ["approved", "category", "region", "state", "suggested_publicly"]


class MunicipalityFilterSet(WagtailFilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("Federal state"), queryset=FederalState.objects.all()
    )

    class Meta:
        model = Municipality
        fields = ["state", "kind"]


# Viewsets -----------------------------------------------------------------------------------


class RegionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people with the regional manager role can manage a region.
        self.fields["managers"].queryset = User.objects.filter(
            groups__name=Role.REGIONAL_MANAGER.group_name
        ).order_by("full_name", "email")


class RegionViewSet(ScopedSnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "partner_organisation"]
    search_fields = ["name", "partner_organisation"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("partner_organisation"),
            FieldPanel("website"),
            FieldPanel("states", widget=forms.CheckboxSelectMultiple),
            FieldPanel("districts"),
            FieldPanel("managers", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=RegionForm,
    )


class ParticipationViewSet(ScopedSnippetViewSet):
    model = Participation
    icon = "home"
    menu_label = _("Participations")
    list_display = ["__str__", "region", "status", "status_changed"]
    filterset_class = ParticipationFilterSet
    search_fields = ["municipality__name", "district_name", "contact_name"]
    search_backend_name = None
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("municipality"), FieldPanel("district_name"), FieldPanel("region")],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("status_changed")]),
                    FieldPanel("council_resolution_date"),
                ],
                heading=_("Status"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_role"),
                    FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                ],
                heading=_("Municipal contact"),
            ),
            MultiFieldPanel(
                [FieldPanel("public_email"), FieldPanel("website")],
                heading=_("On the public map"),
            ),
            FieldPanel("notes"),
        ],
        base_form_class=ParticipationForm,
    )


class MembershipViewSet(ScopedSnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    list_display = ["user", "participation", "role", "created"]
    filterset_class = MembershipFilterSet
    search_fields = ["user__email", "user__full_name", "participation__municipality__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("participation"), FieldPanel("role")],
        base_form_class=MembershipForm,
    )


class StakeholderViewSet(ScopedSnippetViewSet):
    model = Stakeholder
    icon = "user"
    menu_label = _("Stakeholders")
    list_display = ["name", "kind", "organisation", "region", "participation", "last_contact"]
    filterset_class = StakeholderFilterSet
    search_fields = ["name", "organisation", "position", "email"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("region"), FieldPanel("participation")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("position")]),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("address"),
            FieldPanel("last_contact"),
            FieldPanel("notes"),
        ],
        base_form_class=ScopedAdminForm,
    )


class InitiativeViewSet(ScopedSnippetViewSet):
    model = Initiative
    icon = "pick"
    menu_label = _("Initiatives")
    list_display = ["name", "category", "city", "region", "approved"]
    filterset_class = InitiativeFilterSet
    search_fields = ["name", "city", "postal_code", "contact_name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                    FieldPanel("municipality"),
                    FieldPanel("region"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("website"),
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                ],
                heading=_("Contact"),
            ),
            MultiFieldPanel(
                [FieldPanel("approved"), FieldPanel("suggested_publicly", read_only=True)],
                heading=_("Approval"),
            ),
            FieldPanel("submitter_email", read_only=True),
        ],
        base_form_class=ScopedAdminForm,
    )


class ProgrammeViewSetGroup(ViewSetGroup):
    menu_label = _("Programme")
    menu_icon = "globe"
    menu_order = 210
    items = (
        ParticipationViewSet,
        MembershipViewSet,
        StakeholderViewSet,
        InitiativeViewSet,
        RegionViewSet,
    )


class MunicipalitySearchForm(BaseFilterForm):
    """Search the 11,000 municipalities in the chooser by name, AGS or postal code."""

    q = forms.CharField(
        label=_("Name, municipality key or postal code"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(name__icontains=query) | Q(ags__startswith=query) | Q(postal_code=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class MunicipalityChooserViewSet(GuardedSnippetChooserViewSet):
    choose_view_class = type(
        "MunicipalityChooseView",
        (snippet_chooser.ChooseView,),
        {"filter_form_class": MunicipalitySearchForm},
    )
    choose_results_view_class = type(
        "MunicipalityChooseResultsView",
        (snippet_chooser.ChooseResultsView,),
        {"filter_form_class": MunicipalitySearchForm},
    )


class MunicipalityViewSet(SnippetViewSet):
    chooser_viewset_class = MunicipalityChooserViewSet
    model = Municipality
    icon = "home"
    menu_label = _("Municipalities")
    list_display = ["name", "ags", "district", "population", "postal_code"]
    filterset_class = MunicipalityFilterSet
    search_fields = ["name", "ags", "postal_code"]
    search_backend_name = None
    list_per_page = 50

    def get_queryset(self, request):
        return Municipality.objects.select_related("district", "state")


class DistrictViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    model = District
    icon = "folder-open-inverse"
    menu_label = _("Districts")
    list_display = ["name", "ags", "kind", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "ags"]
    search_backend_name = None


class FederalStateViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    model = FederalState
    icon = "folder-inverse"
    menu_label = _("Federal states")
    list_display = ["name", "code", "short"]


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 220
    items = (MunicipalityViewSet, DistrictViewSet, FederalStateViewSet)


@hooks.register("register_snippet_listing_buttons")
def participation_page_button(snippet, user, next_url=None):
    """From the admin listing to the participation's page with its people and history."""
    if isinstance(snippet, Participation):
        yield Button(
            _("People and history"),
            snippet.get_absolute_url(),
            icon_name="group",
            priority=5,
        )


register_snippet(ProgrammeViewSetGroup)
register_snippet(DirectoryViewSetGroup)


# Memberships are removed by the action (logged, with its domain event) ------------------------


@hooks.register("before_delete_snippet")
def remove_memberships_through_the_action(request, instances):
    if request.method != "POST" or not instances:
        return None
    if not all(isinstance(instance, Membership) for instance in instances):
        return None
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.utils.translation import ngettext

    from municipalities.actions import remove_membership

    for membership in instances:
        remove_membership(membership, by=request.user)
    messages.success(
        request,
        ngettext("%(count)d membership removed.", "%(count)d memberships removed.", len(instances))
        % {"count": len(instances)},
    )
    target = request.POST.get("next") or request.GET.get("next")
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("wagtailsnippets_municipalities_membership:list")
    return redirect(target)


@hooks.register("register_log_actions")
def register_programme_log_actions(actions):
    from municipalities.actions import STATUS_LOG_ACTION

    actions.register_action(
        STATUS_LOG_ACTION, _("Change status"), _("Participation status changed")
    )
