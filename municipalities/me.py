"""The section this app adds to /me/: the participations the user belongs to or manages."""

from municipalities.models import Membership, Participation


def participations_section(request):
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user).select_related(
            "participation__municipality__state", "participation__region"
        )
    )
    managed = Participation.objects.managed_by(user)
    managed_count = managed.count()
    if not memberships and not managed_count:
        return None
    return {
        "template": "municipalities/_me_section.html",
        "memberships": memberships,
        "managed_count": managed_count,
    }
