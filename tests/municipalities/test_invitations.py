"""Invitations end to end: invite, mail in the invitee's language, accept, expiry, reuse, revoke."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from municipalities.models import Invitation, Membership
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Klima-Schutz-2026!"


def invite_url(participation):
    return reverse("municipalities:invite", args=[participation.pk])


def link_from(message):
    match = re.search(r"https?://\S+/invitation/(\S+)/", message.body)
    assert match, message.body
    return reverse("municipalities:accept_invitation", args=[match.group(1)])


def send_invitations(client, participation, emails, role="volunteer", language="de"):
    return client.post(
        invite_url(participation), {"emails": emails, "role": role, "language": language}
    )


def accept(client, url, password=NEW_PASSWORD):
    return client.post(url, {"full_name": "Nora Neu", "password1": password, "password2": password})


def test_invite_many_accept_one_end_to_end(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    client.force_login(regional_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_invitations(
            client, world.own, "nora@example.org,\n Otto@Example.org; nora@example.org"
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["nora@example.org", "otto@example.org"]
    message = next(m for m in mail.outbox if m.to == ["nora@example.org"])
    assert "Nieder-Olm" in message.subject
    assert "Einladung" in message.subject  # German by default
    invitation = Invitation.objects.get(email="nora@example.org")
    token = link_from(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash  # only the hash is stored
    assert invitation.token_hash == Invitation.hash_token(token)

    client.logout()
    url = link_from(message)
    page = client.get(url)
    assert page.status_code == 200
    assert "nora@example.org" in page.content.decode()

    response = accept(client, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("me")
    user = User.objects.get(email="nora@example.org")
    assert user.full_name == "Nora Neu"
    assert user.check_password(NEW_PASSWORD)
    assert user.has_role(Role.VOLUNTEER)
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(user=user).participation == world.own
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    # Logged in: /me/ shows the participation.
    me = client.get(reverse("me"))
    assert "Nieder-Olm" in me.content.decode()


def test_invitation_as_municipal_contact_in_english(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    client.force_login(regional_manager)
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(client, world.own, "mayor@example.org", "municipal_contact", "en")
    message = mail.outbox[0]
    assert "Invitation" in message.subject
    assert "municipal contact" in message.body
    client.logout()
    accept(client, link_from(message))
    user = User.objects.get(email="mayor@example.org")
    assert user.language == "en"
    assert user.has_role(Role.MUNICIPAL_CONTACT)
    assert Membership.objects.get(user=user).role == "municipal_contact"


def _invited(client, manager, participation, capture, email="nora@example.org"):
    client.force_login(manager)
    with capture(execute=True):
        send_invitations(client, participation, email)
    client.logout()
    return link_from(mail.outbox[-1])


def test_a_used_link_explains_itself(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    url = _invited(client, regional_manager, world.own, django_capture_on_commit_callbacks)
    accept(client, url)
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    response = accept(client, url)
    assert response.status_code == 410
    assert User.objects.filter(email="nora@example.org").count() == 1


def test_an_expired_link_explains_itself(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    url = _invited(client, regional_manager, world.own, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    assert accept(client, url).status_code == 410
    assert not User.objects.filter(email="nora@example.org").exists()


def test_a_revoked_link_explains_itself(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    url = _invited(client, regional_manager, world.own, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    client.force_login(regional_manager)
    response = client.post(reverse("municipalities:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "zurückgezogen" in response.content.decode()
    assert accept(client, url).status_code == 410


def test_an_unknown_link_explains_itself(client, db):
    response = client.get(reverse("municipalities:accept_invitation", args=["nonsense"]))
    assert response.status_code == 404
    assert "kennen diesen Link nicht" in response.content.decode()


def test_resend_issues_a_new_link_and_renews_an_expired_invitation(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    old_url = _invited(client, regional_manager, world.own, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(regional_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("municipalities:invitation_resend", args=[invitation.pk]))
    client.logout()
    new_url = link_from(mail.outbox[-1])
    assert new_url != old_url
    assert client.get(old_url).status_code == 404  # the old token is gone
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert accept(client, new_url).status_code == 302


def test_weak_or_mismatched_passwords_are_refused(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    url = _invited(client, regional_manager, world.own, django_capture_on_commit_callbacks)
    assert accept(client, url, password="12345").status_code == 200
    response = client.post(
        url, {"full_name": "Nora", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nora@example.org").exists()
    assert Invitation.objects.get().is_pending


def test_existing_account_joins_after_logging_in(
    client, regional_manager, world, volunteer, django_capture_on_commit_callbacks
):
    client.force_login(regional_manager)
    response = send_invitations(client, world.own, volunteer.email)
    # Already a member of this participation: nobody is invited.
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    world.other_region.managers.add(regional_manager)
    url = _invited(
        client,
        regional_manager,
        world.other,
        django_capture_on_commit_callbacks,
        volunteer.email,
    )
    response = client.get(url)
    assert "Sie haben bereits ein Konto" in response.content.decode()
    assert accept(client, url).status_code == 200  # no second account for the same address
    client.force_login(volunteer)
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(user=volunteer, participation=world.other).exists()
    assert User.objects.filter(email=volunteer.email).count() == 1


@pytest.mark.parametrize("who", ["volunteer", "municipal_contact", "other_manager"])
def test_only_managers_of_the_region_can_invite(client, request, world, who):
    user = world.other_manager if who == "other_manager" else request.getfixturevalue(who)
    client.force_login(user)
    response = send_invitations(client, world.own, "x@example.org")
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_other_regions_invitations_cannot_be_revoked_or_resent(
    client, world, regional_manager, django_capture_on_commit_callbacks
):
    _invited(client, world.other_manager, world.other, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    client.force_login(regional_manager)
    for name in ("invitation_revoke", "invitation_resend"):
        response = client.post(reverse(f"municipalities:{name}", args=[invitation.pk]))
        assert response.status_code == 404
    assert Invitation.objects.get().is_pending


def test_invalid_addresses_are_named(client, regional_manager, world):
    client.force_login(regional_manager)
    response = send_invitations(client, world.own, "good@example.org, not-an-address")
    assert response.status_code == 400
    assert "not-an-address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_signup_stays_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert b"password1" not in response.content


def test_participation_page_shows_people_history_and_stakeholders_to_managers(
    client, regional_manager, world
):
    client.force_login(regional_manager)
    response = client.get(world.own.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert world.own_memberships[0].user.email in content
    assert world.own_stakeholder.name in content
    assert "Einladungen" in content
    assert client.get(world.other.get_absolute_url()).status_code == 404


def test_members_see_their_participation_without_management(client, volunteer, world):
    client.force_login(volunteer)
    response = client.get(world.own.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert world.own_stakeholder.name not in content
    assert "Einladungen" not in content
    assert client.get(world.other.get_absolute_url()).status_code == 404
    assert client.get(reverse("municipalities:participations")).status_code == 200


def test_other_accounts_cannot_use_someone_elses_invitation(
    client, regional_manager, world, django_capture_on_commit_callbacks
):
    stranger = UserFactory()
    url = _invited(
        client,
        regional_manager,
        world.own,
        django_capture_on_commit_callbacks,
        "nora@example.org",
    )
    client.force_login(stranger)
    accept(client, url)
    assert not Membership.objects.filter(user=stranger, participation=world.own).exists()
    assert User.objects.filter(email="nora@example.org").exists()  # created for the invitee only
