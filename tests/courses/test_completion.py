"""Completion rules and revision pinning: earned progress survives edits."""

import pytest

from courses.models import ActivityProgress, Certificate, ModulePage, ModuleProgress
from courses.progress import draft_learner_impact, learner_impact
from tests.courses import factories

pytestmark = pytest.mark.django_db


def complete_all(client, user, module):
    for child in module.body:
        state = ActivityProgress.objects.filter(user=user, module=module, block_id=child.id)
        version = state.first().version if state.exists() else 0
        if child.block_type == "quiz":
            data = factories.correct_answers(child)
        elif child.block_type == "checklist":
            data = {"item": [item.id for item in child.value["items"].bound_blocks]}
        elif child.block_type == "reflection":
            data = {"reflection": "Eine ausführliche Reflexion."}
        elif child.block_type == "mark_done":
            data = {}
        else:
            continue
        factories.post_activity(client, user, module, child, data, version=version)


def module_done(user, module):
    return ModuleProgress.objects.filter(
        user=user, module=module, completed_at__isnull=False
    ).exists()


def test_module_completes_only_when_every_required_activity_is_done(client, learner, module):
    quiz = factories.block(module, "quiz")
    factories.post_activity(client, learner, module, quiz, factories.correct_answers(quiz))
    assert not module_done(learner, module)
    complete_all(client, learner, module)
    assert module_done(learner, module)
    html = client.get(module.url).content.decode()
    assert 'data-module-complete="true"' in html
    assert '<progress class="course-progress__bar" max="100" value="100"' in html


def test_optional_activities_and_modules_are_not_needed(client, learner, course):
    body = [
        ("quiz", factories.quiz_value(required=False)),
        ("mark_done", {"label_text": ""}),
    ]
    module = factories.module(course, body=body)
    optional = factories.module(course, required=False)
    factories.post_activity(client, learner, module, factories.block(module, "mark_done"))
    assert module_done(learner, module)
    assert Certificate.objects.filter(user=learner, course=course).exists()
    assert not module_done(learner, optional)


def test_module_without_activities_completes_when_opened(client, learner, course):
    module = factories.module(course, body=[("paragraph", "<p>Nur lesen.</p>")])
    client.get(module.url)
    assert module_done(learner, module)


def test_course_completes_with_all_required_modules_and_issues_one_certificate(
    client, learner, course, mailoutbox, django_capture_on_commit_callbacks
):
    first = factories.module(course, body=factories.activity_body())
    second = factories.module(course)
    complete_all(client, learner, first)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        complete_all(client, learner, second)
    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.pdf and certificate.emailed_at
    assert len(mailoutbox) == 1
    html = client.get(course.url).content.decode()
    assert certificate.get_download_url() in html


def test_editing_a_module_keeps_earned_progress(client, learner, course, module):
    complete_all(client, learner, module)
    earned_revision = module.live_revision_id
    # The editor adds a new required quiz, changes the old quiz's answers and publishes.
    page = ModulePage.objects.get(pk=module.pk)
    quiz = factories.block(page, "quiz")
    raw = page.body.raw_data
    for item in raw:
        if item["id"] == quiz.id:
            answers = item["value"]["questions"][0]["value"]["answers"]
            answers[0]["value"]["correct"], answers[1]["value"]["correct"] = False, True
    raw.append({"type": "mark_done", "value": {"label_text": "Neu"}})
    page.body = raw
    page.save_revision().publish()

    progress = ActivityProgress.objects.get(user=learner, block_id=quiz.id)
    assert progress.completed_at is not None
    assert progress.revision_id == earned_revision
    assert module_done(learner, module)
    # A new learner needs the new activity as well.
    page.refresh_from_db()
    assert len(page.required_activity_ids()) == 4


def test_removing_or_changing_a_quiz_shows_affected_learners(
    client, learner, course, module, user_factory
):
    quiz = factories.block(module, "quiz")
    factories.post_activity(client, learner, module, quiz, factories.wrong_answers(quiz))
    other = user_factory(roles=["volunteer"])
    client.force_login(other)
    factories.post_activity(client, other, module, quiz, factories.correct_answers(quiz))

    page = ModulePage.objects.get(pk=module.pk)
    assert draft_learner_impact(page) == []
    without_quiz = [item for item in page.body.raw_data if item["id"] != quiz.id]
    page.body = without_quiz
    page.save_revision()  # a draft, not published
    page = ModulePage.objects.get(pk=module.pk)
    impact = draft_learner_impact(page)
    assert impact == [
        {"block_id": quiz.id, "label": "Wissenscheck", "change": "removed", "learners": 2}
    ]

    changed = ModulePage.objects.get(pk=module.pk)
    raw = changed.body.raw_data
    for item in raw:
        if item["id"] == quiz.id:
            item["value"]["pass_mark"] = 50
    changed.body = raw
    assert learner_impact(module.body, changed.body, module.pk)[0]["change"] == "changed"
    # Wording changes that do not change the grading affect no one.
    reworded = ModulePage.objects.get(pk=module.pk)
    raw = reworded.body.raw_data
    for item in raw:
        if item["id"] == quiz.id:
            item["value"]["title"] = "Neuer Titel"
    reworded.body = raw
    assert learner_impact(module.body, reworded.body, module.pk) == []


def test_continue_where_you_left_off(client, learner, course):
    first = factories.module(course)
    second = factories.module(course)
    third = factories.module(course)
    from courses.progress import course_outline

    client.get(first.url)
    factories.post_activity(client, learner, first, factories.block(first, "mark_done"))
    client.get(third.url)
    request = client.get(course.url).wsgi_request
    outline = course_outline(request, course)
    assert outline.next_module.page.pk == third.pk
    factories.post_activity(client, learner, third, factories.block(third, "mark_done"))
    outline = course_outline(request, course)
    assert outline.next_module.page.pk == second.pk


def test_prerequisites_lock_activities_until_completed(client, learner, course):
    from courses import actions

    first = factories.module(course)
    advanced = factories.course(course.get_parent(), title="Aufbaukurs")
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()
    module = factories.module(advanced, body=factories.activity_body())
    html = client.get(module.url).content.decode()
    assert "Voraussetzungen fehlen" in html and course.title in html
    assert 'name="token"' not in html  # no forms while locked
    quiz = factories.block(module, "quiz")
    factories.post_activity(client, learner, module, quiz, factories.correct_answers(quiz))
    assert not ActivityProgress.objects.filter(module=module).exists()
    assert "noch nicht abgeschlossen" in client.get(advanced.url).content.decode()

    factories.post_activity(client, learner, first, factories.block(first, "mark_done"))
    assert Certificate.objects.filter(user=learner, course=course).exists()
    assert actions.missing_prerequisites(learner, advanced) == []
    html = client.get(module.url).content.decode()
    assert "Voraussetzungen fehlen" not in html and 'name="token"' in html


def test_a_module_added_after_completion_keeps_the_course_complete(client, learner, course):
    first = factories.module(course)
    factories.post_activity(client, learner, first, factories.block(first, "mark_done"))
    assert Certificate.objects.filter(user=learner, course=course).exists()
    factories.module(course, title="Neues Modul")
    html = client.get(course.url).content.decode()
    assert '<progress class="course-progress__bar" max="100" value="100"' in html
    assert "Sie haben diesen Kurs abgeschlossen." in html
