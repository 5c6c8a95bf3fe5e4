from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Dev-only commands: synthetic scale data and benchmarks.

    ``generate_scale_data``, ``bench_dashboard`` and ``bench_module_page`` live here. The dev and
    test settings install this app, production does not, so a production ``manage.py`` cannot
    fill or time a live database. It sits above every app (it builds and measures all of them);
    no app imports it. It has no models.
    """

    name = "devtools"
    verbose_name = "Developer tools"
