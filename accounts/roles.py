"""The four programme roles, kept as Django groups.

Group names are the German role names editors see in the admin; code refers to roles through
``Role`` only. A superuser counts as a coordinator.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination")
    REGIONAL_MANAGER = "regional_manager", _("Regional manager")
    VOLUNTEER = "volunteer", _("Climate patron")
    MUNICIPAL_CONTACT = "municipal_contact", _("Municipal contact")

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self]


# Stable names of the groups (created by accounts/migrations/0002_roles.py).
GROUP_NAMES = {
    Role.COORDINATOR: "Koordination",
    Role.REGIONAL_MANAGER: "Regionalmanagement",
    Role.VOLUNTEER: "Klimaschutzpat:innen",
    Role.MUNICIPAL_CONTACT: "Ansprechpartner:innen der Kommunen",
}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Roles whose members work in the Wagtail admin (and must use MFA where it is required).
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.REGIONAL_MANAGER})


def is_signed_in(user) -> bool:
    """Is ``user`` a signed-in person? False for anonymous users and for no user at all.

    The one sign-in predicate of the apps: ``None`` and objects without ``is_authenticated``
    (a task's missing user, a stub) count as signed out.
    """
    return bool(getattr(user, "is_authenticated", False))


def roles_of(user) -> frozenset[Role]:
    """Return the roles of ``user`` (empty for anonymous users)."""
    if not is_signed_in(user):
        return frozenset()
    names = user.groups.values_list("name", flat=True)
    roles = {ROLE_BY_GROUP[name] for name in names if name in ROLE_BY_GROUP}
    if user.is_superuser:
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def is_coordinator(user) -> bool:
    return Role.COORDINATOR in roles_of_cached(user)


def is_regional_manager(user) -> bool:
    return Role.REGIONAL_MANAGER in roles_of_cached(user)


def is_staff_role(user) -> bool:
    return bool(STAFF_ROLES & roles_of_cached(user))


def roles_of_cached(user) -> frozenset[Role]:
    """Like ``roles_of`` but uses the user's cached ``roles`` when it has them."""
    if not is_signed_in(user):
        return frozenset()
    return user.roles


def grant_role(user, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.group_name)
    user.groups.add(group)
    user.__dict__.pop("roles", None)


def revoke_role(user, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role.group_name))
    user.__dict__.pop("roles", None)
