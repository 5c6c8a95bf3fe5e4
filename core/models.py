"""Shared abstract base models: the bookkeeping fields every app declares the same way.

``CreatedModel`` / ``UpdatedModel`` / ``TimeStampedModel`` give ``created`` (set once) and
``updated`` (set on every save); ``CreatedByModel`` gives ``created_by``, the user who made the
row (kept empty when that user is deleted). Models keep their own ``Meta``: these bases add
fields only. Fields inherited from an abstract base come first in ``_meta.fields`` (Django
orders fields by creation); views that list a model's fields in order put ``BOOKKEEPING_FIELDS``
last (the scoped admin kit's inspect views do), as they stood when each model declared them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BOOKKEEPING_FIELDS = ("created_by", "created", "updated")


class CreatedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class UpdatedModel(models.Model):
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TimeStampedModel(CreatedModel, UpdatedModel):
    class Meta:
        abstract = True


class CreatedByModel(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
