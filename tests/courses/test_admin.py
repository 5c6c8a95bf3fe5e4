"""What editors see in the Wagtail admin: learner figures and the effect of their changes."""

import pytest
from django.contrib.messages import get_messages

from courses.models import ModulePage
from tests.courses import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken_module(client, course, module, user_factory):
    quiz = factories.block(module, "quiz")
    for n in range(3):
        learner = user_factory(roles=["volunteer"])
        client.force_login(learner)
        client.get(module.url)
        if n < 2:
            factories.post_activity(client, learner, module, quiz, factories.correct_answers(quiz))
    return module


def test_module_editor_shows_learner_figures(client, coordinator, taken_module):
    client.force_login(coordinator)
    response = client.get(f"/admin/pages/{taken_module.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 Lernende haben dieses Modul begonnen, 0 haben es abgeschlossen." in html
    assert "Wissenscheck" in html


def test_editor_is_warned_about_affected_learners(client, coordinator, taken_module):
    quiz = factories.block(taken_module, "quiz")
    page = ModulePage.objects.get(pk=taken_module.pk)
    page.body = [item for item in page.body.raw_data if item["id"] != quiz.id]
    page.save_revision(user=coordinator)
    client.force_login(coordinator)
    html = client.get(f"/admin/pages/{taken_module.pk}/edit/").content.decode()
    assert "Die Veröffentlichung dieses Entwurfs betrifft Lernende" in html
    assert "2 Lernende haben darin Fortschritt" in html


def test_after_edit_hook_adds_a_warning(rf, coordinator, taken_module):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from courses.wagtail_hooks import warn_about_learner_impact

    quiz = factories.block(taken_module, "quiz")
    page = ModulePage.objects.get(pk=taken_module.pk)
    raw = page.body.raw_data
    for item in raw:
        if item["id"] == quiz.id:
            item["value"]["pass_mark"] = 10
    page.body = raw
    page.save_revision(user=coordinator)
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_learner_impact(request, ModulePage.objects.get(pk=taken_module.pk))
    texts = [str(m) for m in get_messages(request)]
    assert texts == [
        "Die Antworten von Quiz „Wissenscheck“ wurden in diesem Entwurf geändert: "
        "2 Lernende haben es bearbeitet."
    ]


def test_new_module_form_renders(client, coordinator, course):
    client.force_login(coordinator)
    response = client.get(f"/admin/pages/add/courses/modulepage/{course.pk}/")
    assert response.status_code == 200
    assert "Quiz" in response.content.decode()


def test_module_report_lists_figures_for_editable_modules(client, coordinator, taken_module):
    client.force_login(coordinator)
    response = client.get("/admin/reports/learning-progress/")
    assert response.status_code == 200
    html = response.content.decode()
    assert taken_module.title in html and taken_module.get_parent().title in html
    rows = response.context["object_list"]
    row = next(module for module in rows if module.pk == taken_module.pk)
    assert (row.started, row.completed) == (3, 0)
    export = client.get("/admin/reports/learning-progress/?export=csv")
    assert export.status_code == 200
    assert taken_module.title in export.getvalue().decode()


def test_module_report_is_scoped_to_editable_sections(client, user_factory, taken_module):
    manager = user_factory(roles=["regional_manager"])
    client.force_login(manager)
    response = client.get("/admin/reports/learning-progress/")
    assert response.status_code == 200
    assert taken_module.pk not in [module.pk for module in response.context["object_list"]]


def test_publishing_a_change_that_affects_learners_needs_confirmation(
    client, coordinator, taken_module
):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    done_block = {"label_text": ""}
    data = nested_form_data(
        {
            "title": taken_module.title,
            "slug": taken_module.slug,
            "intro": "",
            "estimated_minutes": "10",
            "required": "on",
            "body": streamfield([("mark_done", done_block)]),
            "action-publish": "action-publish",
        }
    )
    client.force_login(coordinator)
    url = f"/admin/pages/{taken_module.pk}/edit/"
    response = client.post(url, data)
    assert response.status_code == 302
    live = ModulePage.objects.get(pk=taken_module.pk)
    assert any(child.block_type == "quiz" for child in live.body)  # not published
    assert live.has_unpublished_changes
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Noch nicht veröffentlicht" in m for m in messages), messages
    html = client.get(url).content.decode()
    assert 'name="confirm_learner_impact"' in html

    response = client.post(url, {**data, "confirm_learner_impact": "1"})
    assert response.status_code == 302
    live = ModulePage.objects.get(pk=taken_module.pk)
    assert [child.block_type for child in live.body] == ["mark_done"]
