"""Courses: the curriculum pages (``pages``) and what learners did in them (``progress``)."""

from courses.models.pages import Audience, CourseIndexPage, CoursePage, ModulePage  # noqa: F401
from courses.models.progress import (  # noqa: F401
    ActivityKind,
    ActivityProgress,
    Certificate,
    ModuleProgress,
    QuizAttempt,
    RegionEditors,
    new_certificate_code,
)
