"""A URLconf with views that no list knows of: the MFA rule must cover them all the same."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.urls import include, path


def public_view(request):
    # An anonymous visit that writes: the MFA check's anonymous probe must leave no trace.
    Group.objects.create(name=f"visit {Group.objects.count()}")
    return HttpResponse("public")


@login_required
def members_view(request):
    return HttpResponse("members")


def sometimes_public_view(request, visible):
    if visible == "yes" or request.user.is_authenticated:
        return HttpResponse("shown")
    return HttpResponse("hidden", status=404)


urlpatterns = [
    path("later/public/", public_view),
    path("later/members/", members_view),
    path("later/object/<str:visible>/", sometimes_public_view),
    path("", include("config.urls")),
]
