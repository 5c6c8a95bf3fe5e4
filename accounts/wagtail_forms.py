"""Wagtail's user forms for our user model: full name and language instead of first/last name.

Who may set what is decided here, from the person using the form (``for_user``), not by the
template: only superusers see or set ``is_superuser`` and other people's passwords, and the
group choices are the platform's role groups only (``accounts.roles``). A field that is not on
the form cannot be set by a forged POST; a group id that is not offered is a form error.
"""

from django import forms
from django.contrib.auth.models import Group
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.models import User
from accounts.roles import GROUP_NAMES

FIELDS = ["email", "full_name", "language", "is_superuser", "groups"]


def role_groups():
    """The groups a person can be put in through the admin: the four programme roles."""
    return Group.objects.filter(name__in=GROUP_NAMES.values()).order_by("name")


class RoleFieldsMixin:
    """Restricts the sensitive fields to what ``for_user`` may set."""

    def __init__(self, *args, for_user=None, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)
        is_superuser = bool(for_user is not None and for_user.is_superuser)
        editing_self = (
            for_user is not None and self.instance.pk is not None and self.instance == for_user
        )
        if not is_superuser:
            self.fields.pop("is_superuser", None)
            self.fields.pop("is_staff", None)
            if not editing_self:
                self.fields.pop("password1", None)
                self.fields.pop("password2", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = role_groups()

    def clean_groups(self):
        """The chosen role groups plus every other group the person already has.

        Groups that are not offered (e.g. a region's editor group, kept in step by
        ``courses.editing``) must not be dropped just because they are not on the form.
        """
        chosen = self.cleaned_data.get("groups")
        chosen_ids = set(chosen.values_list("pk", flat=True)) if chosen is not None else set()
        kept_ids = set()
        if self.instance.pk is not None:
            kept_ids = set(
                self.instance.groups.exclude(pk__in=role_groups()).values_list("pk", flat=True)
            )
        return Group.objects.filter(pk__in=chosen_ids | kept_ids)

    def save(self, commit=True):
        user = forms.ModelForm.save(self, commit=False)
        password = self.cleaned_data.get("password1") if "password1" in self.fields else None
        if password:
            user.set_password(password)
        elif user.pk is None:
            # Created without a password: the person sets one through "forgot password".
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class KlimapatenUserCreationForm(RoleFieldsMixin, UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class KlimapatenUserEditForm(RoleFieldsMixin, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = [*FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
