"""Recording learning: submissions, completion rules and certificates.

Every submission carries a signed token naming the learner, the module, the block and the
version of the learner's state it was made for. A token for another person, module or block,
or for an older version (a double submit or a replay), is refused and nothing changes.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from core.mail import queue_templated_mail
from core.sanitize import strip_html
from courses.blocks import QuestionBlock
from courses.certificates import render_certificate_pdf
from courses.models import (
    ActivityKind,
    ActivityProgress,
    Certificate,
    ModulePage,
    QuizAttempt,
)

logger = logging.getLogger(__name__)

TOKEN_SALT = "courses.activity"  # noqa: S105 - a signing salt, not a secret
MAX_REFLECTION_LENGTH = 10_000
MODULE_DONE_MESSAGE = _("Module complete!")
COURSE_DONE_MESSAGE = _(
    "Course complete! Your certificate is being prepared and will be sent to you by e-mail."
)


class ActivityError(Exception):
    """A submission that was refused; ``message`` is shown to the learner."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# Tokens -----------------------------------------------------------------------------------


def make_token(user, module, block_id: str, version: int) -> str:
    return signing.dumps([user.pk, module.pk, block_id, version], salt=TOKEN_SALT, compress=True)


def read_token(token: str, user, module, block_id: str) -> int:
    """Return the version the token was made for, or refuse it."""
    try:
        user_id, module_id, token_block, version = signing.loads(token or "", salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ActivityError(
            _("This form is not valid (any more). Please reload the page and try again.")
        ) from error
    if (user_id, module_id, token_block) != (user.pk, module.pk, block_id):
        raise ActivityError(_("This form belongs to another activity. Nothing was changed."))
    return int(version)


# Grading ----------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: str
    correct: bool
    feedback: list = field(default_factory=list)  # [(answer text, feedback, answer correct)]


@dataclass
class QuizResult:
    score: int
    passed: bool
    pass_mark: int
    questions: dict  # question id -> QuestionResult

    @property
    def correct_count(self) -> int:
        return sum(result.correct for result in self.questions.values())


def posted_answers(data) -> dict[str, list[str]]:
    return {key[2:]: data.getlist(key) for key in data if key.startswith("q-")}


def grade_quiz(value, answers: dict, *, strict: bool = True) -> QuizResult:
    """Grade ``answers`` (question id → answer ids) against the quiz ``value``.

    With ``strict``, anything the form could not have produced (unknown questions or answers,
    several answers to a single-choice question) and unanswered questions are refused.
    """
    questions = value["questions"].bound_blocks
    known = {question.id for question in questions}
    if strict:
        if set(answers) - known:
            raise ActivityError(_("The answers do not match this quiz. Nothing was saved."))
        missing = [q for q in questions if not answers.get(q.id)]
        if missing:
            raise ActivityError(_("Please answer every question."))
    results = {}
    for question in questions:
        choices = {answer.id: answer.value for answer in question.value["answers"].bound_blocks}
        selected = [answer_id for answer_id in answers.get(question.id, []) if answer_id]
        if strict:
            if set(selected) - set(choices) or len(set(selected)) != len(selected):
                raise ActivityError(_("The answers do not match this quiz. Nothing was saved."))
            if question.value["kind"] == QuestionBlock.SINGLE and len(selected) != 1:
                raise ActivityError(_("Choose exactly one answer for a single-choice question."))
        selected = [answer_id for answer_id in selected if answer_id in choices]
        correct_ids = {answer_id for answer_id, answer in choices.items() if answer["correct"]}
        results[question.id] = QuestionResult(
            question=question.value["question"],
            correct=bool(selected) and set(selected) == correct_ids,
            feedback=[
                (choices[a]["text"], choices[a]["feedback"], choices[a]["correct"])
                for a in selected
            ],
        )
    total = len(questions)
    score = round(100 * sum(r.correct for r in results.values()) / total) if total else 0
    pass_mark = value["pass_mark"] if value["pass_mark"] is not None else 100
    return QuizResult(
        score=score, passed=score >= pass_mark, pass_mark=pass_mark, questions=results
    )


# Submissions ------------------------------------------------------------------------------


@dataclass
class Submission:
    progress: ActivityProgress
    message: str
    module_completed: bool = False
    course_completed: bool = False
    result: QuizResult | None = None


def find_block(module: ModulePage, block_id: str):
    for child in module.body:
        if child.id == block_id:
            return child
    return None


def _complete(progress: ActivityProgress, module: ModulePage) -> None:
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.revision_id = module.live_revision_id


def _apply_quiz(progress, child, data, module) -> Submission:
    answers = posted_answers(data)
    result = grade_quiz(child.value, answers)
    QuizAttempt.objects.create(
        progress=progress,
        revision_id=module.live_revision_id,
        answers=answers,
        score=result.score,
        passed=result.passed,
    )
    progress.score = result.score
    progress.best_score = max(result.score, progress.best_score or 0)
    progress.last_answers = answers
    if result.passed:
        _complete(progress, module)
        message = _("Passed with %(score)s %%. Well done!") % {"score": result.score}
    else:
        message = _(
            "%(score)s %% - you need %(mark)s %% to pass. Read the feedback and try again."
        ) % {"score": result.score, "mark": result.pass_mark}
    return Submission(progress=progress, message=message, result=result)


def _apply_checklist(progress, child, data, module) -> Submission:
    items = [item.id for item in child.value["items"].bound_blocks]
    ticked = data.getlist("item")
    if set(ticked) - set(items):
        raise ActivityError(_("These items do not belong to this checklist. Nothing was saved."))
    progress.checked_items = [item for item in items if item in set(ticked)]
    if len(progress.checked_items) == len(items):
        _complete(progress, module)
        message = _("All items ticked.")
    else:
        progress.completed_at = None
        message = _("%(done)s of %(total)s items ticked.") % {
            "done": len(progress.checked_items),
            "total": len(items),
        }
    return Submission(progress=progress, message=message)


def _apply_reflection(progress, child, data, module) -> Submission:
    text = (data.get("reflection") or "").strip()
    minimum = child.value.get("min_length") or 1
    if len(text) < minimum:
        raise ActivityError(_("Please write at least %(count)s characters.") % {"count": minimum})
    if len(text) > MAX_REFLECTION_LENGTH:
        raise ActivityError(
            _("Please write at most %(count)s characters.") % {"count": MAX_REFLECTION_LENGTH}
        )
    # The reflection field (a SanitizedHTMLField) cleans the markup when progress is saved.
    progress.reflection = linebreaks(text, autoescape=False)
    _complete(progress, module)
    return Submission(progress=progress, message=_("Your reflection is saved."))


def _apply_mark_done(progress, child, data, module) -> Submission:
    _complete(progress, module)
    return Submission(progress=progress, message=_("Marked as done."))


APPLY = {
    ActivityKind.QUIZ: _apply_quiz,
    ActivityKind.CHECKLIST: _apply_checklist,
    ActivityKind.REFLECTION: _apply_reflection,
    ActivityKind.MARK_DONE: _apply_mark_done,
}


def reflection_text(progress: ActivityProgress | None) -> str:
    """The stored reflection as plain text, to edit it again."""
    if not progress or not progress.reflection:
        return ""
    html = progress.reflection.replace("<br>", "\n").replace("</p>", "\n\n")
    return strip_html(html).strip()


# Certificates (issuing one, completion and visits are actions: ``courses/actions.py``) ------


def deliver_certificate(certificate_id: int) -> str:
    """Make the certificate's PDF and queue its mail in the outbox; safe to run again.

    "sent" means handed to the outbox, which sends the mail and retries it for days if the
    mail server is down (core/outbox); "already-sent" that it was handed over before.
    """
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return "missing"
    ensure_certificate_pdf(certificate)
    sent = send_certificate_mail(certificate)
    return "sent" if sent else "already-sent"


def retry_unsent_certificates(limit: int = 200) -> int:
    """Hand certificates whose PDF is missing or whose mail was never queued to a worker."""
    from courses.tasks import deliver_certificate  # cycle: courses.tasks imports this module

    pending = Certificate.objects.filter(emailed_at__isnull=True, revoked_at__isnull=True)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
    for certificate_id in ids:
        deliver_certificate.delay(certificate_id)
    return len(ids)


def enqueue_certificate(certificate_id: int) -> None:
    """Hand the certificate to a worker; a broken broker loses nothing (the beat job retries)."""
    from courses.tasks import deliver_certificate  # cycle: courses.tasks imports this module

    try:
        deliver_certificate.delay(certificate_id)
    except Exception:
        logger.exception(
            "Could not enqueue certificate %s; the retry job will pick it up.", certificate_id
        )


def ensure_certificate_pdf(certificate: Certificate) -> bytes:
    if not certificate.pdf:
        certificate.pdf = render_certificate_pdf(certificate)
        Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf)
    return bytes(certificate.pdf)


def certificate_filename(certificate: Certificate) -> str:
    return f"zertifikat-{certificate.code}.pdf"


def send_certificate_mail(certificate: Certificate) -> bool:
    """Queue the certificate mail in the outbox once; False if it was queued before.

    Only rows are written (in the caller's transaction, so it may run in the one that issues
    the certificate); the PDF is attached when a worker sends the message.
    """
    if certificate.emailed_at:
        return False
    user = certificate.user
    with transaction.atomic():
        queue_templated_mail(
            "courses/email/certificate",
            [user.email],
            {"certificate": certificate, "user": user},
            language=user.language or settings.LANGUAGE_CODE,
            key=f"certificate:{certificate.pk}",
            deferred_attachments=[
                {"provider": "courses.services.certificate_attachment", "args": [certificate.pk]}
            ],
        )
        certificate.emailed_at = timezone.now()
        Certificate.objects.filter(pk=certificate.pk).update(emailed_at=certificate.emailed_at)
    return True


def certificate_attachment(certificate_id: int) -> tuple[str, bytes, str]:
    """The PDF for the outbox to attach at send time (made now if still missing)."""
    certificate = Certificate.objects.get(pk=certificate_id)
    return certificate_filename(certificate), ensure_certificate_pdf(certificate), "application/pdf"
