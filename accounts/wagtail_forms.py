"""Wagtail's user forms for our user model: full name and language instead of first/last name."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.models import User

FIELDS = ["email", "full_name", "language", "is_superuser", "groups"]


class KlimapatenUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class KlimapatenUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = [*FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
