"""Who may set what in the Wagtail user admin: superuser-only fields, role groups, superusers.

Forged POSTs (fields that are not on the form, a group that is not offered) change nothing.
"""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@test.example", is_superuser=True, is_staff=True)


def edit_url(user):
    return f"/admin/users/edit/{user.pk}/"


def edit_data(user, **extra):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": "on",
        "groups": list(
            user.groups.filter(name__in=GROUP_NAMES.values()).values_list("pk", flat=True)
        ),
    }
    data.update(extra)
    return data


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.is_superuser,
        user.is_staff,
        user.password,
        user.full_name,
        user.is_active,
        sorted(user.groups.values_list("name", flat=True)),
    )


def test_wagtail_default_groups_are_gone_after_migrate():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    from wagtail.models import GroupApprovalTask

    # Wagtail's default workflow on the root page has somebody to approve: the coordinators.
    for task in GroupApprovalTask.objects.all():
        assert task.groups.exists()


def test_coordinator_sees_neither_superuser_nor_password_fields(client, coordinator, volunteer):
    client.force_login(coordinator)
    html = client.get(edit_url(volunteer)).content.decode()
    assert 'name="email"' in html
    assert 'name="is_superuser"' not in html
    assert 'name="is_staff"' not in html
    assert 'name="password1"' not in html
    assert 'name="password2"' not in html


def test_group_choices_are_the_role_groups_only(client, coordinator, volunteer):
    Group.objects.create(name="Editors")  # as if re-created by hand
    client.force_login(coordinator)
    response = client.get(edit_url(volunteer))
    choices = {str(label) for _value, label in response.context["form"].fields["groups"].choices}
    assert choices == set(GROUP_NAMES.values())


def test_superuser_sees_and_sets_everything(client, superuser, volunteer):
    client.force_login(superuser)
    html = client.get(edit_url(volunteer)).content.decode()
    assert 'name="is_superuser"' in html
    assert 'name="password1"' in html
    new_password = "ein-anderes-Passwort-77"
    response = client.post(
        edit_url(volunteer),
        edit_data(volunteer, is_superuser="on", password1=new_password, password2=new_password),
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    volunteer.refresh_from_db()
    assert volunteer.is_superuser
    assert volunteer.check_password(new_password)


def test_forged_post_by_coordinator_changes_nothing_it_may_not(client, coordinator, volunteer):
    editors = Group.objects.create(name="Editors")
    client.force_login(coordinator)
    before = snapshot(volunteer)
    response = client.post(
        edit_url(volunteer),
        edit_data(
            volunteer,
            is_superuser="on",
            is_staff="on",
            password1="gefaelschtes-Passwort-1",
            password2="gefaelschtes-Passwort-1",
        ),
    )
    assert response.status_code == 302
    assert snapshot(volunteer) == before
    assert User.objects.get(pk=volunteer.pk).check_password(PASSWORD)

    # A group that is not offered is a form error, and nothing is saved.
    response = client.post(
        edit_url(volunteer), edit_data(volunteer, full_name="Neu", groups=[editors.pk])
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert snapshot(volunteer) == before


def test_saving_keeps_groups_that_are_not_offered(client, coordinator, regional_manager):
    """A region's editor group (kept in step by courses.editing) survives a save in the admin."""
    region_group = Group.objects.create(name="Regionalmanagement: Testregion")
    regional_manager.groups.add(region_group)
    client.force_login(coordinator)
    response = client.post(edit_url(regional_manager), edit_data(regional_manager))
    assert response.status_code == 302
    assert regional_manager.groups.filter(pk=region_group.pk).exists()


def test_coordinator_creates_accounts_without_setting_a_password(client, coordinator):
    client.force_login(coordinator)
    volunteers = Group.objects.get(name=Role.VOLUNTEER.group_name)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "neu@test.example",
            "full_name": "Neue Person",
            "language": "de",
            "password1": "gesetzt-vom-Koordinator-1",
            "password2": "gesetzt-vom-Koordinator-1",
            "is_superuser": "on",
            "groups": [volunteers.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    user = User.objects.get(email="neu@test.example")
    assert not user.is_superuser
    assert not user.has_usable_password()  # the person sets it through "forgot password"
    assert user.roles == {Role.VOLUNTEER}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/edit/{pk}/",
        "/admin/users/delete/{pk}/",
        "/admin/users/history/{pk}/",
        "/admin/users/usage/{pk}/",
    ],
)
def test_coordinator_cannot_reach_a_superuser(client, coordinator, superuser, url):
    client.force_login(coordinator)
    before = snapshot(superuser)
    url = url.format(pk=superuser.pk)
    assert client.get(url).status_code == 404
    response = client.post(url, edit_data(superuser, full_name="Übernommen", is_active=""))
    assert response.status_code == 404
    assert snapshot(superuser) == before
    assert User.objects.filter(pk=superuser.pk).exists()


def test_superusers_are_not_listed_for_coordinators(client, coordinator, superuser):
    client.force_login(coordinator)
    html = client.get("/admin/users/").content.decode()
    assert superuser.email not in html
    assert coordinator.email in html


def test_bulk_actions_spare_superusers_and_offer_role_groups_only(
    client, coordinator, superuser, volunteer
):
    editors = Group.objects.create(name="Editors")
    client.force_login(coordinator)
    base = "/admin/bulk/accounts/user"
    # Deactivating a superuser in bulk: refused, nothing changes.
    response = client.post(
        f"{base}/set_active_state/?id={superuser.pk}", {"mark_as_active": "False"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=superuser.pk).is_active
    # Assigning Wagtail's Editors group: not a choice.
    response = client.post(f"{base}/assign_role/?id={volunteer.pk}", {"role": editors.pk})
    assert not User.objects.get(pk=volunteer.pk).groups.filter(pk=editors.pk).exists()
    # Deleting a superuser in bulk: refused.
    client.post(f"{base}/delete/?id={superuser.pk}")
    assert User.objects.filter(pk=superuser.pk).exists()


def test_regional_manager_has_no_user_admin(client, regional_manager, volunteer):
    client.force_login(regional_manager)
    before = snapshot(volunteer)
    response = client.post(edit_url(volunteer), edit_data(volunteer, full_name="Übernommen"))
    assert response.status_code == 302
    assert snapshot(volunteer) == before
