"""A small programme whose figures are easy to compute by hand.

The shared two-region world (``tests/world.py``) with more on top. Region Rheinhessen (RP,
managed by ``regional_manager``): participations Nieder-Olm (active, the world's) and Essenheim
(council resolution, added here). Region Südwestfalen (NW, another manager): Olpe (the world's,
only contacted here). One course with three modules.

| person | participation | m1 | m2 | m3 | certificate | last login |
|---|---|---|---|---|---|---|
| anna (the world's volunteer) | Nieder-Olm | done | done | started | | today |
| ben (volunteer) | Nieder-Olm | done | | | | 40 days ago |
| clara (volunteer) | Essenheim | started | | | | never (joined 40 days ago) |
| dora (the world's other volunteer) | Olpe | done | done | done | yes | today |
| kai (the world's municipal contact) | Nieder-Olm | | | | | today |

Programme: 8 modules started, 6 completed, 1 certificate. Rheinhessen: 5 started,
3 completed. Nieder-Olm: 4 started, 3 completed.
Nieder-Olm's plan: tasks done 1, overdue 1, open 1 (3 in total); milestones reached 1,
overdue 1. Measures: Nieder-Olm energy done (10 t, 1,000 €, funding 500 €), Olpe mobility
planned (5 t, 2,000 €).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from coaching.models import Measure, Milestone, Phase, Plan, Task
from courses.models import Certificate, ModuleProgress
from municipalities.models import Invitation, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.courses import factories as courses
from tests.municipalities.factories import DistrictFactory, MunicipalityFactory, state
from tests.world import build_world


@dataclass
class World:
    rp: object
    nw: object
    rheinhessen: object
    suedwestfalen: object
    nieder_olm: object
    essenheim: object
    olpe: object
    course: object
    modules: list
    anna: object
    ben: object
    clara: object
    dora: object
    kai: object
    other_manager: object


def progress(user, module, *, done=True, when=None):
    when = when or timezone.now()
    return ModuleProgress.objects.create(
        user=user,
        module=module,
        course=module.get_parent().specific,
        last_seen_at=when,
        completed_at=when if done else None,
    )


def member(user, participation, role=Membership.Role.VOLUNTEER):
    return Membership.objects.create(user=user, participation=participation, role=role)


def add_participation(region, state_short, name, status=Participation.Status.ACTIVE):
    district = DistrictFactory(state=state(state_short))
    municipality = MunicipalityFactory(district=district, name=name)
    return Participation.objects.create(municipality=municipality, region=region, status=status)


def build_dashboard_world(regional_manager, volunteer, municipal_contact) -> World:
    """The shared world (Olpe only contacted) and the programme of the table above on top."""
    base = build_world(
        regional_manager=regional_manager,
        volunteer=volunteer,
        municipal_contact=municipal_contact,
        other_status=Participation.Status.CONTACTED,
    )
    rp, nw = state("RP"), state("NW")
    rheinhessen, suedwestfalen = base.own_region, base.other_region
    nieder_olm, olpe = base.own, base.other
    essenheim = add_participation(
        rheinhessen, "RP", "Essenheim", Participation.Status.COUNCIL_RESOLUTION
    )

    course = courses.course(title="Grundkurs Klimaschutz")
    modules = [courses.module(course, title=f"Modul {n}") for n in (1, 2, 3)]

    now = timezone.now()
    long_ago = now - timedelta(days=40)
    anna, kai, dora = base.volunteer, base.municipal_contact, base.other_volunteer
    ben = UserFactory(full_name="Ben Becker", roles=[Role.VOLUNTEER])
    clara = UserFactory(full_name="Clara Conrad", roles=[Role.VOLUNTEER])

    User.objects.filter(pk__in=[anna.pk, dora.pk, kai.pk]).update(last_login=now)
    User.objects.filter(pk=ben.pk).update(last_login=long_ago)

    member(ben, nieder_olm)
    member(clara, essenheim)
    Membership.objects.filter(user=clara).update(created=long_ago)
    Membership.objects.filter(user=ben).update(created=long_ago)

    m1, m2, m3 = modules
    progress(anna, m1)
    progress(anna, m2)
    progress(anna, m3, done=False)
    progress(ben, m1)
    progress(clara, m1, done=False)
    progress(dora, m1)
    progress(dora, m2)
    progress(dora, m3)
    Certificate.objects.create(
        user=dora,
        course=course,
        holder_name="Dora Dietz",
        course_title=course.title,
        code="TEST-0000-0001",
        issued_on=timezone.localdate(),
    )

    today = timezone.localdate()
    plan = Plan.objects.create(
        participation=nieder_olm,
        name="Phasenplan",
        start_date=today - timedelta(days=100),
        council_resolution_date=today - timedelta(days=90),
    )
    phase = Phase.objects.create(plan=plan, name="Start")
    Task.objects.create(
        plan=plan, phase=phase, title="Erledigt", due_date=today, status="done", owner=anna
    )
    Task.objects.create(
        plan=plan, phase=phase, title="Überfällig", due_date=today - timedelta(days=3), owner=ben
    )
    Task.objects.create(plan=plan, phase=phase, title="Offen", due_date=today + timedelta(days=9))
    Milestone.objects.create(
        plan=plan,
        phase=phase,
        title="Ratsbeschluss",
        target_date=today - timedelta(days=20),
        reached_on=today - timedelta(days=2),
    )
    Milestone.objects.create(
        plan=plan, phase=phase, title="Klimakonzept", target_date=today - timedelta(days=5)
    )
    Measure.objects.create(
        participation=nieder_olm,
        title="PV auf dem Rathaus",
        category=Measure.Category.ENERGY,
        status=Measure.Status.DONE,
        co2_savings_tonnes=10,
        investment_eur=1000,
        funding_eur=500,
    )
    Measure.objects.create(
        participation=olpe,
        title="Bürgerbus",
        category=Measure.Category.MOBILITY,
        status=Measure.Status.PLANNED,
        co2_savings_tonnes=5,
        investment_eur=2000,
    )
    invitation = Invitation(email="neu@test.example", participation=nieder_olm)
    invitation.new_token()
    invitation.save()
    # The world is written with the ORM, past the actions and their events (a bulk write):
    # the aggregates come from a rebuild, as the nightly repair makes them.
    from dashboard.aggregates import rebuild

    rebuild()
    # Clear anything cached on the users (roles) before the tests use them.
    return World(
        rp=rp,
        nw=nw,
        rheinhessen=rheinhessen,
        suedwestfalen=suedwestfalen,
        nieder_olm=nieder_olm,
        essenheim=essenheim,
        olpe=olpe,
        course=course,
        modules=modules,
        anna=User.objects.get(pk=anna.pk),
        ben=User.objects.get(pk=ben.pk),
        clara=User.objects.get(pk=clara.pk),
        dora=User.objects.get(pk=dora.pk),
        kai=User.objects.get(pk=kai.pk),
        other_manager=base.other_manager,
    )


@pytest.fixture
def world(db, regional_manager, volunteer, municipal_contact, django_capture_on_commit_callbacks):
    """Overrides the shared ``world``: the dashboard's world is built on top of it."""
    with django_capture_on_commit_callbacks(execute=True):
        built = build_dashboard_world(regional_manager, volunteer, municipal_contact)
    return built


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def manager_client(client, regional_manager):
    client.force_login(regional_manager)
    return client


@pytest.fixture(autouse=True)
def _english():
    """Figures are looked up by their English labels (German is the default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
