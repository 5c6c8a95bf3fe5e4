"""A small programme for the coaching tests: two regions, a participation in each, people.

``own`` is the ``regional_manager``'s region with the participation where ``volunteer`` and
``municipal_contact`` are members; ``other`` belongs to another manager.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from accounts.roles import Role
from coaching.models import Anchor, OwnerRole
from tests.accounts.factories import UserFactory
from tests.coaching.factories import (
    MilestoneTemplateFactory,
    PhaseTemplateFactory,
    PlanTemplateFactory,
    TaskTemplateFactory,
)
from tests.municipalities.factories import (
    DistrictFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipationFactory,
    RegionFactory,
    state,
)


@dataclass
class World:
    own_region: object
    other_region: object
    own: object  # participation
    other: object  # participation
    other_manager: object
    other_volunteer: object


@pytest.fixture
def world(regional_manager, volunteer, municipal_contact):
    other_manager = UserFactory(email="rm-other@test.example", roles=[Role.REGIONAL_MANAGER])
    other_volunteer = UserFactory(email="pate-other@test.example", roles=[Role.VOLUNTEER])
    own_region = RegionFactory(name="RLP", states=[state("RP")], managers=[regional_manager])
    other_region = RegionFactory(name="NRW", states=[state("NW")], managers=[other_manager])
    own = ParticipationFactory(
        region=own_region,
        municipality=MunicipalityFactory(
            district=DistrictFactory(state=state("RP"), ags="07339"),
            ags="07339042",
            name="Nieder-Olm",
        ),
        council_resolution_date=date(2026, 3, 1),
    )
    other = ParticipationFactory(
        region=other_region,
        municipality=MunicipalityFactory(
            district=DistrictFactory(state=state("NW"), ags="05966"),
            ags="05966024",
            name="Olpe",
        ),
    )
    MembershipFactory(user=volunteer, participation=own)
    MembershipFactory(user=municipal_contact, participation=own, role="municipal_contact")
    MembershipFactory(user=other_volunteer, participation=other)
    return World(own_region, other_region, own, other, other_manager, other_volunteer)


@pytest.fixture
def template(db):
    """Two phases; the first with a gate milestone counted from the council resolution."""
    plan_template = PlanTemplateFactory(name="Klimapaten-Programm")
    first = PhaseTemplateFactory(template=plan_template, name="Gewinnen", sort_order=0)
    second = PhaseTemplateFactory(template=plan_template, name="Umsetzen", sort_order=1)
    TaskTemplateFactory(
        phase=first,
        title="Gespräch mit Bürgermeister:in",
        offset_days=7,
        owner_role=OwnerRole.VOLUNTEER,
    )
    TaskTemplateFactory(
        phase=first,
        title="Ratsvorlage vorbereiten",
        offset_days=14,
        owner_role=OwnerRole.REGIONAL_MANAGER,
    )
    MilestoneTemplateFactory(
        phase=first,
        title="Ratsbeschluss",
        offset_days=0,
        anchor=Anchor.COUNCIL_RESOLUTION,
        is_gate=True,
    )
    TaskTemplateFactory(
        phase=second,
        title="Förderantrag stellen",
        offset_days=30,
        anchor=Anchor.COUNCIL_RESOLUTION,
        owner_role=OwnerRole.VOLUNTEER,
    )
    MilestoneTemplateFactory(
        phase=second, title="Erste Maßnahme", offset_days=90, anchor=Anchor.COUNCIL_RESOLUTION
    )
    return plan_template
