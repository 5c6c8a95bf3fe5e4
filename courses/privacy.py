"""This app's part in the export and deletion of personal data (see accounts/privacy.py)."""

from django.utils import timezone

from core.sanitize import strip_html
from courses.models import ActivityProgress, Certificate, ModuleProgress, QuizAttempt
from courses.models.progress import new_certificate_code


def export(user) -> dict:
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
                "ticked_items": list(row.checked_items),
                "last_quiz_answers": row.last_answers,
                "reflection": strip_html(row.reflection),
            }
            for row in ActivityProgress.objects.filter(user=user)
            .select_related("module")
            .order_by("created_at")
        ],
        "quiz_attempts": list(
            QuizAttempt.objects.filter(progress__user=user)
            .order_by("created_at")
            .values(
                "progress__module__title",
                "progress__block_id",
                "answers",
                "score",
                "passed",
                "created_at",
            )
        ),
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
