"""The named outcomes of the access matrix and how a response is sorted into one."""

from __future__ import annotations

from enum import Enum
from urllib.parse import urlsplit

LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/django-admin/login/", "/_util/login/")
MFA_SETUP_PATH = "/accounts/2fa/totp/activate/"
# Wagtail refuses an admin action by redirecting to the admin home with an error message.
ADMIN_HOME = "/admin/"


class Outcome(Enum):
    OK = "2xx, or a redirect that is neither to the login nor to the MFA setup"
    LOGIN = "redirect to the login"
    DENY = "403 or 404"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    REDIRECT_MFA = "redirect to the TOTP setup"
    METHOD_NOT_ALLOWED = "405"
    BAD_REQUEST = "400 (the view answered the request, refusing its input)"
    GONE = "410"
    HIDDEN = "403/404, or an answer that names nothing of the object (and changes nothing)"
    IGNORED = "2xx or a redirect, after which nothing has changed"

    def __repr__(self):
        return self.name


OK = Outcome.OK
LOGIN = Outcome.LOGIN
DENY = Outcome.DENY
FORBIDDEN = Outcome.FORBIDDEN
NOT_FOUND = Outcome.NOT_FOUND
REDIRECT_MFA = Outcome.REDIRECT_MFA
METHOD_NOT_ALLOWED = Outcome.METHOD_NOT_ALLOWED
BAD_REQUEST = Outcome.BAD_REQUEST
GONE = Outcome.GONE
HIDDEN = Outcome.HIDDEN
IGNORED = Outcome.IGNORED

# Outcomes after which a POST must have changed nothing.
REFUSALS = frozenset(Outcome) - {OK}


def describe(response) -> str:
    """What happened, for the failure message: the status and where a redirect leads."""
    location = response.get("Location", "")
    return f"{response.status_code} {location}".strip()


def matches(response, expected: Outcome) -> bool:
    status = response.status_code
    location = urlsplit(response.get("Location", "")).path if 300 <= status < 400 else ""
    to_login = location.startswith(LOGIN_PATHS)
    to_mfa = location.startswith(MFA_SETUP_PATH)
    refused = location == ADMIN_HOME
    answered = 200 <= status < 300 or (300 <= status < 400 and not (to_login or to_mfa or refused))
    if expected in (OK, IGNORED):
        return answered
    if expected is HIDDEN:
        return answered or status in (403, 404) or refused
    if expected is DENY:
        return status in (403, 404) or refused
    if expected is LOGIN:
        return 300 <= status < 400 and to_login
    if expected is REDIRECT_MFA:
        return 300 <= status < 400 and to_mfa
    return (
        status
        in {
            FORBIDDEN: {403},
            NOT_FOUND: {404},
            METHOD_NOT_ALLOWED: {405},
            BAD_REQUEST: {400},
            GONE: {410},
        }[expected]
    )


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")
