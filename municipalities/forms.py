import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from municipalities.models import FederalState, Initiative, MembershipRole, Region

MAX_INVITATIONS = 100
_EMAIL_SPLIT = re.compile(r"[\s,;]+")


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One or many addresses, separated by line breaks, commas or spaces."),
    )
    role = forms.ChoiceField(
        label=_("Invite as"), choices=MembershipRole.choices, initial=MembershipRole.VOLUNTEER
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="de"
    )

    def clean_emails(self):
        addresses, invalid = [], []
        for part in _EMAIL_SPLIT.split(self.cleaned_data["emails"]):
            part = part.strip().strip("<>").lower()
            if not part:
                continue
            try:
                validate_email(part)
            except ValidationError:
                invalid.append(part)
                continue
            if part not in addresses:
                addresses.append(part)
        if invalid:
            raise ValidationError(
                _("These are not valid e-mail addresses: %(list)s"),
                params={"list": ", ".join(invalid)},
            )
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > MAX_INVITATIONS:
            raise ValidationError(
                _("At most %(max)d addresses at a time."), params={"max": MAX_INVITATIONS}
            )
        return addresses


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InitiativeSuggestionForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # A field people never see; bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Initiative
        fields = [
            "name",
            "category",
            "description",
            "street",
            "postal_code",
            "city",
            "website",
            "contact_name",
            "contact_email",
            "submitter_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "description": _("Plain text."),
            "contact_email": _("Shown on the map."),
            "submitter_email": _("Not shown; only for questions about your suggestion."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].required = True

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not re.fullmatch(r"\d{5}", value):
            raise ValidationError(_("A postal code has five digits."))
        return value


class MapFilterForm(forms.Form):
    """The map's filters; the same names work as query parameters of the GeoJSON feeds."""

    MUNICIPALITIES = "municipalities"

    category = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    state = forms.ChoiceField(label=_("Federal state"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (self.MUNICIPALITIES, _("Participating municipalities")),
            *Initiative.Category.choices,
        ]
        self.fields["state"].choices = [("", _("All states"))] + [
            (state.short, state.name) for state in FederalState.objects.all()
        ]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (region.pk, region.name) for region in Region.objects.all()
        ]

    @classmethod
    def from_query(cls, query):
        """Bind to a query string; ``category`` may also be comma-separated."""
        data = query.copy()
        categories = []
        for value in query.getlist("category"):
            categories.extend(part for part in value.split(",") if part)
        data.setlist("category", categories)
        return cls(data)

    def filters(self):
        """Cleaned filters, or ``None`` if the query is invalid."""
        if not self.is_valid():
            return None
        categories = set(self.cleaned_data["category"])
        return {
            "categories": categories,
            "state": self.cleaned_data["state"] or None,
            "region": self.cleaned_data["region"],
            "show_municipalities": not categories or self.MUNICIPALITIES in categories,
            "initiative_categories": categories - {self.MUNICIPALITIES},
        }
