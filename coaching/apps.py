from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_VIEW_EDIT = ["add", "change", "delete", "view"]


def _perms(model: str, actions=_VIEW_EDIT) -> list[str]:
    return [f"coaching.{action}_{model}" for action in actions]


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching programme")

    me_sections = ["coaching.me.tasks_section", "coaching.me.events_section"]
    personal_data_exporters = ["coaching.privacy.export"]
    personal_data_erasers = ["coaching.privacy.erase"]

    # Model permissions of the role groups (synced after migrate by accounts.permissions);
    # which rows they reach is decided by the scoping layer.
    role_permissions = {
        "coordinator": [
            *_perms("event"),
            *_perms("eventseries"),
            *_perms("plantemplate"),
            *_perms("phasetemplate"),
            *_perms("plan", ["change", "delete", "view"]),
            *_perms("measure"),
            *_perms("registration", ["view", "change"]),
        ],
        "regional_manager": [
            *_perms("event"),
            *_perms("eventseries"),
            *_perms("plan", ["view", "change"]),
            *_perms("measure"),
            *_perms("registration", ["view", "change"]),
        ],
    }
