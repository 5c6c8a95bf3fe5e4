"""Fill a database with a programme of a given size, to measure the dashboard at scale.

    python manage.py generate_scale_data --municipalities 11000 --users 100000 \
        --modules 50 --courses 2 --progress 5000000

Everything is created in bulk (``bulk_create`` in batches; on PostgreSQL the progress table
through ``COPY``), bypassing model signals, and the dashboard aggregates are rebuilt at the
end. Synthetic municipalities get AGS keys ``<state>999<nnn>`` in a synthetic district per
state; one region per state, one participation per municipality. Demo or production data is
left alone, but do not run this on a production database: it is meant for a scratch one.
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from coaching.models import Measure, Milestone, Phase, Plan, Task
from courses.models import Certificate, CourseIndexPage, CoursePage, ModulePage, ModuleProgress
from dashboard import aggregates
from home.models import HomePage
from home.setup import ensure_site_root
from municipalities.models import (
    District,
    FederalState,
    Membership,
    Municipality,
    Participation,
    Region,
)

BATCH = 5000


class Command(BaseCommand):
    help = "Generate synthetic programme data (municipalities, people, courses, progress)."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=200)
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument("--modules", type=int, default=50, help="modules per course")
        parser.add_argument("--courses", type=int, default=2)
        parser.add_argument("--progress", type=int, default=20000, help="module progress rows")
        parser.add_argument("--tasks", type=int, default=6, help="tasks per participation")
        parser.add_argument("--milestones", type=int, default=3, help="per participation")
        parser.add_argument("--measures", type=int, default=2, help="per participation")
        parser.add_argument("--days", type=int, default=365, help="spread activity over days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true")

    def say(self, message):
        if not self.quiet:
            self.stdout.write(message)
            self.stdout.flush()

    def step(self, label, function, *args):
        started = time.perf_counter()
        result = function(*args)
        seconds = time.perf_counter() - started
        self.timings.append((label, seconds))
        self.say(f"  {label:<32} {seconds:8.1f} s   {result if result is not None else ''}")
        return result

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Synthetic data is not allowed with these settings.")
        self.options = options
        self.quiet = options["quiet"]
        self.random = random.Random(options["seed"])
        self.tag = f"s{options['seed']}"
        self.now = timezone.now()
        self.timings = []

        if User.objects.filter(email__startswith=f"scale-{self.tag}-").exists():
            raise CommandError(
                f"Scale data with seed {options['seed']} exists already; use another --seed."
            )
        total = time.perf_counter()
        self.say(f"Generating on {connection.vendor} …")
        self.step("regions", self.make_regions)
        municipalities = self.make_municipalities()
        self.say(f"  {'municipalities':<32} {len(municipalities):,}")
        self.step("participations", self.make_participations, municipalities)
        self.step("users", self.make_users)
        self.step("memberships", self.make_memberships)
        self.step("courses and modules", self.make_courses)
        self.step("module progress", self.make_progress)
        self.step("certificates", self.make_certificates)
        self.step("plans, tasks, milestones", self.make_plans)
        self.step("measures", self.make_measures)
        if connection.vendor == "postgresql":
            self.step("analyze", self.analyze)
        self.step("dashboard aggregates", self.rebuild)
        seconds = time.perf_counter() - total
        self.stdout.write(self.style.SUCCESS(f"Done in {seconds:.1f} s."))
        return None

    # Steps -------------------------------------------------------------------------------

    def make_regions(self):
        self.states = list(FederalState.objects.order_by("code"))
        self.regions = {}
        self.districts = {}
        for state in self.states:
            region, _created = Region.objects.get_or_create(
                slug=f"scale-{state.short.lower()}",
                defaults={
                    "name": f"Skalierung {state.name}",
                    "partner_organisation": f"Partner {state.name}",
                },
            )
            region.states.add(state)
            self.regions[state.pk] = region
            self.districts[state.pk], _created = District.objects.get_or_create(
                ags=f"{state.code}999",
                defaults={"name": f"Testkreis {state.short}", "state": state},
            )
        return f"{len(self.regions)} regions"

    def make_municipalities(self):
        wanted = self.options["municipalities"]
        per_state = -(-wanted // len(self.states))
        if per_state > 1000:
            raise CommandError("At most 16,000 synthetic municipalities (1,000 per state).")
        rows = []
        for index in range(wanted):
            state = self.states[index % len(self.states)]
            number = index // len(self.states)
            ags = f"{state.code}999{number:03d}"
            rows.append(
                Municipality(
                    ags=ags,
                    ars=f"{state.code}9990000{number:03d}",
                    name=f"Testgemeinde {state.short} {number}",
                    district=self.districts[state.pk],
                    state=state,
                    population=self.random.randint(500, 50000),
                    latitude=50 + self.random.random(),
                    longitude=8 + self.random.random(),
                )
            )
        Municipality.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return list(
            Municipality.objects.filter(ags__in=[row.ags for row in rows]).values_list(
                "pk", "state_id"
            )
        )

    def make_participations(self, municipalities):
        statuses = [
            (Participation.Status.ACTIVE, 50),
            (Participation.Status.CONTINUING, 10),
            (Participation.Status.COUNCIL_RESOLUTION, 15),
            (Participation.Status.CONTACTED, 15),
            (Participation.Status.IDENTIFIED, 8),
            (Participation.Status.WITHDRAWN, 2),
        ]
        values, weights = zip(*statuses, strict=True)
        taken = set(
            Participation.objects.filter(
                municipality_id__in=[pk for pk, _s in municipalities], district_name=""
            ).values_list("municipality_id", flat=True)
        )
        rows = [
            Participation(
                municipality_id=pk,
                region=self.regions[state],
                status=self.random.choices(values, weights)[0],
                status_changed=(self.now - timedelta(days=self.random.randint(0, 400))).date(),
            )
            for pk, state in municipalities
            if pk not in taken
        ]
        Participation.objects.bulk_create(rows, batch_size=BATCH)
        self.participations = list(
            Participation.objects.filter(region__in=self.regions.values()).values_list(
                "pk", flat=True
            )
        )
        return f"{len(self.participations)} participations"

    def make_users(self):
        count = self.options["users"]
        rows = []
        for index in range(count):
            last_login = None
            if self.random.random() < 0.85:
                last_login = self.now - timedelta(days=self.random.randint(0, 120))
            rows.append(
                User(
                    email=f"scale-{self.tag}-{index}@scale.example",
                    full_name=f"Pat:in {index}",
                    password="!",  # noqa: S106 - an unusable password
                    last_login=last_login,
                    date_joined=self.now - timedelta(days=self.random.randint(0, 500)),
                )
            )
        for start in range(0, len(rows), BATCH):
            User.objects.bulk_create(rows[start : start + BATCH])
        self.users = list(
            User.objects.filter(email__startswith=f"scale-{self.tag}-").values_list("pk", flat=True)
        )
        group, _created = Group.objects.get_or_create(name=Role.VOLUNTEER.group_name)
        through = User.groups.through
        links = [through(user_id=pk, group_id=group.pk) for pk in self.users]
        through.objects.bulk_create(links, batch_size=BATCH)
        return f"{len(self.users)} users"

    def make_memberships(self):
        rows = []
        for index, user_id in enumerate(self.users):
            participation = self.participations[index % len(self.participations)]
            role = (
                Membership.Role.MUNICIPAL_CONTACT
                if self.random.random() < 0.05
                else Membership.Role.VOLUNTEER
            )
            rows.append(
                Membership(
                    user_id=user_id,
                    participation_id=participation,
                    role=role,
                )
            )
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return f"{len(rows)} memberships"

    def make_courses(self):
        home = HomePage.objects.first() or ensure_site_root()
        section = home.add_child(
            instance=CourseIndexPage(title=f"Skalierungstest {self.tag}", slug=f"scale-{self.tag}")
        )
        self.courses = []
        for number in range(self.options["courses"]):
            course = section.add_child(
                instance=CoursePage(
                    title=f"Kurs {number + 1} ({self.tag})",
                    slug=f"kurs-{number + 1}",
                    intro="<p>Synthetischer Kurs.</p>",
                )
            )
            modules = []
            for index in range(self.options["modules"]):
                module = course.add_child(
                    instance=ModulePage(
                        title=f"Modul {index + 1}",
                        slug=f"modul-{index + 1}",
                        body=[("mark_done", {"label_text": ""})],
                    )
                )
                modules.append(module.pk)
            self.courses.append((course.pk, modules))
        return f"{len(self.courses)} courses × {self.options['modules']} modules"

    def _progress_rows(self):
        """Learners work through a course in order: a funnel, dated over ``--days``."""
        wanted = self.options["progress"]
        per_user = max(1, -(-wanted // max(len(self.users), 1)))
        all_modules = sum(len(modules) for _c, modules in self.courses)
        per_user = min(per_user, all_modules)
        made = 0
        self.completed_courses = []
        days = self.options["days"]
        for user_id in self.users:
            if made >= wanted:
                break
            budget = min(per_user, wanted - made)
            # vary: some learners do more, some less
            budget = max(1, min(all_modules, int(budget * self.random.uniform(0.7, 1.5))))
            budget = min(budget, wanted - made)
            start = self.now - timedelta(days=self.random.randint(1, days))
            for course_id, modules in self.courses:
                if budget <= 0:
                    break
                take = min(budget, len(modules))
                budget -= take
                moment = start
                for position, module_id in enumerate(modules[:take]):
                    moment = moment + timedelta(hours=self.random.randint(1, 72))
                    if moment > self.now:
                        moment = self.now - timedelta(minutes=self.random.randint(1, 600))
                    done = position < take - 1 or self.random.random() < 0.6
                    completed = moment + timedelta(minutes=30) if done else None
                    if completed and completed > self.now:
                        completed = self.now
                    made += 1
                    yield (user_id, module_id, course_id, moment, moment, completed)
                if take == len(modules) and done:
                    self.completed_courses.append((user_id, course_id, completed))

    def make_progress(self):
        made = 0
        if connection.vendor == "postgresql":
            table = ModuleProgress._meta.db_table
            columns = "user_id, module_id, course_id, started_at, last_seen_at, completed_at"
            with transaction.atomic(), connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self._progress_rows():
                        copy.write_row(row)
                        made += 1
                        if made % 500_000 == 0:
                            self.say(f"    … {made:,} rows")
            return f"{made:,} rows (COPY)"
        batch = []
        for user_id, module_id, course_id, started, seen, completed in self._progress_rows():
            batch.append(
                ModuleProgress(
                    user_id=user_id,
                    module_id=module_id,
                    course_id=course_id,
                    last_seen_at=seen,
                    completed_at=completed,
                )
            )
            batch[-1].started_at = started
            if len(batch) >= BATCH:
                made += self._bulk_progress(batch)
                batch = []
        made += self._bulk_progress(batch)
        return f"{made:,} rows"

    def _bulk_progress(self, batch):
        if not batch:
            return 0
        created = ModuleProgress.objects.bulk_create(batch)
        # auto_now_add overwrote started_at: put the generated dates back.
        starts = {(row.user_id, row.module_id): row.last_seen_at for row in batch}
        for row in created:
            row.started_at = starts[(row.user_id, row.module_id)]
        ModuleProgress.objects.bulk_update(created, ["started_at"], batch_size=BATCH)
        return len(batch)

    def make_certificates(self):
        titles = dict(
            CoursePage.objects.filter(pk__in=[c for c, _m in self.courses]).values_list(
                "pk", "title"
            )
        )
        rows = [
            Certificate(
                user_id=user_id,
                course_id=course_id,
                holder_name=f"Pat:in {user_id}",
                course_title=titles[course_id],
                code=f"{self.tag}-{index}",
                issued_on=timezone.localdate(completed),
            )
            for index, (user_id, course_id, completed) in enumerate(self.completed_courses)
        ]
        Certificate.objects.bulk_create(rows, batch_size=BATCH)
        return f"{len(rows):,} certificates"

    def make_plans(self):
        today = timezone.localdate()
        plans = [
            Plan(
                participation_id=pk,
                name="Phasenplan",
                start_date=today - timedelta(days=self.random.randint(0, 300)),
                council_resolution_date=today - timedelta(days=self.random.randint(0, 200)),
            )
            for pk in self.participations
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH, ignore_conflicts=True)
        plan_ids = list(
            Plan.objects.filter(participation_id__in=self.participations).values_list(
                "pk", "start_date"
            )
        )
        Phase.objects.bulk_create(
            [Phase(plan_id=pk, name="Start", sort_order=1) for pk, _d in plan_ids],
            batch_size=BATCH,
        )
        phases = dict(
            Phase.objects.filter(plan_id__in=[pk for pk, _d in plan_ids]).values_list(
                "plan_id", "pk"
            )
        )
        tasks, milestones = [], []
        statuses = [Task.Status.OPEN, Task.Status.IN_PROGRESS, Task.Status.DONE, Task.Status.DONE]
        for plan_id, start in plan_ids:
            for number in range(self.options["tasks"]):
                status = self.random.choice(statuses)
                tasks.append(
                    Task(
                        plan_id=plan_id,
                        phase_id=phases[plan_id],
                        title=f"Aufgabe {number + 1}",
                        due_date=start + timedelta(days=30 * (number + 1)),
                        status=status,
                        completed_at=self.now - timedelta(days=self.random.randint(0, 200))
                        if status == Task.Status.DONE
                        else None,
                        sort_order=number,
                    )
                )
            for number in range(self.options["milestones"]):
                target = start + timedelta(days=60 * (number + 1))
                reached = target if self.random.random() < 0.5 and target <= today else None
                milestones.append(
                    Milestone(
                        plan_id=plan_id,
                        phase_id=phases[plan_id],
                        title=f"Meilenstein {number + 1}",
                        target_date=target,
                        reached_on=reached,
                        sort_order=number,
                    )
                )
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH)
        return f"{len(plan_ids):,} plans, {len(tasks):,} tasks, {len(milestones):,} milestones"

    def make_measures(self):
        categories = [value for value, _label in Measure.Category.choices]
        statuses = [value for value, _label in Measure.Status.choices]
        rows = [
            Measure(
                participation_id=pk,
                title=f"Maßnahme {number + 1}",
                category=self.random.choice(categories),
                status=self.random.choice(statuses),
                co2_savings_tonnes=round(self.random.uniform(0, 50), 2),
                investment_eur=self.random.randint(0, 200) * 1000,
                funding_eur=self.random.randint(0, 100) * 1000,
            )
            for pk in self.participations
            for number in range(self.options["measures"])
        ]
        Measure.objects.bulk_create(rows, batch_size=BATCH)
        return f"{len(rows):,} measures"

    def analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def rebuild(self):
        return aggregates.rebuild()
