from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.wagtail_forms import KlimapatenUserCreationForm, KlimapatenUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return KlimapatenUserEditForm if for_update else KlimapatenUserCreationForm
