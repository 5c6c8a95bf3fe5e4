from datetime import timedelta

import factory
from django.utils import timezone

from accounts.roles import Role
from coaching.models import (
    Event,
    EventSeries,
    Measure,
    MilestoneTemplate,
    PhaseTemplate,
    PlanTemplate,
    Registration,
    TaskTemplate,
)
from tests.accounts.factories import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Schulung {n}")
    description = "<p>Wir lernen gemeinsam.</p>"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    venue = "Bürgerhaus"
    street = "Marktplatz 1"
    postal_code = "55268"
    city = "Nieder-Olm"
    region = None
    is_public = False

    @factory.post_generation
    def audience(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.audience.add(
                *(Group.objects.get_or_create(name=Role(r).group_name)[0] for r in extracted)
            )


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = "Coaching"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTemplate

    name = factory.Sequence(lambda n: f"Vorlage {n}")


class PhaseTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseTemplate

    template = factory.SubFactory(PlanTemplateFactory)
    name = factory.Sequence(lambda n: f"Phase {n}")
    sort_order = factory.Sequence(lambda n: n)


class TaskTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskTemplate

    phase = factory.SubFactory(PhaseTemplateFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    offset_days = 10
    sort_order = factory.Sequence(lambda n: n)


class MilestoneTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneTemplate

    phase = factory.SubFactory(PhaseTemplateFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    offset_days = 20
    sort_order = factory.Sequence(lambda n: n)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    category = Measure.Category.ENERGY
    status = Measure.Status.PLANNED
    co2_savings_tonnes = 12.5
    investment_eur = 20000
    sdgs = [7, 13]
