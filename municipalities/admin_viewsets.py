"""Admin viewsets of the directory and the programme, grouped as "Programme" and "Directory".

The programme's viewsets are built on the scoped-admin kit (``municipalities/admin_kit.py``):
listings, object views, choosers, forms, filters and bulk actions go through
``managed_by(user)``, so a regional manager can neither see nor open another region's records.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from municipalities.admin_filters import (
    InitiativeFilterSet,
    MembershipFilterSet,
    MunicipalityFilterSet,
    ParticipationFilterSet,
    StakeholderFilterSet,
)
from municipalities.admin_forms import (
    MembershipForm,
    MunicipalitySearchForm,
    ParticipationForm,
    RegionForm,
)
from municipalities.admin_kit import (
    GuardedSnippetChooserViewSet,
    ScopedAdminForm,
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


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Programme")
    menu_icon = "globe"
    menu_order = 210
    # Wagtail's snippet group marks its viewsets as having a menu item, which would drop them
    # from the Snippets index (and its scoped counts) and from the breadcrumbs. They stay
    # there, as before the group was a SnippetViewSetGroup: the menu looks the same.
    menu_item_is_registered = False
    items = (
        ParticipationViewSet,
        MembershipViewSet,
        StakeholderViewSet,
        InitiativeViewSet,
        RegionViewSet,
    )


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


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 220
    # Wagtail's snippet group marks its viewsets as having a menu item, which would drop them
    # from the Snippets index (and its scoped counts) and from the breadcrumbs. They stay
    # there, as before the group was a SnippetViewSetGroup: the menu looks the same.
    menu_item_is_registered = False
    items = (MunicipalityViewSet, DistrictViewSet, FederalStateViewSet)
