"""The two-region world of the access matrix, built once per test module.

Region "own" (Rheinland-Pfalz) holds every object the matrix requests: a participation with a
volunteer and a municipal contact, a stakeholder, an initiative, an invitation, an event series
and a members-only event with a registration, a plan with a phase, a task and a milestone, a
measure, a course section with a course and a module, a certificate. Region "other"
(Nordrhein-Westfalen) holds the same, managed by another regional manager.

Private names carry a marker: ``Qqown`` in the own region, ``Qqother`` in the other one. A
response that shows a marker to someone who may not see that region's data is a leak, whatever
its status code (see ``outcomes.leaks``). Public names (municipalities, regions, approved
initiatives) carry no marker.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.coaching.factories import (
    EventFactory,
    EventSeriesFactory,
    MeasureFactory,
    MilestoneTemplateFactory,
    PhaseTemplateFactory,
    PlanTemplateFactory,
    RegistrationFactory,
    TaskTemplateFactory,
)
from tests.courses import factories as courses
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

OWN_MARKER = "Qqown"
OTHER_MARKER = "Qqother"

# The roles of the matrix, in the order of the table's columns.
ROLES = ("anon", "volunteer", "contact", "rm_own", "rm_other", "coordinator")
# A regional manager of the own region who has not set up a second factor (see expected.py).
NO_MFA_ROLE = "rm_no_mfa"
ALL_ROLES = (*ROLES, NO_MFA_ROLE)

# Which region's private data each role may see (anything else showing up is a leak).
MAY_SEE = {
    "anon": set(),
    "volunteer": {"own"},
    "contact": {"own"},
    "rm_own": {"own"},
    "rm_other": {"other"},
    "coordinator": {"own", "other"},
    NO_MFA_ROLE: {"own"},
}


@dataclass
class Side:
    """The objects of one region."""

    region: object
    state: object
    district: object
    municipality: object
    participation: object
    manager: object
    volunteer: object
    membership: object
    stakeholder: object
    initiative: object
    invitation: object
    invitation_token: str
    series: object
    event: object
    registration: object
    plan: object
    phase: object
    task: object
    milestone: object
    measure: object
    section: object
    course: object
    module: object


@dataclass
class World:
    own: Side
    other: Side
    users: dict  # role -> user (no entry for anon)
    contact: object
    plan_template: object
    phase_template: object
    certificate: object
    outbox_message: object
    calendar_token: object
    image: object
    document: object
    collection: object
    site: object
    default_site: object
    group: object
    redirect: object
    workflow: object
    approval_task: object
    workflow_state: object
    task_state: object
    page_restriction: object
    collection_restriction: object
    editing_session: object
    uploaded_document: object
    uploaded_image: object
    tag: object
    email_address: object
    authenticator: object
    export_token: str
    block_id: str
    public_page: object
    files: list = field(default_factory=list)  # created on disk, removed at teardown


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def _totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def _side(name, short, ags, marker, *, manager, volunteer, template) -> Side:
    from coaching.models import Milestone, Phase, Plan, Task
    from municipalities.models import Invitation

    st = state(short)
    region = RegionFactory(name=name, slug=name.lower(), states=[st], managers=[manager])
    district = DistrictFactory(state=st, ags=ags[:5], name=f"Kreis {short}")
    municipality = MunicipalityFactory(district=district, ags=ags, name=f"Gemeinde {short}")
    participation = ParticipationFactory(
        municipality=municipality, region=region, council_resolution_date=date(2026, 3, 1)
    )
    membership = MembershipFactory(user=volunteer, participation=participation)
    stakeholder = StakeholderFactory(
        region=region, participation=participation, name=f"Landrätin {marker}"
    )
    initiative = InitiativeFactory(
        region=region, municipality=municipality, name=f"Repair-Café {short}"
    )
    invitation = Invitation(email=f"neu-{short.lower()}@test.example", participation=participation)
    token = invitation.new_token()
    invitation.save()
    series = EventSeriesFactory(title=f"Reihe {marker}", region=region)
    event = EventFactory(title=f"Treffen {marker}", region=region, series=series)
    registration = RegistrationFactory(event=event, user=volunteer)
    today = timezone.localdate()
    plan = Plan.objects.create(
        participation=participation,
        template=template,
        name=f"Phasenplan {marker}",
        start_date=today - timedelta(days=30),
        council_resolution_date=today - timedelta(days=20),
    )
    phase = Phase.objects.create(plan=plan, name=f"Phase {marker}")
    task = Task.objects.create(
        plan=plan,
        phase=phase,
        title=f"Aufgabe {marker}",
        owner=volunteer,
        due_date=today + timedelta(days=7),
    )
    milestone = Milestone.objects.create(
        plan=plan, phase=phase, title=f"Meilenstein {marker}", target_date=today
    )
    measure = MeasureFactory(participation=participation, title=f"Maßnahme {marker}")
    measure.patrons.add(volunteer)
    section = courses.section(region=region, title=f"Kurse {marker}")
    course = courses.course(section, title=f"Kurs {marker}")
    module = courses.module(course, title=f"Modul {marker}", body=courses.activity_body())
    return Side(
        region=region,
        state=st,
        district=district,
        municipality=municipality,
        participation=participation,
        manager=manager,
        volunteer=volunteer,
        membership=membership,
        stakeholder=stakeholder,
        initiative=initiative,
        invitation=invitation,
        invitation_token=token,
        series=series,
        event=event,
        registration=registration,
        plan=plan,
        phase=phase,
        task=task,
        milestone=milestone,
        measure=measure,
        section=section,
        course=course,
        module=module,
    )


def build_world() -> World:
    from allauth.account.models import EmailAddress
    from taggit.models import Tag
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.log_actions import log
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        PageViewRestriction,
        Site,
        UploadedFile,
    )

    from courses.editing import ensure_workflow, region_group
    from courses.models import Certificate
    from dashboard.views import download_token
    from home.models import StandardPage
    from home.setup import ensure_site_root

    home = ensure_site_root()
    users = {
        "volunteer": UserFactory(
            email="vera.qqown@test.example", full_name="Vera Qqown", roles=[Role.VOLUNTEER]
        ),
        "contact": UserFactory(
            email="kim.qqown@test.example",
            full_name="Kim Qqown",
            roles=[Role.MUNICIPAL_CONTACT],
        ),
        "rm_own": UserFactory(
            email="rm-own@test.example", full_name="Rita Eigen", roles=[Role.REGIONAL_MANAGER]
        ),
        "rm_other": UserFactory(
            email="rm-other@test.example", full_name="Rolf Anders", roles=[Role.REGIONAL_MANAGER]
        ),
        "coordinator": UserFactory(
            email="koordination@test.example", full_name="Karla Koord", roles=[Role.COORDINATOR]
        ),
        NO_MFA_ROLE: UserFactory(
            email="rm-nomfa@test.example", full_name="Nora Ohne", roles=[Role.REGIONAL_MANAGER]
        ),
    }
    other_volunteer = UserFactory(
        email="otto.qqother@test.example", full_name="Otto Qqother", roles=[Role.VOLUNTEER]
    )
    authenticator = None
    for role in ("rm_own", "rm_other", "coordinator"):
        created = _totp(users[role])
        authenticator = authenticator or created

    plan_template = PlanTemplateFactory(name="Klimapaten-Programm")
    phase_template = PhaseTemplateFactory(template=plan_template, name="Gewinnen")
    TaskTemplateFactory(phase=phase_template, title="Gespräch mit Bürgermeister:in")
    MilestoneTemplateFactory(phase=phase_template, title="Ratsbeschluss")

    own = _side(
        "Rheinland-Pfalz",
        "RP",
        "07339042",
        OWN_MARKER,
        manager=users["rm_own"],
        volunteer=users["volunteer"],
        template=plan_template,
    )
    own.region.managers.add(users[NO_MFA_ROLE])
    other = _side(
        "Nordrhein-Westfalen",
        "NW",
        "05966024",
        OTHER_MARKER,
        manager=users["rm_other"],
        volunteer=other_volunteer,
        template=plan_template,
    )
    MembershipFactory(
        user=users["contact"], participation=own.participation, role="municipal_contact"
    )

    certificate = Certificate.objects.create(
        user=users["volunteer"],
        course=own.course,
        holder_name="Vera Zertifikat",
        course_title="Grundkurs",
        code="TEST-MATRIX-0001",
        issued_on=timezone.localdate(),
    )
    from django.core.mail import EmailMessage

    from core.mail import queue_message

    outbox_message = queue_message(
        EmailMessage("Matrix", "A message in the outbox.", to=[users["volunteer"].email]),
        key="security-matrix",
        kind="test",
    )
    from coaching.models import CalendarToken

    calendar_token = CalendarToken.for_user(users["volunteer"])

    # Wagtail's own objects --------------------------------------------------------------
    root_collection = Collection.get_first_root_node()
    collection = root_collection.add_child(name="Material")
    image = get_image_model().objects.create(
        title="Bild", file=ContentFile(_png(), name="matrix.png"), collection=collection
    )
    document = get_document_model().objects.create(
        title="Handreichung", file=ContentFile(b"%PDF-1.4\n", name="matrix.pdf")
    )
    tag = Tag.objects.create(name="klima", slug="klima")
    document.tags.add(tag)
    uploaded_document = UploadedFile.objects.create(
        file=ContentFile(b"%PDF-1.4\n", name="upload.pdf"),
        for_content_type=ContentType.objects.get_for_model(get_document_model()),
        uploaded_by_user=users["rm_own"],
    )
    uploaded_image = UploadedFile.objects.create(
        file=ContentFile(_png(), name="upload.png"),
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        uploaded_by_user=users["rm_own"],
    )
    default_site = Site.objects.get(is_default_site=True)
    # Made on the first page view otherwise (a row the change check would count).
    from home.models import ProgrammeSettings

    ProgrammeSettings.for_site(default_site)
    redirect = Redirect.objects.create(old_path="/alt", redirect_link="/")
    group = region_group(own.region)
    workflow = ensure_workflow()
    approval_task = GroupApprovalTask.objects.get(pk=workflow.tasks.first().pk)
    # A draft of the own module waits for approval (as a regional manager submits it).
    own.module.title = f"Modul {OWN_MARKER} (Entwurf)"
    own.module.save_revision(user=users["rm_own"])
    workflow_state = workflow.start(own.module, users["rm_own"])
    task_state = workflow_state.current_task_state
    public_page = home.add_child(instance=StandardPage(title="Intern", slug="intern"))
    public_page.save_revision().publish()
    page_restriction = PageViewRestriction.objects.create(
        page=public_page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="geheim",
    )
    editing_session = EditingSession.objects.create(
        user=users["rm_own"],
        content_type=ContentType.objects.get_for_model(own.module.specific_class),
        object_id=str(own.module.pk),
        last_seen_at=timezone.now(),
    )
    email_address = EmailAddress.objects.get(user=users["volunteer"])

    # History: each region's objects were changed by its manager (site history, history views).
    for side in (own, other):
        for instance in (
            side.participation,
            side.membership,
            side.stakeholder,
            side.initiative,
            side.series,
            side.event,
            side.plan,
            side.measure,
        ):
            log(instance, "wagtail.edit", user=side.manager)

    # A background export waiting for rm_own.
    export_dir = Path(settings.DASHBOARD_EXPORT_DIR)
    export_dir.mkdir(parents=True, exist_ok=True)
    # A name of its own: parallel runs must not remove each other's file.
    export_file = export_dir / f"matrix-test-export-{uuid.uuid4().hex}.csv"
    export_file.write_text("a;b\n1;2\n", encoding="utf-8")
    export_token = download_token(users["rm_own"].pk, export_file.name, "export.csv")

    block_id = courses.block(own.module, "quiz").id

    world = World(
        own=own,
        other=other,
        users=users,
        contact=users["contact"],
        plan_template=plan_template,
        phase_template=phase_template,
        certificate=certificate,
        outbox_message=outbox_message,
        calendar_token=calendar_token,
        image=image,
        document=document,
        collection=collection,
        site=default_site,
        default_site=default_site,
        group=group,
        redirect=redirect,
        workflow=workflow,
        approval_task=approval_task,
        workflow_state=workflow_state,
        task_state=task_state,
        page_restriction=page_restriction,
        collection_restriction=collection_restriction,
        editing_session=editing_session,
        uploaded_document=uploaded_document,
        uploaded_image=uploaded_image,
        tag=tag,
        email_address=email_address,
        authenticator=authenticator,
        export_token=export_token,
        block_id=block_id,
        public_page=public_page,
    )
    world.files = [
        export_file,
        *(Path(f.path) for f in (image.file, document.file)),
        Path(uploaded_document.file.path),
        Path(uploaded_image.file.path),
    ]
    # Roles are cached on the user objects; the requests load them fresh anyway.
    Group.objects.get(name=Role.VOLUNTEER.group_name)
    return world


def remove_files(world: World) -> None:
    for path in world.files:
        path.unlink(missing_ok=True)
