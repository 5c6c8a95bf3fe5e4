"""The signed-in person's own page (/me/); later capabilities add their sections."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse


@login_required
def me(request):
    return TemplateResponse(request, "home/me.html", {"roles": sorted(request.user.roles)})
