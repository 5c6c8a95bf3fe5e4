"""The main navigation, which depends on the user's roles.

Entries whose URL name does not exist (yet) are left out, so each app's issue adds its screens
here by name and they appear once the app routes them.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF_ROLES, Role, is_signed_in


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset | None = None  # None: everybody; empty: signed-in users
    anonymous_only: bool = False


NAVIGATION = [
    NavEntry(_("Map"), "map:index"),
    NavEntry(_("Events"), "events:index"),
    NavEntry(_("My area"), "me", roles=frozenset()),
    NavEntry(_("Courses"), "courses:index", roles=frozenset()),
    NavEntry(_("Plans"), "plans:index", roles=frozenset(Role)),
    NavEntry(_("Measures"), "measures:index", roles=frozenset(Role)),
    NavEntry(_("Participations"), "municipalities:participations", roles=frozenset(STAFF_ROLES)),
    NavEntry(_("Dashboard"), "dashboard:index", roles=frozenset(Role)),
    NavEntry(_("Administration"), "wagtailadmin_home", roles=frozenset(STAFF_ROLES)),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    authenticated = is_signed_in(user)
    roles = user.roles if authenticated else frozenset()
    items = []
    for entry in NAVIGATION:
        if entry.roles is not None:
            if not authenticated:
                continue
            if entry.roles and not (entry.roles & roles):
                continue
        url = _url(entry.url_name)
        if url is None:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": entry.label, "url": url, "current": current})
    return items
