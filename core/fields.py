"""Model fields shared by every app."""

from django.db import models

from core.sanitize import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A text field for HTML that users write: cleaned by ``core.sanitize`` on every save.

    The model itself guarantees that what is stored passed the one sanitiser, whichever code
    path set the value (a service, the shell, a data migration, ``bulk_create``). Only
    ``QuerySet.update()`` bypasses ``pre_save``; do not write user HTML with it. Templates
    still show the value through ``|sanitized`` (defence in depth for rows stored before).
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
