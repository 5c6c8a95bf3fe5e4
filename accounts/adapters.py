"""allauth adapter: no open sign-up, e-mails in the recipient's language, no lockout by strangers.

Failed logins (allauth's ``login_failed`` rate, ``ACCOUNT_RATE_LIMITS``) are counted per
client address and per client address + account (not per account alone as allauth does), so
somebody guessing from one address cannot keep the owner out: the owner from another address
still gets in. Failures for one account from many addresses are counted too
(``login_failed_account``); past that limit the account is *slowed down*, never locked:
addresses the owner has not signed in from before get one attempt per ``login_account_slow``
interval, addresses they have used keep their normal limits, a password reset clears it, and
the owner is told by e-mail once per ``LOGIN_ALERT_SECONDS``. The client address is allauth's
(``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` behind a proxy).
"""

import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.mail import queue_message

logger = logging.getLogger(__name__)

KNOWN_ADDRESS_SECONDS = 60 * 60 * 24 * 90


@dataclass(frozen=True)
class ProgrammeSite:
    """What allauth's mails call ``current_site``: the programme, not Django's example.com."""

    name: str
    domain: str

    def __str__(self):
        return self.name


def programme_site(request) -> ProgrammeSite:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or (site.hostname if site else "")
    return ProgrammeSite(name=name, domain=domain)


def _digest(*parts) -> str:
    return hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()[:32]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_slowed_down": _(
            "There have been many failed attempts to sign in to this account from different "
            "places. Please wait a few seconds and try again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request):
        # Accounts come only from invitations (municipalities.invitations), never from sign-up.
        return False

    # Mail ------------------------------------------------------------------------------------

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language and queue; a worker sends (core/outbox).

        The messages hold one-time keys (verification, password reset), so the outbox drops
        their body once sent.
        """
        context = dict(context)
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        request = context.get("request") or allauth_context.request
        context["current_site"] = programme_site(request)
        if not self.is_open_for_signup(request):
            context.pop("signup_url", None)  # "unknown account" mails must not offer sign-up
        language = getattr(user, "language", None) or translation.get_language()
        context.setdefault("request", request)
        context.setdefault("email", email)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message, kind=f"account/{template_prefix.rsplit('/', 1)[-1]}", sensitive=True)

    # Failed logins -----------------------------------------------------------------------------

    @staticmethod
    def _login_of(credentials) -> str:
        return (credentials.get("email") or credentials.get("username") or "").strip().lower()

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Per address + account (allauth: per account), so strangers cannot lock the owner out."""
        return f"{self._login_of(credentials)}:{self.get_client_ip(request)}"

    def _address_key(self, request, login) -> str:
        return f"klimapaten:login-known:{_digest(login, self.get_client_ip(request))}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        login = self._login_of(credentials)
        if not login or not self.account_under_attack(request, login):
            return
        if cache.get(self._address_key(request, login)):
            return  # the owner has signed in from this address before: normal limits only
        if not ratelimit.consume(request, action="login_account_slow", key=login):
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("account_slowed_down")

    def account_under_attack(self, request, login) -> bool:
        return not ratelimit.consume(
            request, action="login_failed_account", key=login, dry_run=True
        )

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        login = self._login_of(credentials)
        if login and not ratelimit.consume(request, action="login_failed_account", key=login):
            self.warn_owner(request, login)

    def warn_owner(self, request, login) -> None:
        """Tell the owner once per window that their account is being guessed at."""
        window = settings.LOGIN_ALERT_SECONDS
        if not cache.add(f"klimapaten:login-alert:{_digest(login)}", 1, timeout=window):
            return
        user = get_user_model().objects.filter(email__iexact=login, is_active=True).first()
        if user is None:
            return
        logger.warning("Many failed logins for user %s from several addresses", user.pk)
        self.send_mail(
            "account/email/login_attempts",
            user.email,
            {
                "user": user,
                "request": request,
                "window_minutes": max(1, window // 60),
                "password_reset_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("account_reset_password"),
            },
        )

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """After a password reset the owner starts afresh: no slow-down for their account."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        login = self._login_of(credentials)
        if login:
            for action in ("login_failed_account", "login_account_slow"):
                ratelimit.clear(request, action=action, key=login)

    def login(self, request, user):
        super().login(request, user)
        if user.email:
            cache.set(
                self._address_key(request, user.email.lower()), 1, timeout=KNOWN_ADDRESS_SECONDS
            )
