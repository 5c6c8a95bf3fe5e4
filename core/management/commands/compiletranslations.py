"""Compile every ``.po`` catalogue to ``.mo`` without GNU gettext.

``make run`` must work on a machine with Python and nothing else, and Django's
``compilemessages`` needs the ``msgfmt`` program; Babel reads and writes the same formats.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po translation catalogues to .mo files (no gettext needed)."
    requires_system_checks = []

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        roots += [Path(settings.BASE_DIR) / app / "locale" for app in settings.PROJECT_APPS]
        compiled = 0
        for root in roots:
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                try:
                    with po_path.open("rb") as po_file:
                        catalog = read_po(po_file)
                except Exception as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                compiled += 1
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(self.style.SUCCESS(f"{compiled} catalogue(s) compiled."))
