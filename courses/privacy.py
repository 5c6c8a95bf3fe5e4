"""This app's part in the export and deletion of personal data (see accounts/privacy.py)."""

from django.utils import timezone

from core.plaintext import html_to_text
from courses.models import ActivityProgress, Certificate, ModuleProgress, QuizAttempt
from courses.models.progress import new_certificate_code


def _blocks_by_id(module) -> dict:
    return {child.id: child for child in module.specific.body}


def _readable(row, blocks) -> dict:
    """Ticked items and quiz answers with their text (ids only if the block has gone)."""
    child = blocks.get(row.block_id)
    ticked = list(row.checked_items)
    answers = row.last_answers or {}
    if child is not None and child.block_type == "checklist":
        texts = {item.id: str(item.value) for item in child.value["items"].bound_blocks}
        ticked = [texts.get(item, item) for item in ticked]
    if child is not None and child.block_type == "quiz":
        answers = quiz_answers_text(child, answers)
    return {"ticked_items": ticked, "last_quiz_answers": answers}


def quiz_answers_text(child, answers: dict) -> dict:
    """{question id: [answer ids]} as {question text: [answer texts]}."""
    if child is None or child.block_type != "quiz":
        return answers
    questions = {q.id: q for q in child.value["questions"].bound_blocks}
    result = {}
    for question_id, chosen in (answers or {}).items():
        question = questions.get(question_id)
        if question is None:
            result[question_id] = chosen
            continue
        texts = {a.id: a.value["text"] for a in question.value["answers"].bound_blocks}
        result[str(question.value["question"])] = [texts.get(a, a) for a in chosen]
    return result


def export(user) -> dict:
    activities = list(
        ActivityProgress.objects.filter(user=user).select_related("module").order_by("created_at")
    )
    modules = {row.module_id: row.module for row in activities}
    blocks = {pk: _blocks_by_id(module) for pk, module in modules.items()}
    attempts = QuizAttempt.objects.filter(progress__user=user).select_related("progress__module")
    # Attempts belong to activity rows of this user, so their modules are in ``blocks``.
    return {
        "modules": [
            {
                "course": row.course.title,
                "module": row.module.title,
                "started": row.started_at,
                "last_seen": row.last_seen_at,
                "completed": row.completed_at,
            }
            for row in ModuleProgress.objects.filter(user=user)
            .select_related("course", "module")
            .order_by("started_at")
        ],
        "activities": [
            {
                "module": row.module.title,
                "block_id": row.block_id,
                "kind": row.kind,
                "started": row.created_at,
                "completed": row.completed_at,
                "last_score": row.score,
                "best_score": row.best_score,
                **_readable(row, blocks[row.module_id]),
                "reflection": html_to_text(row.reflection),
            }
            for row in activities
        ],
        "quiz_attempts": [
            {
                "module": attempt.progress.module.title,
                "block_id": attempt.progress.block_id,
                "answers": quiz_answers_text(
                    blocks.get(attempt.progress.module_id, {}).get(attempt.progress.block_id),
                    attempt.answers,
                ),
                "score": attempt.score,
                "passed": attempt.passed,
                "created_at": attempt.created_at,
            }
            for attempt in attempts.order_by("created_at", "pk")
        ],
        "certificates": list(
            Certificate.objects.filter(user=user).values(
                "course_title", "holder_name", "code", "issued_on"
            )
        ),
    }


def erase(user, placeholder=None) -> None:
    """Progress stays, anonymously, with the placeholder: no answers, ticks or reflections.

    Module progress and certificates keep the dashboard's figures (started, completed,
    courses completed); a certificate loses its holder's name, its PDF and its code (the
    verification page no longer knows the old code), so as a document it is gone. The rows
    are moved with ``update()``: the aggregates count per participation, not per person, so
    nothing about them changes. Without a placeholder everything is deleted.
    """
    if placeholder is None:
        Certificate.objects.filter(user=user).delete()
        ActivityProgress.objects.filter(user=user).delete()
        ModuleProgress.objects.filter(user=user).delete()
        return
    QuizAttempt.objects.filter(progress__user=user).update(answers={})
    ActivityProgress.objects.filter(user=user).update(
        user=placeholder, reflection="", last_answers={}, checked_items=[]
    )
    ModuleProgress.objects.filter(user=user).update(user=placeholder)
    now = timezone.now()
    for certificate in Certificate.objects.filter(user=user).only("pk", "emailed_at"):
        Certificate.objects.filter(pk=certificate.pk).update(
            user=placeholder,
            holder_name="",
            pdf=None,
            code=new_certificate_code(),
            emailed_at=certificate.emailed_at or now,  # nothing left to deliver
        )
