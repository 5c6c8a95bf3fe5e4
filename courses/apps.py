from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    # /me/ shows the learner's courses, progress and certificates (see home/views.py).
    me_sections = ["courses.me.learning_section"]
    # Export and deletion of personal data (see accounts/privacy.py).
    personal_data_exporters = ["courses.privacy.export"]
    personal_data_erasers = ["courses.privacy.erase"]

    role_permissions = {
        "coordinator": [
            "courses.assign_section_region",
            "courses.view_activityprogress",
            "courses.view_moduleprogress",
            "courses.view_certificate",
            "courses.change_certificate",
        ],
        "regional_manager": [
            "courses.view_moduleprogress",
            "courses.view_certificate",
        ],
    }

    def ready(self):
        # in ready(): courses.editing imports the models, which need the app registry
        from courses import editing

        editing.connect_signals()
        post_migrate.connect(editing.setup_after_migrate, dispatch_uid="courses.editing_setup")
