from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Progress review for coordinators, regional managers and participations (issue 6).

    Sits at the top of the dependency graph like ``home``: it reads every app, none imports it.
    It keeps its learning aggregates up to date by following the domain events that the
    actions of ``courses`` and ``municipalities`` send (connected here, so those apps need no
    hook for it).
    """

    name = "dashboard"
    verbose_name = _("Progress review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # in ready(): dashboard.signals imports the models, which need the app registry
        from dashboard import signals

        signals.connect()
