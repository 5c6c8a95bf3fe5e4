"""State changes that more than one view needs: invitations and public suggestions."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import queue_templated_mail
from municipalities.actions import AddMembershipAction
from municipalities.models import Initiative, Invitation, Membership, Municipality


class InvitationError(Exception):
    pass


def queue_invitation_mail(invitation) -> None:
    """Issue a fresh one-time token and queue the link, in the invitee's language.

    Runs in the caller's transaction, so the invitation and its mail commit (or roll back)
    together. The token itself is never stored: only its hash, and the link in the queued
    message, whose body the outbox removes once it is sent (``sensitive``).
    """
    with transaction.atomic():
        token = invitation.new_token()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        queue_templated_mail(
            "municipalities/email/invitation",
            [invitation.email],
            {
                "invitation": invitation,
                "participation": invitation.participation,
                "role": invitation.get_role_display,  # rendered in the invitee's language
                "url": base_url + reverse("municipalities:accept_invitation", args=[token]),
                "expires": invitation.expires_at,
            },
            language=invitation.language,
            key=f"invitation:{invitation.pk}:{invitation.sent_at.isoformat()}",
            sensitive=True,
        )


def send_invitation(invitation_id: int) -> bool:
    """Queue the invitation mail of a pending invitation (the task's job); False if not pending."""
    invitation = (
        Invitation.objects.select_related("participation__municipality", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return False
    queue_invitation_mail(invitation)
    return True


def invite(participation, emails, *, role, language, invited_by):
    """Invite each address once; return ``(invited, skipped)`` lists of e-mail addresses.

    Addresses that already belong to the participation are skipped; an address with a pending
    invitation gets it sent again.
    """
    invited, skipped = [], []
    for email in emails:
        if Membership.objects.filter(participation=participation, user__email=email).exists():
            skipped.append(email)
            continue
        invitation = next(
            (
                inv
                for inv in Invitation.objects.filter(participation=participation, email=email)
                if inv.is_pending
            ),
            None,
        )
        if invitation is None:
            invitation = Invitation(
                participation=participation,
                email=email,
                role=role,
                language=language,
                invited_by=invited_by,
            )
        else:
            invitation.role = role
            invitation.language = language
        with transaction.atomic():  # the invitation and its mail (in the outbox) together
            invitation.new_token()  # a placeholder; the mail gets the real token
            invitation.save()
            queue_invitation_mail(invitation)
        invited.append(email)
    return invited, skipped


def resend(invitation: Invitation) -> None:
    if invitation.state in (Invitation.State.ACCEPTED, Invitation.State.REVOKED):
        raise InvitationError(invitation.get_state_display())
    # The old link stops working at once, the expiry starts again (in queue_invitation_mail).
    queue_invitation_mail(invitation)


def revoke(invitation: Invitation) -> None:
    if invitation.state == Invitation.State.ACCEPTED:
        raise InvitationError(invitation.get_state_display())
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("participation__municipality", "participation__region")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def existing_user_for(invitation: Invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept(invitation: Invitation, *, user=None, password=None, full_name=""):
    """Turn a pending invitation into a membership; create the account if there is none.

    The e-mail address counts as verified: the invitee proved it by opening the link.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError(invitation.get_state_display())
    if user is None:
        user = get_user_model().objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name,
            language=invitation.language,
        )
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )
    # The invitee proved the invitation by its link: the membership is theirs to take.
    AddMembershipAction(user, invitation.participation, invitation.role, by=user).execute(
        skip_permission_checks=True
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


def suggest_initiative(data: dict) -> Initiative:
    """Store a public suggestion, unapproved, placed at its municipality if it can be found."""
    municipality = None
    postal_code = data.get("postal_code", "")
    city = data.get("city", "")
    candidates = Municipality.objects.all()
    if postal_code:
        municipality = candidates.filter(postal_code=postal_code).first()
    if municipality is None and city:
        municipality = candidates.filter(name__iexact=city).first() or (
            candidates.filter(name__istartswith=f"{city},").first()
        )
    return Initiative.objects.create(
        name=data["name"],
        category=data["category"],
        description=data.get("description", ""),
        street=data.get("street", ""),
        postal_code=postal_code,
        city=city,
        municipality=municipality,
        website=data.get("website", ""),
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
        submitter_email=data.get("submitter_email", ""),
        approved=False,
        suggested_publicly=True,
    )
