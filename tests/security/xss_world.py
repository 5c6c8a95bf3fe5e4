"""A region whose every user-writable field carries the whole XSS corpus.

Who writes what (the roles of the issue): a volunteer (profile name, reflection), a municipal
contact (profile name), an anonymous visitor (initiative suggestion), a regional manager
(participations, stakeholders, initiatives, events, event series, plans, phases, tasks,
milestones, measures, status notes, course pages and their StreamField blocks in the region's
section). Long text fields hold every vector in one value; short fields (names, titles) get
the corpus packed into chunks (``xss_vectors.chunks``), one object per chunk, so each vector
passes each field and listings show every chunk at once.

Stored through the real forms over HTTP (Django's test client, the same database as the live
server): the profile form (volunteer and municipal contact), the public suggestion form, the
task form and the measure form of the front end, and the reflection through
``courses.actions.submit_activity`` (what the activity view calls). The rest is stored through
the ORM in bulk: those forms are the Wagtail admin's (snippet and page editors, whose
validation is Wagtail's and covered by its own and the admin tests) and the ORM stores the
corpus as raw HTML, which is harsher than anything Draftail would produce.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.courses import factories as courses
from tests.municipalities.factories import DistrictFactory, MunicipalityFactory, state
from tests.security.xss_vectors import GROUPS, STORABLE, chunks, long_text

TITLE = 200  # the usual max_length of names and titles


def half_texts():
    """The corpus in two texts below 10,000 characters (the reflection limit)."""
    middle = len(STORABLE) // 2
    return ["\n".join(STORABLE[:middle]), "\n".join(STORABLE[middle:])]


def rich_text() -> str:
    """Every vector as raw HTML in a rich-text value, as an import or a forged POST would."""
    return "".join(f"<p>{vector}</p>" for vector in STORABLE)


@dataclass
class XssWorld:
    coordinator: object
    manager: object
    region: object
    participations: list
    volunteers: list
    contact: object
    events: list
    series: list
    plan: object
    tasks: list
    milestones: list
    measures: list
    stakeholders: list
    initiatives: list
    section: object
    course: object
    modules: list
    standard_page: object
    certificate: object
    home: object
    written_by_form: dict = field(default_factory=dict)


def _post(client, url, data, expected=(302,)):
    response = client.post(url, data)
    assert response.status_code in expected, (url, response.status_code)
    return response


def _add(parent, page):
    """A live page without a revision (publishing 50 pages would take a minute)."""
    parent.add_child(instance=page)
    return page


def module_body(short):
    """Every block type of the learning stream with vectors in each of its text fields."""
    text = long_text()
    html = rich_text()
    body = [("heading", {"text": chunk, "level": "h2"}) for chunk in short]
    body += [
        ("paragraph", html),
        ("callout", {"kind": "note", "title": short[0], "text": html}),
        ("quote", {"quote": text, "attribution": short[1]}),
        (
            "role_play",
            {
                "title": short[2],
                "situation": html,
                "roles": [{"name": chunk, "brief": text} for chunk in short[:2]],
                "guiding_questions": list(chunks(300)),
            },
        ),
        (
            "video",
            {
                "title": short[3],
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "duration": "3:32",
                "transcript": html,
            },
        ),
        (
            "quiz",
            {
                "title": short[4],
                "intro": html,
                "pass_mark": 100,
                "required": False,
                "questions": [
                    {
                        "question": chunk,
                        "kind": "single",
                        "answers": [
                            {"text": chunk, "correct": True, "feedback": chunk},
                            {"text": "nein", "correct": False, "feedback": chunk},
                        ],
                    }
                    for chunk in chunks(300)
                ],
            },
        ),
        (
            "checklist",
            {"title": short[5], "intro": text, "items": list(chunks(300)), "required": False},
        ),
        ("reflection", {"prompt": html, "min_length": 1, "required": False}),
        ("reflection", {"prompt": html, "min_length": 1, "required": False}),
        ("mark_done", {"label_text": short[6][:100]}),
    ]
    return body


def build(coordinator) -> XssWorld:
    from coaching.models import Event, EventSeries, Measure, Milestone, Phase, Plan, Task
    from courses.actions import submit_activity
    from courses.models import Certificate, CourseIndexPage, CoursePage, ModulePage
    from courses.services import make_token
    from home.models import HomePage, StandardPage
    from municipalities.models import (
        Initiative,
        Membership,
        Participation,
        ParticipationStatusChange,
        Region,
        Stakeholder,
    )

    short = chunks(TITLE)
    text = long_text()
    html = rich_text()
    today = timezone.localdate()
    now = timezone.now()

    manager = UserFactory(email="rm-xss@test.example", roles=[Role.REGIONAL_MANAGER])
    region = Region.objects.create(
        name="Rheinhessen", slug="rheinhessen", partner_organisation="Partner e. V."
    )
    region.states.add(state("RP"))
    region.managers.add(manager)

    # Participations: one per chunk, so the list shows every chunk in every short field.
    district = DistrictFactory(state=state("RP"))
    participations = []
    for n, chunk in enumerate(short):
        municipality = MunicipalityFactory(
            district=district, name=f"Gemeinde {n}", latitude=49.9 + n / 1000, longitude=8.2
        )
        participations.append(
            Participation.objects.create(
                municipality=municipality,
                region=region,
                status=Participation.Status.ACTIVE,
                district_name=chunk,
                contact_name=chunk,
                contact_role=chunk,
                contact_phone=chunk[:50],
                notes=text if n < 2 else chunk,
            )
        )
    first = participations[0]
    for chunk in chunks(500):
        ParticipationStatusChange.objects.create(
            participation=first, status=Participation.Status.ACTIVE, note=chunk
        )

    # People: volunteers named with the corpus, all in the first participation.
    volunteers = [
        UserFactory(email=f"pate{n}@xss.example", full_name=chunk, roles=[Role.VOLUNTEER])
        for n, chunk in enumerate(short)
    ]
    contact = UserFactory(email="kommune@xss.example", roles=[Role.MUNICIPAL_CONTACT])
    for volunteer in volunteers:
        Membership.objects.create(user=volunteer, participation=first)
    Membership.objects.create(
        user=contact, participation=first, role=Membership.Role.MUNICIPAL_CONTACT
    )
    User = type(coordinator)
    User.objects.filter(pk__in=[v.pk for v in volunteers]).update(last_login=now)

    # Stakeholders and initiatives (approved, on the map).
    stakeholders = [
        Stakeholder.objects.create(
            region=region,
            participation=first,
            name=chunk,
            organisation=chunk,
            position=chunk,
            phone=chunk[:50],
            address=chunk,
            notes=text if n == 0 else chunk,
        )
        for n, chunk in enumerate(short)
    ]
    initiatives = [
        Initiative.objects.create(
            region=region,
            municipality=first.municipality,
            name=chunk,
            category=Initiative.Category.REPAIR,
            description=text if n == 0 else chunk,
            street=chunk,
            city=chunk,
            contact_name=chunk,
            contact_phone=chunk[:50],
            latitude=49.9 + n / 1000,
            longitude=8.3,
            approved=True,
        )
        for n, chunk in enumerate(short)
    ]

    # Events and series, all public so the calendar, the feed and the embed show them.
    series = [EventSeries.objects.create(title=chunk, region=region) for chunk in short]
    events = []
    for n, chunk in enumerate(short):
        start = now + timedelta(days=3, hours=n)
        events.append(
            Event.objects.create(
                title=chunk,
                description=text if n == 0 else chunk,
                venue=chunk,
                street=chunk,
                city=chunk,
                start=start,
                end=start + timedelta(hours=1),
                region=region,
                is_public=True,
                series=series[n],
            )
        )
    from coaching.models import Registration

    for volunteer in volunteers:
        Registration.objects.create(event=events[0], user=volunteer)

    # The first participation's plan: a phase, task and milestone per chunk.
    plan = Plan.objects.create(
        participation=first, name=short[0], start_date=today, council_resolution_date=today
    )
    phases = [
        Phase.objects.create(plan=plan, name=chunk, description=text if n == 0 else chunk)
        for n, chunk in enumerate(short[:3])
    ]
    tasks = [
        Task.objects.create(
            plan=plan,
            phase=phases[0],
            title=chunk,
            description=text if n == 0 else chunk,
            due_date=today + timedelta(days=n),
        )
        for n, chunk in enumerate(short)
    ]
    milestones = [
        Milestone.objects.create(
            plan=plan,
            phase=phases[0],
            title=chunk,
            description=text if n == 0 else chunk,
            target_date=today + timedelta(days=n),
        )
        for n, chunk in enumerate(short)
    ]
    measures = [
        Measure.objects.create(
            participation=first,
            title=chunk,
            funding_programme=chunk,
            description=text if n == 0 else chunk,
        )
        for n, chunk in enumerate(short)
    ]

    # Pages: the home page, a standard page, the region's course section, a course, modules.
    home = HomePage.objects.first()
    home.intro = html
    home.body = [("paragraph", html)] + [("heading", {"text": c, "level": "h2"}) for c in short]
    home.save_revision().publish()
    standard_page = courses.publish(
        home,
        StandardPage(
            title=short[0][:255],
            slug="impressum-xss",
            intro=text,
            body=[("paragraph", html), ("quote", {"quote": text, "attribution": short[1]})],
        ),
    )
    section = courses.publish(
        home, CourseIndexPage(title=short[1], slug="kurse-xss", intro=html, region=region)
    )
    course = courses.publish(
        section,
        CoursePage(
            title=short[2],
            slug="kurs-xss",
            intro=html,
            learning_goals=[("goal", c) for c in chunks(300)],
        ),
    )
    modules = [
        (courses.publish if n == 0 else _add)(
            course,
            ModulePage(
                title=chunk,
                slug=f"modul-xss-{n}",
                intro=text if n == 0 else chunk,
                body=module_body(short) if n == 0 else [("mark_done", {"label_text": ""})],
                required=False,
                estimated_minutes=5,
            ),
        )
        for n, chunk in enumerate(short)
    ]
    module = ModulePage.objects.get(pk=modules[0].pk)
    reflections = [child.id for child in module.body if child.block_type == "reflection"]
    for user in (volunteers[0], coordinator):
        for block_id, part in zip(reflections, half_texts(), strict=True):
            token = make_token(user, module, block_id, 0)
            submit_activity(user, module, block_id, {"reflection": part, "token": token})

    certificate = Certificate.objects.create(
        user=volunteers[0],
        course=course,
        holder_name=short[0],
        course_title=short[1],
        code="XSS-TEST-0001",
        issued_on=today,
    )

    world = XssWorld(
        coordinator=coordinator,
        manager=manager,
        region=region,
        participations=participations,
        volunteers=volunteers,
        contact=contact,
        events=events,
        series=series,
        plan=plan,
        tasks=tasks,
        milestones=milestones,
        measures=measures,
        stakeholders=stakeholders,
        initiatives=initiatives,
        section=section,
        course=course,
        modules=modules,
        standard_page=standard_page,
        certificate=certificate,
        home=home,
    )
    write_through_forms(world, short, text)
    return world


def write_through_forms(world, short, text):
    """The forms a volunteer, a municipal contact, a visitor and a manager use on the site."""
    from coaching.models import Measure, Task
    from municipalities.models import Initiative

    written = world.written_by_form
    # Profile names (volunteer and municipal contact): the last chunks, through the form.
    for person, chunk in ((world.volunteers[-1], short[-1]), (world.contact, short[-2])):
        client = Client()
        client.force_login(person)
        _post(client, "/accounts/profile/", {"full_name": chunk, "language": "de"})
        person.refresh_from_db()
        assert person.full_name == chunk
    written["profile"] = 2

    # The public suggestion form, anonymous; approved and placed afterwards by the ORM.
    anonymous = Client()
    for group, vectors in list(GROUPS.items())[:3]:
        name = chunks(TITLE, [v.replace("\x00", "") for v in vectors])[0]
        _post(
            anonymous,
            "/map/suggest/",
            {
                "name": name,
                "category": Initiative.Category.REPAIR,
                "description": "\n".join(vectors).replace("\x00", ""),
                "street": name,
                "postal_code": "",
                "city": name,
                "website": "",
                "contact_name": name,
                "contact_email": "",
                "submitter_email": "",
                "homepage": "",
            },
        )
        written.setdefault("suggestion", []).append(group)
    suggested = Initiative.objects.filter(suggested_publicly=True)
    assert suggested.count() == 3
    suggested.update(
        approved=True,
        region=world.region,
        latitude=49.95,
        longitude=8.35,
        municipality=world.participations[0].municipality,
    )

    # The manager's task and measure forms.
    manager = Client()
    manager.force_login(world.manager)
    phase = world.plan.phases.first()
    for chunk in short[:3]:
        _post(
            manager,
            f"/plans/{world.plan.pk}/tasks/new/",
            {
                "title": chunk,
                "description": text,
                "phase": phase.pk,
                "owner": "",
                "due_date": date.today().isoformat(),
                "status": Task.Status.OPEN,
                "module": "",
            },
        )
        _post(
            manager,
            f"/measures/new/{world.participations[0].pk}/",
            {
                "title": chunk,
                "category": Measure.Category.ENERGY,
                "status": Measure.Status.PLANNED,
                "funding_programme": chunk,
                "description": text,
            },
        )
    assert Task.objects.filter(plan=world.plan, description__contains="xss").count() >= 3
    written["task"] = written["measure"] = 3
