"""No lockout by strangers; the real client address behind proxies; what the mails say.

Rates (config/settings/base.py): failed logins 20/min per address and 5 per 5 min per address
+ account; 20 failures per 15 min for one account from all addresses together slow it down
(one try per 10 s from addresses its owner has not used) and e-mail the owner once.
"""

import time
from unittest import mock

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, email, password, address, **headers):
    return client.post(
        LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/me/"


def test_failures_from_one_address_do_not_keep_the_owner_out(client, volunteer, password):
    for _ in range(5):
        assert attempt(client, volunteer.email, "falsch", "203.0.113.9").status_code == 200
    # That address is refused now, even with the right password ...
    response = attempt(client, volunteer.email, password, "203.0.113.9")
    assert not signed_in(response)
    assert response.context["form"].errors
    # ... but the owner from another address gets in.
    assert signed_in(attempt(client, volunteer.email, password, "198.51.100.20"))


def test_one_address_is_limited_across_accounts(client, user_factory, password):
    people = [user_factory() for _ in range(21)]
    for person in people[:20]:
        attempt(client, person.email, "falsch", "203.0.113.9")
    assert not signed_in(attempt(client, people[20].email, password, "203.0.113.9"))
    assert signed_in(attempt(client, people[20].email, password, "198.51.100.20"))


def attack_from_many_addresses(client, email, count=21):
    for n in range(count):
        attempt(client, email, "falsch", f"10.1.{n // 250}.{n % 250 + 1}")


def test_many_addresses_slow_the_account_down_and_tell_the_owner_once(client, volunteer, password):
    assert signed_in(attempt(client, volunteer.email, password, "192.0.2.50"))  # the owner's
    client.logout()
    mail.outbox.clear()

    attack_from_many_addresses(client, volunteer.email)
    alerts = [m for m in mail.outbox if m.to == [volunteer.email]]
    assert len(alerts) == 1
    assert "Anmeldeversuche" in alerts[0].subject
    assert "nicht gesperrt" in alerts[0].body
    assert "/accounts/password/reset/" in alerts[0].body
    for n in range(1, 6):  # more failures, each one let through by the slow-down
        with mock.patch(
            "allauth.core.internal.ratelimit.time.time", return_value=time.time() + 11 * n
        ):
            attempt(client, volunteer.email, "falsch", f"10.3.0.{n}")
    assert len([m for m in mail.outbox if m.to == [volunteer.email]]) == 1  # once per window

    # Slowed down: a new address gets one try per 10 seconds ...
    attempt(client, volunteer.email, "falsch", "10.2.0.1")
    response = attempt(client, volunteer.email, password, "10.2.0.2")
    assert not signed_in(response)
    assert "einige Sekunden" in str(response.context["form"].errors)
    # ... which is a delay, not a lock: ten seconds later the owner gets in from anywhere,
    later = time.time() + 80
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        assert signed_in(attempt(client, volunteer.email, password, "10.2.0.3"))
    client.logout()
    # and from an address they have used before they get in at once.
    attempt(client, volunteer.email, "falsch", "10.2.0.4")
    assert signed_in(attempt(client, volunteer.email, password, "192.0.2.50"))


def test_no_alert_below_the_threshold(client, volunteer):
    attack_from_many_addresses(client, volunteer.email, count=20)
    assert not [m for m in mail.outbox if m.to == [volunteer.email]]


def test_behind_one_trusted_proxy_the_forwarded_address_counts(
    client, volunteer, password, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for n in range(5):
        # The attacker forges the first entries; the proxy appends what it saw.
        forged = f"1.2.3.{n}, 203.0.113.9"
        attempt(client, volunteer.email, "falsch", proxy, HTTP_X_FORWARDED_FOR=forged)
    refused = attempt(
        client, volunteer.email, password, proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9"
    )
    assert not signed_in(refused)
    assert signed_in(
        attempt(client, volunteer.email, password, proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    )


def test_without_trusted_proxies_forwarded_for_is_ignored(client, volunteer, password, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        attempt(client, volunteer.email, "falsch", "10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    assert not signed_in(
        attempt(client, volunteer.email, password, "10.0.0.2", HTTP_X_FORWARDED_FOR="5.5.5.5")
    )


def test_trusted_proxy_count_comes_from_the_environment():
    from pathlib import Path

    source = Path("config/settings/base.py").read_text()
    assert 'ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)' in source


# Mails ----------------------------------------------------------------------------------------


def test_password_reset_mail_names_the_programme(client, volunteer):
    client.post("/accounts/password/reset/", {"email": volunteer.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Klimapaten" in message.body
    assert "example.com" not in message.body + message.subject
    assert "/accounts/password/reset/key/" in message.body


def test_unknown_account_mail_does_not_offer_sign_up(client):
    client.post("/accounts/password/reset/", {"email": "niemand@test.example"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/accounts/signup/" not in body
    assert "Einladung" in body
    assert "Klimapaten" in body
    assert "example.com" not in body
