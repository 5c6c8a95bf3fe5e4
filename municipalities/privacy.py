"""This app's part in the export and deletion of personal data (see accounts/privacy.py)."""

from municipalities.models import Initiative, Invitation, Membership


def export(user) -> dict:
    return {
        "memberships": [
            {
                "participation": str(membership.participation),
                "role": membership.role,
                "since": membership.created,
            }
            for membership in Membership.objects.filter(user=user).select_related(
                "participation__municipality"
            )
        ],
        "managed_regions": list(user.managed_regions.values_list("name", flat=True)),
        "invitations": [
            {
                "participation": str(invitation.participation),
                "role": invitation.role,
                "state": invitation.state,
                "created": invitation.created,
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email).select_related(
                "participation__municipality"
            )
        ],
        "suggested_initiatives": list(
            Initiative.objects.filter(submitter_email__iexact=user.email).values_list(
                "name", flat=True
            )
        ),
    }


def erase(user, placeholder=None) -> None:
    """Memberships stay with the anonymous placeholder (the programme's figures count them and
    the dashboard's rebuild joins progress to them); region management goes with the user row
    (cascade); invitations and the e-mail on suggested initiatives here."""
    if placeholder is not None:
        Membership.objects.filter(user=user).update(user=placeholder)
    Invitation.objects.filter(email__iexact=user.email).delete()
    Initiative.objects.filter(submitter_email__iexact=user.email).update(submitter_email="")
