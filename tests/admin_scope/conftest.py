"""Two regions with one object of every region-owned kind each.

Everything of the other region carries the marker "Zyx" in its name, so a test can assert that
nothing of it shows up anywhere on a page the ``regional_manager`` of the own region opens.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest

from coaching.models import Plan
from tests.coaching.factories import EventFactory, EventSeriesFactory, MeasureFactory
from tests.municipalities.factories import (
    InitiativeFactory,
    StakeholderFactory,
)

MARKER = "zyx"


@dataclass
class Side:
    region: object
    participation: object
    volunteer: object
    objects: dict = field(default_factory=dict)  # model label -> instance


def _marked(obj, **names):
    """Give an object of the shared world the names this suite's leak check looks for."""
    type(obj).objects.filter(pk=obj.pk).update(**names)
    for attribute, value in names.items():
        setattr(obj, attribute, value)
    return obj


def _side(prefix, region, participation, volunteer):
    """The region-owned objects of one side, named with ``prefix``, on the shared world."""
    municipality = participation.municipality
    membership = participation.memberships.get(user=volunteer)
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
def world(world):
    """The shared two-region world (``tests/world.py``), everything of the other region marked.

    The other region's names, people, district and municipality carry "Zyx"; its stakeholder
    and initiative of the shared world too, so no name of the other side escapes the check.
    """
    shared = world
    other = shared.other
    other_manager = _marked(
        shared.other_manager, email="zyx-rm@test.example", full_name="Zyx Manager"
    )
    other_volunteer = _marked(
        shared.other_volunteer, email="zyx-pate@test.example", full_name="Zyx Patin"
    )
    _marked(shared.other_region, name="Zyx Region")
    _marked(other.municipality.district, name="Zyxkreis")
    _marked(other.municipality, name="Zyxhausen")
    _marked(shared.other_stakeholder, name="Zyx Ansprechperson", organisation="Zyx")
    _marked(shared.other_initiative, name="Zyx Genossenschaft")
    own = _side("Eigen", shared.own_region, shared.own, shared.volunteer)
    other = _side("Zyx", shared.other_region, other, other_volunteer)
    return World(own=own, other=other, other_manager=other_manager)


# CSRF tokens, nonces and the like: long random runs that may contain the marker by chance.
_RANDOM = re.compile(r"[A-Za-z0-9]{20,}")


def assert_no_marker(response):
    content = _RANDOM.sub("", response.content.decode())
    assert MARKER not in content.lower(), content[content.lower().find(MARKER) - 300 :][:600]
