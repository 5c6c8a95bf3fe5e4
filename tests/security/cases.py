"""From discovered URL patterns to concrete requests: which object fills which URL parameter.

A *case* is one URL pattern (or, for Wagtail's bulk actions, one registered action of the one
bulk-action pattern) with concrete values for its parameters, taken from the world of
``world.py``. The object of the own region fills the parameters, so the regional manager of
the other region requests another region's object and the one of the own region their own.

The tables below are looked up in this order: the case key, then the URL namespace (for the
snippet viewsets and Django's admin, whose model the namespace names), then the parameter
name alone. A parameter without a value fails the suite with the pattern and parameter named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tests.security.discovery import Pattern, discover

BULK = "wagtail_bulk_action"


@dataclass(frozen=True)
class Case:
    key: str
    pattern: Pattern
    variant: tuple = ()


@dataclass
class Request:
    path: str
    query: str
    target: object  # the model instance the URL names (checked for changes), or None
    values: dict  # the value of each URL parameter


def _bulk_variants():
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry.get_bulk_action_class("wagtailcore", "page", "delete")  # scans hooks
    return sorted(
        (app, model, action)
        for app, models in bulk_action_registry.actions.items()
        for model, actions in models.items()
        for action in actions
    )


@cache
def all_cases() -> tuple[Case, ...]:
    cases = []
    for pattern in discover():
        if pattern.name == BULK:
            for variant in _bulk_variants():
                cases.append(Case(f"{BULK}[{'.'.join(variant)}]", pattern, variant))
        else:
            cases.append(Case(pattern.key, pattern))
    return tuple(cases)


def cases_by_key() -> dict[str, Case]:
    return {case.key: case for case in all_cases()}


# Objects by model, for the snippet viewsets, their choosers and the bulk actions --------------


def _snippet_objects(w):
    return {
        ("municipalities", "participation"): w.own.participation,
        ("municipalities", "membership"): w.own.membership,
        ("municipalities", "stakeholder"): w.own.stakeholder,
        ("municipalities", "initiative"): w.own.initiative,
        ("municipalities", "region"): w.own.region,
        ("municipalities", "municipality"): w.own.municipality,
        ("municipalities", "district"): w.own.district,
        ("municipalities", "federalstate"): w.own.state,
        ("coaching", "event"): w.own.event,
        ("coaching", "eventseries"): w.own.series,
        ("coaching", "plan"): w.own.plan,
        ("coaching", "measure"): w.own.measure,
        ("coaching", "plantemplate"): w.plan_template,
        ("coaching", "phasetemplate"): w.phase_template,
        ("wagtailcore", "page"): w.own.module,
        ("wagtaildocs", "document"): w.document,
        ("wagtailimages", "image"): w.image,
        ("accounts", "user"): w.users["volunteer"],
    }


def _django_admin_objects(w):
    from django.contrib.sites.models import Site

    return {
        ("auth", "group"): w.group,
        ("accounts", "user"): w.users["volunteer"],
        ("wagtaildocs", "document"): w.document,
        ("wagtailimages", "image"): w.image,
        ("taggit", "tag"): w.tag,
        ("account", "emailaddress"): w.email_address,
        ("mfa", "authenticator"): w.authenticator,
        ("sites", "site"): Site.objects.get_current(),
    }


_SNIPPET_NS = re.compile(r"^wagtailsnippet(?:s|choosers)_(?P<app>[a-z_]+?)_(?P<model>[a-z]+):")
_DJANGO_ADMIN_NAME = re.compile(r"^admin:(?P<app>[a-z]+)_(?P<model>[a-z]+)_[a-z_]+$")
_DJANGO_ADMIN_ROUTE = re.compile(r"^django-admin/(?P<app>[a-z]+)/(?P<model>[a-z]+)/")


def _model_object(case, w):
    """The object of the model a snippet or Django admin URL is about, else None."""
    key = case.pattern.name or ""
    for regex, objects in (
        (_SNIPPET_NS, _snippet_objects),
        (_DJANGO_ADMIN_NAME, _django_admin_objects),
    ):
        match = regex.match(key)
        if match:
            return objects(w).get((match["app"], match["model"]))
    if case.pattern.name is None:
        match = _DJANGO_ADMIN_ROUTE.match(case.pattern.route)
        if match:
            return _django_admin_objects(w).get((match["app"], match["model"]))
    return None


# Values by case key (whole URL) ------------------------------------------------------------

BY_KEY = {
    "admin:view_on_site": lambda w: {
        "content_type_id": _ct(w.own.participation).pk,
        "object_id": w.own.participation.pk,
    },
    "admin:app_list": lambda w: {"app_label": "auth"},
    "admin:auth_user_password_change": lambda w: {"id": w.users["volunteer"]},
    "-@django-admin/(?P<url>.*)$": lambda w: {"url": "no-such-screen/"},
    "-@admin/^.*/$": lambda w: {"__path__": "/admin/no-such-screen/"},
    "wagtailadmin_api:pages:action": lambda w: {"pk": w.own.module, "action_name": "delete"},
    "wagtailadmin_api:pages:detail": lambda w: {"pk": w.own.module},
    "wagtailadmin_api:documents:detail": lambda w: {"pk": w.document},
    "wagtailadmin_api:images:detail": lambda w: {"pk": w.image},
    "wagtailadmin_pages:add": lambda w: {
        "content_type_app_name": "courses",
        "content_type_model_name": "modulepage",
        "parent_page_id": w.own.course,
    },
    "wagtailadmin_pages:preview_on_add": lambda w: {
        "content_type_app_name": "courses",
        "content_type_model_name": "modulepage",
        "parent_page_id": w.own.course,
    },
    "wagtailadmin_pages:choose_parent": lambda w: {
        "app_label": "courses",
        "model_name": "modulepage",
    },
    "wagtailadmin_pages:revisions_compare": lambda w: {
        "pk": w.own.module,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
    "wagtailadmin_pages:workflow_preview": lambda w: {
        "page_id": w.own.module,
        "task_id": w.approval_task.pk,
    },
    "wagtailadmin_explore": lambda w: {"parent_page_id": w.own.section},
    "wagtailadmin_explore_results": lambda w: {"parent_page_id": w.own.section},
    "wagtailadmin_choose_page_child": lambda w: {"parent_page_id": w.own.section},
    "wagtailadmin_pages:add_subpage": lambda w: {"parent_page_id": w.own.course},
    "wagtailadmin_tag_model_autocomplete": lambda w: {
        "app_name": "wagtaildocs",
        "model_name": "document",
    },
    "wagtailadmin_collections:edit": lambda w: {"pk": w.collection},
    "wagtailadmin_collections:delete": lambda w: {"pk": w.collection},
    "wagtailadmin_collections:set_privacy": lambda w: {"collection_id": w.collection},
    "wagtailadmin_workflows:add_task": lambda w: {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "wagtailadmin_workflows:remove@admin/workflows/remove/<int:page_pk>/": lambda w: {
        "page_pk": w.own.section
    },
    "wagtailadmin_workflows:remove@admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": (
        lambda w: {"page_pk": w.own.section, "workflow_pk": w.workflow}
    ),
    "wagtailadmin_editing_sessions:ping": lambda w: {
        "app_label": "courses",
        "model_name": "modulepage",
        "object_id": w.own.module.pk,
        "session_id": w.editing_session,
    },
    "wagtailadmin_editing_sessions:release": lambda w: {"session_id": w.editing_session},
    "wagtailsettings:edit@admin/settings/<slug:app_name>/<slug:model_name>/": lambda w: {
        "app_name": "home",
        "model_name": "programmesettings",
    },
    "wagtailsettings:edit@admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": (
        lambda w: {"app_name": "home", "model_name": "programmesettings", "pk": w.site}
    ),
    "wagtailsettings:preview_on_edit": lambda w: {
        "app_name": "home",
        "model_name": "programmesettings",
        "pk": w.site,
    },
    "wagtaildocs:create_multiple_from_uploaded_document": lambda w: {
        "uploaded_file_id": w.uploaded_document
    },
    "wagtaildocs:delete_upload_multiple": lambda w: {"uploaded_file_id": w.uploaded_document},
    "wagtailimages:create_multiple_from_uploaded_image": lambda w: {
        "uploaded_file_id": w.uploaded_image
    },
    "wagtailimages:delete_upload_multiple": lambda w: {"uploaded_file_id": w.uploaded_image},
    "wagtaildocs_serve": lambda w: {"_0": w.document, "_1": "matrix.pdf"},
    "wagtaildocs_authenticate_with_password": lambda w: {
        "restriction_id": w.collection_restriction
    },
    "wagtailcore_authenticate_with_password": lambda w: {
        "page_view_restriction_id": w.page_restriction,
        "page_id": w.public_page,
    },
    "wagtail_serve": lambda w: {"_0": w.own.module.url.lstrip("/")},
    "wagtailsites:edit": lambda w: {"pk": w.site},
    "wagtailsites:delete": lambda w: {"pk": w.site},
    "wagtailsites:history": lambda w: {"pk": w.site},
    "wagtailsites:history_results": lambda w: {"pk": w.site},
    "wagtailsites:usage": lambda w: {"pk": w.site},
    "wagtailsites:copy": lambda w: {"pk": w.site},
    "wagtailredirects:edit": lambda w: {"redirect_id": w.redirect},
    "wagtailredirects:delete": lambda w: {"redirect_id": w.redirect},
    "municipalities:accept_invitation": lambda w: {"token": w.own.invitation_token},
    "events:private_feed": lambda w: {"token": w.calendar_token.token},
    "dashboard:download": lambda w: {"token": w.export_token},
    "dashboard:person": lambda w: {
        "pk": w.own.participation,
        "user_pk": w.users["volunteer"].pk,
    },
    "dashboard:participation": lambda w: {"pk": w.own.participation},
    "dashboard:export": lambda w: {"table": "summary", "fmt": "csv"},
    "municipalities:participation": lambda w: {"pk": w.own.participation},
    "municipalities:invite": lambda w: {"pk": w.own.participation},
    "municipalities:invitation_resend": lambda w: {"pk": w.own.invitation},
    "municipalities:invitation_revoke": lambda w: {"pk": w.own.invitation},
    "plans:detail": lambda w: {"pk": w.own.plan},
    "plans:shift": lambda w: {"pk": w.own.plan},
    "plans:task_create": lambda w: {"pk": w.own.plan},
    "plans:task_status": lambda w: {"pk": w.own.task},
    "plans:task_edit": lambda w: {"pk": w.own.task},
    "plans:milestone_reached": lambda w: {"pk": w.own.milestone},
    "measures:create": lambda w: {"participation_pk": w.own.participation},
    "measures:edit": lambda w: {"pk": w.own.measure},
    "events:detail": lambda w: {"pk": w.own.event},
    "events:ics": lambda w: {"pk": w.own.event},
    "events:register": lambda w: {"pk": w.own.event},
    "events:cancel": lambda w: {"pk": w.own.event},
    "events:attendance": lambda w: {"pk": w.own.event},
    "courses:activity": lambda w: {"module_id": w.own.module, "block_id": w.block_id},
    "wagtailusers_groups:edit": lambda w: {"pk": w.group},
    "wagtailusers_groups:delete": lambda w: {"pk": w.group},
    "wagtailusers_groups:history": lambda w: {"pk": w.group},
    "wagtailusers_groups:history_results": lambda w: {"pk": w.group},
    "wagtailusers_groups:usage": lambda w: {"pk": w.group},
}

# Query strings by case key (bulk actions and multiple choosers name their objects there).
QUERY = {
    "wagtailadmin_choose_page_chosen_multiple": lambda w: f"id={w.own.module.pk}",
    "wagtaildocs_chooser:chosen_multiple": lambda w: f"id={w.document.pk}",
    "wagtailimages_chooser:chosen_multiple": lambda w: f"id={w.image.pk}",
    "wagtailadmin_api:pages:listing": lambda w: f"child_of={w.own.course.pk}",
    "wagtailadmin_pages:search": lambda w: "q=Modul",
    "wagtailadmin_pages:search_results": lambda w: "q=Modul",
    "wagtailadmin_choose_page_search": lambda w: "q=Modul",
    "wagtailadmin_reports:site_history": lambda w: "export=csv",
}

for _model in ("attachment", "email", "emailtemplate", "log"):
    BY_KEY[f"-@django-admin/post_office/{_model}/<path:object_id>/"] = lambda w: {
        "object_id": w.outbox_message.email.pk
    }

# Values by parameter name, for every URL that does not say otherwise.
BY_PARAM = {
    "page_id": lambda w: w.own.module,
    "parent_page_id": lambda w: w.own.course,
    "page_to_move_id": lambda w: w.own.module,
    "destination_id": lambda w: w.own.course,
    "revision_id": lambda w: w.own.module.latest_revision_id,
    "task_state_id": lambda w: w.task_state,
    "workflow_state_id": lambda w: w.workflow_state,
    "action_name": lambda w: "approve",
    "content_type_app_name": lambda w: "courses",
    "content_type_model_name": lambda w: "modulepage",
    "document_id": lambda w: w.document,
    "doc_id": lambda w: w.document,
    "image_id": lambda w: w.image,
    "filter_spec": lambda w: "fill-10x10",
    "code": lambda w: w.certificate.code,
    "uidb36": lambda w: "1",
    "uidb64": lambda w: "MQ",
    "key": lambda w: "invalid-key",
    "token": lambda w: "invalid-token",
}

# Whole namespaces whose ``pk`` is one kind of object.
BY_NAMESPACE = {
    "wagtailadmin_workflows:": {"pk": lambda w: w.workflow, "task_id": lambda w: w.approval_task},
    "wagtailusers_users:": {"pk": lambda w: w.users["volunteer"]},
    "wagtailadmin_workflows:edit_task": {"pk": lambda w: w.approval_task},
    "wagtailadmin_workflows:disable_task": {"pk": lambda w: w.approval_task},
    "wagtailadmin_workflows:enable_task": {"pk": lambda w: w.approval_task},
    "wagtaildocs_chooser:": {"pk": lambda w: w.document},
    "outbox:": {"pk": lambda w: w.outbox_message},
    # django-post-office's models in Django's admin: any existing row builds the URL.
    "admin:post_office_": {
        "object_id": lambda w: w.outbox_message.email.pk,
        "pk": lambda w: w.outbox_message.email.pk,
        "content_id": lambda w: "image",
    },
    "admin:resend": {"pk": lambda w: w.outbox_message.email.pk},
    "wagtailimages_chooser:": {"pk": lambda w: w.image},
}


def _ct(instance):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(instance)


def _namespace_values(case, w):
    name = case.pattern.name or ""
    values = {}
    # Longest prefix wins (a single URL name may refine its namespace).
    for prefix in sorted(BY_NAMESPACE, key=len):
        if name.startswith(prefix):
            values.update({k: f(w) for k, f in BY_NAMESPACE[prefix].items()})
    return values


def build_request(case: Case, w) -> Request:
    """The concrete path, query and target object of ``case`` in world ``w``."""
    pattern = case.pattern
    values = {}
    target = None
    if case.variant:
        app, model, action = case.variant
        values = {"app_label": app, "model_name": model, "action": action}
        target = _snippet_objects(w).get((app, model))
        query = f"id={target.pk}" if target is not None else ""
        return Request(pattern.build(values), query, target, values)

    model_object = _model_object(case, w)
    namespaced = _namespace_values(case, w)
    by_key = BY_KEY[case.key](w) if case.key in BY_KEY else {}
    explicit_path = by_key.pop("__path__", None)
    for param in pattern.params:
        if param in by_key:
            value = by_key[param]
        elif param in namespaced:
            value = namespaced[param]
        elif param in ("pk", "object_id", "id") and model_object is not None:
            value = model_object
        elif param in BY_PARAM:
            value = BY_PARAM[param](w)
        else:
            raise KeyError(f"{case.key}: no value for URL parameter {param!r} (see cases.py)")
        values[param] = value
    # The target: the first parameter that is an object.
    for param in pattern.params:
        if hasattr(values[param], "_meta"):
            target = target or values[param]
    values = {k: (v.pk if hasattr(v, "_meta") else v) for k, v in values.items()}
    path = explicit_path or pattern.build(values)
    query = QUERY[case.key](w) if case.key in QUERY else ""
    return Request(path, query, target, values)
