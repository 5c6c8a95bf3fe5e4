"""What may be uploaded: size limits and an allowlist of document types, checked by content.

Wagtail's document form gets ``DocumentForm`` as its base (``WAGTAILDOCS_DOCUMENT_FORM_BASE``),
so the admin's single and multiple upload both refuse, with a message in the user's language:

- a file larger than ``DOCUMENT_MAX_UPLOAD_SIZE`` (default 20 MB; images have Wagtail's own
  ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, default 10 MB here);
- a file whose name does not end in an allowed extension (``WAGTAILDOCS_EXTENSIONS``);
- a file whose content is not what its name says: the magic bytes are read with the kept
  ``filetype`` library (a renamed ``.exe`` is not a PDF), and text formats must be text.
"""

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# extension → the content kinds ``filetype`` may report for it. OOXML and ODF files are ZIP
# archives; some writers produce files that ``filetype`` only recognises as ZIP.
BINARY_TYPES = {
    "pdf": {"pdf"},
    "doc": {"doc"},
    "xls": {"xls"},
    "ppt": {"ppt"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "ods": {"ods", "zip"},
    "odp": {"odp", "zip"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "zip": {"zip"},
}
TEXT_TYPES = {"txt", "csv", "md", "ics"}
DOCUMENT_EXTENSIONS = sorted({*BINARY_TYPES, *TEXT_TYPES})
SNIFF_BYTES = 8192


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    return head


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def content_matches(upload, ext: str) -> bool:
    """Does the content of ``upload`` look like a file of type ``ext``?"""
    head = _head(upload)
    kind = filetype.guess(head)
    if ext in TEXT_TYPES:
        return kind is None and _is_text(head)
    return kind is not None and kind.extension in BINARY_TYPES.get(ext, set())


def validate_document(upload) -> None:
    """Raise ``ValidationError`` (translated) unless ``upload`` may be stored as a document."""
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise forms.ValidationError(
            _("This file is too large (%(size)s). Documents may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or DOCUMENT_EXTENSIONS
    ext = extension(upload.name)
    if ext not in allowed:
        raise forms.ValidationError(
            _("Files of this type cannot be uploaded. Allowed are: %(extensions)s."),
            code="file_type_not_allowed",
            params={"extensions": ", ".join(allowed)},
        )
    if not content_matches(upload, ext):
        raise forms.ValidationError(
            _(
                "The content of this file does not match its name (.%(extension)s). "
                "Please upload the original file."
            ),
            code="file_content_mismatch",
            params={"extension": ext},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the size limit and the content check."""

    def add_error(self, field, error):
        """Errors of fields the form does not show (Wagtail's "create from upload" edit form
        has no ``file`` field, yet the model still checks the file's extension) are shown as
        form errors instead of failing with a ValueError (a 500)."""
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is None and hasattr(error, "error_dict"):
            remapped = {}
            for name, errors in error.error_dict.items():
                key = name if name in self.fields or name == NON_FIELD_ERRORS else NON_FIELD_ERRORS
                remapped.setdefault(key, []).extend(errors)
            error = ValidationError(remapped)
        elif field is not None and field not in self.fields:
            field = None
        super().add_error(field, error)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # On edit without a new file, the stored file is kept and not checked again.
        if upload and hasattr(upload, "content_type"):
            validate_document(upload)
        return upload
