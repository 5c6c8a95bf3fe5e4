"""Personal data: every app that stores some takes part in export and deletion (GDPR).

An AppConfig declares ``personal_data_exporters`` and ``personal_data_erasers``: dotted paths
to functions ``export(user) -> dict`` (JSON-serialisable) and
``erase(user, placeholder) -> None`` (``erase(user)`` is accepted too). Erasers run before the
user row is deleted, inside one transaction, for data that deletion by cascade would not
remove or that must be kept anonymised.

Deleting an account must not change the programme's figures (reported to funders): what they
count — memberships, learning progress, certificates issued, attendance — moves to a
*placeholder*, a new user row with no name, no e-mail address of the person, no password, no
roles and no free text (``User.erased_at`` is set; it is shown as "Deleted account", cannot
sign in and gets no mail). Everything else goes with the user row. The dashboard's nightly
rebuild counts the placeholder's rows exactly as it counted the person's. Wagtail's log
entries lose the person: entries they made have no user any more, entries about their account
are deleted, and their name and e-mail address are cut out of the labels and data of the rest.
"""

import inspect
import json
import re
import uuid
from datetime import date, datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.models import User

ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: never delivered
ERASED_TEXT = "—"


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


def make_placeholder(user):
    """The anonymous stand-in that keeps what the programme's figures count."""
    placeholder = User(
        email=f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}",
        full_name="",
        language=user.language,
        is_active=False,
        date_joined=user.date_joined,
        last_login=user.last_login,
        erased_at=timezone.now(),
    )
    placeholder.set_unusable_password()
    placeholder.save()
    return placeholder


def _call_eraser(eraser, user, placeholder) -> None:
    if "placeholder" in inspect.signature(eraser).parameters:
        eraser(user, placeholder=placeholder)
    else:
        eraser(user)


def _cut(text: str, names) -> str:
    for name in names:
        text = re.sub(re.escape(name), ERASED_TEXT, text, flags=re.IGNORECASE)
    return text


def _cut_data(value, names):
    if isinstance(value, str):
        return _cut(value, names)
    if isinstance(value, dict):
        return {key: _cut_data(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_cut_data(item, names) for item in value]
    return value


def scrub_log_entries(user) -> int:
    """Remove the person from Wagtail's (and Django's) admin log; returns entries changed."""

    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    names = sorted(
        {name.strip() for name in (user.full_name, user.email) if name and len(name.strip()) > 2},
        key=len,
        reverse=True,
    )
    changed = 0
    for model in (ModelLogEntry, PageLogEntry):
        changed += model.objects.filter(user_id=user.pk).update(user=None)
        if not names:
            continue
        # JSON may store non-ASCII characters escaped ("M\u00fcller"), so look for both.
        forms = {form for name in names for form in (name, json.dumps(name)[1:-1])}
        matches = Q()
        for form in forms:
            matches |= Q(label__icontains=form) | Q(data_text__icontains=form)
        entries = model.objects.annotate(data_text=Cast("data", TextField())).filter(matches)
        for entry in entries.iterator():
            model.objects.filter(pk=entry.pk).update(
                label=_cut(entry.label, names), data=_cut_data(entry.data, names)
            )
            changed += 1
    return changed


@transaction.atomic
def erase_personal_data(user) -> None:
    placeholder = make_placeholder(user)
    for _label, eraser in _functions("personal_data_erasers"):
        _call_eraser(eraser, user, placeholder)
    scrub_log_entries(user)
    user.delete()
