"""The demo curriculum: realistic German courses, and some progress of the demo volunteer.

The content lives in ``courses/demo_data/``: ``sections.toml`` names the course sections and
their courses in order, one ``<course slug>.toml`` per course holds its modules, each module's
body a list of ``[[modules.body]]`` tables (``type`` plus the block's fields, or its ``value``).
This module only reads them and builds the pages below the parent the caller passes in.

Idempotent: pages are looked up by slug under their parent before they are created, the demo
image and document by title, progress rows by their natural keys.
"""

import io
import tomllib
from importlib import resources

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from fpdf import FPDF
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image

from accounts.demo import demo_user
from courses import editing
from courses.actions import record_visit, update_completion
from courses.blocks import ACTIVITY_TYPES
from courses.certificates import PDF_ENCODING, pdf_text
from courses.models import (
    ActivityProgress,
    Audience,
    Certificate,
    CourseIndexPage,
    CoursePage,
    ModulePage,
    ModuleProgress,
    QuizAttempt,
)
from courses.services import ensure_certificate_pdf
from municipalities.models import Region

# The curriculum ----------------------------------------------------------------------------

# What the data files leave out: the settings most demo blocks share.
BLOCK_DEFAULTS = {
    "heading": {"level": "h2"},
    "callout": {"kind": "tip"},
    "quiz": {"intro": "", "pass_mark": 70, "required": True},
    "checklist": {"intro": "", "required": True},
    "reflection": {"min_length": 40, "required": True},
    "mark_done": {"label_text": ""},
}
QUESTION_DEFAULTS = {"kind": "single"}
ANSWER_DEFAULTS = {"correct": False, "feedback": ""}


def read_data(name):
    """One TOML file of ``courses/demo_data/`` (sections, or one course with its modules)."""
    with resources.files(__package__).joinpath("demo_data", f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def stream_block(item, media):
    """A ``[[modules.body]]`` table as a stream block: ``type`` plus its ``value`` or fields.

    Image and document blocks get the demo image and document (``media`` maps the block type).
    """
    fields = dict(item)
    block_type = fields.pop("type")
    if "value" in fields:
        return (block_type, fields["value"])
    value = {**BLOCK_DEFAULTS.get(block_type, {}), **fields}
    if block_type in media:
        value[block_type] = media[block_type]
    if block_type == "quiz":
        value["questions"] = [
            {
                **QUESTION_DEFAULTS,
                **question,
                "answers": [{**ANSWER_DEFAULTS, **answer} for answer in question["answers"]],
            }
            for question in value["questions"]
        ]
    return (block_type, value)


# Media ---------------------------------------------------------------------------------------


def demo_image():
    title = "Demo: Beratung in der Gemeinde"
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    picture = PILImage.new("RGB", (1200, 600), (230, 242, 232))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((80, 380, 1120, 420), fill=(29, 107, 47))
    for x in (200, 450, 700, 950):
        draw.ellipse((x, 200, x + 120, 320), fill=(18, 64, 28))
        draw.rectangle((x + 20, 320, x + 100, 380), fill=(18, 64, 28))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="demo-beratung.png")
    )


def demo_document():
    title = "Demo: Maßnahmenkatalog für kleine Kommunen"
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    pdf = FPDF()
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(
        0,
        10,
        pdf_text("Maßnahmenkatalog für kleine Kommunen (Demo)"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 11)
    for line in (
        "1. LED-Umrüstung der Straßenbeleuchtung – Wirkung hoch, Förderung: Kommunalrichtlinie",
        "2. Energiecheck für kommunale Gebäude – Wirkung mittel, Aufwand gering",
        "3. Photovoltaik auf Dächern der Gemeinde – Wirkung hoch, wirtschaftlich",
        "4. Mitfahrbänke und Carsharing – sichtbar, günstig",
    ):
        pdf.multi_cell(0, 7, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    upload = SimpleUploadedFile(
        "massnahmenkatalog.pdf", bytes(pdf.output()), content_type="application/pdf"
    )
    return Document.objects.create(title=title, file=upload)


# Seeding -------------------------------------------------------------------------------------


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page, True
    return page, False


def seed(stdout, parent) -> None:
    """Build the course sections below ``parent`` (the home page, which the caller owns)."""
    media = {"image": demo_image(), "document": demo_document()}
    sections = {}
    courses = {}
    for spec in read_data("sections")["sections"]:
        region_slug = spec.get("region")
        region = _region(region_slug) if region_slug else None
        if region_slug and region is None:
            stdout.write(f"  no region {region_slug!r}: its course section is left out")
            continue
        section, created = _child(
            parent, CourseIndexPage, spec["slug"], title=spec["title"], intro=spec["intro"]
        )
        if region is not None and section.region_id != region.pk:
            section.region = region
            section.save_revision().publish()
        sections[spec["slug"]] = (section, spec["courses"])
        stdout.write(f"  course section {'created' if created else 'kept'}: {section.url}")
    for section, course_slugs in sections.values():
        for slug in course_slugs:
            course = _course(section, read_data(slug), media, stdout)
            courses[slug] = course
    editing.setup_all()
    _volunteer_progress(courses, stdout)


def _course(section, spec, media, stdout):
    course, created = _child(
        section,
        CoursePage,
        spec["slug"],
        title=spec["title"],
        audience=Audience(spec["audience"]),
        estimated_hours=spec["estimated_hours"],
        intro=spec["intro"],
        learning_goals=[("goal", goal) for goal in spec["learning_goals"]],
    )
    for module in spec["modules"]:
        _child(
            course,
            ModulePage,
            module["slug"],
            title=module["title"],
            intro=module["intro"],
            body=[stream_block(item, media) for item in module["body"]],
            estimated_minutes=20,
        )
    stdout.write(f"  course {'created' if created else 'kept'}: {spec['title']}")
    return course


def _region(slug):
    return Region.objects.filter(Q(slug=slug) | Q(slug="rlp")).order_by("pk").first()


def _complete(user, module, child):
    """Record a finished activity the way a submission would (quiz passed, all ticked, …)."""
    progress, _created = ActivityProgress.objects.get_or_create(
        user=user, module=module, block_id=child.id, defaults={"kind": child.block_type}
    )
    if progress.completed_at:
        return
    value = child.value
    if child.block_type == "quiz":
        answers = {
            q.id: [a.id for a in q.value["answers"].bound_blocks if a.value["correct"]]
            for q in value["questions"].bound_blocks
        }
        QuizAttempt.objects.create(
            progress=progress,
            revision_id=module.live_revision_id,
            answers=answers,
            score=100,
            passed=True,
        )
        progress.score = progress.best_score = 100
        progress.last_answers = answers
    elif child.block_type == "checklist":
        progress.checked_items = [item.id for item in value["items"].bound_blocks]
    elif child.block_type == "reflection":
        progress.reflection = "<p>Ich spreche zuerst mit unserer Ortsbürgermeisterin.</p>"
    progress.completed_at = timezone.now()
    progress.revision_id = module.live_revision_id
    progress.version += 1
    progress.save()


@transaction.atomic
def _work_through(user, course, module_slugs):
    for module in ModulePage.objects.child_of(course).live().filter(slug__in=module_slugs):
        record_visit(user, module, course)
        for child in module.body:
            if child.block_type in ACTIVITY_TYPES:
                _complete(user, module, child)
        update_completion(user, module, course)


def _volunteer_progress(courses, stdout) -> None:
    volunteer = demo_user("pate@example.org")
    if "einstieg" in courses:
        course = courses["einstieg"]
        _work_through(volunteer, course, ["warum-klimaschutz-vor-ort", "die-plattform-nutzen"])
        certificate = Certificate.objects.filter(user=volunteer, course=course).first()
        if certificate is not None:
            ensure_certificate_pdf(certificate)
            if certificate.emailed_at is None:  # the demo sends no mail
                Certificate.objects.filter(pk=certificate.pk).update(emailed_at=timezone.now())
            stdout.write(f"  certificate of the demo volunteer: {certificate.code}")
    if "klimaschutzpatin-werden" in courses:
        course = courses["klimaschutzpatin-werden"]
        _work_through(
            volunteer,
            course,
            ["rolle-der-klimaschutzpatinnen", "wie-eine-kommune-entscheidet"],
        )
        third = ModulePage.objects.child_of(course).filter(slug="verbuendete-gewinnen").first()
        if third and not ModuleProgress.objects.filter(user=volunteer, module=third).exists():
            record_visit(volunteer, third, course)
