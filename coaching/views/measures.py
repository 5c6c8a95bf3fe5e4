"""Measure screens: the list with its totals per participation, adding and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from coaching import permissions
from coaching.forms import MeasureForm
from coaching.models import Measure
from core.badinput import form_status
from municipalities.models import Participation


@login_required
def measure_list(request):
    measures = Measure.objects.visible_to(request.user).select_related(
        "participation__municipality"
    )
    participation = None
    if request.GET.get("participation", "").isdigit():
        participation = get_object_or_404(
            Participation.objects.visible_to(request.user), pk=request.GET["participation"]
        )
        measures = measures.filter(participation=participation)
    totals = measures.aggregate(
        co2=Sum("co2_savings_tonnes"),
        investment=Sum("investment_eur"),
        funding=Sum("funding_eur"),
        count=Count("pk"),
        done=Count("pk", filter=Q(status=Measure.Status.DONE)),
    )
    context = {
        "measures": measures,
        "totals": totals,
        "participation": participation,
        "can_add": participation is not None
        and permissions.can_edit_measures(request.user, participation),
    }
    return TemplateResponse(request, "coaching/measure_list.html", context)


@login_required
def measure_create(request, participation_pk):
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user), pk=participation_pk
    )
    if not permissions.can_edit_measures(request.user, participation):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, participation=participation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The measure has been saved."))
        return redirect(f"{reverse('measures:index')}?participation={participation.pk}")
    context = {"form": form, "participation": participation}
    return TemplateResponse(
        request, "coaching/measure_form.html", context, status=form_status(request, form)
    )


@login_required
def measure_edit(request, pk):
    measure = get_object_or_404(
        Measure.objects.visible_to(request.user).select_related("participation"), pk=pk
    )
    if not permissions.can_edit_measure(request.user, measure):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, participation=measure.participation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The measure has been saved."))
        return redirect(f"{reverse('measures:index')}?participation={measure.participation_id}")
    context = {"form": form, "participation": measure.participation, "measure": measure}
    return TemplateResponse(
        request, "coaching/measure_form.html", context, status=form_status(request, form)
    )
