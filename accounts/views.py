"""Profile, language switching, and the export and deletion of personal data."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.privacy import erase_personal_data, export_personal_data
from accounts.roles import is_signed_in


@require_POST
def set_language(request):
    """Django's language switch; a signed-in user's choice is also kept on their account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if is_signed_in(user) and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.instance.language,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        messages.success(request, _("Your profile has been saved."))
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def personal_data(request):
    """Explain what is stored, and offer the export and the deletion."""
    return render(request, "accounts/personal_data.html", {"delete_form": DeleteAccountForm()})


@login_required
@require_POST
def export_data(request):
    data = export_personal_data(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"klimapaten-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erase_personal_data(user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("/")
    return render(
        request,
        "accounts/personal_data.html",
        {"delete_form": form},
        status=400 if request.method == "POST" else 200,
    )
