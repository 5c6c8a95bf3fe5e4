"""Learner endpoints outside the page tree: the course list, activity submissions, certificates.

Submissions work as plain form posts (redirect back with a message) and, for htmx requests, answer
with the re-rendered activity and the module's progress, without a page reload.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from accounts.roles import is_signed_in
from courses import actions, services
from courses.models import Certificate, ModulePage
from courses.permissions import can_download_certificate, learner_access
from courses.progress import NOTICE_SESSION_KEY, course_cards, module_context, visible_courses


@login_required
@require_GET
def course_index(request):
    """Every course the signed-in person may take, by section, with their progress."""
    pairs = visible_courses(request.user)
    cards = course_cards(
        request,
        [course for course, _section in pairs],
        sections={course.pk: section for course, section in pairs},
    )
    sections = []
    for card in cards:
        if not sections or sections[-1]["section"].pk != card.section.pk:
            sections.append({"section": card.section, "cards": []})
        sections[-1]["cards"].append(card)
    return TemplateResponse(request, "courses/course_list.html", {"sections": sections})


def _render_activity(request, module, block_id, *, error="", notice=""):
    """The activity fragment plus out-of-band updates of the module's progress."""
    context = module_context(request, module)
    item = next((item for item in context["items"] if item.block_id == block_id), None)
    if item is None:
        return None
    item.error, item.notice = error, notice
    context.update({"page": module, "self": module, "item": item, "request": request})
    html = render_to_string("courses/_activity.html", context, request=request)
    for fragment in ("courses/_module_progress.html", "courses/_module_outline.html"):
        html += render_to_string(fragment, {**context, "oob": True}, request)
    return HttpResponse(html)


@login_required
@require_POST
def submit_activity(request, module_id: int, block_id: str):
    module = ModulePage.objects.live().filter(pk=module_id).first()
    if module is None:
        raise Http404("No such module.")
    access = learner_access(request.user, module.course, module.section_region_id)
    if not access.allowed:
        context = {"course": module.course, "reason": access.reason}
        return TemplateResponse(request, "courses/no_access.html", context, status=403)
    if any(not r.accept_request(request) for r in module.get_view_restrictions()):
        raise PermissionDenied("This module is private.")
    url = f"{module.get_url(request)}#block-{block_id}"
    try:
        submission = actions.submit_activity(request.user, module, block_id, request.POST)
    except services.ActivityError as error:
        if request.htmx:
            response = _render_activity(request, module, block_id, error=error.message)
            if response is None:
                response = HttpResponse(
                    format_html('<p class="message message--error">{}</p>', error.message)
                )
                response = reswap(retarget(response, "#module-messages"), "innerHTML")
            return response
        _notify(request, module, block_id, error.message, error=True)
        return HttpResponseRedirect(url)
    notice = submission.message
    if submission.course_completed:
        notice = f"{notice} {services.COURSE_DONE_MESSAGE}"
    elif submission.module_completed:
        notice = f"{notice} {services.MODULE_DONE_MESSAGE}"
    if request.htmx:
        return _render_activity(request, module, block_id, notice=notice)
    _notify(request, module, block_id, notice)
    return HttpResponseRedirect(url)


def _notify(request, module, block_id, text, *, error=False):
    """Without JavaScript: show the outcome inside the activity after the redirect (where the
    page's anchor leads), or at the top of the page if the activity does not exist."""
    if services.find_block(module, block_id) is None:
        messages.error(request, text)
        return
    request.session[NOTICE_SESSION_KEY] = {
        "module": module.pk,
        "block": block_id,
        "text": str(text),
        "error": error,
    }


@require_GET
def certificate_verify(request, code: str):
    """Public: is this certificate valid? Shows name, course and date only."""
    certificate = (
        Certificate.objects.filter(code=code.strip().upper())
        .only("holder_name", "course_title", "issued_on", "revoked_at", "code")
        .first()
    )
    status = 200 if certificate and certificate.is_valid else 404
    can_revoke = (
        certificate is not None
        and certificate.is_valid
        and is_signed_in(request.user)
        and actions.RevokeCertificateAction(certificate, user=request.user).user_has_permission()
    )
    return TemplateResponse(
        request,
        "courses/certificate_verify.html",
        {"certificate": certificate, "code": code, "can_revoke": can_revoke},
        status=status,
    )


@login_required
def certificate_revoke(request, code: str):
    """Coordinators withdraw a certificate (with a reason, kept in the admin history)."""
    certificate = get_object_or_404(Certificate, code=code.strip().upper())
    action = actions.RevokeCertificateAction(
        certificate, user=request.user, reason=request.POST.get("reason", "")
    )
    if not action.user_has_permission():
        raise PermissionDenied("Only coordinators may revoke certificates.")
    if request.method == "POST":
        if action.execute():
            messages.success(request, _("The certificate has been revoked."))
        return HttpResponseRedirect(certificate.get_verify_url())
    return TemplateResponse(
        request, "courses/certificate_revoke.html", {"certificate": certificate}
    )


@login_required
@require_GET
def certificate_download(request, code: str):
    certificate = get_object_or_404(Certificate.objects.select_related("user"), code=code.upper())
    if not can_download_certificate(request.user, certificate):
        raise Http404("No such certificate.")
    pdf = services.ensure_certificate_pdf(certificate)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = services.certificate_filename(certificate)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
