"""The signed-in person's own page (/me/).

Apps contribute sections: an AppConfig may define ``me_sections``, a list of dotted paths to
functions ``section(request) -> dict | None``; the dict holds ``template`` (included on /me/)
and whatever that template needs. ``None`` leaves the section out.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string


def collect_me_sections(request) -> list[dict]:
    sections = []
    for config in apps.get_app_configs():
        for dotted in getattr(config, "me_sections", ()):
            section = import_string(dotted)(request)
            if section:
                sections.append(section)
    return sections


@login_required
def me(request):
    context = {
        "roles": sorted(request.user.roles, key=lambda role: role.label),
        "me_sections": collect_me_sections(request),
    }
    return TemplateResponse(request, "home/me.html", context)
