"""Forms of the coaching screens outside the Wagtail admin."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from coaching.dates import parse_month
from coaching.models import (
    SDG_CHOICES,
    Anchor,
    Event,
    Measure,
    PlanTemplate,
    ReminderKind,
    Task,
)
from core.validators import validate_programme_date
from courses.models import ModulePage
from courses.permissions import pages_in_regions
from municipalities.models import Membership, MembershipRole, Region


def date_input():
    """A date picker; its value must be ISO (YYYY-MM-DD), whatever the language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=None, empty_label=_("All regions")
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("Format: YYYY-MM"),
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["region"].queryset = regions if regions is not None else Region.objects.all()

    def clean_month(self):
        value = self.cleaned_data.get("month", "")
        if value and parse_month(value) is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return value


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Attended"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(reg.user_id), reg.user.get_full_name()) for reg in registrations
        ]
        self.initial.setdefault(
            "attended", [str(reg.user_id) for reg in registrations if reg.attended]
        )


class ApplyTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Plan template"), queryset=PlanTemplate.objects.filter(is_active=True)
    )
    participations = forms.ModelMultipleChoiceField(
        label=_("Participations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Participations that already have a plan are skipped."),
    )
    start_date = forms.DateField(
        label=_("Plan start"), widget=date_input(), validators=[validate_programme_date]
    )
    council_resolution_date = forms.DateField(
        label=_("Date of council resolution"),
        required=False,
        widget=date_input(),
        validators=[validate_programme_date],
        help_text=_("Empty: each participation's own date, or else the plan start."),
    )

    def __init__(self, *args, participations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participations"].queryset = participations
        self.fields["start_date"].initial = timezone.localdate()


class ShiftForm(forms.Form):
    anchor = forms.ChoiceField(label=_("Anchor"), choices=Anchor.choices)
    new_date = forms.DateField(
        label=_("New date"), widget=date_input(), validators=[validate_programme_date]
    )


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "description", "phase", "owner", "due_date", "status", "module"]
        widgets = {"due_date": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        plan = self.instance.plan
        self.fields["phase"].queryset = plan.phases.all()
        people = Membership.objects.filter(participation=plan.participation).values("user_id")
        managers = plan.participation.region.managers.values("pk")
        self.fields["owner"].queryset = User.objects.filter(pk__in=people) | User.objects.filter(
            pk__in=managers
        )

        self.fields["module"].queryset = pages_in_regions(
            ModulePage.objects.live(), {plan.participation.region_id}
        ).order_by("title")


class MeasureForm(forms.ModelForm):
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable development goals"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "category",
            "status",
            "start_date",
            "end_date",
            "patrons",
            "co2_savings_tonnes",
            "investment_eur",
            "funding_programme",
            "funding_eur",
            "description",
            "sdgs",
        ]
        widgets = {
            "start_date": date_input(),
            "end_date": date_input(),
            "patrons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)

        self.instance.participation = participation
        patrons = Membership.objects.filter(
            participation=participation, role=MembershipRole.VOLUNTEER
        ).values("user_id")
        self.fields["patrons"].queryset = User.objects.filter(pk__in=patrons)


class ReminderPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me these reminders"),
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        self.offered = [
            (kind, label)
            for kind, label in ReminderKind.choices
            if kind != ReminderKind.WEEKLY_DIGEST or user.has_role(Role.REGIONAL_MANAGER)
        ]
        self.fields["kinds"].choices = self.offered
