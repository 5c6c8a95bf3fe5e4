"""Login, logout, password reset, e-mail verification, closed sign-up and rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory

LOGIN = "/accounts/login/"


def login(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


@pytest.mark.django_db
def test_login_and_logout(client, volunteer, password):
    response = login(client, volunteer.email, password)
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get("/me/").status_code == 302  # back to login


@pytest.mark.django_db
def test_login_is_case_insensitive_on_email(client, volunteer, password):
    response = login(client, volunteer.email.upper(), password)
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_password_and_unknown_email_look_the_same(client, volunteer):
    wrong = login(client, volunteer.email, "not-the-password")
    unknown = login(client, "nobody@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


@pytest.mark.django_db
def test_unverified_email_must_be_confirmed_before_login(client, password):
    user = UserFactory(email="neu@example.org", verified=False)
    response = login(client, user.email, password)
    assert response.status_code == 302
    assert "/confirm-email/" in response["Location"]
    assert client.get("/me/").status_code == 302  # not logged in
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[-1]
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert login(client, user.email, password)["Location"] == "/me/"


@pytest.mark.django_db
def test_password_reset_end_to_end(client, volunteer):
    response = client.post("/accounts/password/reset/", {"email": volunteer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/key/[^\s]+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "ein-neues-Passwort-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert login(client, volunteer.email, new_password)["Location"] == "/me/"


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_accounts(client, volunteer):
    known = client.post("/accounts/password/reset/", {"email": volunteer.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "Abc-12345-xyz", "password2": "Abc-12345-xyz"},
    )
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db
def test_failed_logins_trip_the_rate_limit(client, volunteer, password):
    for _ in range(5):
        assert login(client, volunteer.email, "falsch").status_code == 200
    # Even the right password is refused now, with a clear message.
    response = login(client, volunteer.email, password)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_login_page_has_no_sign_up_link_and_labels_fields(client):
    html = client.get(LOGIN).content.decode()
    assert "/accounts/signup/" not in html
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
