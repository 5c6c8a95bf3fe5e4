"""Access matrix: role × screen × object of the own or another region.

Volunteers see their municipality's plan and update the tasks they own; municipal contacts
read; regional managers manage their region; coordinators everything; anonymous people see
public events only.
"""

from datetime import date

import pytest
from django.urls import reverse

from coaching import permissions, services
from coaching.models import Task
from tests.coaching.factories import EventFactory, MeasureFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "municipal_contact", "regional_manager", "coordinator"]


@pytest.fixture
def plans(template, world):
    own = services.apply_template(template, [world.own], date(2026, 2, 1)).created[0]
    other = services.apply_template(template, [world.other], date(2026, 2, 1)).created[0]
    return own, other


@pytest.fixture
def as_role(client, request):
    def login(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login


# Plans ---------------------------------------------------------------------------------------

PLAN_VIEW = {  # role: (own plan, other plan)
    "anonymous": (302, 302),
    "volunteer": (200, 404),
    "municipal_contact": (200, 404),
    "regional_manager": (200, 404),
    "coordinator": (200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_plan_detail(role, as_role, plans):
    client = as_role(role)
    codes = tuple(client.get(reverse("plans:detail", args=[p.pk])).status_code for p in plans)
    assert codes == PLAN_VIEW[role]


SHIFT = {
    "anonymous": 302,
    "volunteer": 404,
    "municipal_contact": 404,
    "regional_manager": 200,
    "coordinator": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_move_plan_dates(role, as_role, plans, world):
    client = as_role(role)
    own, other = plans
    assert client.get(reverse("plans:shift", args=[own.pk])).status_code == SHIFT[role]
    expected_other = 200 if role == "coordinator" else SHIFT[role] if role == "anonymous" else 404
    assert client.get(reverse("plans:shift", args=[other.pk])).status_code == expected_other


TASK_STATUS = {  # own task owned by the volunteer, other task of the own plan, other region
    "anonymous": (302, 302, 302),
    "volunteer": (302, 403, 404),
    "municipal_contact": (403, 403, 404),
    "regional_manager": (302, 302, 404),
    "coordinator": (302, 302, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_task_status_updates(role, as_role, plans, volunteer):
    client = as_role(role)
    own, other = plans
    mine = own.tasks.filter(owner=volunteer).first()
    not_mine = own.tasks.exclude(owner=volunteer).first()
    elsewhere = other.tasks.first()
    codes = []
    for task in (mine, not_mine, elsewhere):
        response = client.post(reverse("plans:task_status", args=[task.pk]), {"status": "done"})
        codes.append(response.status_code)
        if response.status_code == 302 and role != "anonymous":
            assert Task.objects.get(pk=task.pk).status == Task.Status.DONE
    assert tuple(codes) == TASK_STATUS[role]
    if role in ("anonymous", "municipal_contact"):
        assert not Task.objects.filter(status=Task.Status.DONE).exists()


@pytest.mark.parametrize("role", ROLES)
def test_task_edit_is_for_managers(role, as_role, plans, volunteer):
    client = as_role(role)
    own, _other = plans
    task = own.tasks.filter(owner=volunteer).first()
    expected = {"anonymous": 302, "regional_manager": 200, "coordinator": 200}.get(role, 404)
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_apply_and_overview_are_for_managers(role, as_role, plans):
    client = as_role(role)
    expected = {"anonymous": 302, "regional_manager": 200, "coordinator": 200}.get(role, 403)
    assert client.get(reverse("plans:apply")).status_code == expected
    assert client.get(reverse("plans:overview")).status_code == expected


def test_regional_manager_applies_template_through_the_form(
    client, regional_manager, template, world
):
    client.force_login(regional_manager)
    response = client.post(
        reverse("plans:apply"),
        {"template": template.pk, "participations": [world.own.pk], "start_date": "2026-02-01"},
    )
    assert response.status_code == 302
    assert world.own.plan.tasks.count() == 3
    # Another region's participation is not even a choice.
    response = client.post(
        reverse("plans:apply"),
        {"template": template.pk, "participations": [world.other.pk], "start_date": "2026-02-01"},
    )
    assert response.status_code == 400  # refused, with the form's message
    assert "participations" in response.context["form"].errors


def test_shift_form_previews_then_moves(client, regional_manager, plans):
    own, _ = plans
    client.force_login(regional_manager)
    url = reverse("plans:shift", args=[own.pk])
    data = {"anchor": "plan_start", "new_date": "2026-02-15"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert len(response.context["changes"]) == 2
    own.refresh_from_db()
    assert own.start_date == date(2026, 2, 1)
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.start_date == date(2026, 2, 15)


def test_milestone_reached_toggle_is_for_managers(client, regional_manager, volunteer, plans):
    own, _ = plans
    milestone = own.milestones.first()
    client.force_login(volunteer)
    assert client.post(reverse("plans:milestone_reached", args=[milestone.pk])).status_code == 404
    client.force_login(regional_manager)
    client.post(reverse("plans:milestone_reached", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.reached_on is not None


def test_plan_list_shows_only_visible_plans(client, volunteer, coordinator, plans):
    client.force_login(volunteer)
    response = client.get(reverse("plans:index"))
    assert [s.plan for s in response.context["statuses"]] == [plans[0]]
    client.force_login(coordinator)
    assert len(client.get(reverse("plans:index")).context["statuses"]) == 2


def test_plan_page_renders_timeline_svg_and_table(client, volunteer, plans):
    client.force_login(volunteer)
    html = client.get(reverse("plans:detail", args=[plans[0].pk])).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "<table" in html and "Gewinnen" in html
    assert "style=" not in html  # no inline styles under the CSP


# Events --------------------------------------------------------------------------------------


@pytest.fixture
def events(world):
    return {
        "public": EventFactory(is_public=True, title="Öffentlich"),
        "programme": EventFactory(title="Programmweit"),
        "own": EventFactory(region=world.own_region, title="Eigene Region"),
        "other": EventFactory(region=world.other_region, title="Andere Region"),
        "managers": EventFactory(title="Nur RM", audience=["regional_manager"]),
    }


VISIBLE_EVENTS = {
    "anonymous": {"public"},
    "volunteer": {"public", "programme", "own"},
    "municipal_contact": {"public", "programme", "own"},
    "regional_manager": {"public", "programme", "own", "managers"},
    "coordinator": {"public", "programme", "own", "other", "managers"},
}


@pytest.mark.parametrize("role", ROLES)
def test_event_visibility(role, as_role, events):
    client = as_role(role)
    listed = {e.title for e in client.get(reverse("events:index")).context["events"]}
    assert listed == {events[key].title for key in VISIBLE_EVENTS[role]}
    for key, event in events.items():
        status = client.get(reverse("events:detail", args=[event.pk])).status_code
        assert status == (200 if key in VISIBLE_EVENTS[role] else 404), key


@pytest.mark.parametrize("role", ROLES)
def test_attendance_page(role, as_role, events):
    client = as_role(role)
    own = client.get(reverse("events:attendance", args=[events["own"].pk])).status_code
    other = client.get(reverse("events:attendance", args=[events["other"].pk])).status_code
    expected = {
        "anonymous": (302, 302),
        "regional_manager": (200, 404),
        "coordinator": (200, 200),
    }.get(role, (404, 404))
    assert (own, other) == expected


def test_event_filters_by_kind_region_and_month(client, coordinator, world):
    client.force_login(coordinator)
    workshop = EventFactory(kind="workshop", region=world.own_region)
    EventFactory(kind="training", region=world.other_region)
    response = client.get(reverse("events:index"), {"kind": "workshop"})
    assert list(response.context["events"]) == [workshop]
    response = client.get(reverse("events:index"), {"region": world.own_region.pk})
    assert list(response.context["events"]) == [workshop]
    month = workshop.start.astimezone().strftime("%Y-%m")
    response = client.get(reverse("events:index"), {"month": month})
    assert workshop in response.context["events"]
    response = client.get(reverse("events:index"), {"month": "2001-01"})
    assert list(response.context["events"]) == []
    response = client.get(reverse("events:index"), {"kind": "workshop"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


def test_register_and_cancel_through_the_views(client, volunteer, events):
    client.force_login(volunteer)
    event = events["own"]
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302
    assert event.registrations.get().status == "registered"
    response = client.post(reverse("events:cancel", args=[event.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Ihre Anmeldung wurde storniert." in response.content.decode()
    assert "<html" not in response.content.decode()
    assert event.registrations.get().status == "cancelled"
    # Another region's members-only event cannot be registered for.
    assert client.post(reverse("events:register", args=[events["other"].pk])).status_code == 404


def test_anonymous_cannot_register(client, events):
    response = client.post(reverse("events:register", args=[events["public"].pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Measures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_measures(role, as_role, world):
    client = as_role(role)
    own = MeasureFactory(participation=world.own, title="PV auf der Schule")
    other = MeasureFactory(participation=world.other, title="Carsharing")
    response = client.get(reverse("measures:index"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    listed = set(response.context["measures"])
    expected = {own, other} if role == "coordinator" else {own}
    assert listed == expected
    can_edit = role in ("volunteer", "regional_manager", "coordinator")
    edit = client.get(reverse("measures:edit", args=[own.pk])).status_code
    assert edit == (200 if can_edit else 403)
    other_edit = client.get(reverse("measures:edit", args=[other.pk])).status_code
    assert other_edit == (200 if role == "coordinator" else 404)
    user = response.context["user"]
    assert permissions.can_view_measures(user, world.own)
    assert permissions.can_view_measures(user, world.other) == (role == "coordinator")


def test_volunteer_records_a_measure_with_sdgs(client, volunteer, world):
    client.force_login(volunteer)
    response = client.post(
        reverse("measures:create", args=[world.own.pk]),
        {
            "title": "Balkonkraftwerke",
            "category": "energy",
            "status": "in_progress",
            "co2_savings_tonnes": "3.5",
            "investment_eur": "12000",
            "funding_programme": "Kommunalrichtlinie",
            "funding_eur": "6000",
            "description": "<p>Gemeinsam bestellt<script>x</script></p>",
            "sdgs": ["7", "13"],
            "patrons": [volunteer.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    measure = world.own.measures.get()
    assert measure.sdgs == [7, 13]
    # Plain text: kept as typed, escaped wherever it is shown.
    assert measure.description == "<p>Gemeinsam bestellt<script>x</script></p>"
    assert list(measure.patrons.all()) == [volunteer]
    totals = client.get(reverse("measures:index")).context["totals"]
    assert float(totals["co2"]) == 3.5


def test_me_page_shows_tasks_and_events(client, volunteer, plans, events):
    services.register(events["own"], volunteer)
    client.force_login(volunteer)
    html = client.get(reverse("me")).content.decode()
    assert "Gespräch mit Bürgermeister:in" in html
    assert "Eigene Region" in html


def test_event_page_links_preparation_modules_and_materials(client, volunteer, world, site_root):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from tests.courses.factories import course, module

    prep = module(course(), title="Verbündete gewinnen")
    document = Document(title="Leitfaden Zukunftswerkstatt")
    document.file.save("leitfaden.txt", ContentFile(b"Leitfaden"), save=True)
    event = EventFactory(region=world.own_region)
    event.preparation_modules.add(prep)
    event.materials.add(document)
    client.force_login(volunteer)
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Verbündete gewinnen" in html and prep.url in html
    assert "Leitfaden Zukunftswerkstatt" in html


def test_plan_page_query_count_is_constant(client, volunteer, plans, django_assert_max_num_queries):
    client.force_login(volunteer)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("plans:detail", args=[plans[0].pk])).status_code == 200


def test_public_event_tips_can_be_embedded_on_municipal_websites(client, world):
    EventFactory(is_public=True, region=world.own_region, title="Klimafest")
    EventFactory(is_public=True, region=world.other_region, title="Fahrradtag")
    EventFactory(is_public=False, region=world.own_region, title="Intern")
    response = client.get(reverse("events:embed"), {"region": world.own_region.slug})
    html = response.content.decode()
    assert "Klimafest" in html and "Fahrradtag" not in html and "Intern" not in html
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert client.get(reverse("events:embed"), {"region": "nope"}).status_code == 404
    # Every other events page stays unframeable.
    assert client.get(reverse("events:index"))["X-Frame-Options"] == "SAMEORIGIN"


def test_me_page_offers_regional_managers_the_overview(client, regional_manager, world):
    client.force_login(regional_manager)
    html = client.get(reverse("me")).content.decode()
    assert reverse("plans:overview") in html
    assert "Für Sie gibt es keine offenen Aufgaben oder Meilensteine." in html


def test_me_page_leaves_the_plans_out_for_people_without_any(client, user_factory):
    client.force_login(user_factory())
    assert reverse("plans:index") not in client.get(reverse("me")).content.decode()


def test_manager_adds_and_edits_a_task(client, regional_manager, volunteer, plans):
    own, _other = plans
    client.force_login(regional_manager)
    phase = own.phases.first()
    response = client.post(
        reverse("plans:task_create", args=[own.pk]),
        {
            "title": "Lokalzeitung informieren",
            "description": "<p>Kurz<script>x</script></p>",
            "phase": phase.pk,
            "owner": volunteer.pk,
            "due_date": "2026-04-01",
            "status": "open",
        },
    )
    assert response.status_code == 302
    task = own.tasks.get(title="Lokalzeitung informieren")
    assert task.owner == volunteer and task.description == "<p>Kurz<script>x</script></p>"
    plan_html = client.get(own.get_absolute_url()).content.decode()
    assert "&lt;p&gt;Kurz&lt;script&gt;x&lt;/script&gt;&lt;/p&gt;" in plan_html
    assert "<script>x</script>" not in plan_html
    form_html = client.get(reverse("plans:task_edit", args=[task.pk])).content.decode()
    assert 'value="2026-04-01"' in form_html  # ISO date for <input type="date">
    client.force_login(volunteer)
    assert client.get(reverse("plans:task_create", args=[own.pk])).status_code == 404


def test_htmx_status_update_announces_the_change(client, volunteer, plans):
    own, _other = plans
    task = own.tasks.filter(owner=volunteer).first()
    client.force_login(volunteer)
    response = client.post(
        reverse("plans:task_status", args=[task.pk]), {"status": "blocked"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.strip().startswith("<tr") and 'role="status"' in html
    assert "blockiert" in html


def test_region_overview_lists_what_is_overdue(client, regional_manager, plans):
    client.force_login(regional_manager)
    response = client.get(reverse("plans:overview"))
    html = response.content.decode()
    assert "Nieder-Olm" in html and "Olpe" not in html
    assert "Gespräch mit Bürgermeister:in" in html  # overdue since February 2026
    assert "gefährdet" in html  # the council resolution milestone is overdue


def test_event_list_is_paged_and_keeps_the_filter(client, settings):
    from coaching import views

    for n in range(views.EVENTS_PER_PAGE + 2):
        EventFactory(is_public=True, kind="local", title=f"Fest {n:02d}")
    response = client.get(reverse("events:index"), {"kind": "local"})
    assert len(response.context["events"]) == views.EVENTS_PER_PAGE
    html = response.content.decode()
    assert "Seite 1 von 2" in html and "kind=local&amp;page=2" in html
    response = client.get(reverse("events:index"), {"kind": "local", "page": 2})
    assert len(response.context["events"]) == 2
