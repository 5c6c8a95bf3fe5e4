"""Admin forms of the directory and the programme.

Participations and memberships are saved through their actions (``municipalities/actions.py``),
which log the change and send its domain event; the municipality chooser searches by name,
municipality key or postal code.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm

from accounts.models import User
from accounts.roles import Role
from municipalities.actions import save_membership, save_participation
from municipalities.admin_kit import ScopedAdminForm
from municipalities.models import Membership, Participation


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

        return save_membership(self.instance, save=super().save, by=self.for_user)


class RegionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people with the regional manager role can manage a region.
        self.fields["managers"].queryset = User.objects.filter(
            groups__name=Role.REGIONAL_MANAGER.group_name
        ).order_by("full_name", "email")


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
