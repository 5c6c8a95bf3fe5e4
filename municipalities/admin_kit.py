"""The one scoped-admin kit: every Wagtail admin screen of region-owned data, in every app.

A model is *region-owned* when its default manager has ``managed_by`` (or ``visible_to``): the
scoping layer (``municipalities/scoping.py``, ``coaching/scoping.py``) decides who may see it.
Wagtail's generic views check model permissions only and then load any row by its id (edit,
delete, copy, inspect, history, usage, the choosers, bulk actions), so this kit puts the scope
in front of every lookup:

- ``ScopedSnippetViewSet`` / ``ScopedModelViewSet``: the only way to register region-owned data.
  On construction they wrap *every* view class of the viewset (also ones a subclass sets), so
  the listing is filtered and each object view answers 404 for an object outside
  ``managed_by(user)`` before Wagtail loads it; the permission policy checks the same scope per
  object (buttons, the admin URL finder, copy), and the choosers list and return only what the
  user manages.
- Every form of those views, and every filter of their listings, offers only what the user may
  see: a choice field for a region-owned model is limited to ``managed_by(user)``, one for
  people to ``people_managed_by(user)``; a forged id is refused by the field ("select a valid
  choice") and nothing is saved.
- ``ScopedDeleteBulkAction`` replaces Wagtail's snippet bulk delete: ids outside the scope are
  not loaded (so their names appear nowhere) and "select all" means all of the user's own.
- ``check_region_owned_admin`` (a system check, ``municipalities.E001``–``E004``) fails when a
  region-owned model is registered in the admin without the kit, so a viewset added later
  cannot forget the scope.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from core.models import BOOKKEEPING_FIELDS
from municipalities.scoping import people_managed_by

# The scope ------------------------------------------------------------------------------------


def is_region_owned(model) -> bool:
    """Does the scoping layer decide who sees rows of ``model``?"""
    manager = getattr(model, "_default_manager", None)
    return hasattr(manager, "managed_by") or hasattr(manager, "visible_to")


def admin_scope(model, user):
    """The rows of a region-owned ``model`` that ``user`` may handle in the admin."""
    manager = model._default_manager
    if not hasattr(manager, "managed_by"):
        raise ImproperlyConfigured(
            f"{model.__name__} is region-owned but its manager has no managed_by(user)."
        )
    return manager.managed_by(user)


# Scopes that higher layers contribute for their models (``register_choice_scope``): the
# courses app, for example, limits choices of pages to those the user may edit or see.
CHOICE_SCOPES = []


def register_choice_scope(base_model, scope):
    """Choice fields for ``base_model`` (or a subclass) offer ``scope(model, user)``."""
    CHOICE_SCOPES.append((base_model, scope))


def choice_scope(model, user):
    """What a choice field for ``model`` may offer ``user`` (None: not limited)."""
    for base_model, scope in CHOICE_SCOPES:
        if issubclass(model, base_model):
            return scope(model, user)
    if is_region_owned(model):
        return admin_scope(model, user)
    if issubclass(model, get_user_model()):
        return people_managed_by(user)
    return None


def scope_choice_field(field, user) -> None:
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return
    scoped = choice_scope(queryset.model, user)
    if scoped is not None:
        # Setting the queryset also resets the widget's choices.
        field.queryset = queryset.filter(pk__in=scoped.values("pk"))


def scope_form(form, user):
    """Limit every choice field of ``form`` (and of its inline formsets) to what ``user`` sees."""
    if getattr(form, "_kit_scoped", False):
        return form
    form._kit_scoped = True
    for field in form.fields.values():
        scope_choice_field(field, user)
    for formset in getattr(form, "formsets", {}).values():
        for child in [*formset.forms, formset.empty_form]:
            scope_form(child, user)
    return form


class ScopedAdminForm(WagtailAdminModelForm):
    """The base form of region-owned data: choices limited to what ``for_user`` may see.

    The small scoped choices (region, participation, series) are plain selects instead of
    choosers, so the editor sees at once what they may pick.
    """

    select_fields = ("region", "participation", "series")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        participation = self.fields.get("participation")
        if participation is not None and hasattr(participation, "queryset"):
            participation.queryset = participation.queryset.select_related("municipality")
        scope_form(self, self.for_user)
        for name in self.select_fields:
            field = self.fields.get(name)
            if field is not None and hasattr(field, "queryset"):
                field.widget = forms.Select(choices=field.choices)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions of the role groups, limited to the objects ``managed_by`` the user."""

    def _scope(self, user):
        return admin_scope(self.model, user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self._scope(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions)
            and self._scope(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if self.user_has_permission(user, action):
            return self._scope(user)
        return self.model._default_manager.none()

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self._scope(user)
        return self.model._default_manager.none()


# View mixins ----------------------------------------------------------------------------------


class ScopedViewMixin:
    """Marks a view class as wrapped by the kit."""

    def scoped_queryset(self):
        return admin_scope(self.model, self.request.user)


class ScopedObjectMixin(ScopedViewMixin):
    """An object outside the user's scope is a 404, checked before Wagtail loads it.

    The check runs first, so a view that would answer 403 or render the object's name
    (copy, delete confirmation, history breadcrumbs) never gets that far.
    """

    def get_object(self, *args, **kwargs):
        if not getattr(self, "_kit_scope_checked", False):
            pk = unquote(str(self.kwargs[getattr(self, "pk_url_kwarg", "pk")]))
            try:
                inside = self.scoped_queryset().filter(pk=pk).exists()
            except (ValueError, ValidationError, OverflowError):
                inside = False
            if not inside:
                raise Http404
            self._kit_scope_checked = True
        return super().get_object(*args, **kwargs)


class ScopedListingMixin(ScopedViewMixin):
    """The listing (and its export) holds only the user's rows; filters offer only those."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(pk__in=self.scoped_queryset().values("pk"))

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            scope_form(filterset.form, self.request.user)
        return filterset


class ScopedFormMixin(ScopedViewMixin):
    """Create, edit and copy forms offer only what the user may see; forged ids are refused."""

    def get_form(self, *args, **kwargs):
        return scope_form(super().get_form(*args, **kwargs), self.request.user)


class ScopedChooseMixin(ScopedViewMixin):
    def scoped_queryset(self):
        return admin_scope(self.model_class, self.request.user)

    def get_object_list(self):
        return self.scoped_queryset()


class ScopedChosenMixin(ScopedChooseMixin):
    def get_object(self, pk):
        try:
            return self.scoped_queryset().get(pk=pk)
        except (ValueError, ValidationError, OverflowError) as error:
            raise ObjectDoesNotExist from error

    def get_objects(self, pks):
        try:
            return list(self.scoped_queryset().filter(pk__in=pks))
        except (ValueError, ValidationError, OverflowError) as error:
            raise Http404 from error


def inspect_fields(model) -> list[str]:
    """The fields Wagtail's inspect view shows by default, the bookkeeping ones after the
    model's own (before its many-to-many fields), where each model used to declare them."""
    fields = [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and (not field.is_relation or (not field.auto_created and field.related_model))
    ]
    bookkeeping = [name for name in BOOKKEEPING_FIELDS if any(f.name == name for f in fields)]
    own = [f.name for f in fields if f.name not in BOOKKEEPING_FIELDS and not f.many_to_many]
    many = [f.name for f in fields if f.many_to_many]
    return own + bookkeeping + many


def _wrap(view_class, mixin):
    if view_class is None or issubclass(view_class, mixin):
        return view_class
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {})


# Which mixin goes in front of which view of a viewset.
OBJECT_VIEWS = (
    "edit_view_class",
    "delete_view_class",
    "copy_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "reorder_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
)
FORM_VIEWS = ("add_view_class", "edit_view_class", "copy_view_class")
LISTING_VIEWS = ("index_view_class",)
CHOOSE_VIEWS = ("choose_view_class", "choose_results_view_class")
CHOSEN_VIEWS = ("chosen_view_class", "chosen_multiple_view_class")
CHOOSER_FORM_VIEWS = ("create_view_class",)


def _wrap_views(viewset, names, mixin):
    for name in names:
        view_class = getattr(viewset, name, None)
        if isinstance(view_class, type):
            setattr(viewset, name, _wrap(view_class, mixin))


# Viewsets -------------------------------------------------------------------------------------


class CreationFormRequiredMixin:
    """A chooser without a creation form answers 404 to a POST (Wagtail's view fails with 500)."""

    def post(self, request, *args, **kwargs):
        if not self.get_creation_form_class():
            raise Http404
        return super().post(request, *args, **kwargs)


class GuardedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """A snippet chooser whose create view answers 404 while it has no creation form.

    The base of every snippet chooser of the project (``municipalities.E004`` checks it).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _wrap_views(self, CHOOSER_FORM_VIEWS, CreationFormRequiredMixin)


class ScopedChooserViewSet(GuardedSnippetChooserViewSet):
    """Choosers (list, results, chosen, chosen-multiple) of what the user manages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _wrap_views(self, CHOOSE_VIEWS, ScopedChooseMixin)
        _wrap_views(self, CHOSEN_VIEWS, ScopedChosenMixin)
        _wrap_views(self, CHOOSER_FORM_VIEWS, ScopedFormMixin)


class ScopedViewSetMixin:
    """Everything a viewset of region-owned data needs; see the module docstring."""

    kit_scoped = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_region_owned(self.model):
            raise ImproperlyConfigured(
                f"{type(self).__name__}: {self.model.__name__} has no scope (managed_by)."
            )
        admin_scope(self.model, None)  # fails early if managed_by is missing
        _wrap_views(self, LISTING_VIEWS, ScopedListingMixin)
        _wrap_views(self, FORM_VIEWS, ScopedFormMixin)
        _wrap_views(self, OBJECT_VIEWS, ScopedObjectMixin)

    def get_queryset(self, request):
        return admin_scope(self.model, request.user)

    def get_inspect_view_kwargs(self, **kwargs):
        kwargs = super().get_inspect_view_kwargs(**kwargs)
        if not kwargs["fields"]:
            kwargs["fields"] = inspect_fields(self.model)
        return kwargs

    def register_permissions(self):
        register_permission_policy(self.model, ScopedPermissionPolicy(self.model))
        super().register_permissions()


class ScopedSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    """The base of every snippet viewset of region-owned data."""

    add_to_admin_menu = False
    search_backend_name = None
    chooser_viewset_class = ScopedChooserViewSet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not issubclass(self.chooser_viewset_class, ScopedChooserViewSet):
            raise ImproperlyConfigured(
                f"{type(self).__name__}.chooser_viewset_class must be a ScopedChooserViewSet."
            )


class ScopedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    """The base of every (non-snippet) model viewset of region-owned data."""

    search_backend_name = None


# Bulk actions ---------------------------------------------------------------------------------


class ScopedBulkActionMixin:
    """Bulk actions on region-owned snippets load only the user's objects.

    Wagtail loads every id in the query string and lists those without permission by name on
    the confirmation page; here ids outside the scope are never loaded.
    """

    def _scope(self, model):
        if is_region_owned(model):
            return admin_scope(model, self.request.user)
        return model._default_manager.all()

    def get_queryset(self, model, object_ids):
        try:
            objects = list(self._scope(model).filter(pk__in=list(object_ids)))
        except (ValueError, ValidationError, OverflowError) as error:
            raise Http404 from error
        if not objects:
            raise Http404
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        return self._scope(self.model).values_list("pk", flat=True)


class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    pass


# The system check -----------------------------------------------------------------------------


def _chooser_create_is_safe(viewset) -> bool:
    """Wagtail's snippet chooser create view calls ``is_valid()`` on a form it assumes exists
    (image and document choosers bring their own upload forms)."""
    if not isinstance(viewset, snippet_chooser.SnippetChooserViewSet):
        return True
    return issubclass(viewset.create_view_class, CreationFormRequiredMixin)


def check_region_owned_admin(app_configs=None, **kwargs):
    """Every admin viewset, chooser and bulk action of a region-owned model uses the kit."""
    # here, not at the top: importing wagtail.admin.urls runs every register_admin_urls hook
    # once, and the wagtail_hooks modules that import this kit would still be half loaded
    import wagtail.admin.urls  # noqa: F401 -- registers every viewset (hooks included) once

    errors = []
    for viewset in viewsets.viewsets:
        if not _chooser_create_is_safe(viewset):
            errors.append(
                checks.Error(
                    f"The snippet chooser {type(viewset).__name__} ({viewset.name}) lets a POST "
                    "reach Wagtail's create view, which fails with a 500 without a creation "
                    "form.",
                    hint="Derive it from municipalities.admin_kit.GuardedSnippetChooserViewSet "
                    "(set chooser_viewset_class on the snippet viewset).",
                    obj=type(viewset),
                    id="municipalities.E004",
                )
            )
        model = getattr(viewset, "model", None)
        if not isinstance(model, type) or not is_region_owned(model):
            continue
        if isinstance(viewset, ChooserViewSet):
            ok = isinstance(viewset, ScopedChooserViewSet)
            code, kind = "municipalities.E002", "chooser"
        else:
            ok = isinstance(viewset, ScopedViewSetMixin)
            code, kind = "municipalities.E001", "viewset"
        if not ok:
            errors.append(
                checks.Error(
                    f"The admin {kind} {type(viewset).__name__} shows the region-owned model "
                    f"{model._meta.label} without the scoped-admin kit.",
                    hint="Derive it from municipalities.admin_kit.ScopedSnippetViewSet "
                    "(or ScopedModelViewSet / ScopedChooserViewSet).",
                    obj=type(viewset),
                    id=code,
                )
            )
        for action_class in bulk_action_registry.get_bulk_actions_for_model(
            model._meta.app_label, model._meta.model_name
        ):
            if not issubclass(action_class, ScopedBulkActionMixin):
                errors.append(
                    checks.Error(
                        f"The bulk action {action_class.__name__} loads {model._meta.label} "
                        "objects without the scope.",
                        hint="Mix in municipalities.admin_kit.ScopedBulkActionMixin.",
                        obj=action_class,
                        id="municipalities.E003",
                    )
                )
    return errors


def admin_view(view):
    """A scoped replacement of a Wagtail admin view, guarded as Wagtail guards its own."""
    return never_cache(require_admin_access(view))
