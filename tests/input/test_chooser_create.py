"""The template choosers' "Create" tab: an incomplete form comes back with its errors, never 500.

Wagtail's chooser create view assumes a creation form (``None.is_valid()`` without one); the
plan and phase template choosers have one, and a POST to a chooser without one is a 404.
"""

import json

import pytest
from django.http import Http404
from django.urls import reverse

from coaching.models import PhaseTemplate, PlanTemplate

pytestmark = pytest.mark.django_db

PLAN_CREATE = "wagtailsnippetchoosers_coaching_plantemplate:create"
PHASE_CREATE = "wagtailsnippetchoosers_coaching_phasetemplate:create"


def modal_step(response):
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def counts():
    return PlanTemplate.objects.count(), PhaseTemplate.objects.count()


@pytest.mark.parametrize("name", [PLAN_CREATE, PHASE_CREATE])
def test_an_empty_post_shows_the_form_with_its_errors_and_creates_nothing(
    client, coordinator, template, name
):
    client.force_login(coordinator)
    before = counts()
    data = modal_step(client.post(reverse(name)))
    assert data["step"] == "reshow_creation_form"
    assert "error" in data["htmlFragment"]
    assert 'name="name"' in data["htmlFragment"]
    assert counts() == before


@pytest.mark.parametrize("name", [PLAN_CREATE, PHASE_CREATE])
def test_the_create_tab_shows_the_form(client, coordinator, name):
    client.force_login(coordinator)
    data = modal_step(client.get(reverse(name)))
    assert 'name="name"' in data["htmlFragment"]


def test_a_plan_template_is_created_and_chosen(client, coordinator):
    client.force_login(coordinator)
    data = modal_step(client.post(reverse(PLAN_CREATE), {"name": "Neu", "is_active": "on"}))
    assert data["step"] == "chosen"
    created = PlanTemplate.objects.get(name="Neu")
    assert data["result"]["id"] == str(created.pk)
    assert created.is_active


def test_a_phase_is_appended_to_its_template(client, coordinator, template):
    client.force_login(coordinator)
    last = template.phases.order_by("-sort_order").first()
    data = modal_step(
        client.post(reverse(PHASE_CREATE), {"template": template.pk, "name": "Verstetigen"})
    )
    assert data["step"] == "chosen"
    phase = PhaseTemplate.objects.get(name="Verstetigen")
    assert phase.template == template
    assert phase.sort_order == last.sort_order + 1


def test_a_phase_of_a_template_that_does_not_exist_is_a_form_error(client, coordinator):
    client.force_login(coordinator)
    before = counts()
    data = modal_step(
        client.post(reverse(PHASE_CREATE), {"template": "99999999999999999999", "name": "X"})
    )
    assert data["step"] == "reshow_creation_form"
    assert counts() == before


@pytest.mark.parametrize("name", [PLAN_CREATE, PHASE_CREATE])
def test_regional_managers_may_not_create_templates(client, regional_manager, template, name):
    client.force_login(regional_manager)
    before = counts()
    response = client.post(reverse(name), {"template": template.pk, "name": "Eigenes"})
    assert response.status_code == 302
    assert counts() == before


def test_a_chooser_without_a_creation_form_answers_a_post_with_404(rf, coordinator):
    from municipalities.admin_kit import GuardedSnippetChooserViewSet

    view = GuardedSnippetChooserViewSet(
        "test_formless_chooser", model=PlanTemplate, url_prefix="test-formless"
    ).create_view
    request = rf.post("/", {})
    request.user = coordinator
    with pytest.raises(Http404):
        view(request)
    assert PlanTemplate.objects.count() == 0
