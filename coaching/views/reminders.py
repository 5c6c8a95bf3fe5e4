"""The reminder settings: which kinds a user receives, and their calendar feed address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from coaching import reminders
from coaching.forms import ReminderPreferencesForm
from coaching.models import CalendarToken


@login_required
def reminder_settings(request):
    initial = {"kinds": sorted(reminders.enabled_kinds(request.user))}
    form = ReminderPreferencesForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        offered = [kind for kind, _label in form.offered]
        reminders.set_enabled_kinds(request.user, form.cleaned_data["kinds"], offered)
        messages.success(request, _("Your reminder settings have been saved."))
        return redirect("reminders:settings")
    token = CalendarToken.for_user(request.user)
    context = {
        "form": form,
        "feed_url": request.build_absolute_uri(token.get_absolute_url()),
    }
    return TemplateResponse(request, "coaching/reminder_settings.html", context)
