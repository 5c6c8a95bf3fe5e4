"""Learning blocks: the shared content blocks plus the activities a module is made of.

Activities (quiz, checklist, reflection, mark as done) are the blocks learners act on; their
StreamField block id is the stable key progress is stored under. Everything an activity needs
to grade a submission lives in its block value; the browser only ever sees questions and
answers, never which answers are correct, until an attempt has been submitted.
"""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from core.blocks import (
    RICH_TEXT_FEATURES,
    BaseStreamBlock,
    CalloutBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
)

CONTENT = _("Content")
MEDIA = _("Media")
ACTIVITIES = _("Activities")

# Block types that learners act on and that record progress.
ACTIVITY_TYPES = frozenset({"quiz", "checklist", "reflection", "mark_done"})


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_block.html"
        label = _("Document download")
        description = _("A document learners can download, e.g. a template or a checklist.")


def video_embed_url(url: str) -> str | None:
    """Return a privacy-friendly embed URL for a YouTube or Vimeo link, or None."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
        else:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        embed = f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/").split("/")[0]
        embed = f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parts.path.rstrip("/").split("/")[-1]
        embed = f"https://player.vimeo.com/video/{video_id}"
    else:
        return None
    if not video_id or not video_id.replace("-", "").replace("_", "").isalnum():
        return None
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(embed))
    if origin not in getattr(settings, "VIDEO_EMBED_ORIGINS", ()):
        return None
    return embed


class VideoBlockValue(blocks.StructValue):
    def embed_url(self):
        return video_embed_url(self.get("url"))

    def provider(self):
        host = (urlsplit(self.get("url") or "").hostname or "").lower()
        if "vimeo" in host:
            return "Vimeo"
        if "youtu" in host:
            return "YouTube"
        return host


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(
        label=_("Video URL"),
        help_text=_("A YouTube or Vimeo link. The video loads only after the learner clicks."),
    )
    duration = blocks.CharBlock(
        label=_("Duration"), required=False, max_length=20, help_text=_("e.g. 4:30")
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), required=False, features=RICH_TEXT_FEATURES
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")
        value_class = VideoBlockValue
        description = _(
            "A video that is embedded only after a click, with a privacy note and a transcript."
        )
        preview_value = {
            "title": "Klimaschutz in kleinen Kommunen",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "duration": "3:32",
            "transcript": "<p>Willkommen zum Kurs …</p>",
        }


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown after an attempt to learners who chose this answer."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    SINGLE = "single"
    MULTIPLE = "multiple"

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    kind = blocks.ChoiceBlock(
        label=_("Type"),
        choices=[(SINGLE, _("Single choice")), (MULTIPLE, _("Multiple choice"))],
        default=SINGLE,
    )
    answers = blocks.ListBlock(AnswerBlock(), label=_("Answers"), min_num=2)

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = [answer for answer in value["answers"] if answer["correct"]]
        if not correct:
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark at least one answer correct."))}
            )
        if value["kind"] == self.SINGLE and len(correct) > 1:
            raise StructBlockValidationError(
                block_errors={
                    "answers": ValidationError(
                        _("A single-choice question has exactly one correct answer.")
                    )
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    intro = blocks.RichTextBlock(
        label=_("Introduction"), required=False, features=["bold", "italic", "link"]
    )
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        min_value=0,
        max_value=100,
        default=80,
        help_text=_("Share of correctly answered questions needed to pass."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)
    required = blocks.BooleanBlock(
        label=_("Required"),
        required=False,
        default=True,
        help_text=_("Learners must pass this quiz to complete the module."),
    )

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/quiz_block.html"
        label = _("Quiz")
        description = _(
            "Single- and multiple-choice questions with feedback per answer and a pass mark."
        )
        preview_value = {
            "title": "Wissenscheck",
            "pass_mark": 50,
            "required": True,
            "questions": [
                {
                    "question": "Wer beschließt in einer Gemeinde über Klimaschutzziele?",
                    "kind": "single",
                    "answers": [
                        {"text": "Der Gemeinderat", "correct": True, "feedback": "Richtig."},
                        {"text": "Die Patin allein", "correct": False, "feedback": "Nein."},
                    ],
                }
            ],
        }


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=300), label=_("Items"), min_num=1
    )
    required = blocks.BooleanBlock(
        label=_("Required"),
        required=False,
        default=True,
        help_text=_("Learners must tick every item to complete the module."),
    )

    class Meta:
        icon = "tasks"
        template = "courses/blocks/checklist_block.html"
        label = _("Checklist")
        description = _("Items the learner ticks off.")
        preview_value = {
            "title": "Vor dem ersten Gespräch",
            "items": ["Ratsinformationssystem gelesen", "Ansprechpartner:in notiert"],
            "required": True,
        }


class RoleBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Role"), max_length=200)
    brief = blocks.TextBlock(label=_("Brief"))

    class Meta:
        icon = "user"
        label = _("Role")


class RolePlayBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.RichTextBlock(label=_("Situation"), features=RICH_TEXT_FEATURES)
    roles = blocks.ListBlock(RoleBlock(), label=_("Roles"), min_num=2)
    guiding_questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question"), max_length=300),
        label=_("Guiding questions"),
        required=False,
    )

    class Meta:
        icon = "group"
        template = "courses/blocks/role_play_block.html"
        label = _("Role-play")
        description = _("A situation, two or more roles with their briefs, guiding questions.")
        preview_value = {
            "title": "Gespräch mit der Bürgermeisterin",
            "situation": "<p>Sie stellen das Programm im Rathaus vor.</p>",
            "roles": [
                {"name": "Patin", "brief": "Sie möchten einen Ratsbeschluss anstoßen."},
                {"name": "Bürgermeisterin", "brief": "Sie fürchten Mehrarbeit."},
            ],
            "guiding_questions": ["Welche Sorgen hat die Bürgermeisterin?"],
        }


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(label=_("Prompt"), features=["bold", "italic", "link", "ul"])
    min_length = blocks.IntegerBlock(
        label=_("Minimum length (characters)"), min_value=0, default=50, required=False
    )
    required = blocks.BooleanBlock(
        label=_("Required"),
        required=False,
        default=True,
        help_text=_("Learners must write a reflection to complete the module."),
    )

    class Meta:
        icon = "edit"
        template = "courses/blocks/reflection_block.html"
        label = _("Reflection")
        description = _("A question learners answer in their own words (only they see it).")
        preview_value = {
            "prompt": "<p>Wen in Ihrer Kommune möchten Sie zuerst ansprechen, und warum?</p>",
            "min_length": 50,
            "required": True,
        }


class MarkDoneBlock(blocks.StructBlock):
    label_text = blocks.CharBlock(
        label=_("Button text"),
        required=False,
        max_length=100,
        help_text=_("Leave empty for “Mark as done”."),
    )

    class Meta:
        icon = "check"
        template = "courses/blocks/mark_done_block.html"
        label = _("Mark as done")
        description = _("For reading-only parts: learners confirm they have worked through it.")
        preview_value = {"label_text": ""}


class LearningStreamBlock(BaseStreamBlock):
    """The shared content blocks, grouped, plus media and the learning activities."""

    heading = HeadingBlock(group=CONTENT)
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Formatted text."),
        preview_value="<p>Klimaschutzpat:innen unterstützen ihre Kommune.</p>",
        group=CONTENT,
    )
    callout = CalloutBlock(group=CONTENT)
    quote = QuoteBlock(group=CONTENT)
    role_play = RolePlayBlock(group=CONTENT)
    image = ImageBlock(group=MEDIA)
    document = DocumentBlock(group=MEDIA)
    video = VideoBlock(group=MEDIA)
    quiz = QuizBlock(group=ACTIVITIES)
    checklist = ChecklistBlock(group=ACTIVITIES)
    reflection = ReflectionBlock(group=ACTIVITIES)
    mark_done = MarkDoneBlock(group=ACTIVITIES)


def is_required_activity(child) -> bool:
    """True for a stream child the learner must complete (mark-as-done is always required)."""
    if child.block_type not in ACTIVITY_TYPES:
        return False
    if child.block_type == "mark_done":
        return True
    return bool(child.value.get("required", True))


class LearningGoalsBlock(blocks.StreamBlock):
    goal = blocks.CharBlock(label=_("Learning goal"), max_length=300, icon="tick")
