import pytest

from accounts.roles import Role
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


@pytest.fixture
def world(regional_manager, volunteer, municipal_contact):
    """Two regions: the ``regional_manager``'s own (RP) and another (NW), each fully populated."""
    other_manager = UserFactory(email="rm-other@test.example", roles=[Role.REGIONAL_MANAGER])
    own_region = RegionFactory(
        name="Rheinland-Pfalz", states=[state("RP")], managers=[regional_manager]
    )
    other_region = RegionFactory(
        name="Nordrhein-Westfalen", states=[state("NW")], managers=[other_manager]
    )
    own_district = DistrictFactory(state=state("RP"), ags="07339", name="Mainz-Bingen")
    other_district = DistrictFactory(state=state("NW"), ags="05966", name="Olpe")
    own_municipality = MunicipalityFactory(
        district=own_district,
        ags="07339042",
        name="Nieder-Olm",
        postal_code="55268",
        latitude=49.909864,
        longitude=8.203097,
    )
    other_municipality = MunicipalityFactory(
        district=other_district,
        ags="05966024",
        name="Olpe",
        postal_code="57462",
        latitude=51.02756,
        longitude=7.843584,
    )
    own = ParticipationFactory(municipality=own_municipality, region=own_region)
    other = ParticipationFactory(municipality=other_municipality, region=other_region)
    own_volunteer = MembershipFactory(user=volunteer, participation=own)
    own_contact = MembershipFactory(
        user=municipal_contact, participation=own, role="municipal_contact"
    )
    other_volunteer = MembershipFactory(participation=other)
    return {
        "own_region": own_region,
        "other_region": other_region,
        "other_manager": other_manager,
        "own": own,
        "other": other,
        "own_memberships": [own_volunteer, own_contact],
        "other_membership": other_volunteer,
        "own_stakeholder": StakeholderFactory(region=own_region, participation=own),
        "other_stakeholder": StakeholderFactory(region=other_region),
        "own_initiative": InitiativeFactory(
            region=own_region,
            municipality=own_municipality,
            category="repair",
            name="Repair-Café Nieder-Olm",
            contact_email="repair@example.org",
        ),
        "other_initiative": InitiativeFactory(
            region=other_region,
            municipality=other_municipality,
            category="energy",
            name="Energiegenossenschaft Olpe",
        ),
    }
