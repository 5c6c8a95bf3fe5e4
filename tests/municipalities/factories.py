import factory

from municipalities.models import (
    District,
    FederalState,
    Initiative,
    Membership,
    Municipality,
    Participation,
    Region,
    Stakeholder,
)
from municipalities.states import FEDERAL_STATES
from tests.accounts.factories import UserFactory


def state(short: str) -> FederalState:
    """One of the 16 states (created by a migration, but a transactional test may flush them)."""
    code, short, name = next(entry for entry in FEDERAL_STATES if entry[1] == short)
    return FederalState.objects.get_or_create(code=code, defaults={"short": short, "name": name})[0]


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("ags",)

    state = factory.LazyFunction(lambda: state("RP"))
    name = factory.Sequence(lambda n: f"Landkreis {n}")
    kind = District.Kind.RURAL_DISTRICT

    @factory.lazy_attribute_sequence
    def ags(self, n):
        return f"{self.state.code}{n % 10}{n % 90 + 10:02d}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)

    district = factory.SubFactory(DistrictFactory)
    state = factory.LazyAttribute(lambda o: o.district.state)
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    kind = Municipality.Kind.MUNICIPALITY
    population = 5000
    postal_code = "55000"
    latitude = 50.0
    longitude = 7.5

    @factory.lazy_attribute_sequence
    def ags(self, n):
        return f"{self.district.ags}{n % 1000:03d}"

    @factory.lazy_attribute
    def ars(self):
        return f"{self.ags[:5]}0000{self.ags[5:]}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    partner_organisation = factory.Sequence(lambda n: f"Partner {n} e. V.")

    @factory.post_generation
    def states(self, create, extracted, **kwargs):
        if create and extracted:
            self.states.add(*extracted)

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if create and extracted:
            self.managers.add(*extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.SubFactory(RegionFactory)
    status = Participation.Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    participation = factory.SubFactory(ParticipationFactory)
    role = Membership.Role.VOLUNTEER


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Akteur {n}")
    kind = Stakeholder.Kind.MAYOR


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiative {n}")
    category = Initiative.Category.REPAIR
    region = factory.SubFactory(RegionFactory)
    latitude = 50.1
    longitude = 7.6
    approved = True
