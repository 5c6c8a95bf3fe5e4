"""Hostile or broken input answers 400 with a message in the user's language, never a 500.

Two layers, so that URLs and forms added later are covered without anyone remembering to:

1. ``IdConverter`` (``<id:pk>``, registered in ``config/urls.py``): a database id in a path is
   1–18 digits, so it always fits a 64-bit column; longer ones are a 404 from the resolver
   before any view runs. ``tests/input/test_bad_input.py`` fails when a project URL uses
   ``<int:…>`` instead.
2. ``BadInputMiddleware``: what still reaches a view from the query string, a form or a
   Wagtail ``<str:pk>`` URL and makes the database layer give up is answered 400:

   - ``OverflowError`` (an int too large for SQLite, a date pushed past year 1 or 9999),
   - ``DataError`` with a PostgreSQL "data exception" (class 22: numeric value out of range,
     invalid text representation, value too long, datetime overflow),
   - ``ValidationError`` / ``ValueError`` raised while a model field converts a lookup value
     (``?person=abc`` → "Field 'id' expected a number"),
   - ``BadRequest`` raised by a view with its own message,
   - ``MultiValueDictKeyError``: a form value the view requires is missing (a StreamField POST
     without its ``-count`` field, a formset without its management form).

   The view's own ``transaction.atomic`` blocks have been rolled back by the time the
   exception arrives here, so nothing changed; the response is rendered without touching the
   database again if the connection is in a failed transaction (PostgreSQL after DataError).
   Every case is logged as a warning with its traceback, so a programming error is not hidden.

The middleware belongs at the end of ``MIDDLEWARE`` (nearest the view, so it sees the view's
exceptions before any other ``process_exception``).
"""

import logging
import os

from django.core.exceptions import BadRequest, ValidationError
from django.db import DatabaseError, DataError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger("core.badinput")

ID_MAX_DIGITS = 18
FIELD_CONVERSIONS = {"get_prep_value", "to_python", "get_db_prep_value"}
_FIELDS_MODULE = os.path.join("django", "db", "models", "fields")

MESSAGES = {
    "value": gettext_lazy(
        "A value in the address or in the form is not valid (for example a number that is "
        "too large, a date outside 1900–2200 or text where a number belongs). Nothing has "
        "been changed."
    ),
    "missing": gettext_lazy(
        "The form was sent incompletely. Nothing has been changed; please reload the page "
        "and try again."
    ),
}


class IdConverter:
    """A database id: 1 to 18 digits (always within a signed 64-bit integer)."""

    regex = f"[0-9]{{1,{ID_MAX_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


def _innermost_code(exception):
    traceback = exception.__traceback__
    innermost = None
    while traceback is not None:
        innermost = traceback
        traceback = traceback.tb_next
    return None if innermost is None else innermost.tb_frame.f_code


def _raised_by_field_conversion(exception) -> bool:
    """Was ``exception`` raised by a model field converting a lookup or form value?"""
    code = _innermost_code(exception)
    return (
        code is not None
        and _FIELDS_MODULE in code.co_filename
        and code.co_name in FIELD_CONVERSIONS
    )


def _raised_reading_a_form(exception) -> bool:
    """Was ``exception`` raised by a widget reading the submitted data (Django's widgets,
    Wagtail's blocks: ``int(data["body-count"])`` on a count that is not a number)?"""
    code = _innermost_code(exception)
    return code is not None and code.co_name == "value_from_datadict"


def _is_data_exception(exception) -> bool:
    """A PostgreSQL "data exception" (SQLSTATE class 22), or any DataError elsewhere."""
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate is None or str(sqlstate).startswith("22")


def classify(exception) -> str | None:
    """The kind of bad input behind ``exception``, or None if it is not bad input."""
    if isinstance(exception, BadRequest):
        return "request"
    if isinstance(exception, MultiValueDictKeyError):
        return "missing"
    if isinstance(exception, (KeyError, ValueError, TypeError)) and _raised_reading_a_form(
        exception
    ):
        return "missing"
    if isinstance(exception, OverflowError):
        return "value"
    if isinstance(exception, DataError) and _is_data_exception(exception):
        return "value"
    if isinstance(exception, (ValidationError, ValueError, TypeError)) and (
        _raised_by_field_conversion(exception)
    ):
        return "value"
    return None


def form_status(request, *forms) -> int:
    """400 for a POST whose forms were refused (the page shows why), else 200."""
    refused = request.method == "POST" and any(form.is_bound and form.errors for form in forms)
    return 400 if refused else 200


def bad_request(request, message) -> HttpResponse:
    response = TemplateResponse(request, "400.html", {"message": message}, status=400)
    try:
        response.render()
    except DatabaseError:
        # PostgreSQL refuses every query until the failed transaction is rolled back (only
        # inside an outer atomic block, e.g. a test): answer without the page frame.
        response = HttpResponse(
            f"<!doctype html><title>{escape(_('Bad request'))}</title>"
            f"<h1>{escape(_('Bad request'))}</h1><p>{escape(message)}</p>",
            status=400,
        )
    return response


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = classify(exception)
        if kind is None:
            return None
        if kind == "request":
            # Views raise BadRequest with a message of their own.
            return bad_request(request, str(exception) or MESSAGES["value"])
        logger.warning(
            "Bad input on %s %s: %r", request.method, request.path, exception, exc_info=exception
        )
        return bad_request(request, MESSAGES[kind])
