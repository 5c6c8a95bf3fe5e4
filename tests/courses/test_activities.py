"""Quiz grading, checklists, reflections, mark-as-done; tampered and repeated posts."""

import re

import pytest
from django.contrib.messages import get_messages

from courses.models import ActivityProgress, ModuleProgress, QuizAttempt
from courses.services import ActivityError, grade_quiz
from tests.courses import factories

pytestmark = pytest.mark.django_db


def messages_of(response):
    """Messages for the top of the page, and the notice shown inside the activity."""
    found = [str(m) for m in get_messages(response.wsgi_request)]
    notice = response.wsgi_request.session.get("courses_notice")
    if notice:
        found.append(notice["text"])
    return found


def quiz_of(module):
    return factories.block(module, "quiz")


# Grading ------------------------------------------------------------------------------------


def test_grade_quiz_scores_single_and_multiple_choice(module):
    quiz = quiz_of(module)
    answers = {k[2:]: v for k, v in factories.correct_answers(quiz).items()}
    result = grade_quiz(quiz.value, answers)
    assert (result.score, result.passed) == (100, True)

    first, second = quiz.value["questions"].bound_blocks
    partial = dict(answers)
    partial[second.id] = answers[second.id][:1]  # only one of two correct answers
    result = grade_quiz(quiz.value, partial)
    assert result.score == 50 and not result.passed  # pass mark 100
    assert result.questions[first.id].correct and not result.questions[second.id].correct


@pytest.mark.parametrize(
    "tamper",
    ["unknown_question", "unknown_answer", "foreign_answer", "two_single", "missing", "duplicate"],
)
def test_grade_quiz_refuses_tampered_answers(module, tamper):
    quiz = quiz_of(module)
    first, second = quiz.value["questions"].bound_blocks
    answers = {k[2:]: v for k, v in factories.correct_answers(quiz).items()}
    first_answers = [a.id for a in first.value["answers"].bound_blocks]
    second_answers = [a.id for a in second.value["answers"].bound_blocks]
    if tamper == "unknown_question":
        answers["not-a-question"] = first_answers[:1]
    elif tamper == "unknown_answer":
        answers[first.id] = ["not-an-answer"]
    elif tamper == "foreign_answer":
        answers[first.id] = second_answers[:1]
    elif tamper == "two_single":
        answers[first.id] = first_answers[:2]
    elif tamper == "missing":
        del answers[second.id]
    elif tamper == "duplicate":
        answers[second.id] = [second_answers[0], second_answers[0]]
    with pytest.raises(ActivityError):
        grade_quiz(quiz.value, answers)


def test_correct_answers_are_not_sent_before_an_attempt(client, learner, module):
    html = client.get(module.url).content.decode()
    assert "Genau." not in html and "Leider nein." not in html  # feedback texts
    inputs = re.findall(r"<input[^>]*>", html)
    assert inputs and not any("correct" in tag or "checked" in tag for tag in inputs)
    assert "quiz__question--correct" not in html


# Submitting ---------------------------------------------------------------------------------


def test_quiz_fail_then_pass_records_attempts(client, learner, module):
    quiz = quiz_of(module)
    response = factories.post_activity(client, learner, module, quiz, factories.wrong_answers(quiz))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#block-{quiz.id}")
    progress = ActivityProgress.objects.get(user=learner, module=module, block_id=quiz.id)
    assert progress.completed_at is None and progress.score == 0
    html = client.get(module.url).content.decode()
    assert "Leider nein." in html  # feedback for the chosen wrong answer, after the attempt

    response = factories.post_activity(
        client, learner, module, quiz, factories.correct_answers(quiz), version=1
    )
    progress.refresh_from_db()
    assert progress.completed_at is not None
    assert (progress.score, progress.best_score, progress.version) == (100, 100, 2)
    assert progress.revision_id == module.live_revision_id
    assert list(QuizAttempt.objects.filter(progress=progress).values_list("passed", flat=True)) == [
        False,
        True,
    ]


def test_double_submit_and_replay_change_nothing(client, learner, module):
    quiz = quiz_of(module)
    data = factories.wrong_answers(quiz)
    factories.post_activity(client, learner, module, quiz, data)
    response = factories.post_activity(client, learner, module, quiz, data)  # same token again
    assert response.status_code == 302
    assert any("bereits" in m or "already" in m for m in messages_of(response))
    assert QuizAttempt.objects.count() == 1
    assert ActivityProgress.objects.get(block_id=quiz.id).version == 1


def test_token_of_another_user_module_or_block_is_refused(
    client, learner, module, course, user_factory
):
    quiz = quiz_of(module)
    other_user = user_factory(roles=["volunteer"])
    other_module = factories.module(course, body=factories.activity_body())
    checklist = factories.block(module, "checklist")
    url = factories.activity_url(module, quiz)
    data = factories.correct_answers(quiz)
    for token in (
        factories.token_for(other_user, module, quiz),
        factories.token_for(learner, other_module, quiz),
        factories.token_for(learner, module, checklist),
        "garbage",
        "",
    ):
        response = client.post(url, {"token": token, **data})
        assert response.status_code == 302
        assert messages_of(response)
    assert not ActivityProgress.objects.exists()


def test_foreign_and_unknown_block_ids_are_refused(client, learner, module, course):
    other_module = factories.module(course, body=factories.activity_body())
    foreign = quiz_of(other_module)
    heading = factories.block(module, "heading")
    for block_id in (foreign.id, heading.id, "nonsense"):
        response = client.post(
            factories.activity_url(module, block_id),
            {"token": factories.token_for(learner, module, type("B", (), {"id": block_id}))},
        )
        assert response.status_code == 302
        assert messages_of(response)
    assert not ActivityProgress.objects.exists()


def test_tampered_quiz_post_is_refused_with_message(client, learner, module):
    quiz = quiz_of(module)
    data = factories.correct_answers(quiz)
    data["q-invented"] = ["x"]
    response = factories.post_activity(client, learner, module, quiz, data)
    assert response.status_code == 302
    assert messages_of(response)
    assert not ActivityProgress.objects.exists() and not QuizAttempt.objects.exists()


def test_get_is_not_allowed_and_anonymous_is_sent_to_login(client, module):
    quiz = quiz_of(module)
    response = client.post(factories.activity_url(module, quiz), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_to_a_course_the_user_may_not_take_is_refused(client, learner):
    rm_course = factories.course(audience="regional_managers")
    module = factories.module(rm_course, body=factories.activity_body())
    quiz = quiz_of(module)
    response = factories.post_activity(
        client, learner, module, quiz, factories.correct_answers(quiz)
    )
    assert response.status_code == 403
    assert "Dieser Kurs richtet sich an Regionalmanager:innen." in response.content.decode()
    assert not ActivityProgress.objects.exists()


def test_post_to_an_unpublished_module_is_404(client, learner, module):
    quiz = quiz_of(module)
    module.unpublish()
    response = factories.post_activity(client, learner, module, quiz, {})
    assert response.status_code == 404


def test_checklist_partial_then_complete(client, learner, module):
    checklist = factories.block(module, "checklist")
    items = [item.id for item in checklist.value["items"].bound_blocks]
    factories.post_activity(client, learner, module, checklist, {"item": items[:1]})
    progress = ActivityProgress.objects.get(block_id=checklist.id)
    assert progress.checked_items == items[:1] and progress.completed_at is None
    factories.post_activity(client, learner, module, checklist, {"item": items}, version=1)
    progress.refresh_from_db()
    assert progress.checked_items == items and progress.completed_at is not None
    response = factories.post_activity(
        client, learner, module, checklist, {"item": ["foreign"]}, version=2
    )
    assert messages_of(response)
    progress.refresh_from_db()
    assert progress.checked_items == items and progress.version == 2


def test_reflection_is_sanitised_and_needs_a_minimum_length(client, learner, module):
    reflection = factories.block(module, "reflection")
    response = factories.post_activity(client, learner, module, reflection, {"reflection": "kurz"})
    assert messages_of(response)
    assert not ActivityProgress.objects.exists()
    text = 'Ich rede mit dem Rat.<script>alert(1)</script> <a href="javascript:x()">Link</a>'
    factories.post_activity(client, learner, module, reflection, {"reflection": text})
    progress = ActivityProgress.objects.get(block_id=reflection.id)
    assert progress.completed_at is not None
    assert "<script" not in progress.reflection and "javascript:" not in progress.reflection
    assert "Ich rede mit dem Rat." in progress.reflection
    html = client.get(module.url).content.decode()
    assert "Ich rede mit dem Rat." in html and "<script>alert" not in html


def test_mark_done_completes_a_reading_module(client, learner, course):
    module = factories.module(course)  # one mark-as-done block
    child = factories.block(module, "mark_done")
    factories.post_activity(client, learner, module, child)
    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is not None


def test_htmx_submission_returns_the_fragment_and_progress(client, learner, module):
    checklist = factories.block(module, "checklist")
    items = [item.id for item in checklist.value["items"].bound_blocks]
    response = factories.post_activity(
        client, learner, module, checklist, {"item": items}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<section id="block-{checklist.id}"')
    assert 'id="module-progress"' in html and 'hx-swap-oob="true"' in html
    assert '<div id="module-outline" hx-swap-oob="true">' in html
    assert 'value="33"' in html  # 1 of 3 required activities
    assert "<html" not in html
    # The new form carries a new token: the old one is spent.
    again = factories.post_activity(
        client, learner, module, checklist, {"item": items}, HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 200
    assert 'class="message message--error"' in again.content.decode()


def test_without_javascript_the_outcome_shows_inside_the_activity(client, learner, module):
    quiz = quiz_of(module)
    response = factories.post_activity(
        client, learner, module, quiz, factories.wrong_answers(quiz), follow=True
    )
    html = response.content.decode()
    section = html.split(f'id="block-{quiz.id}"', 1)[1].split("</section>", 1)[0]
    assert "zum Bestehen brauchen Sie 100 %" in section
    assert 'class="message message--success" role="status"' in section
    # Shown once: a reload shows the state, not the message again.
    assert "zum Bestehen brauchen Sie" not in client.get(module.url).content.decode()

    response = factories.post_activity(client, learner, module, quiz, {}, version=1, follow=True)
    section = response.content.decode().split(f'id="block-{quiz.id}"', 1)[1]
    assert "Bitte beantworten Sie jede Frage." in section.split("</section>", 1)[0]


def test_htmx_post_to_unknown_block_is_retargeted_to_the_messages(client, learner, module):
    response = client.post(
        factories.activity_url(module, "unknown"),
        {"token": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#module-messages"
    assert "message--error" in response.content.decode()
