"""The curriculum as Wagtail pages: sections of courses, courses, modules."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.roles import is_signed_in
from core.blocks import RICH_TEXT_FEATURES
from courses.blocks import LearningGoalsBlock, LearningStreamBlock, is_required_activity
from courses.panels import LearnerImpactPanel, ModuleStatsPanel


class Audience(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Climate patrons")
    REGIONAL_MANAGERS = "regional_managers", _("Regional managers")
    EVERYONE = "everyone", _("Everyone")


class LearnerPageMixin:
    """Courses and modules are for signed-in learners of the right audience and region."""

    def check_learner_access(self, request):
        from courses.permissions import learner_access  # cycle: it imports courses.models

        if not is_signed_in(request.user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        course = self.course
        access = learner_access(request.user, course, self.section_region_id)
        if not access.allowed:
            return TemplateResponse(
                request,
                "courses/no_access.html",
                {"page": self, "course": course, "reason": access.reason},
                status=403,
            )
        return None

    @cached_property
    def section_region_id(self):
        return CourseIndexPage.objects.ancestor_of(self).values_list("region_id", flat=True).first()


class CourseIndexPage(Page):
    """A section of courses; linked to a region, its regional managers may edit it."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_sections",
        help_text=_(
            "Courses of a region's own section are shown to that region's people, and its "
            "regional managers may edit them (a coordinator approves)."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        # Only coordinators decide which region a section belongs to (and so who edits it).
        FieldPanel("region", permission="courses.assign_section_region"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course section")
        verbose_name_plural = _("course sections")
        permissions = [("assign_section_region", _("Can assign a course section to a region"))]

    def serve(self, request, *args, **kwargs):
        if not is_signed_in(request.user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import course_cards  # cycle: it imports courses.models

        context = super().get_context(request, *args, **kwargs)
        courses = list(CoursePage.objects.child_of(self).live().order_by("path"))
        context["course_cards"] = course_cards(request, courses)
        return context


class CoursePage(LearnerPageMixin, Page):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.VOLUNTEERS
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=4, decimal_places=1, default=1
    )
    learning_goals = StreamField(LearningGoalsBlock(), verbose_name=_("learning goals"), blank=True)
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prerequisite courses"),
        blank=True,
        related_name="required_for",
        help_text=_("Courses a learner must complete before working on this one."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("estimated_hours"), FieldPanel("prerequisites")],
            heading=_("Who and how long"),
        ),
        FieldPanel("learning_goals"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def course(self):
        return self

    def serve(self, request, *args, **kwargs):
        return self.check_learner_access(request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import course_outline  # cycle: it imports courses.models

        context = super().get_context(request, *args, **kwargs)
        context["course"] = self
        context["outline"] = course_outline(request, self)
        return context


class ModulePage(LearnerPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(LearningStreamBlock(), verbose_name=_("learning content"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Learners must complete required modules to complete the course."),
    )

    content_panels = [
        *Page.content_panels,
        LearnerImpactPanel(heading=_("Effect on learners")),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("required")],
            heading=_("Module settings"),
        ),
        FieldPanel("body"),
    ]
    learners_panels = [ModuleStatsPanel(heading=_("Learners"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
            ObjectList(learners_panels, heading=_("Learners")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @cached_property
    def course(self):
        return CoursePage.objects.filter(path=self.path[: -self.steplen]).first()

    def required_activity_ids(self) -> list[str]:
        return [child.id for child in self.body if is_required_activity(child)]

    def serve(self, request, *args, **kwargs):
        denied = self.check_learner_access(request)
        if denied:
            return denied
        from courses.actions import record_visit  # cycle: it imports courses.models

        record_visit(request.user, self, self.course)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import module_context  # cycle: it imports courses.models

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(request, self))
        return context
