"""The Destatis importer on a small sample in the published format (CSV and XLSX)."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from municipalities.importer import COLUMNS, parse_decimal, parse_int
from municipalities.models import District, FederalState, Municipality

SAMPLE = Path(__file__).parent / "data" / "sample.csv"

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_municipalities", *map(str, args), stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="extract.csv", bom=True):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def sample_text():
    return SAMPLE.read_text(encoding="utf-8-sig")


def test_sample_file_starts_with_a_byte_order_mark():
    assert SAMPLE.read_bytes().startswith(b"\xef\xbb\xbf")


def test_import_reads_states_districts_and_municipalities():
    output = run(SAMPLE)

    assert District.objects.count() == 3
    assert Municipality.objects.count() == 5
    outside = Municipality.objects.get(ags="05000999")  # the directory places it in no district
    assert outside.district is None
    assert outside.population == 0
    assert outside.latitude is None  # "0,0" means no centre
    cochem = Municipality.objects.get(ags="07135020")
    assert cochem.name == "Cochem, Stadt"
    assert cochem.ars == "071355001020"
    assert cochem.kind == Municipality.Kind.TOWN
    assert cochem.district.name == "Cochem-Zell"
    assert cochem.district.kind == District.Kind.RURAL_DISTRICT
    assert cochem.state.short == "RP"
    assert cochem.population == 5240
    assert cochem.area_km2 == Decimal("21.18")
    assert cochem.postal_code == "56812"
    assert cochem.longitude == pytest.approx(7.16384)
    assert cochem.latitude == pytest.approx(50.144672)
    koeln = Municipality.objects.get(ags="05315000")
    assert koeln.population == 1087863  # thousands separated by spaces, no leading space
    assert koeln.state == FederalState.objects.get(short="NW")
    assert "05000999 Unbewohntes Testgebiet: outside any district" in output
    assert "municipalities: 5 new, 0 changed, 0 unchanged" in output
    assert "Import finished" in output


def test_second_import_changes_nothing():
    run(SAMPLE)
    output = run(SAMPLE)
    assert "municipalities: 0 new, 0 changed, 5 unchanged" in output
    assert Municipality.objects.count() == 5


def test_newer_extract_updates_names_and_populations_in_place(tmp_path):
    run(SAMPLE)
    pk = Municipality.objects.get(ags="07135020").pk
    newer = sample_text().replace(
        '"Cochem, Stadt", 21.18, 5 240', '"Cochem an der Mosel", 21.18, 5 301'
    )
    output = run(write(tmp_path, newer))

    cochem = Municipality.objects.get(ags="07135020")
    assert cochem.pk == pk
    assert cochem.name == "Cochem an der Mosel"
    assert cochem.population == 5301
    assert "municipalities: 0 new, 1 changed, 4 unchanged" in output
    assert "population 5240 -> 5301" in output


def test_dry_run_reports_changes_and_writes_nothing(tmp_path):
    run(SAMPLE)
    newer = sample_text().replace("Bruttig-Fankel, 19.80, 1 047", "Bruttig-Fankel, 19.80, 1 100")
    output = run(write(tmp_path, newer), "--dry-run")

    assert "municipalities: 0 new, 1 changed, 4 unchanged (dry run)" in output
    assert "07135003 Bruttig-Fankel: population 1047 -> 1100" in output
    assert "Dry run: nothing was written" in output
    assert Municipality.objects.get(ags="07135003").population == 1047


def test_dry_run_on_an_empty_database_creates_nothing():
    output = run(SAMPLE, "--dry-run")
    assert "municipalities: 5 new" in output
    assert Municipality.objects.count() == 0
    assert District.objects.count() == 0


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            '60,64,07,1,35,5001,003,Bruttig, 19.80, 1 0x7,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: population '1 0x7'",
        ),
        (
            "60,64,07,1,35,5001,003,Bruttig-Fankel, 19.80, 1 047,  531",
            "line 10: expected at least 16 columns",
        ),
        (
            '60,64,07,1,35,5001,,Bruttig-Fankel, 19.80, 1 047,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: the municipality key is empty",
        ),
        (
            '99,64,07,1,35,5001,003,Bruttig, 19.80, 1 047,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: unknown record type '99'",
        ),
        (
            '60,64,07,1,35,5001,003,, 19.80, 1 047,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: the name is empty",
        ),
        (
            '60,64,07,1,35,5001,003,Bruttig, 19.80, 1 047,  531,  516,  53,56814,"7,2","95,1"',
            "line 10: latitude '95,1' is out of range",
        ),
        (
            '60,64,07,1,35,5001,020,Doppelt, 19.80, 1 047,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: key 07135020 appears twice (first on line 9)",
        ),
        (
            '60,64,07,1,77,5001,003,Ohne Kreis, 19.80, 1 047,  531,  516,  53,56814,"7,2","50,1"',
            "line 10: municipality 07177003: district 07177",
        ),
    ],
)
def test_malformed_row_aborts_with_line_number_and_changes_nothing(tmp_path, broken, message):
    run(SAMPLE)
    before = list(Municipality.objects.order_by("ags").values_list("ags", "name", "population"))
    lines = sample_text().splitlines()
    assert lines[9].startswith("60,64,07,1,35,5001,003,Bruttig-Fankel")
    lines[9] = broken
    lines[5] = lines[5].replace("114 052", "999 999")  # a valid change that must not be written
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, "\n".join(lines)))

    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert (
        list(Municipality.objects.order_by("ags").values_list("ags", "name", "population"))
        == before
    )


def test_file_without_bom_and_with_semicolons_and_german_decimals(tmp_path):
    text = "\n".join(
        [
            ";".join(COLUMNS),
            "10;;07;;;;;Rheinland-Pfalz" + ";" * 12,
            "40;44;07;1;35;;;Cochem-Zell" + ";" * 12,
            "60;64;07;1;35;5001;3;Bruttig-Fankel;1.019,80;1.047;531;516;53;56814;7,2346;50,1342",
        ]
    )
    run(write(tmp_path, text, bom=False))
    bruttig = Municipality.objects.get(ags="07135003")  # short keys are zero-padded
    assert bruttig.area_km2 == Decimal("1019.80")
    assert bruttig.population == 1047
    assert bruttig.latitude == pytest.approx(50.1342)


def test_missing_file_gives_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        run(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" 90 164", 90164),
        ("1 087 863", 1087863),
        ("1.047", 1047),
        ("\u00a02\u00a0446", 2446),
        ("", None),
    ],
)
def test_parse_int_understands_german_thousands(value, expected):
    assert parse_int(value, "population", 1) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" 53.02", Decimal("53.02")), ("9,43751", Decimal("9.43751")), ("1.234,5", Decimal("1234.5"))],
)
def test_parse_decimal_understands_both_decimal_marks(value, expected):
    assert parse_decimal(value, "area", 1) == expected


def _xlsx(tmp_path, rows, *, cover=True):
    from openpyxl import Workbook

    workbook = Workbook()
    if cover:
        workbook.active.title = "Deckblatt"
        workbook.active.append(["Statistisches Bundesamt - Gemeindeverzeichnis"])
        sheet = workbook.create_sheet("Onlineprodukt_Gemeinden")
    else:
        sheet = workbook.active
    # The official layout: title rows, a header over several rows, a row of column numbers.
    sheet.append(["Gemeindeverzeichnis-Informationssystem GV-ISys"])
    sheet.append(["Satz-art", "Text-kenn-zeichen", "Amtlicher Regionalschlüssel (ARS)"])
    sheet.append(list(range(1, 21)))
    for row in rows:
        sheet.append(row)
    sheet.append(["1) Fußnote: Bevölkerung auf Grundlage des Zensus 2022"])
    path = tmp_path / "AuszugGV.xlsx"
    workbook.save(path)
    return path


XLSX_ROWS = [
    ["10", None, "07", None, None, None, None, "Rheinland-Pfalz"],
    ["40", "44", "07", "1", "35", None, None, "Cochem-Zell"],
    [
        "60",
        "63",
        "07",
        "1",
        "35",
        "5001",
        "020",
        "Cochem, Stadt",
        21.18,
        5240,
        2691,
        2549,
        247,
        "56812",
        "7,16384",
        "50,144672",
        "J10",
        "Mosel",
        "03",
        "gering besiedelt",
    ],
    # numbers as the workbook stores them: numeric cells, short keys without leading zeros
    [60, 64, 7, 1, 35, 5001, 3, "Bruttig-Fankel", 19.8, 1047, 531, 516, 53, 56814, 7.2346, 50.1342],
]


def test_import_official_xlsx_form(tmp_path):
    output = run(_xlsx(tmp_path, XLSX_ROWS))

    assert "municipalities: 2 new" in output
    cochem = Municipality.objects.get(ags="07135020")
    assert cochem.population == 5240
    assert cochem.area_km2 == Decimal("21.18")
    assert cochem.latitude == pytest.approx(50.144672)
    bruttig = Municipality.objects.get(ags="07135003")
    assert bruttig.ars == "071355001003"
    assert bruttig.postal_code == "56814"
    assert bruttig.longitude == pytest.approx(7.2346)


def test_malformed_xlsx_row_reports_its_row_number(tmp_path):
    rows = [*XLSX_ROWS[:3], [60, 64, 7, 1, 35, 5001, 3, "Bruttig-Fankel", 19.8, "viele"] + [""] * 6]
    with pytest.raises(CommandError, match=r"line 7: population 'viele' is not a whole number"):
        run(_xlsx(tmp_path, rows))
    assert not Municipality.objects.exists()


def test_xlsx_without_records_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(CommandError, match="no sheet with directory records"):
        run(path)
