"""This app's part in the export and deletion of personal data (see accounts/privacy.py)."""

from core.plaintext import html_to_text
from courses.models import ActivityProgress, Certificate, ModuleProgress, QuizAttempt


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
                "ticked_items": len(row.checked_items),
                "reflection": html_to_text(row.reflection),
            }
            for row in ActivityProgress.objects.filter(user=user)
            .select_related("module")
            .order_by("created_at")
        ],
        "quiz_attempts": list(
            QuizAttempt.objects.filter(progress__user=user)
            .order_by("created_at")
            .values("progress__module__title", "score", "passed", "created_at")
        ),
        "certificates": list(
            Certificate.objects.filter(user=user).values(
                "course_title", "holder_name", "code", "issued_on"
            )
        ),
    }


def erase(user) -> None:
    """Everything goes with the user row; certificates explicitly, so that their verification
    page stops confirming a person who no longer has an account."""
    Certificate.objects.filter(user=user).delete()
    ActivityProgress.objects.filter(user=user).delete()
    ModuleProgress.objects.filter(user=user).delete()
