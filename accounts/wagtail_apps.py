"""Wagtail's users app with our user viewset (installed instead of ``wagtail.users``)."""

from wagtail.users.apps import WagtailUsersAppConfig


class KlimapatenUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.viewsets.UserViewSet"
