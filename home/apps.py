from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and pages")

    def ready(self):
        # in ready(): home.permissions imports auth and Wagtail models, which need the app registry
        from home.permissions import grant_coordinator_page_permissions

        post_migrate.connect(
            grant_coordinator_page_permissions, dispatch_uid="home.page_permissions"
        )
