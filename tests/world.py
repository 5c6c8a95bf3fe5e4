"""The one two-region test world (after ONS dis-wagtail's ``cms/test_data``): named people.

The ``world`` fixture of ``tests/conftest.py`` builds it from the role fixtures; a suite that
needs more builds that on top in its own conftest (the dashboard adds a second participation,
more people, a course and a plan; see ``tests/dashboard/conftest.py``).

| | own: Rheinhessen (RP) | other: Südwestfalen (NW) |
|---|---|---|
| regional manager | ``regional_manager`` (rm@) | Rolf Anders (rm-other@) |
| district | Mainz-Bingen (07339) | Olpe (05966) |
| participation (active) | Nieder-Olm 07339042, council resolution 2026-03-01 | Olpe 05966024 |
| climate patron | ``volunteer`` Anna Albrecht (pate@) | Dora Dietz (pate-other@) |
| municipal contact | ``municipal_contact`` Kai Kommune (kommune@) | |
| stakeholder | one, of the participation | one, of the region |
| initiative (approved) | Repair-Café Nieder-Olm (repair) | Energiegenossenschaft Olpe (energy) |

E-mail addresses are ``@test.example``.

The coordinator (``coordinator``) sees both regions and belongs to none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.models import User
from accounts.roles import Role
from municipalities.models import Participation
from tests.accounts.factories import UserFactory
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

COUNCIL_RESOLUTION = date(2026, 3, 1)  # of the own participation (plans count from it)


@dataclass
class World:
    own_region: object  # Rheinhessen
    other_region: object  # Südwestfalen
    own: object  # participation Nieder-Olm
    other: object  # participation Olpe
    regional_manager: object  # of the own region
    other_manager: object
    volunteer: object  # patron in the own participation
    municipal_contact: object  # of the own participation
    other_volunteer: object  # patron in the other participation
    own_memberships: list  # [volunteer's, municipal contact's]
    other_membership: object  # the other volunteer's
    own_stakeholder: object
    other_stakeholder: object
    own_initiative: object
    other_initiative: object


def _named(user, full_name):
    """The fixture's user gets the world's name for the role."""
    User.objects.filter(pk=user.pk).update(full_name=full_name)
    user.full_name = full_name
    return user


def build_world(
    *,
    regional_manager,
    volunteer,
    municipal_contact,
    other_status=Participation.Status.ACTIVE,
) -> World:
    """The world around the role fixtures; ``other_status`` is the other participation's."""
    volunteer = _named(volunteer, "Anna Albrecht")
    municipal_contact = _named(municipal_contact, "Kai Kommune")
    other_manager = UserFactory(
        email="rm-other@test.example", full_name="Rolf Anders", roles=[Role.REGIONAL_MANAGER]
    )
    other_volunteer = UserFactory(
        email="pate-other@test.example", full_name="Dora Dietz", roles=[Role.VOLUNTEER]
    )
    own_region = RegionFactory(
        name="Rheinhessen", slug="rheinhessen", states=[state("RP")], managers=[regional_manager]
    )
    other_region = RegionFactory(
        name="Südwestfalen", slug="suedwestfalen", states=[state("NW")], managers=[other_manager]
    )
    own_municipality = MunicipalityFactory(
        district=DistrictFactory(state=state("RP"), ags="07339", name="Mainz-Bingen"),
        ags="07339042",
        name="Nieder-Olm",
        postal_code="55268",
        latitude=49.909864,
        longitude=8.203097,
    )
    other_municipality = MunicipalityFactory(
        district=DistrictFactory(state=state("NW"), ags="05966", name="Olpe"),
        ags="05966024",
        name="Olpe",
        postal_code="57462",
        latitude=51.02756,
        longitude=7.843584,
    )
    own = ParticipationFactory(
        municipality=own_municipality,
        region=own_region,
        council_resolution_date=COUNCIL_RESOLUTION,
    )
    other = ParticipationFactory(
        municipality=other_municipality, region=other_region, status=other_status
    )
    own_memberships = [
        MembershipFactory(user=volunteer, participation=own),
        MembershipFactory(user=municipal_contact, participation=own, role="municipal_contact"),
    ]
    other_membership = MembershipFactory(user=other_volunteer, participation=other)
    return World(
        own_region=own_region,
        other_region=other_region,
        own=own,
        other=other,
        regional_manager=regional_manager,
        other_manager=other_manager,
        volunteer=volunteer,
        municipal_contact=municipal_contact,
        other_volunteer=other_volunteer,
        own_memberships=own_memberships,
        other_membership=other_membership,
        own_stakeholder=StakeholderFactory(region=own_region, participation=own),
        other_stakeholder=StakeholderFactory(region=other_region),
        own_initiative=InitiativeFactory(
            region=own_region,
            municipality=own_municipality,
            category="repair",
            name="Repair-Café Nieder-Olm",
            contact_email="repair@example.org",
        ),
        other_initiative=InitiativeFactory(
            region=other_region,
            municipality=other_municipality,
            category="energy",
            name="Energiegenossenschaft Olpe",
        ),
    )
