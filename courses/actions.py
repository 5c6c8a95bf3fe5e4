"""The actions that change learning state, as Wagtail's ``wagtail/actions/`` do: check, change
the rows in one transaction, log what an admin history should show, send the domain event.

Every event of ``courses/signals.py`` is sent from here and nowhere else; no model ``save()``
or model signal carries behaviour. Followers (the dashboard's aggregates) only queue work in
the learner's transaction, so a learner never waits on, or deadlocks over, their figures.
``courses/services.py`` keeps the function API the views call and the pure helpers (tokens,
grading, mail).
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.roles import is_signed_in
from courses import signals
from courses.blocks import ACTIVITY_TYPES
from courses.models import (
    ActivityProgress,
    Certificate,
    CoursePage,
    ModulePage,
    ModuleProgress,
    new_certificate_code,
)
from courses.services import APPLY, ActivityError, enqueue_certificate, find_block, read_token

logger = logging.getLogger(__name__)

REVOKE_LOG_ACTION = "courses.certificate.revoke"


# Submitting an activity --------------------------------------------------------------------


class SubmitActivityAction:
    """One learner submission to the live module; ``execute`` raises ``ActivityError`` if it
    is refused (and then nothing changed)."""

    def __init__(self, user, module: ModulePage, block_id: str, data):
        self.user, self.module, self.block_id, self.data = user, module, block_id, data

    def check(self):
        child = find_block(self.module, self.block_id)
        if child is None or child.block_type not in ACTIVITY_TYPES:
            raise ActivityError(
                _(
                    "This activity does not exist (any more). Please reload the page. "
                    "Nothing was saved."
                )
            )
        version = read_token(self.data.get("token"), self.user, self.module, self.block_id)
        course = self.module.course
        if course is not None and missing_prerequisites(self.user, course):
            raise ActivityError(_("Please complete the prerequisite courses first."))
        return child, version, course

    def execute(self):
        child, version, course = self.check()
        user, module = self.user, self.module
        try:
            with transaction.atomic():
                progress, _created = ActivityProgress.objects.select_for_update().get_or_create(
                    user=user,
                    module=module,
                    block_id=self.block_id,
                    defaults={"kind": child.block_type},
                )
                if progress.version != version:
                    raise ActivityError(
                        _(
                            "This form was already sent or is out of date, so nothing was "
                            "changed. Below is the current state."
                        )
                    )
                submission = APPLY[child.block_type](progress, child, self.data, module)
                progress.version += 1
                progress.kind = child.block_type
                progress.save()
                signals.activity_submitted.send(
                    sender=ModulePage,
                    user=user,
                    module=module,
                    progress=progress,
                    completed=progress.completed_at is not None,
                )
                submission.module_completed, submission.course_completed = update_completion(
                    user, module, course
                )
        except IntegrityError as error:  # a concurrent first submission won the race
            raise ActivityError(
                _("This form was already sent, so nothing was changed. Below is the current state.")
            ) from error
        return submission


def submit_activity(user, module, block_id, data):
    return SubmitActivityAction(user, module, block_id, data).execute()


# Visiting and completing modules -----------------------------------------------------------


def record_visit(user, module: ModulePage, course: CoursePage | None) -> None:
    """Note that the learner opened the module (for "continue where you left off"); a module
    without required activities is complete once opened. The first visit starts the module."""
    if course is None or not is_signed_in(user):
        return
    now = timezone.now()
    updated = ModuleProgress.objects.filter(user=user, module=module).update(last_seen_at=now)
    if updated:
        return
    try:
        with transaction.atomic():
            progress = ModuleProgress.objects.create(
                user=user, module=module, course=course, last_seen_at=now
            )
            signals.module_started.send(
                sender=ModulePage, user=user, module=module, course=course, progress=progress
            )
    except IntegrityError:  # a second tab started it at the same moment
        pass
    if not module.required_activity_ids():
        with transaction.atomic():
            update_completion(user, module, course)


def update_completion(user, module: ModulePage, course: CoursePage | None) -> tuple[bool, bool]:
    """Complete the module and the course if their required parts are done (inside the
    caller's transaction).

    Completion is never taken back: a module completed on an earlier revision stays complete
    when editors later add or change activities.
    """
    if course is None:
        return False, False
    progress, created = ModuleProgress.objects.select_for_update().get_or_create(
        user=user, module=module, defaults={"course": course}
    )
    if created:
        signals.module_started.send(
            sender=ModulePage, user=user, module=module, course=course, progress=progress
        )
    if progress.completed_at is not None:
        return False, False
    required = set(module.required_activity_ids())
    done = set(
        ActivityProgress.objects.filter(
            user=user, module=module, block_id__in=required, completed_at__isnull=False
        ).values_list("block_id", flat=True)
    )
    if not required <= done:
        return False, False
    progress.completed_at = timezone.now()
    progress.completed_revision_id = module.live_revision_id
    progress.save(update_fields=["completed_at", "completed_revision"])
    signals.module_completed.send(
        sender=ModulePage, user=user, module=module, course=course, progress=progress
    )
    certificate = complete_course_if_done(user, course)
    return True, certificate is not None


def complete_course_if_done(user, course: CoursePage) -> Certificate | None:
    """Issue the certificate once every required live module of the course is complete."""
    required = list(
        ModulePage.objects.child_of(course)
        .live()
        .filter(required=True)
        .values_list("pk", flat=True)
    )
    if not required:
        return None
    done = ModuleProgress.objects.filter(
        user=user, module_id__in=required, completed_at__isnull=False
    ).count()
    if done < len(required):
        return None
    certificate, created = IssueCertificateAction(user, course).execute()
    if created:
        signals.course_completed.send(
            sender=CoursePage, user=user, course=course, certificate=certificate
        )
    return certificate


def missing_prerequisites(user, course: CoursePage) -> list[CoursePage]:
    prerequisites = list(CoursePage.objects.live().filter(required_for=course))
    if not prerequisites:
        return []
    done = set(
        Certificate.objects.filter(user=user, course__in=prerequisites).values_list(
            "course_id", flat=True
        )
    )
    return [page for page in prerequisites if page.pk not in done]


# Certificates -----------------------------------------------------------------------------


class IssueCertificateAction:
    """Create the certificate row (idempotent); its PDF is made and mailed after the commit
    (``services.enqueue_certificate``, which never lets a broken broker fail the request)."""

    def __init__(self, user, course: CoursePage):
        self.user, self.course = user, course

    def execute(self) -> tuple[Certificate, bool]:
        user, course = self.user, self.course
        existing = Certificate.objects.filter(user=user, course=course).first()
        if existing:
            return existing, False
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(
                        user=user,
                        course=course,
                        holder_name=user.get_full_name(),
                        course_title=course.title,
                        code=new_certificate_code(),
                        issued_on=timezone.localdate(),
                    )
                    signals.certificate_issued.send(
                        sender=Certificate, certificate=certificate, user=user, course=course
                    )
                break
            except IntegrityError:
                existing = Certificate.objects.filter(user=user, course=course).first()
                if existing:
                    return existing, False
        else:  # pragma: no cover - five code collisions in a row
            raise RuntimeError("Could not find a free certificate code.")
        transaction.on_commit(lambda: enqueue_certificate(certificate.pk))
        return certificate, True


def issue_certificate(user, course: CoursePage) -> tuple[Certificate, bool]:
    return IssueCertificateAction(user, course).execute()


class RevokeCertificateAction(BaseAction):
    """Withdraw a certificate (coordinators): its verification page then says it is revoked,
    it leaves the holder's /me/ and counts as revoked in the figures. Logged in the admin
    history with the reason."""

    action_name = "revoke"
    permission_policy_action = "change"

    def __init__(self, certificate: Certificate, user=None, reason: str = ""):
        super().__init__(certificate, user=user)
        self.certificate = certificate
        self.reason = (reason or "").strip()[:500]

    @property
    def permission_policy(self):
        return ModelPermissionPolicy(Certificate)

    def user_has_permission(self):
        return self.permission_policy.user_has_permission(self.user, "change")

    def execute(self, skip_permission_checks=False) -> bool:
        """Revoke it; False if it was revoked before (nothing changes then)."""
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .select_related("user")
                .get(pk=self.certificate.pk)
            )
            if certificate.revoked_at is not None:
                return False
            certificate.revoked_at = timezone.now()
            certificate.save(update_fields=["revoked_at"])
            self.certificate.revoked_at = certificate.revoked_at
            log(
                instance=certificate,
                action=REVOKE_LOG_ACTION,
                user=self.user,
                data={"reason": self.reason, "code": certificate.code},
            )
            signals.certificate_revoked.send(
                sender=Certificate,
                certificate=certificate,
                user=certificate.user,
                course=certificate.course,
                revoked_by=self.user,
                reason=self.reason,
            )
        logger.info("Certificate %s revoked by %s", certificate.code, self.user)
        return True


def revoke_certificate(certificate: Certificate, *, user=None, reason: str = "") -> bool:
    return RevokeCertificateAction(certificate, user=user, reason=reason).execute()
