"""Read the Destatis municipal directory extract (Gemeindeverzeichnis-Auszug) and upsert it.

Two forms of the same extract are understood: the CSV export (UTF-8 with or without a
byte-order mark, comma or semicolon separated, German number formats) and the official XLSX
workbook (the sheet holding the record rows is found by its content). Both have the same
20 columns in the same order; see ``COLUMNS``.

The whole file is parsed and validated before anything is written, so a malformed row stops
the import with its line number and leaves the database as it was. Writing happens in one
transaction with bulk inserts and updates (fast enough for all ~11,000 municipalities).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from openpyxl import load_workbook

from municipalities.models import District, FederalState, Municipality
from municipalities.states import FEDERAL_STATES, SHORT_BY_CODE

COLUMNS = [
    "satzart",
    "textkennzeichen",
    "land",
    "rb",
    "kreis",
    "vb",
    "gemeinde",
    "gemeindename",
    "flaeche",
    "bevoelkerung",
    "maennlich",
    "weiblich",
    "jekm2",
    "postleitzahl",
    "laengengrad",
    "breitengrad",
    "schluessel",
    "bezeichnung",
    "verstaedterungschluessel",
    "verstaedterungbezeichnung",
]
# Only the first 16 columns matter; trailing ones (travel region, urbanisation) may be missing.
REQUIRED_COLUMNS = 16
STATE, DISTRICT, MUNICIPALITY = "10", "40", "60"
KNOWN_RECORD_TYPES = {"10", "20", "30", "40", "50", "60"}
DISTRICT_KINDS = {"41", "42", "43", "44", "45"}
MUNICIPALITY_KINDS = {"60", "61", "62", "63", "64", "65", "66", "67"}
BATCH_SIZE = 1000

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class DirectoryError(Exception):
    """A problem with the file; ``line`` is the 1-based line (CSV) or row (XLSX)."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# Reading ----------------------------------------------------------------------------------


def read_rows(path: str | Path):
    """Yield ``(line_number, cells)`` for every record row of a CSV or XLSX file."""
    path = Path(path)
    if not path.exists():
        raise DirectoryError(f"file not found: {path}")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from _read_xlsx(path)
    else:
        yield from _read_csv(path)


def _read_csv(path: Path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # strips the byte-order mark if there is one
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # older exports from Windows tools
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if line == 1 and cells[0].strip().lower().lstrip("\ufeff") == "satzart":
            continue  # header
        yield line, cells


def _read_xlsx(path: Path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for broken files
        raise DirectoryError(f"cannot open the workbook: {error}") from error
    try:
        sheet = _record_sheet(workbook)
        if sheet is None:
            raise DirectoryError("no sheet with directory records (record type 10-60) found")
        started = False
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if value is None else _cell_text(value) for value in values]
            first = cells[0].strip() if cells else ""
            if first in KNOWN_RECORD_TYPES:
                started = True
                yield number, cells
            elif started and first.isdigit():
                raise DirectoryError(f"unknown record type {first!r}", number)
            # else: title, header, column-number and footnote rows of the official layout
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _record_sheet(workbook):
    for sheet in workbook.worksheets:
        for values in sheet.iter_rows(max_row=30, max_col=3, values_only=True):
            if values and values[0] is not None and _cell_text(values[0]).strip() == STATE:
                return sheet
    return None


# Parsing ----------------------------------------------------------------------------------


@dataclass
class Directory:
    states: dict[str, dict] = field(default_factory=dict)
    districts: dict[str, dict] = field(default_factory=dict)
    municipalities: dict[str, dict] = field(default_factory=dict)
    skipped: int = 0
    without_district: list[str] = field(default_factory=list)


def _key(cells, index, width, name, line, required=True) -> str:
    value = cells[index].strip()
    if not value:
        if required:
            raise DirectoryError(f"the {name} key is empty", line)
        return ""
    if not value.isdigit() or len(value) > width:
        raise DirectoryError(f"the {name} key {value!r} is not a {width}-digit number", line)
    return value.zfill(width)


def parse_int(value: str, name: str, line: int) -> int | None:
    text = _SPACES.sub("", value or "")
    if not text:
        return None
    text = text.replace(".", "")  # German thousands separator
    if not text.isdigit():
        raise DirectoryError(f"{name} {value.strip()!r} is not a whole number", line)
    return int(text)


def parse_decimal(value: str, name: str, line: int) -> Decimal | None:
    text = _SPACES.sub("", value or "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # 1.234,56 -> 1234.56
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DirectoryError(f"{name} {value.strip()!r} is not a number", line) from None
    if not number.is_finite():
        raise DirectoryError(f"{name} {value.strip()!r} is not a number", line)
    return number


def _coordinate(value, name, limit, line) -> float | None:
    number = parse_decimal(value, name, line)
    if number is None:
        return None
    if number == 0:
        return None  # the directory writes 0 for "no centre" (uninhabited areas)
    if abs(number) > limit:
        raise DirectoryError(f"{name} {value.strip()!r} is out of range", line)
    return float(number)


def parse(rows) -> Directory:
    """Validate every row and collect states, districts and municipalities by key."""
    directory = Directory()
    for line, cells in rows:
        cells = [str(cell) for cell in cells]
        record_type = cells[0].strip()
        if record_type not in KNOWN_RECORD_TYPES:
            raise DirectoryError(f"unknown record type {record_type!r}", line)
        if len(cells) < REQUIRED_COLUMNS:
            raise DirectoryError(
                f"expected at least {REQUIRED_COLUMNS} columns, found {len(cells)}", line
            )
        name = cells[7].strip()
        if not name:
            raise DirectoryError("the name is empty", line)
        land = _key(cells, 2, 2, "state", line)
        if record_type == STATE:
            if land not in SHORT_BY_CODE:
                raise DirectoryError(f"unknown state key {land!r}", line)
            _add(directory.states, land, {"name": name}, line)
        elif record_type == DISTRICT:
            kind = cells[1].strip()
            if kind and kind not in DISTRICT_KINDS:
                raise DirectoryError(f"unknown district type {kind!r}", line)
            ags = (
                land
                + _key(cells, 3, 1, "Regierungsbezirk", line)
                + _key(cells, 4, 2, "district", line)
            )
            _add(directory.districts, ags, {"name": name, "kind": kind, "state": land}, line)
        elif record_type == MUNICIPALITY:
            kind = cells[1].strip()
            if kind and kind not in MUNICIPALITY_KINDS:
                raise DirectoryError(f"unknown municipality type {kind!r}", line)
            rb = _key(cells, 3, 1, "Regierungsbezirk", line)
            kreis = _key(cells, 4, 2, "district", line)
            vb = _key(cells, 5, 4, "association", line, required=False) or "0000"
            gemeinde = _key(cells, 6, 3, "municipality", line)
            postal_code = _SPACES.sub("", cells[13])
            if postal_code and (not postal_code.isdigit() or len(postal_code) > 5):
                raise DirectoryError(f"postal code {cells[13].strip()!r} is not valid", line)
            area = parse_decimal(cells[8], "area", line)
            if area is not None:
                area = area.quantize(Decimal("0.01"))
            record = {
                "ars": land + rb + kreis + vb + gemeinde,
                "name": name,
                "kind": kind,
                "district": land + rb + kreis,
                "state": land,
                "population": parse_int(cells[9], "population", line),
                "area_km2": area,
                "postal_code": postal_code.zfill(5) if postal_code else "",
                "longitude": _coordinate(cells[14], "longitude", 180, line),
                "latitude": _coordinate(cells[15], "latitude", 90, line),
            }
            _add(directory.municipalities, land + rb + kreis + gemeinde, record, line)
        else:
            directory.skipped += 1
    _check_references(directory)
    return directory


def _add(bucket: dict, key: str, record: dict, line: int) -> None:
    if key in bucket:
        raise DirectoryError(f"key {key} appears twice (first on line {bucket[key]['line']})", line)
    record["line"] = line
    bucket[key] = record


def _check_references(directory: Directory) -> None:
    known_states = set(directory.states) | set(FederalState.objects.values_list("code", flat=True))
    known_districts = set(directory.districts) | set(District.objects.values_list("ags", flat=True))
    for ags, record in directory.districts.items():
        if record["state"] not in known_states:
            raise DirectoryError(f"district {ags}: unknown state {record['state']}", record["line"])
    for ags, record in list(directory.municipalities.items()):
        if record["district"] not in known_districts:
            if record["district"].endswith("000"):
                # Areas the directory places outside any district (coastal waters, the
                # German-Luxembourg condominium): key "00" for the district, no district record.
                record["district"] = None
                directory.without_district.append(f"{ags} {record['name']}")
                continue
            raise DirectoryError(
                f"municipality {ags}: district {record['district']} is neither in the file "
                "nor in the database",
                record["line"],
            )


# Planning and writing ---------------------------------------------------------------------


@dataclass
class Changes:
    label: str
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.label}: {len(self.create)} new, {len(self.update)} changed, "
            f"{self.unchanged} unchanged"
        )


def _diff(obj, values: dict, fields) -> list[str]:
    changed = []
    for name in fields:
        old = getattr(obj, name)
        new = values[name]
        if isinstance(old, float) and isinstance(new, float):
            if abs(old - new) < 1e-9:
                continue
        elif old == new:
            continue
        changed.append(name)
    return changed


def _plan(model, key_field, records: dict, to_values, fields, label) -> Changes:
    changes = Changes(label)
    existing = {getattr(obj, key_field): obj for obj in model.objects.all()}
    for key, record in records.items():
        values = to_values(record)
        obj = existing.get(key)
        if obj is None:
            changes.create.append(model(**{key_field: key}, **values))
            changes.details.append(f"{key} {record['name']}: new")
            continue
        changed = _diff(obj, values, fields)
        if not changed:
            changes.unchanged += 1
            continue
        described = ", ".join(
            f"{name} {getattr(obj, name)!s} -> {values[name]!s}" for name in changed
        )
        changes.details.append(f"{key} {obj.name}: {described}")
        for name in changed:
            setattr(obj, name, values[name])
        changes.update.append(obj)
    return changes


MUNICIPALITY_FIELDS = [
    "ars",
    "name",
    "kind",
    "district_id",
    "state_id",
    "population",
    "area_km2",
    "postal_code",
    "latitude",
    "longitude",
]


class DirectoryImport:
    """Compare a parsed ``Directory`` with the database and write the difference."""

    def __init__(self, directory: Directory, progress=None):
        self.directory = directory
        self.progress = progress or (lambda message: None)
        self.results: list[Changes] = []

    def run(self, dry_run: bool = False) -> list[Changes]:
        with transaction.atomic():
            states = _plan(
                FederalState,
                "code",
                self.directory.states,
                lambda r: {"name": r["name"]},
                ["name"],
                "states",
            )
            for obj in states.create:
                obj.short = SHORT_BY_CODE[obj.code]
            self._write(FederalState, states, ["name"], dry_run)
            state_ids = dict(FederalState.objects.values_list("code", "pk"))
            # In a dry run new states have no id yet; a placeholder keeps the comparison going.
            for code, _short, _name in FEDERAL_STATES:
                state_ids.setdefault(code, None)

            districts = _plan(
                District,
                "ags",
                self.directory.districts,
                lambda r: {"name": r["name"], "kind": r["kind"], "state_id": state_ids[r["state"]]},
                ["name", "kind", "state_id"],
                "districts",
            )
            self._write(District, districts, ["name", "kind", "state_id"], dry_run)
            district_ids = dict(District.objects.values_list("ags", "pk"))

            def municipality_values(record):
                return {
                    "ars": record["ars"],
                    "name": record["name"],
                    "kind": record["kind"],
                    "district_id": district_ids.get(record["district"]),
                    "state_id": state_ids[record["state"]],
                    "population": record["population"],
                    "area_km2": record["area_km2"],
                    "postal_code": record["postal_code"],
                    "latitude": record["latitude"],
                    "longitude": record["longitude"],
                }

            municipalities = _plan(
                Municipality,
                "ags",
                self.directory.municipalities,
                municipality_values,
                MUNICIPALITY_FIELDS,
                "municipalities",
            )
            self._write(Municipality, municipalities, MUNICIPALITY_FIELDS, dry_run)
            self.results = [states, districts, municipalities]
            if dry_run:
                transaction.set_rollback(True)
        return self.results

    def _write(self, model, changes: Changes, fields, dry_run: bool) -> None:
        self.progress(changes.summary() + (" (dry run)" if dry_run else ""))
        if dry_run:
            return
        total = len(changes.create)
        for start in range(0, total, BATCH_SIZE):
            model.objects.bulk_create(changes.create[start : start + BATCH_SIZE])
            self.progress(f"  {changes.label}: created {min(start + BATCH_SIZE, total)}/{total}")
        total = len(changes.update)
        for start in range(0, total, BATCH_SIZE):
            model.objects.bulk_update(changes.update[start : start + BATCH_SIZE], fields)
            self.progress(f"  {changes.label}: updated {min(start + BATCH_SIZE, total)}/{total}")


def missing_from_file(directory: Directory) -> int:
    """How many municipalities in the database the file does not contain (they are kept)."""
    known = set(Municipality.objects.values_list("ags", flat=True))
    return len(known - set(directory.municipalities))
