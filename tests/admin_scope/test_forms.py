"""Admin forms offer only what the user may see; a forged id is refused and changes nothing.

Also the membership editor: create, edit and delete as coordinator and as regional manager.
"""

from datetime import timedelta

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import timezone

from coaching.models import Event, Measure
from municipalities.models import Membership, Stakeholder
from tests.accounts.factories import UserFactory
from tests.admin_scope.conftest import assert_no_marker
from tests.municipalities.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(label, view, *args):
    app, model = label.split(".")
    return reverse(f"wagtailsnippets_{app}_{model}:{view}", args=args)


def _errors(response):
    return response.context["form"].errors


def test_the_measure_form_offers_only_patrons_of_own_participations(
    client, regional_manager, world
):
    UserFactory(email="irgendwer@test.example", full_name="Irgendwer Zyx")  # in no region
    client.force_login(regional_manager)
    response = client.get(url("coaching.measure", "add"))
    assert response.status_code == 200
    assert_no_marker(response)
    patrons = response.context["form"].fields["patrons"].queryset
    assert list(patrons) == [world.own.volunteer]


def test_a_forged_patron_or_participation_is_refused(
    client, regional_manager, world, municipal_contact
):
    measure = world.own.objects["coaching.measure"]
    client.force_login(regional_manager)
    data = {
        "participation": world.own.participation.pk,
        "title": "Geändert",
        "category": "energy",
        "status": "planned",
    }
    for forged in [
        {"patrons": [world.other.volunteer.pk]},
        {"patrons": [municipal_contact.pk]},  # a member, but no climate patron
        {"participation": world.other.participation.pk},
    ]:
        response = client.post(url("coaching.measure", "edit", measure.pk), {**data, **forged})
        assert response.status_code == 200
        assert set(_errors(response)) & {"patrons", "participation"}, forged
        measure.refresh_from_db()
        assert measure.title == "Eigen Maßnahme"
        assert list(measure.patrons.all()) == [world.own.volunteer]
    response = client.post(
        url("coaching.measure", "edit", measure.pk), {**data, "patrons": [world.own.volunteer.pk]}
    )
    assert response.status_code == 302, _errors(response)
    measure.refresh_from_db()
    assert measure.title == "Geändert"


def test_a_forged_series_region_or_participation_is_refused(client, regional_manager, world):
    client.force_login(regional_manager)
    start = timezone.localtime() + timedelta(days=3)
    event = {
        "kind": "training",
        "title": "Gefälscht",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "region": world.own.region.pk,
    }
    for forged in [
        {"series": world.other.objects["coaching.eventseries"].pk},
        {"region": world.other.region.pk},
    ]:
        response = client.post(url("coaching.event", "add"), {**event, **forged})
        assert response.status_code == 200
        assert set(_errors(response)) & {"series", "region"}, forged
    assert not Event.objects.filter(title="Gefälscht").exists()
    stakeholder = {"region": world.own.region.pk, "kind": "press", "name": "Gefälscht"}
    response = client.post(
        url("municipalities.stakeholder", "add"),
        {**stakeholder, "participation": world.other.participation.pk},
    )
    assert response.status_code == 200
    assert "participation" in _errors(response)
    assert not Stakeholder.objects.filter(name="Gefälscht").exists()
    measure = {"title": "Gefälscht", "category": "energy", "status": "idea"}
    response = client.post(
        url("coaching.measure", "add"), {**measure, "participation": world.other.participation.pk}
    )
    assert "participation" in _errors(response)
    assert not Measure.objects.filter(title="Gefälscht").exists()


@pytest.mark.parametrize("who", ["coordinator", "regional_manager"])
def test_the_membership_editor_creates_edits_and_deletes(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    own = world.own.participation
    person = MembershipFactory(participation=own).user  # already a member, may join another
    second = MembershipFactory(
        participation=type(own).objects.create(
            municipality=own.municipality, district_name="Ost", region=own.region
        ),
    ).participation
    response = client.get(url("municipalities.membership", "add"))
    assert response.status_code == 200
    response = client.post(
        url("municipalities.membership", "add"),
        {"user": person.pk, "participation": second.pk, "role": "volunteer"},
    )
    assert response.status_code == 302, _errors(response)
    membership = Membership.objects.get(user=person, participation=second)
    response = client.get(url("municipalities.membership", "edit", membership.pk))
    assert response.status_code == 200
    response = client.post(
        url("municipalities.membership", "edit", membership.pk),
        {"user": person.pk, "participation": second.pk, "role": "municipal_contact"},
    )
    assert response.status_code == 302, _errors(response)
    membership.refresh_from_db()
    assert membership.role == "municipal_contact"
    response = client.post(url("municipalities.membership", "delete", membership.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_regional_manager_cannot_move_members_across_regions(client, regional_manager, world):
    membership = world.own.objects["municipalities.membership"]
    client.force_login(regional_manager)
    response = client.get(url("municipalities.membership", "edit", membership.pk))
    assert_no_marker(response)
    for forged in [
        {"participation": world.other.participation.pk, "user": membership.user_id},
        {"participation": membership.participation_id, "user": world.other.volunteer.pk},
    ]:
        response = client.post(
            url("municipalities.membership", "edit", membership.pk), {**forged, "role": "volunteer"}
        )
        assert response.status_code == 200
        assert set(_errors(response)) & {"user", "participation"}, forged
        membership.refresh_from_db()
        assert (membership.user, membership.participation) == (
            world.own.volunteer,
            world.own.participation,
        )
    response = client.post(
        url("municipalities.membership", "add"),
        {"user": world.other.volunteer.pk, "participation": world.own.participation.pk},
    )
    assert "user" in _errors(response)
    assert not Membership.objects.filter(
        user=world.other.volunteer, participation=world.own.participation
    ).exists()


def test_the_system_check_passes_for_the_project_and_catches_a_viewset_without_the_kit(
    monkeypatch,
):
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.views.snippets import SnippetViewSet

    from municipalities.admin_kit import check_region_owned_admin

    assert check_region_owned_admin() == []
    assert not [e for e in checks.run_checks() if e.id.startswith("municipalities.")]

    class ForgotTheKit(SnippetViewSet):
        model = Stakeholder

    monkeypatch.setattr(viewsets, "viewsets", [*viewsets.viewsets, ForgotTheKit()])
    errors = check_region_owned_admin()
    assert [(e.id, e.obj) for e in errors] == [("municipalities.E001", ForgotTheKit)]


def test_the_system_check_catches_a_snippet_chooser_that_lets_a_post_reach_a_500(monkeypatch):
    """Wagtail's snippet chooser create view needs a creation form; the kit's guard says 404."""
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.views.chooser import SnippetChooserViewSet

    from coaching.models import PlanTemplate
    from municipalities.admin_kit import GuardedSnippetChooserViewSet, check_region_owned_admin

    unguarded = SnippetChooserViewSet("unguarded_plantemplate_chooser", model=PlanTemplate)
    guarded = GuardedSnippetChooserViewSet("guarded_plantemplate_chooser", model=PlanTemplate)
    monkeypatch.setattr(viewsets, "viewsets", [*viewsets.viewsets, unguarded, guarded])
    errors = check_region_owned_admin()
    assert [(e.id, e.obj) for e in errors] == [("municipalities.E004", SnippetChooserViewSet)]
