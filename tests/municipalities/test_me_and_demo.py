"""The /me/ section and the demo data."""

from io import StringIO

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from municipalities import demo
from municipalities.models import (
    Initiative,
    Membership,
    Municipality,
    Participation,
    ParticipationStatusChange,
    Region,
    Stakeholder,
)

pytestmark = pytest.mark.django_db


def test_me_shows_the_users_participations(client, volunteer, world):
    client.force_login(volunteer)
    content = client.get(reverse("me")).content.decode()
    assert "Ihre Kommunen" in content
    assert "Nieder-Olm" in content
    assert "Olpe" not in content


def test_me_shows_managers_how_many_participations_they_manage(client, regional_manager, world):
    client.force_login(regional_manager)
    content = client.get(reverse("me")).content.decode()
    assert "1 Teilnahme in Ihren Regionen" in content


def test_me_leaves_the_section_out_for_people_without_participations(client, user_factory):
    client.force_login(user_factory())
    assert "Ihre Kommunen" not in client.get(reverse("me")).content.decode()


def counts():
    return [
        model.objects.count()
        for model in (
            Municipality,
            Region,
            Participation,
            ParticipationStatusChange,
            Membership,
            Stakeholder,
            Initiative,
        )
    ]


def test_demo_is_realistic_and_idempotent():
    accounts_demo.seed(StringIO())
    demo.seed(StringIO())
    first = counts()
    demo.seed(StringIO())
    assert counts() == first

    nieder_olm = Municipality.objects.get(ags="07339042")
    assert nieder_olm.name == "Nieder-Olm, Stadt"
    assert nieder_olm.population == 10143
    assert nieder_olm.latitude == pytest.approx(49.909864)
    assert {r.slug for r in Region.objects.all()} == {"rheinland-pfalz", "nordrhein-westfalen"}
    rlp = Region.objects.get(slug="rheinland-pfalz")
    assert list(rlp.managers.values_list("email", flat=True)) == ["rm-rlp@example.org"]
    assert set(Participation.objects.values_list("status", flat=True)) == set(
        Participation.Status.values
    )
    members = Membership.objects.filter(participation__municipality=nieder_olm)
    assert set(members.values_list("user__email", "role")) == {
        ("pate@example.org", "volunteer"),
        ("kommune@example.org", "municipal_contact"),
    }
    approved = Initiative.objects.filter(approved=True)
    assert set(approved.values_list("category", flat=True)) == set(Initiative.Category.values)
    assert Initiative.objects.filter(approved=False).count() == 1
    assert Participation.objects.filter(district_name="Köln-Ehrenfeld").exists()


def test_me_tells_managers_about_suggestions_waiting_for_approval(client, regional_manager, world):
    world.own_initiative.approved = False
    world.own_initiative.save()
    world.other_initiative.approved = False
    world.other_initiative.save()
    client.force_login(regional_manager)
    content = client.get(reverse("me")).content.decode()
    assert "1 vorgeschlagene Initiative wartet auf Freigabe" in content
    assert "?approved=false" in content
