"""Demo accounts: one per role, all with the same password (never in production)."""

from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.permissions import sync_role_permissions
from accounts.roles import Role, grant_role

DEMO_PASSWORD = "klimapaten-demo"  # noqa: S105 - documented demo login, refused in production

DEMO_ACCOUNTS = [
    ("koordination@example.org", "Kim Koordination", Role.COORDINATOR, "Koordination"),
    (
        "rm-rlp@example.org",
        "Rita Rheinland",
        Role.REGIONAL_MANAGER,
        "Regionalmanagement Rheinland-Pfalz",
    ),
    (
        "rm-nrw@example.org",
        "Nils Westfalen",
        Role.REGIONAL_MANAGER,
        "Regionalmanagement Nordrhein-Westfalen",
    ),
    ("pate@example.org", "Paula Pate", Role.VOLUNTEER, "Klimaschutzpatin"),
    (
        "kommune@example.org",
        "Konrad Kommune",
        Role.MUNICIPAL_CONTACT,
        "Ansprechpartner der Kommune",
    ),
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def seed(stdout) -> None:
    sync_role_permissions()  # the role groups, even on a database emptied since migrate
    for email, name, role, _description in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "language": "de"}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        grant_role(user, role)
        stdout.write(f"  account {'created' if created else 'kept'}: {email}")
