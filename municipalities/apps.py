from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

_PROGRAMME = ("participation", "membership", "stakeholder", "initiative", "invitation")
_DIRECTORY = ("federalstate", "district", "municipality")


def _perms(actions, models):
    return [f"municipalities.{action}_{model}" for model in models for action in actions]


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")

    # Synced to the role groups after every migrate (accounts/permissions.py). What a regional
    # manager may do is further limited to their regions by the scoped permission policies.
    role_permissions = {
        "coordinator": _perms(("add", "change", "delete", "view"), ("region", *_PROGRAMME))
        + _perms(("view",), _DIRECTORY),
        "regional_manager": _perms(("add", "change", "delete", "view"), _PROGRAMME)
        + _perms(("view",), ("region", *_DIRECTORY)),
    }
    me_sections = ["municipalities.me.participations_section"]
    personal_data_exporters = ["municipalities.privacy.export"]
    personal_data_erasers = ["municipalities.privacy.erase"]

    def ready(self):
        checks.register(_check_admin_scope, checks.Tags.security)


def _check_admin_scope(app_configs=None, **kwargs):
    """Region-owned models appear in the admin only through the scoped-admin kit."""
    # not at the top: the kit imports Wagtail's admin, which needs the app registry
    from municipalities.admin_kit import check_region_owned_admin

    return check_region_owned_admin(app_configs, **kwargs)
