"""Two regions with one object of every region-owned kind each.

Everything of the other region carries the marker "Zyx" in its name, so a test can assert that
nothing of it shows up anywhere on a page the ``regional_manager`` of the own region opens.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest

from accounts.roles import Role
from coaching.models import Plan
from tests.accounts.factories import UserFactory
from tests.coaching.factories import EventFactory, EventSeriesFactory, MeasureFactory
from tests.municipalities.factories import (
    DistrictFactory,
    InitiativeFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipationFactory,
    RegionFactory,
    StakeholderFactory,
    state,
)

MARKER = "zyx"


@dataclass
class Side:
    region: object
    participation: object
    volunteer: object
    objects: dict = field(default_factory=dict)  # model label -> instance


def _side(prefix, manager, volunteer, short, ags):
    region = RegionFactory(name=f"{prefix} Region", states=[state(short)], managers=[manager])
    municipality = MunicipalityFactory(
        district=DistrictFactory(state=state(short), ags=ags[:5], name=f"{prefix}kreis"),
        ags=ags,
        name=f"{prefix}hausen",
    )
    participation = ParticipationFactory(municipality=municipality, region=region)
    membership = MembershipFactory(user=volunteer, participation=participation)
    series = EventSeriesFactory(title=f"{prefix} Reihe", region=region)
    event = EventFactory(title=f"{prefix} Schulung", region=region, series=series)
    plan = Plan.objects.create(
        participation=participation,
        name=f"{prefix} Plan",
        start_date=date(2026, 1, 1),
        council_resolution_date=date(2026, 3, 1),
    )
    measure = MeasureFactory(title=f"{prefix} Maßnahme", participation=participation)
    measure.patrons.add(volunteer)
    return Side(
        region=region,
        participation=participation,
        volunteer=volunteer,
        objects={
            "municipalities.participation": participation,
            "municipalities.membership": membership,
            "municipalities.stakeholder": StakeholderFactory(
                region=region, participation=participation, name=f"{prefix} Akteur"
            ),
            "municipalities.initiative": InitiativeFactory(
                region=region, municipality=municipality, name=f"{prefix} Initiative"
            ),
            "municipalities.region": region,
            "coaching.event": event,
            "coaching.eventseries": series,
            "coaching.plan": plan,
            "coaching.measure": measure,
        },
    )


@dataclass
class World:
    own: Side
    other: Side
    other_manager: object


@pytest.fixture
def world(regional_manager, volunteer):
    other_manager = UserFactory(
        email="zyx-rm@test.example", full_name="Zyx Manager", roles=[Role.REGIONAL_MANAGER]
    )
    other_volunteer = UserFactory(
        email="zyx-pate@test.example", full_name="Zyx Patin", roles=[Role.VOLUNTEER]
    )
    own = _side("Eigen", regional_manager, volunteer, "RP", "07339042")
    other = _side("Zyx", other_manager, other_volunteer, "NW", "05966024")
    return World(own=own, other=other, other_manager=other_manager)


# CSRF tokens, nonces and the like: long random runs that may contain the marker by chance.
_RANDOM = re.compile(r"[A-Za-z0-9]{20,}")


def assert_no_marker(response):
    content = _RANDOM.sub("", response.content.decode())
    assert MARKER not in content.lower(), content[content.lower().find(MARKER) - 300 :][:600]
