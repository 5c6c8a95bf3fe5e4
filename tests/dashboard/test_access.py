"""Who sees what: every role, own and other region, in figures, drill-down links and exports."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/dashboard/"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def participation_url(participation):
    return reverse("dashboard:participation", args=[participation.pk])


def person_url(participation, user):
    return reverse("dashboard:person", args=[participation.pk, user.pk])


def test_anonymous_is_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_without_role_is_refused(client, world):
    client.force_login(UserFactory())
    assert client.get(INDEX).status_code == 403
    assert client.get(participation_url(world.nieder_olm)).status_code == 403
    assert client.get("/dashboard/export/summary.csv").status_code == 403


def test_coordinator_starts_at_the_programme_and_drills_down(coordinator_client, world):
    page = html(coordinator_client.get(INDEX))
    assert "Rheinland-Pfalz" in page and "Nordrhein-Westfalen" in page
    assert 'href="/dashboard/?state=RP"' in page
    page = html(coordinator_client.get("/dashboard/?state=RP"))
    assert 'href="/dashboard/?state=RP&amp;region=rheinhessen"' in page
    page = html(coordinator_client.get("/dashboard/?state=RP&region=rheinhessen"))
    assert participation_url(world.nieder_olm) in page
    page = html(coordinator_client.get(participation_url(world.olpe)))
    assert person_url(world.olpe, world.dora) in page
    page = html(coordinator_client.get(person_url(world.olpe, world.dora)))
    assert "Dora Dietz" in page


def test_regional_manager_starts_at_their_region(manager_client, world):
    response = manager_client.get(INDEX + "?course=&period=90")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/?region=rheinhessen&period=90"


def test_regional_manager_never_sees_another_region(manager_client, world):
    page = html(manager_client.get("/dashboard/?region=rheinhessen"))
    assert "Nieder-Olm" in page and "Essenheim" in page
    for foreign in ("Olpe", "Südwestfalen", "Dora Dietz"):
        assert foreign not in page
    # the other region, its participation and its people: not found
    assert manager_client.get("/dashboard/?region=suedwestfalen").status_code == 404
    assert manager_client.get(participation_url(world.olpe)).status_code == 404
    assert manager_client.get(person_url(world.olpe, world.dora)).status_code == 404
    assert manager_client.get(person_url(world.nieder_olm, world.dora)).status_code == 404
    # a state they have no region in shows nothing of the other region
    page = html(manager_client.get("/dashboard/?state=NW"))
    assert "Olpe" not in page and "Südwestfalen" not in page
    assert "?state=NW&amp;region=suedwestfalen" not in page
    # exports
    for url in (
        "/dashboard/export/children.csv?region=suedwestfalen",
        f"/dashboard/export/summary.xlsx?participation={world.olpe.pk}",
        f"/dashboard/export/children.csv?participation={world.olpe.pk}&person={world.dora.pk}",
    ):
        assert manager_client.get(url).status_code == 404, url
    export = manager_client.get("/dashboard/export/children.csv?state=NW").content.decode()
    assert "Olpe" not in export and "Südwestfalen" not in export


def test_regional_manager_figures_exclude_the_other_region(manager_client, world):
    """Their programme overview (several regions) and states count only their own region."""
    from municipalities.models import Region

    second = Region.objects.create(name="Pfalz", slug="pfalz", partner_organisation="P")
    second.managers.add(world.rheinhessen.managers.first())
    page = html(manager_client.get(INDEX))
    assert 'href="/dashboard/?state=RP"' in page
    assert 'href="/dashboard/?state=NW"' not in page
    export = manager_client.get("/dashboard/export/summary.csv").content.decode()
    assert "Module begonnen,5" in export.replace("\r", "")


def test_volunteer_sees_their_participation_aggregated_only(client, world):
    client.force_login(world.anna)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"] == participation_url(world.nieder_olm)
    page = html(client.get(response["Location"]))
    assert "Nieder-Olm" in page
    # aggregated: no list of people, nobody else's name or activity
    assert "Ben Becker" not in page
    assert person_url(world.nieder_olm, world.ben) not in page
    assert client.get(person_url(world.nieder_olm, world.ben)).status_code == 404
    # their own person page is theirs
    assert "Anna Albrecht" in html(client.get(person_url(world.nieder_olm, world.anna)))
    # other participations, states and regions: no
    assert client.get(participation_url(world.essenheim)).status_code == 404
    assert client.get(participation_url(world.olpe)).status_code == 404
    assert client.get("/dashboard/export/summary.csv?region=rheinhessen").status_code == 404
    export = client.get(
        f"/dashboard/export/at_risk_volunteers.csv?participation={world.nieder_olm.pk}"
    )
    assert export.status_code == 404  # no list of people for them


def test_municipal_contact_sees_their_participation(client, world):
    client.force_login(world.kai)
    response = client.get(INDEX, follow=True)
    page = html(response)
    assert "Nieder-Olm" in page
    assert "Anna Albrecht" not in page
    assert client.get(participation_url(world.olpe)).status_code == 404


def test_no_quiz_answers_or_reflections_anywhere(coordinator_client, world):
    from courses.models import ActivityProgress

    ActivityProgress.objects.create(
        user=world.anna,
        module=world.modules[0],
        block_id="r1",
        kind="reflection",
        reflection="<p>Geheime Gedanken</p>",
        last_answers={"q": ["Geheime Antwort"]},
    )
    for url in (
        participation_url(world.nieder_olm),
        person_url(world.nieder_olm, world.anna),
    ):
        page = html(coordinator_client.get(url))
        assert "Geheime" not in page


def test_person_of_several_participations_needs_the_right_one(manager_client, world):
    """A person page is reached only through a participation the person belongs to."""
    assert manager_client.get(person_url(world.essenheim, world.anna)).status_code == 404
    assert manager_client.get(person_url(world.nieder_olm, world.anna)).status_code == 200


def test_multi_region_manager_overview(client, world):
    from municipalities.models import Region

    manager = UserFactory(roles=[Role.REGIONAL_MANAGER])
    for region in Region.objects.all():
        region.managers.add(manager)
    client.force_login(manager)
    page = html(client.get(INDEX))
    assert "Rheinland-Pfalz" in page and "Nordrhein-Westfalen" in page
