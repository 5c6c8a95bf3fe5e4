"""Personal data: every app that stores some takes part in export and deletion (GDPR).

An AppConfig declares ``personal_data_exporters`` and ``personal_data_erasers``: dotted paths
to functions ``export(user) -> dict`` (JSON-serialisable) and ``erase(user) -> None``. Erasers
run before the user row is deleted, inside one transaction, for data that deletion by cascade
would not remove or that must be kept anonymised (e.g. figures reported to funders).
"""

from datetime import date, datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string


def export_account(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(role.value for role in user.roles),
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


def _functions(attribute: str):
    for config in apps.get_app_configs():
        for dotted in getattr(config, attribute, ()):
            yield config.label, import_string(dotted)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def export_personal_data(user) -> dict:
    data = {"exported_at": timezone.now(), "account": export_account(user)}
    for label, exporter in _functions("personal_data_exporters"):
        data[label] = exporter(user)
    return _jsonable(data)


@transaction.atomic
def erase_personal_data(user) -> None:
    for _label, eraser in _functions("personal_data_erasers"):
        eraser(user)
    user.delete()
