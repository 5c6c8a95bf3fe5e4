"""Admin forms of the coaching programme.

The region-scoped forms build on the kit's ``ScopedAdminForm`` (every choice limited to what
the user manages); the template creation forms serve the guarded template choosers.
"""

from django import forms
from django.contrib.auth.models import Group
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.roles import GROUP_NAMES, Role
from coaching.models import SDG_CHOICES, PhaseTemplate, PlanTemplate
from municipalities.admin_kit import ScopedAdminForm
from municipalities.models import Membership, MembershipRole, Participation


class RegionScopedForm(ScopedAdminForm):
    """The kit's scoped form; programme-wide (no region) is for coordinators only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.is_coordinator = bool(user and user.has_role(Role.COORDINATOR))
        if "region" in self.fields and not self.is_coordinator:
            self.fields["region"].required = True


class EventAdminForm(RegionScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "patrons" in self.fields:
            # Patrons are the climate patrons of participations the user manages, as on the
            # public measure form (the kit has already limited the field to people the user
            # may see).
            members = Membership.objects.filter(
                participation__in=Participation.objects.managed_by(self.for_user),
                role=MembershipRole.VOLUNTEER,
            ).values("user_id")
            patrons = self.fields["patrons"]
            patrons.queryset = patrons.queryset.filter(pk__in=members).order_by(
                "full_name", "email"
            )

    def clean(self):
        cleaned = super().clean()
        participation, patrons = cleaned.get("participation"), cleaned.get("patrons")
        if participation and patrons:
            members = set(
                participation.memberships.filter(role=MembershipRole.VOLUNTEER).values_list(
                    "user_id", flat=True
                )
            )
            if any(patron.pk not in members for patron in patrons):
                self.add_error(
                    "patrons", _("Choose patrons who belong to the measure's participation.")
                )
        return cleaned


class PlanTemplateCreationForm(WagtailAdminModelForm):
    """Name and description; the phases are added on the template afterwards."""

    class Meta:
        model = PlanTemplate
        fields = ["name", "description", "is_active"]


class PhaseTemplateCreationForm(WagtailAdminModelForm):
    """A phase of an existing template, appended as its last phase."""

    class Meta:
        model = PhaseTemplate
        fields = ["template", "name", "description"]
        # A plain list: no chooser modal inside the chooser modal.
        widgets = {"template": forms.Select}

    def save(self, commit=True):
        phase = super().save(commit=False)
        if phase.sort_order is None:
            last = (
                PhaseTemplate.objects.filter(template=phase.template)
                .aggregate(last=Max("sort_order"))
                .get("last")
            )
            phase.sort_order = 0 if last is None else last + 1
        if commit:
            phase.save()
        return phase
