"""The user bulk actions follow the same rules as the user forms (accounts/viewsets.py).

Registered after Wagtail's own (``order=1``) so that they replace them: role assignment offers
the platform's role groups only, and nobody but a superuser may act on a superuser.
"""

from django import forms
from wagtail import hooks
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)
from wagtail.users.views.bulk_actions.assign_role import RoleForm

from accounts.viewsets import can_manage_user
from accounts.wagtail_forms import role_groups


class PlatformRoleForm(RoleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ModelChoiceField(
            queryset=role_groups(), label=self.fields["role"].label
        )


class ManageableUsersMixin:
    def check_perm(self, obj):
        return can_manage_user(self.request.user, obj) and super().check_perm(obj)


class PlatformAssignRoleBulkAction(ManageableUsersMixin, AssignRoleBulkAction):
    form_class = PlatformRoleForm


class PlatformDeleteBulkAction(ManageableUsersMixin, DeleteBulkAction):
    pass


class PlatformSetActiveStateBulkAction(ManageableUsersMixin, SetActiveStateBulkAction):
    pass


for action_class in (
    PlatformAssignRoleBulkAction,
    PlatformDeleteBulkAction,
    PlatformSetActiveStateBulkAction,
):
    hooks.register("register_bulk_action", action_class, order=1)
