"""The section this app adds to /me/: the participations the user belongs to or manages."""

from django.urls import reverse

from municipalities.models import Initiative, Membership, Participation


def participations_section(request):
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user).select_related(
            "participation__municipality__state", "participation__region"
        )
    )
    managed_count = Participation.objects.managed_by(user).count()
    if not memberships and not managed_count:
        return None
    waiting = Initiative.objects.managed_by(user).filter(approved=False).count()
    return {
        "template": "municipalities/_me_section.html",
        "memberships": memberships,
        "managed_count": managed_count,
        "waiting_suggestions": waiting,
        "suggestions_url": reverse("wagtailsnippets_municipalities_initiative:list")
        + "?approved=false",
    }
