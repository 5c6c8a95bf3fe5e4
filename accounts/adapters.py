"""allauth adapter: no open sign-up, e-mails in the recipient's language, through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from core.mail import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come only from invitations (municipalities.invitations), never from sign-up.
        return False

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language and queue; a worker sends (core/outbox).

        The messages hold one-time keys (verification, password reset), so the outbox drops
        their body once sent.
        """
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message, kind=f"account/{template_prefix.rsplit('/', 1)[-1]}", sensitive=True)
