"""The shared building blocks: bookkeeping fields, sanitised HTML, scoping, sign-in, mail, tasks."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from accounts.roles import is_signed_in
from coaching.models import Event, Measure, Plan, PlanTemplate, Registration, Task
from config.celery import app
from core.fields import SanitizedHTMLField
from core.models import CreatedByModel, CreatedModel, TimeStampedModel, UpdatedModel
from courses.models import ActivityKind, ActivityProgress
from municipalities.models import (
    Initiative,
    Invitation,
    Membership,
    Participation,
    ParticipationStatusChange,
    Stakeholder,
)
from municipalities.scoping import ParticipationOwnedQuerySet, participation_lookup
from tests.courses import factories

ROOT = Path(__file__).resolve().parents[2]


def _app_modules():
    """The apps' Python modules (not the tests, not the settings)."""
    for package in sorted(path for path in ROOT.iterdir() if (path / "__init__.py").exists()):
        if package.name in {"tests", "config"}:
            continue
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path.read_text()


# Bookkeeping fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "bases"),
    [
        (Event, (CreatedByModel, TimeStampedModel)),
        (Plan, (CreatedByModel, TimeStampedModel)),
        (PlanTemplate, (TimeStampedModel,)),
        (Measure, (TimeStampedModel,)),
        (Participation, (TimeStampedModel,)),
        (Stakeholder, (TimeStampedModel,)),
        (Initiative, (TimeStampedModel,)),
        (Registration, (CreatedModel,)),
        (ParticipationStatusChange, (CreatedModel,)),
        (Membership, (CreatedModel,)),
        (Invitation, (CreatedModel,)),
        (Task, (UpdatedModel,)),
    ],
)
def test_bookkeeping_fields_come_from_the_core_bases(model, bases):
    assert all(issubclass(model, base) for base in bases)
    fields = {field.name: field for field in model._meta.get_fields()}
    with translation.override("en"):
        if issubclass(model, CreatedModel):
            assert fields["created"].auto_now_add
            assert str(fields["created"].verbose_name) == "created"
        if issubclass(model, UpdatedModel):
            assert fields["updated"].auto_now
            assert str(fields["updated"].verbose_name) == "updated"
        if issubclass(model, CreatedByModel):
            created_by = fields["created_by"]
            assert created_by.null and created_by.blank
            assert created_by.remote_field.related_name == "+"
            assert created_by.remote_field.on_delete.__name__ == "SET_NULL"
            assert str(created_by.verbose_name) == "created by"


# The sanitised HTML field -------------------------------------------------------------------


@pytest.fixture
def progress(db, volunteer):
    module = factories.module(factories.course(), body=factories.activity_body())
    return ActivityProgress(
        user=volunteer,
        module=module,
        block_id=factories.block(module, "reflection").id,
        kind=ActivityKind.REFLECTION,
    )


def test_the_reflection_is_a_sanitised_html_field():
    assert isinstance(ActivityProgress._meta.get_field("reflection"), SanitizedHTMLField)


def test_saving_cleans_the_html_in_the_field(progress):
    progress.reflection = (
        '<p>Ich rede mit dem Rat.</p><script>alert(1)</script><a href="javascript:x()">Link</a>'
        '<img src=x onerror="alert(2)"><p onclick="alert(3)">Danach</p>'
    )
    progress.save()
    stored = ActivityProgress.objects.get(pk=progress.pk).reflection
    assert stored == "<p>Ich rede mit dem Rat.</p>alert(1)<a>Link</a><p>Danach</p>"
    assert progress.reflection == stored  # the instance holds what was stored


def test_saving_keeps_clean_html_as_it_is(progress):
    progress.reflection = '<p>Mehr unter <a href="https://example.org">example.org</a>.</p>'
    progress.save()
    first = ActivityProgress.objects.get(pk=progress.pk).reflection
    assert first == (
        '<p>Mehr unter <a href="https://example.org" rel="noopener noreferrer">example.org</a>.</p>'
    )
    progress.save()  # saving again changes nothing
    assert ActivityProgress.objects.get(pk=progress.pk).reflection == first


def test_bulk_create_cleans_too(progress):
    progress.reflection = "<p>Gut</p><script>alert(1)</script>"
    (created,) = ActivityProgress.objects.bulk_create([progress])
    assert ActivityProgress.objects.get(pk=created.pk).reflection == "<p>Gut</p>alert(1)"


# The sign-in predicate ----------------------------------------------------------------------


def test_is_signed_in(db, volunteer):
    assert is_signed_in(volunteer) is True
    assert is_signed_in(AnonymousUser()) is False
    assert is_signed_in(None) is False
    assert is_signed_in(object()) is False


def test_app_code_asks_is_signed_in():
    """Only the predicate reads ``is_authenticated`` (core sits below accounts: it cannot ask)."""
    allowed = {"accounts/roles.py", "core/middleware.py"}
    found = [
        relative
        for relative, text in _app_modules()
        if relative not in allowed and "is_authenticated" in text
    ]
    assert found == []


# Participation-owned querysets ----------------------------------------------------------------


def _queryset_class(model):
    return getattr(model._default_manager, "_queryset_class", None)


@pytest.mark.django_db
def test_participation_owned_models_have_a_path_to_their_participation():
    owned = [
        model
        for model in apps.get_models()
        if issubclass(_queryset_class(model) or object, ParticipationOwnedQuerySet)
    ]
    assert {model._meta.label_lower for model in owned} == {
        "coaching.plan",
        "coaching.task",
        "coaching.milestone",
        "coaching.measure",
    }
    for model in owned:
        lookup = participation_lookup(model, "pk")
        assert model.objects.filter(**{lookup: 0}).count() == 0  # the lookup resolves


# Templated mail -------------------------------------------------------------------------------

MAIL_SENDERS = ("EmailMessage(", "EmailMultiAlternatives(", "send_mail(", "send_mass_mail(")
# The mail helper and the outbox build messages; allauth's adapter overrides its send_mail.
MAIL_MODULES = {"core/mail.py", "core/outbox/backends.py", "accounts/adapters.py"}


def test_apps_send_mail_through_the_helper():
    found = [
        relative
        for relative, text in _app_modules()
        if relative not in MAIL_MODULES and any(sender in text for sender in MAIL_SENDERS)
    ]
    assert found == []


def test_mail_templates_follow_one_naming_scheme():
    templates = ROOT / "templates"
    names = sorted(path.relative_to(templates).as_posix() for path in templates.glob("*/email/*"))
    ours = [name for name in names if not name.startswith("account/")]  # allauth's contract
    assert ours
    prefixes = set()
    for name in ours:
        assert name.endswith(("_subject.txt", "_body.txt", "_body.html")), name
        prefixes.add(name.rsplit("_", 1)[0])
    for prefix in prefixes:
        assert f"{prefix}_subject.txt" in names and f"{prefix}_body.txt" in names, prefix
    used = {
        prefix
        for _relative, text in _app_modules()
        for prefix in re.findall(r'"(\w+/email/[\w{}]+)"', text)
        if not prefix.startswith("account/")
    }
    assert used
    for prefix in used:
        pattern = re.escape(prefix).replace(r"\{kind\}", r"\w+")
        assert any(re.fullmatch(pattern, known) for known in prefixes), prefix


# Celery tasks ---------------------------------------------------------------------------------

TASK_NAME = re.compile(r"[a-z]+\.[a-z]+(?:_[a-z]+)+")  # "<app>.<verb_object>"


def _project_tasks():
    app.loader.import_default_modules()
    packages = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    return {
        name: task
        for name, task in app.tasks.items()
        if task.__module__.split(".")[0] in packages - {"tests"}
    }


def test_every_task_is_named_app_dot_verb_object():
    tasks = _project_tasks()
    assert len(tasks) >= 14
    for name, task in tasks.items():
        module = task.__module__
        label = "outbox" if module.startswith("core.outbox.") else module.split(".")[0]
        assert TASK_NAME.fullmatch(name), name
        assert name.startswith(f"{label}."), (name, module)


def test_every_beat_entry_names_a_registered_task():
    tasks = _project_tasks()
    for key, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in tasks, key
    for name in [*settings.IDEMPOTENT_TASKS, *settings.LONG_TASK_LIMITS]:
        assert name in tasks, name
