"""Import (or update) the official municipal directory from a Destatis extract."""

import time

from django.core.management.base import BaseCommand, CommandError

from municipalities.importer import (
    DirectoryError,
    DirectoryImport,
    missing_from_file,
    parse,
    read_rows,
)

DETAIL_LIMIT = 20


class Command(BaseCommand):
    help = (
        "Import the Destatis municipal directory extract (AuszugGV, CSV or XLSX). "
        "Upserts states, districts and municipalities by their official keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV or XLSX file as published by Destatis")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change without writing anything",
        )

    def handle(self, path, dry_run=False, verbosity=1, **options):
        started = time.monotonic()
        self.stdout.write(f"Reading {path} …")
        try:
            directory = parse(read_rows(path))
        except DirectoryError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        self.stdout.write(
            f"Read {len(directory.states)} states, {len(directory.districts)} districts, "
            f"{len(directory.municipalities)} municipalities "
            f"({directory.skipped} other records skipped)."
        )
        for place in directory.without_district:
            self.stdout.write(f"{place}: outside any district (imported without one).")
        self.stdout.flush()
        results = DirectoryImport(directory, progress=self._progress).run(dry_run=dry_run)

        limit = None if verbosity >= 2 else DETAIL_LIMIT
        for changes in results:
            if not changes.details or verbosity == 0:
                continue
            shown = changes.details if limit is None else changes.details[:limit]
            self.stdout.write(f"{changes.label}{' that would change' if dry_run else ''}:")
            for detail in shown:
                self.stdout.write(f"  {detail}")
            if len(shown) < len(changes.details):
                self.stdout.write(
                    f"  … and {len(changes.details) - len(shown)} more (use -v 2 to list all)"
                )
        missing = missing_from_file(directory)
        if missing:
            self.stdout.write(
                f"{missing} municipalities in the database are not in the file; they are kept."
            )
        elapsed = time.monotonic() - started
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Dry run: nothing was written ({elapsed:.1f} s).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Import finished in {elapsed:.1f} s."))

    def _progress(self, message):
        self.stdout.write(message)
        self.stdout.flush()
