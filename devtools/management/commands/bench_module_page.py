"""Time the module page against a bare Django view that renders base.html.

Builds (or, with ``--keep`` from an earlier run, reuses) a benchmark course, signs a learner in
through the test client and prints the median server times, their ratio and the module page's
queries. Everything it creates is rolled back unless ``--keep`` is given, so learners never see
the benchmark course. Run it against the database you want to measure (SQLite by default).
"""

import statistics
import time
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.template.response import TemplateResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path

from accounts.models import User
from accounts.roles import Role, grant_role
from courses.models import Audience, CourseIndexPage, CoursePage, ModulePage
from home.models import HomePage

SECTION_SLUG = "bench-kurse"
BENCH_USER = "bench-learner@example.invalid"


def bare_view(request):
    return TemplateResponse(request, "base.html", {})


class BenchUrls:
    """The project's URLs plus the bare view, mounted for the benchmark only."""

    def __init__(self, urlconf: str):
        self.urlpatterns = [
            path("__bench__/bare/", bare_view),
            *import_module(urlconf).urlpatterns,
        ]


def activity_body():
    quiz = {
        "title": "Wissenscheck",
        "intro": "",
        "pass_mark": 100,
        "required": True,
        "questions": [
            {
                "question": f"Frage {n}",
                "kind": "single",
                "answers": [
                    {"text": "Richtig", "correct": True, "feedback": "Ja."},
                    {"text": "Falsch", "correct": False, "feedback": "Nein."},
                ],
            }
            for n in range(1, 4)
        ],
    }
    return [
        ("heading", {"text": "Einstieg", "level": "h2"}),
        ("paragraph", "<p>" + "Klimaschutz in der Kommune. " * 40 + "</p>"),
        ("callout", {"kind": "tip", "title": "Tipp", "text": "<p>Früh einladen.</p>"}),
        ("quiz", quiz),
        (
            "checklist",
            {
                "title": "Vorbereitung",
                "intro": "",
                "items": ["Eins", "Zwei", "Drei"],
                "required": True,
            },
        ),
        (
            "reflection",
            {"prompt": "<p>Was nehmen Sie mit?</p>", "min_length": 20, "required": True},
        ),
    ]


class Command(BaseCommand):
    help = "Benchmark the module page: median time as a ratio to a bare base.html view."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100, help="requests per view")
        parser.add_argument("--modules", type=int, default=20, help="modules in the course")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the benchmark course (by default everything is rolled back)",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            self.run(options)
            if not options["keep"]:
                transaction.set_rollback(True)

    def run(self, options):
        module = self.bench_module(options["modules"])
        user = self.bench_user()
        client = Client()
        client.force_login(user)
        with override_settings(
            ROOT_URLCONF=BenchUrls(settings.ROOT_URLCONF), ALLOWED_HOSTS=["*"], DEBUG=False
        ):
            url = module.get_url()
            assert client.get(url).status_code == 200
            assert client.get("/__bench__/bare/").status_code == 200
            # Interleaved, so that both views see the same machine load.
            module_times, bare_times = [], []
            for _ in range(options["requests"]):
                module_times.append(self.time_one(client, url))
                bare_times.append(self.time_one(client, "/__bench__/bare/"))
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
        module_ms = statistics.median(module_times) * 1000
        bare_ms = statistics.median(bare_times) * 1000
        self.stdout.write(f"database:           {connection.vendor}")
        self.stdout.write(f"course modules:     {options['modules']}")
        self.stdout.write(f"requests per view:  {options['requests']}")
        self.stdout.write(f"bare base.html:     {bare_ms:.2f} ms (median)")
        self.stdout.write(f"module page:        {module_ms:.2f} ms (median)")
        self.stdout.write(f"ratio:              {module_ms / bare_ms:.2f}x")
        self.stdout.write(f"module page queries: {len(queries.captured_queries)}")

    @staticmethod
    def time_one(client, url):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    @staticmethod
    def bench_user():
        user, created = User.objects.get_or_create(
            email=BENCH_USER, defaults={"full_name": "Bench Learner"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        grant_role(user, Role.VOLUNTEER)
        return user

    def bench_module(self, size):
        home = HomePage.objects.first()
        section = CourseIndexPage.objects.child_of(home).filter(slug=SECTION_SLUG).first()
        if section is None:
            section = CourseIndexPage(title="Benchmark", slug=SECTION_SLUG, show_in_menus=False)
            home.add_child(instance=section)
            section.save_revision().publish()
        slug = f"bench-{size}"
        course = CoursePage.objects.child_of(section).filter(slug=slug).first()
        if course is None:
            course = CoursePage(
                title=f"Benchmark {size}",
                slug=slug,
                intro="<p>Benchmark</p>",
                audience=Audience.EVERYONE,
            )
            section.add_child(instance=course)
            course.save_revision().publish()
            self.stdout.write(f"building a course with {size} modules …")
            for n in range(1, size + 1):
                module = ModulePage(title=f"Modul {n}", slug=f"modul-{n}", body=activity_body())
                course.add_child(instance=module)
                module.save_revision().publish()
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        return modules[len(modules) // 2]
