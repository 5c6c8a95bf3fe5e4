"""Who may take which course, and who may edit which section (matrix of role and object)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowPage

from accounts.roles import Role
from courses.editing import WORKFLOW_NAME, ensure_workflow, region_group_name
from courses.models import Audience, RegionEditors
from courses.permissions import learner_access
from municipalities.models import Membership, Participation
from tests.courses import factories

pytestmark = pytest.mark.django_db

ALL_ROLES = [Role.COORDINATOR, Role.REGIONAL_MANAGER, Role.VOLUNTEER, Role.MUNICIPAL_CONTACT]
EXPECTED = {
    Audience.VOLUNTEERS: {Role.COORDINATOR, Role.REGIONAL_MANAGER, Role.VOLUNTEER},
    Audience.REGIONAL_MANAGERS: {Role.COORDINATOR, Role.REGIONAL_MANAGER},
    Audience.EVERYONE: set(ALL_ROLES),
}


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_audience_matrix(client, user_factory, audience, role):
    course = factories.course(audience=audience)
    module = factories.module(course)
    user = user_factory(roles=[role])
    client.force_login(user)
    allowed = role in EXPECTED[audience]
    assert learner_access(user, course).allowed is allowed
    for url in (course.url, module.url):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (url, role, audience)


def test_volunteer_gets_a_clear_message_for_a_regional_managers_course(client, volunteer):
    course = factories.course(audience=Audience.REGIONAL_MANAGERS)
    module = factories.module(course)
    client.force_login(volunteer)
    response = client.get(module.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Regionalmanager" in html  # "This course is meant for regional managers."
    assert module.title not in html.split("<main", 1)[1].split("</h1>", 1)[1]


def test_user_without_a_role_may_take_no_course(client, user_factory):
    course = factories.course(audience=Audience.EVERYONE)
    client.force_login(user_factory())
    assert client.get(course.url).status_code == 403


def test_region_section_courses_are_for_people_of_that_region(client, user_factory):
    rlp, nrw = factories.region(), factories.region("nordrhein-westfalen", "NRW")
    section = factories.section(region=rlp)
    course = factories.course(section)
    module = factories.module(course)

    def participation(region):
        from municipalities.models import District, FederalState, Municipality

        state = FederalState.objects.first()
        district = District.objects.create(ags="07999", name="Testkreis", state=state)
        town = Municipality.objects.create(
            ags="07999001", ars="079990001001", name="Testdorf", district=district, state=state
        )
        return Participation.objects.create(municipality=town, region=region)

    member = user_factory(roles=[Role.VOLUNTEER])
    Membership.objects.create(user=member, participation=participation(rlp), role="volunteer")
    stranger = user_factory(roles=[Role.VOLUNTEER])
    manager_rlp = user_factory(roles=[Role.REGIONAL_MANAGER])
    rlp.managers.add(manager_rlp)
    manager_nrw = user_factory(roles=[Role.REGIONAL_MANAGER])
    nrw.managers.add(manager_nrw)
    coordinator = user_factory(roles=[Role.COORDINATOR])
    for user, allowed in (
        (member, True),
        (stranger, False),
        (manager_rlp, True),
        (manager_nrw, False),
        (coordinator, True),
    ):
        client.force_login(user)
        assert client.get(module.url).status_code == (200 if allowed else 403), user


def test_sections_get_the_approval_workflow(course):
    section = course.get_parent()
    link = WorkflowPage.objects.get(page=section)
    assert link.workflow.name == WORKFLOW_NAME
    task = link.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [Role.COORDINATOR.group_name]
    assert ensure_workflow().pk == link.workflow.pk  # idempotent


@pytest.fixture
def regions_with_sections(user_factory):
    rlp, nrw = factories.region(), factories.region("nordrhein-westfalen", "Nordrhein-Westfalen")
    manager_rlp = user_factory(roles=[Role.REGIONAL_MANAGER])
    manager_nrw = user_factory(roles=[Role.REGIONAL_MANAGER])
    rlp.managers.add(manager_rlp)
    nrw.managers.add(manager_nrw)
    section_rlp = factories.section(region=rlp, title="Kurse RLP")
    course = factories.course(section_rlp)
    module = factories.module(course)
    return {
        "rlp": rlp,
        "nrw": nrw,
        "manager_rlp": manager_rlp,
        "manager_nrw": manager_nrw,
        "section": section_rlp,
        "course": course,
        "module": module,
    }


def test_regional_manager_edits_own_region_section_but_cannot_publish(regions_with_sections):
    data = regions_with_sections
    for page in (data["section"], data["course"], data["module"]):
        own = page.permissions_for_user(data["manager_rlp"])
        assert own.can_edit() and not own.can_publish()
        other = page.permissions_for_user(data["manager_nrw"])
        assert not other.can_edit()
    assert data["section"].permissions_for_user(data["manager_rlp"]).can_add_subpage()


def test_regional_manager_of_another_region_cannot_open_the_editor(client, regions_with_sections):
    data = regions_with_sections
    url = f"/admin/pages/{data['module'].pk}/edit/"
    client.force_login(data["manager_nrw"])
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's denial
    client.force_login(data["manager_rlp"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The editor submits to the approval workflow and cannot publish.
    assert f'name="action-submit" value="In {WORKFLOW_NAME} einreichen"' in html
    assert 'name="action-publish"' not in html


def test_region_group_follows_the_managers(regions_with_sections, user_factory):
    data = regions_with_sections
    group = RegionEditors.objects.get(region=data["rlp"]).group
    assert group.name == region_group_name(data["rlp"])
    assert list(group.user_set.all()) == [data["manager_rlp"]]
    newcomer = user_factory(roles=[Role.REGIONAL_MANAGER])
    data["rlp"].managers.add(newcomer)
    assert set(group.user_set.all()) == {data["manager_rlp"], newcomer}
    data["rlp"].managers.remove(data["manager_rlp"])
    assert list(group.user_set.all()) == [newcomer]
    assert not data["section"].permissions_for_user(data["manager_rlp"]).can_edit()
    data["rlp"].name = "RLP neu"
    data["rlp"].save()
    assert Group.objects.filter(name="Regionalmanagement: RLP neu").exists()


def test_moving_a_section_to_another_region_moves_the_permissions(regions_with_sections):
    data = regions_with_sections
    section = data["section"]
    section.region = data["nrw"]
    section.save_revision().publish()
    from courses.editing import setup_section

    setup_section(section)  # also runs on commit of the save
    assert data["section"].permissions_for_user(data["manager_nrw"]).can_edit()
    assert not data["section"].permissions_for_user(data["manager_rlp"]).can_edit()


def test_regional_manager_submits_to_workflow_and_coordinator_approves(
    regions_with_sections, coordinator
):
    data = regions_with_sections
    module = data["module"]
    module.title = "Geändert von der Regionalmanagerin"
    revision = module.save_revision(user=data["manager_rlp"])
    workflow = module.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    state = workflow.start(module, data["manager_rlp"])
    task_state = state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(module, data["manager_nrw"])
    assert [action[0] for action in task.get_actions(module, coordinator)][:2] == [
        "reject",
        "approve",
    ]
    task.on_action(task_state, coordinator, "approve")
    module.refresh_from_db()
    assert module.title == "Geändert von der Regionalmanagerin"
    assert module.live_revision_id == revision.pk


def test_only_coordinators_see_the_region_field_of_a_section(
    client, regions_with_sections, coordinator
):
    url = f"/admin/pages/{regions_with_sections['section'].pk}/edit/"
    client.force_login(regions_with_sections["manager_rlp"])
    html = client.get(url).content.decode()
    assert 'name="intro"' in html and 'name="region"' not in html
    client.force_login(coordinator)
    assert 'name="region"' in client.get(url).content.decode()
