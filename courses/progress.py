"""Reading progress: outlines, cards and statistics with a fixed number of queries.

Every function here costs the same number of queries however many modules a course has; the
module page's query count is asserted in the tests for 5 and 50 modules.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from accounts.roles import is_signed_in
from courses.blocks import ACTIVITY_TYPES, is_required_activity
from courses.models import (
    ActivityProgress,
    Certificate,
    CourseIndexPage,
    CoursePage,
    ModulePage,
    ModuleProgress,
)
from courses.permissions import audience_allows, visible_region_ids
from courses.services import grade_quiz, make_token, reflection_text

# What outlines and cards need of a module: enough for its URL, title and completion rule.
OUTLINE_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "content_type_id",
    "required",
    "estimated_minutes",
)


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@dataclass
class ModuleEntry:
    page: ModulePage
    number: int
    url: str
    progress: ModuleProgress | None = None
    current: bool = False

    @property
    def complete(self) -> bool:
        return bool(self.progress and self.progress.completed_at)

    @property
    def started(self) -> bool:
        return self.progress is not None


@dataclass
class Outline:
    course: CoursePage
    modules: list[ModuleEntry]
    certificate: Certificate | None = None
    prerequisites: list = field(default_factory=list)  # [(course, completed)]

    @property
    def required(self):
        return [entry for entry in self.modules if entry.page.required]

    @property
    def required_done(self) -> int:
        return sum(entry.complete for entry in self.required)

    @property
    def percent(self) -> int:
        if self.certificate:  # modules added after completion do not take it back
            return 100
        return percent(self.required_done, len(self.required))

    @property
    def complete(self) -> bool:
        if self.certificate:
            return True
        return bool(self.required) and self.required_done == len(self.required)

    @property
    def prerequisites_missing(self) -> list:
        return [course for course, done in self.prerequisites if not done]

    @property
    def next_module(self) -> ModuleEntry | None:
        """Continue where the learner left off: the last module seen if it is not finished,
        otherwise the first unfinished module."""
        seen = [entry for entry in self.modules if entry.progress and entry.progress.last_seen_at]
        if seen:
            last = max(seen, key=lambda entry: entry.progress.last_seen_at)
            if not last.complete:
                return last
        for entry in self.modules:
            if not entry.complete:
                return entry
        return None

    @property
    def started(self) -> bool:
        return any(entry.started for entry in self.modules)


def _user_id(request):
    user = getattr(request, "user", None)
    return user.pk if is_signed_in(user) else None


def course_outline(request, course: CoursePage, current: ModulePage | None = None) -> Outline:
    """The course's live modules with the learner's progress (four queries)."""
    if course is None or course.pk is None:
        return Outline(course=course, modules=[])
    user_id = _user_id(request)
    modules = list(
        ModulePage.objects.child_of(course).live().only(*OUTLINE_FIELDS).order_by("path")
    )
    progress = {}
    certificate = None
    prerequisites = []
    if user_id:
        progress = {
            row.module_id: row
            for row in ModuleProgress.objects.filter(user_id=user_id, course=course)
        }
        prerequisite_pages = list(
            CoursePage.objects.live().filter(required_for=course).order_by("title")
        )
        certificates = {
            cert.course_id: cert
            for cert in Certificate.objects.filter(
                Q(course=course) | Q(course__in=[page.pk for page in prerequisite_pages]),
                user_id=user_id,
            )
        }
        certified = set(certificates)
        certificate = certificates.get(course.pk)
        prerequisites = [(page, page.pk in certified) for page in prerequisite_pages]
    entries = [
        ModuleEntry(
            page=module,
            number=number,
            url=module.get_url(request),
            progress=progress.get(module.pk),
            current=current is not None and module.pk == current.pk,
        )
        for number, module in enumerate(modules, start=1)
    ]
    return Outline(
        course=course, modules=entries, certificate=certificate, prerequisites=prerequisites
    )


@dataclass
class ActivityItem:
    """One block of a module as the learner sees it, with their state of it."""

    child: object
    state: ActivityProgress | None = None
    token: str = ""
    action_url: str = ""
    error: str = ""
    notice: str = ""
    locked: bool = False

    @property
    def block_id(self):
        return self.child.id

    @property
    def is_activity(self) -> bool:
        return self.child.block_type in ACTIVITY_TYPES

    @property
    def required(self) -> bool:
        return is_required_activity(self.child)

    @property
    def done(self) -> bool:
        return bool(self.state and self.state.completed_at)

    @property
    def quiz_result(self):
        if self.child.block_type != "quiz" or not self.state or not self.state.last_answers:
            return None
        return grade_quiz(self.child.value, self.state.last_answers, strict=False)

    @property
    def checked(self) -> set:
        return set(self.state.checked_items) if self.state else set()

    @property
    def quiz_questions(self) -> list[dict]:
        """Questions and answers for the form; which answers are correct is left out."""
        result = self.quiz_result
        questions = []
        for question in self.child.value["questions"].bound_blocks:
            questions.append(
                {
                    "id": question.id,
                    "text": question.value["question"],
                    "multiple": question.value["kind"] == "multiple",
                    "answers": [
                        {"id": answer.id, "text": answer.value["text"]}
                        for answer in question.value["answers"].bound_blocks
                    ],
                    "result": result.questions.get(question.id) if result else None,
                }
            )
        return questions

    @property
    def checklist_items(self) -> list[dict]:
        checked = self.checked
        return [
            {"id": entry.id, "text": entry.value, "checked": entry.id in checked}
            for entry in self.child.value["items"].bound_blocks
        ]

    @property
    def reflection_text(self) -> str:
        return reflection_text(self.state)


def activity_item(request, module, child, state, *, locked=False, error="", notice=""):
    item = ActivityItem(child=child, state=state, error=error, notice=notice, locked=locked)
    if item.is_activity and module.pk and is_signed_in(request.user):
        item.token = make_token(request.user, module, child.id, state.version if state else 0)
        item.action_url = reverse("courses:activity", args=[module.pk, child.id])
    return item


# The outcome of a submission made without JavaScript, shown in the activity after the redirect.
NOTICE_SESSION_KEY = "courses_notice"


def pop_notice(request, module) -> dict | None:
    session = getattr(request, "session", None)
    if session is None or not module.pk:
        return None
    notice = session.get(NOTICE_SESSION_KEY)
    if not notice or notice.get("module") != module.pk:
        return None
    del session[NOTICE_SESSION_KEY]
    return notice


def module_context(request, module: ModulePage) -> dict:
    course = module.course
    outline = course_outline(request, course, current=module)
    states = {}
    if module.pk and is_signed_in(request.user):
        states = {
            row.block_id: row
            for row in ActivityProgress.objects.filter(user=request.user, module_id=module.pk)
        }
    locked = bool(outline.prerequisites_missing)
    items = [
        activity_item(request, module, child, states.get(child.id), locked=locked)
        for child in module.body
    ]
    notice = pop_notice(request, module)
    if notice:
        for item in items:
            if item.block_id == notice["block"]:
                if notice["error"]:
                    item.error = notice["text"]
                else:
                    item.notice = notice["text"]
    required = [item for item in items if item.required]
    done = sum(item.done for item in required)
    entry = next((entry for entry in outline.modules if entry.current), None)
    module_complete = bool(entry and entry.complete) or (bool(required) and done == len(required))
    position = outline.modules.index(entry) if entry else -1
    return {
        "course": course,
        "outline": outline,
        "items": items,
        "module_required_total": len(required),
        "module_required_done": done,
        "module_percent": 100 if module_complete else percent(done, len(required)),
        "module_complete": module_complete,
        "previous_module": outline.modules[position - 1] if position > 0 else None,
        "next_in_course": (
            outline.modules[position + 1] if 0 <= position < len(outline.modules) - 1 else None
        ),
    }


# Listings ------------------------------------------------------------------------------------


@dataclass
class CourseCard:
    course: CoursePage
    url: str
    section: CourseIndexPage | None
    required_total: int = 0
    required_done: int = 0
    next_module: ModuleEntry | None = None
    certificate: Certificate | None = None
    started: bool = False

    @property
    def percent(self) -> int:
        if self.certificate:
            return 100
        return percent(self.required_done, self.required_total)

    @property
    def complete(self) -> bool:
        return self.certificate is not None or (
            self.required_total > 0 and self.required_done == self.required_total
        )


def visible_courses(user) -> list[tuple[CoursePage, CourseIndexPage]]:
    """Live courses ``user`` may take, with their section, in tree order (three queries)."""
    if not is_signed_in(user):
        return []
    regions = visible_region_ids(user)
    sections = {
        section.path: section
        for section in CourseIndexPage.objects.live().order_by("path")
        if regions is None or section.region_id is None or section.region_id in regions
    }
    result = []
    for course in CoursePage.objects.live().order_by("path"):
        section = sections.get(course.path[: -course.steplen])
        if section is not None and audience_allows(user, course.audience):
            result.append((course, section))
    return result


def course_cards(request, courses, sections=None) -> list[CourseCard]:
    """Cards with progress for ``courses`` the user may take (a fixed number of queries)."""
    user = request.user
    if not is_signed_in(user):
        return []
    if sections is None:
        allowed = {course.pk: section for course, section in visible_courses(user)}
        courses = [course for course in courses if course.pk in allowed]
        sections = allowed
    if not courses:
        return []
    by_path = {course.path: course for course in courses}
    path_filter = Q()
    for course in courses:
        path_filter |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = list(ModulePage.objects.live().filter(path_filter).only(*OUTLINE_FIELDS))
    modules.sort(key=lambda module: module.path)
    progress = {
        row.module_id: row
        for row in ModuleProgress.objects.filter(user=user, course__in=[c.pk for c in courses])
    }
    certificates = {
        cert.course_id: cert
        for cert in Certificate.objects.filter(user=user, course__in=[c.pk for c in courses])
    }
    modules_by_course: dict[int, list[ModulePage]] = {course.pk: [] for course in courses}
    for module in modules:
        course = by_path.get(module.path[: -module.steplen])
        if course is not None:
            modules_by_course[course.pk].append(module)
    cards = []
    for course in courses:
        entries = [
            ModuleEntry(
                page=module, number=n, url=module.get_url(request), progress=progress.get(module.pk)
            )
            for n, module in enumerate(modules_by_course[course.pk], start=1)
        ]
        outline = Outline(course=course, modules=entries)
        cards.append(
            CourseCard(
                course=course,
                url=course.get_url(request),
                section=sections.get(course.pk),
                required_total=len(outline.required),
                required_done=outline.required_done,
                next_module=outline.next_module,
                certificate=certificates.get(course.pk),
                started=outline.started,
            )
        )
    return cards


# Editors' figures ------------------------------------------------------------------------------


def module_stats(module: ModulePage) -> dict:
    """How many learners started and completed the module, and each activity in it."""
    totals = ModuleProgress.objects.filter(module=module).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    per_block = {
        row["block_id"]: row
        for row in ActivityProgress.objects.filter(module=module)
        .values("block_id")
        .annotate(started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
    }
    activities = []
    for child in module.body:
        if child.block_type in ACTIVITY_TYPES:
            row = per_block.get(child.id, {})
            activities.append(
                {
                    "label": block_label(child),
                    "kind": child.block.label,
                    "started": row.get("started", 0),
                    "completed": row.get("completed", 0),
                }
            )
    return {**totals, "activities": activities}


def block_label(child) -> str:
    value = child.value
    for key in ("title", "label_text"):
        if isinstance(value, dict) or hasattr(value, "get"):
            text = value.get(key)
            if text:
                return str(text)
    return str(child.block.label)


def quiz_answer_key(value) -> dict:
    """The grading key of a quiz: question id → sorted correct answer ids, and the pass mark."""
    key = {}
    for question in value["questions"].bound_blocks:
        correct = sorted(
            answer.id
            for answer in question.value["answers"].bound_blocks
            if answer.value["correct"]
        )
        key[question.id] = (question.value["kind"], correct)
    return {"questions": key, "pass_mark": value["pass_mark"]}


def learner_impact(live_body, new_body, module_id) -> list[dict]:
    """Quizzes of ``live_body`` that ``new_body`` removes or grades differently, with how many
    learners have progress on each."""
    new_quizzes = {child.id: child for child in new_body if child.block_type == "quiz"}
    changes = []
    for child in live_body:
        if child.block_type != "quiz":
            continue
        new = new_quizzes.get(child.id)
        if new is None:
            change = "removed"
        elif quiz_answer_key(new.value) != quiz_answer_key(child.value):
            change = "changed"
        else:
            continue
        changes.append({"block_id": child.id, "label": block_label(child), "change": change})
    if not changes:
        return []
    counts = dict(
        ActivityProgress.objects.filter(
            module_id=module_id, block_id__in=[c["block_id"] for c in changes]
        )
        .values_list("block_id")
        .annotate(n=Count("user", distinct=True))
    )
    for change in changes:
        change["learners"] = counts.get(change["block_id"], 0)
    return [change for change in changes if change["learners"]]


def draft_learner_impact(module: ModulePage) -> list[dict]:
    """Impact of the module's latest draft compared with what is live."""
    if not module.pk or not module.live:
        return []
    live = ModulePage.objects.filter(pk=module.pk).only("body").first()
    if live is None:
        return []
    draft = module
    if module.has_unpublished_changes:
        draft = module.get_latest_revision_as_object()
    return learner_impact(live.body, draft.body, module.pk)
