"""Demo coaching programme: events of every kind, the programme's phase-plan template applied
to the demo participations (tasks in every status), and measures with figures.

Dates are relative to today so the demo stays current. Idempotent: the template, events and
measures are looked up by name before they are created; plans are only made for
participations without one.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from coaching import dates, services
from coaching.models import (
    Anchor,
    Event,
    EventSeries,
    Measure,
    MilestoneTemplate,
    OwnerRole,
    PhaseTemplate,
    PlanTemplate,
    Registration,
    Task,
    TaskTemplate,
)
from courses.models import ModulePage
from municipalities.models import MembershipRole, Participation, Region

TEMPLATE_NAME = "Klimapaten-Programm"
PR, CR = Anchor.PLAN_START, Anchor.COUNCIL_RESOLUTION
V, RM, MC = OwnerRole.VOLUNTEER, OwnerRole.REGIONAL_MANAGER, OwnerRole.MUNICIPAL_CONTACT

# phase, description, tasks (title, anchor, offset, owner, module slug), milestones
# (title, anchor, offset, gate)
PHASES = [
    (
        "Kommune gewinnen und Ratsbeschluss",
        "Die Kommune für das Programm gewinnen, bis der Rat die Teilnahme beschließt.",
        [
            ("Bürgermeister:in zum Kennenlernen treffen", PR, 14, V, "verbuendete-gewinnen"),
            ("Verbündete in Verwaltung und Rat finden", PR, 28, V, "wie-eine-kommune-entscheidet"),
            ("Ratsvorlage mit der Verwaltung vorbereiten", CR, -21, RM, None),
        ],
        [("Ratsbeschluss gefasst", CR, 0, True)],
    ),
    (
        "Onboarding",
        "Unterlagen, Schulung und Coaching-Termine: die Kommune und die Pat:innen starten.",
        [
            ("Kooperationsvereinbarung unterschreiben", CR, 14, MC, None),
            ("Coaching-Termine festlegen", CR, 21, RM, None),
            (
                "Grundschulung für Klimaschutzpat:innen besuchen",
                CR,
                35,
                V,
                "rolle-der-klimaschutzpatinnen",
            ),
        ],
        [("Onboarding abgeschlossen", CR, 45, True)],
    ),
    (
        "Priorisierung",
        "Handlungsfelder mit der Verwaltung priorisieren und Bürger:innen beteiligen.",
        [
            (
                "Workshop mit der Verwaltung: Handlungsfelder priorisieren",
                CR,
                75,
                V,
                "massnahmen-finden-und-priorisieren",
            ),
            ("Zukunftswerkstatt mit Bürger:innen durchführen", CR, 100, V, None),
        ],
        [("Maßnahmenliste beschlossen", CR, 120, True)],
    ),
    (
        "Umsetzung",
        "Maßnahmen umsetzen, Fördermittel finden und beantragen.",
        [
            ("Förderprogramme recherchieren", CR, 140, V, "foerderprogramme-nutzen"),
            ("Förderantrag stellen", CR, 170, MC, None),
            ("Erste Maßnahme umsetzen", CR, 240, V, None),
        ],
        [("Erste Maßnahme umgesetzt", CR, 270, False)],
    ),
    (
        "Verstetigen",
        "Klimaschutz dauerhaft in der Kommune verankern.",
        [
            ("Klimateam in der Kommune verankern", CR, 330, V, None),
            ("Erfahrungen im Regionaltreffen teilen", CR, 350, RM, None),
        ],
        [("Verstetigung beschlossen", CR, 365, True)],
    ),
]

# How far into the programme a participation is, by pipeline status (days since plan start).
PROGRESS_DAYS = {"council_resolution": 40, "active": 160, "continuing": 420}

MEASURES = [
    # title, category, status, co2 t/a, investment €, funding programme, funding €, SDGs
    (
        "LED-Straßenbeleuchtung",
        "energy",
        "done",
        "38.5",
        "185000",
        "Kommunalrichtlinie",
        "46000",
        [7, 11, 13],
    ),
    (
        "Photovoltaik auf dem Schuldach",
        "energy",
        "in_progress",
        "22.0",
        "96000",
        "Landesprogramm Solar",
        "28000",
        [7, 13],
    ),
    ("Bürgerbus und Mitfahrbänke", "mobility", "planned", "6.2", "15000", "", "", [11, 13]),
    ("Repair-Café im Gemeindehaus", "consumption", "done", "1.8", "1200", "", "", [12]),
    (
        "Streuobstwiese und Schattenbäume",
        "nature",
        "idea",
        "0.9",
        "8000",
        "Aktion Grün",
        "6000",
        [13, 15],
    ),
    ("Klimaschutz-Schulprojekt", "education", "in_progress", "", "2500", "", "", [4, 13]),
]


def _user(email, stdout):
    user = User.objects.filter(email=email).first()
    if user is None:
        stdout.write(f"  no demo account {email}: left out")
    return user


def seed(stdout) -> None:
    today = timezone.localdate()
    template = _template()
    participations = list(
        Participation.objects.filter(status__in=PROGRESS_DAYS).select_related("municipality")
    )
    if not participations:
        stdout.write("  no demo participations (seed municipalities first): no plans, measures")
    created = 0
    for participation in participations:
        if hasattr(participation, "plan"):
            continue
        start = today - timedelta(days=PROGRESS_DAYS[participation.status])
        resolution = participation.council_resolution_date or start + timedelta(days=30)
        result = services.apply_template(
            template, [participation], start, council_resolution_date=resolution
        )
        for plan in result.created:
            _progress(plan, today)
            created += 1
    stdout.write(f"  plans: {created} created ({len(participations)} participations)")

    regions = {region.slug: region for region in Region.objects.all()}
    _events(stdout, today, regions.get("rheinland-pfalz"), regions.get("nordrhein-westfalen"))
    _measures(stdout, participations)


def _template() -> PlanTemplate:
    template, created = PlanTemplate.objects.get_or_create(
        name=TEMPLATE_NAME,
        defaults={
            "description": "Die fünf Phasen des Programms, vom Gewinnen der Kommune bis zur "
            "Verstetigung. Termine zählen ab Planbeginn oder ab dem Ratsbeschluss."
        },
    )
    if not created and template.phases.exists():
        return template
    modules = {page.slug: page for page in ModulePage.objects.all()}
    for order, (name, description, tasks, milestones) in enumerate(PHASES):
        phase = PhaseTemplate.objects.create(
            template=template, name=name, description=description, sort_order=order
        )
        for position, (title, anchor, offset, owner, module_slug) in enumerate(tasks):
            TaskTemplate.objects.create(
                phase=phase,
                title=title,
                anchor=anchor,
                offset_days=offset,
                owner_role=owner,
                module=modules.get(module_slug),
                sort_order=position,
            )
        for position, (title, anchor, offset, gate) in enumerate(milestones):
            MilestoneTemplate.objects.create(
                phase=phase,
                title=title,
                anchor=anchor,
                offset_days=offset,
                is_gate=gate,
                sort_order=position,
            )
    return template


def _progress(plan, today) -> None:
    """Mark what is long past as done and reached; leave a mix of statuses around today."""
    recent = [Task.Status.IN_PROGRESS, Task.Status.BLOCKED, Task.Status.OPEN]
    for index, task in enumerate(plan.tasks.order_by("due_date", "pk")):
        if task.due_date < today - timedelta(days=21):
            task.status = Task.Status.DONE
        elif task.due_date < today + timedelta(days=21):
            task.status = recent[index % len(recent)]
        else:
            task.status = Task.Status.OPEN
        task.save()
    for milestone in plan.milestones.filter(target_date__lt=today - timedelta(days=14)):
        milestone.reached_on = milestone.target_date
        milestone.save(update_fields=["reached_on"])
    if not plan.tasks.filter(status=Task.Status.DONE).exists():
        first = plan.tasks.order_by("due_date", "pk").first()
        first.status = Task.Status.DONE
        first.save()


def _at(today, days, hour, minute=0):
    return dates.local_datetime(today + timedelta(days=days), time(hour, minute))


def _events(stdout, today, rlp, nrw) -> None:
    series, _ = EventSeries.objects.get_or_create(title="Coaching", region=None)
    Kind = Event.Kind
    # title, kind, start day, start hour, hours, region, public, capacity, series, place
    online = {"online_url": "https://meet.example/klimapaten-coaching"}
    hall = {
        "venue": "Bürgerhaus",
        "street": "Pariser Straße 110",
        "postal_code": "55268",
        "city": "Nieder-Olm",
        "latitude": 49.9087,
        "longitude": 8.2043,
    }
    events = [
        (
            "Coaching für Regionalmanager:innen: Kommunen gewinnen",
            Kind.COACHING,
            -14,
            10,
            2,
            None,
            False,
            20,
            series,
            online,
        ),
        (
            "Coaching für Regionalmanager:innen: Ratsbeschluss begleiten",
            Kind.COACHING,
            7,
            10,
            2,
            None,
            False,
            20,
            series,
            online,
        ),
        (
            "Coaching für Regionalmanager:innen: Phasen planen",
            Kind.COACHING,
            28,
            10,
            2,
            None,
            False,
            20,
            series,
            online,
        ),
        (
            "Grundschulung für Klimaschutzpat:innen",
            Kind.TRAINING,
            -30,
            17,
            3,
            rlp,
            False,
            15,
            None,
            hall,
        ),
        (
            "Schulung: Fördermittel finden und beantragen",
            Kind.TRAINING,
            10,
            18,
            2,
            rlp,
            False,
            2,
            None,
            online,
        ),
        (
            "Regionaltreffen Rheinland-Pfalz",
            Kind.REGIONAL_MEETING,
            -60,
            14,
            3,
            rlp,
            False,
            None,
            None,
            hall,
        ),
        (
            "Regionaltreffen Nordrhein-Westfalen",
            Kind.REGIONAL_MEETING,
            20,
            14,
            3,
            nrw,
            False,
            None,
            None,
            {"venue": "Stadthalle", "postal_code": "57462", "city": "Olpe"},
        ),
        ("Zukunftswerkstatt Nieder-Olm", Kind.WORKSHOP, 35, 10, 6, rlp, True, 40, None, hall),
        (
            "Klimafest auf dem Marktplatz",
            Kind.LOCAL,
            50,
            11,
            6,
            rlp,
            True,
            None,
            None,
            {**hall, "venue": "Marktplatz", "street": "Marktplatz"},
        ),
        ("Repair-Café (Rückblick)", Kind.LOCAL, -21, 15, 3, rlp, True, None, None, hall),
    ]
    groups = {role: Group.objects.get_or_create(name=role.group_name)[0] for role in Role}
    audiences = {
        Kind.COACHING: [groups[Role.REGIONAL_MANAGER], groups[Role.COORDINATOR]],
        Kind.TRAINING: [groups[Role.VOLUNTEER], groups[Role.REGIONAL_MANAGER]],
    }
    for title, kind, day, hour, hours, region, public, capacity, part_of, place in events:
        start = _at(today, day, hour)
        event, _created = Event.objects.update_or_create(
            title=title,
            defaults={
                "kind": kind,
                "description": f"{title}: Demo-Veranstaltung des Programms.",
                "start": start,
                "end": start + timedelta(hours=hours),
                "region": region,
                "is_public": public,
                "capacity": capacity,
                "series": part_of,
                **place,
            },
        )
        event.audience.set(audiences.get(kind, []))
    stdout.write(f"  events: {len(events)} (3-part coaching series, past and future)")
    _registrations(today)


def _registrations(today) -> None:
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    wanted = [
        ("Coaching für Regionalmanager:innen: Kommunen gewinnen", "rm-rlp@example.org", True),
        ("Coaching für Regionalmanager:innen: Kommunen gewinnen", "rm-nrw@example.org", False),
        ("Coaching für Regionalmanager:innen: Ratsbeschluss begleiten", "rm-rlp@example.org", None),
        ("Grundschulung für Klimaschutzpat:innen", "pate@example.org", True),
        ("Schulung: Fördermittel finden und beantragen", "pate@example.org", None),
        ("Schulung: Fördermittel finden und beantragen", "kommune@example.org", None),
        ("Zukunftswerkstatt Nieder-Olm", "pate@example.org", None),
    ]
    for title, email, attended in wanted:
        event = Event.objects.filter(title=title).first()
        user = people.get(email)
        if event is None or user is None:
            continue
        Registration.objects.update_or_create(
            event=event,
            user=user,
            defaults={"status": Registration.Status.REGISTERED, "attended": attended},
        )


def _measures(stdout, participations) -> None:
    count = 0
    for index, participation in enumerate(
        p for p in participations if p.status != "council_resolution"
    ):
        for offset in range(3):
            title, category, status, co2, invest, programme, funding, sdgs = MEASURES[
                (index + offset) % len(MEASURES)
            ]
            measure, _created = Measure.objects.update_or_create(
                participation=participation,
                title=title,
                defaults={
                    "category": category,
                    "status": status,
                    "co2_savings_tonnes": Decimal(co2) if co2 else None,
                    "investment_eur": Decimal(invest) if invest else None,
                    "funding_programme": programme,
                    "funding_eur": Decimal(funding) if funding else None,
                    "sdgs": sdgs,
                    "description": f"{title} in {participation}.",
                },
            )
            patrons = participation.memberships.filter(role=MembershipRole.VOLUNTEER)
            measure.patrons.set([membership.user_id for membership in patrons])
            count += 1
    stdout.write(f"  measures: {count}")
