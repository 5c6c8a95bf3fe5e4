from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # in ready(): core.spreadsheets loads Wagtail's admin views, which need the app registry
        from core.spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
