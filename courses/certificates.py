"""The certificate PDF, drawn with fpdf2's built-in fonts.

The built-in PDF fonts need no font file, so a fresh machine with only the Python packages
can make certificates. They cover Windows-1252 (German umlauts, sharp s, curly quotes, en
dash, euro); any other character is transliterated or replaced so no name can break the PDF.
"""

import unicodedata

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

PDF_ENCODING = "windows-1252"
GREEN = (29, 107, 47)
DARK = (18, 64, 28)
INK = (26, 26, 26)
# Letters without a Unicode decomposition to a Latin base letter.
SPECIAL = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"})


def pdf_text(text: str) -> str:
    """Return ``text`` reduced to what the built-in fonts can show."""
    result = []
    for char in str(text).translate(SPECIAL):
        try:
            char.encode(PDF_ENCODING)
            result.append(char)
        except UnicodeEncodeError:
            ascii_form = (
                unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            )
            result.append(ascii_form or "?")
    return "".join(result)


def render_certificate_pdf(certificate) -> bytes:
    language = getattr(certificate.user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _render(certificate)


def _render(certificate) -> bytes:
    programme = getattr(settings, "WAGTAIL_SITE_NAME", "Klimapaten")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_title(pdf_text(_("Certificate") + f" {certificate.code}"))
    pdf.set_author(pdf_text(programme))
    pdf.set_creator(pdf_text(programme))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 40

    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    def line(text, size, style="", color=INK, height=None, gap=0):
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(width, height or size * 0.55, pdf_text(text), align="C")
        if gap:
            pdf.ln(gap)

    pdf.set_y(28)
    line(programme, 16, "B", GREEN, gap=6)
    line(_("Certificate"), 34, "B", DARK, gap=8)
    line(_("This is to certify that"), 14, gap=4)
    line(certificate.holder_name, 26, "B", INK, gap=4)
    line(_("has successfully completed the course"), 14, gap=4)
    line(certificate.course_title, 20, "B", DARK, gap=8)
    issued = formats.date_format(certificate.issued_on, "DATE_FORMAT")
    line(_("Issued on %(date)s") % {"date": issued}, 13, gap=14)

    pdf.set_y(pdf.h - 48)
    line(_("Verification code: %(code)s") % {"code": certificate.code}, 12, "B")
    line(
        _("Check this certificate at %(url)s") % {"url": certificate.get_absolute_verify_url()},
        10,
    )
    return bytes(pdf.output())
