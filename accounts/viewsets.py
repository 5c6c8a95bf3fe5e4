"""The Wagtail user admin (/admin/users/) with the platform's rules.

- Only superusers see, edit, delete or look at the history of a superuser: for everybody else
  such an account does not exist (404), and it is not listed.
- Erased accounts (the anonymous remains of a deleted account, ``accounts.privacy``) are not
  listed and cannot be opened.
- The forms get the person using them (``for_user``), so they offer only what that person may
  set (``accounts.wagtail_forms``). Copying an account is switched off.
"""

from django.http import Http404
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.wagtail_forms import KlimapatenUserCreationForm, KlimapatenUserEditForm


def manageable_users(for_user, queryset):
    """The accounts ``for_user`` may see in the user admin."""
    queryset = queryset.filter(erased_at__isnull=True)
    if not for_user.is_superuser:
        queryset = queryset.filter(is_superuser=False)
    return queryset


def can_manage_user(for_user, user) -> bool:
    return user.erased_at is None and (for_user.is_superuser or not user.is_superuser)


class ManageableObjectMixin:
    """Views of one account: another account than the viewer may manage answers 404."""

    def get_object(self, *args, **kwargs):
        user = super().get_object(*args, **kwargs)
        if not can_manage_user(self.request.user, user):
            raise Http404
        return user


class ForUserFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return manageable_users(self.request.user, super().get_base_queryset())


class CreateView(ForUserFormMixin, wagtail_users.CreateView):
    pass


class EditView(ManageableObjectMixin, ForUserFormMixin, wagtail_users.EditView):
    pass


class DeleteView(ManageableObjectMixin, wagtail_users.DeleteView):
    pass


class HistoryView(ManageableObjectMixin, wagtail_users.HistoryView):
    pass


class UsageView(ManageableObjectMixin, WagtailUserViewSet.usage_view_class):
    pass


class UserViewSet(WagtailUserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return KlimapatenUserEditForm if for_update else KlimapatenUserCreationForm
