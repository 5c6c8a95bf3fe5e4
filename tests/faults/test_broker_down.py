"""Fault 2: the Celery broker down (the cache Redis stays up).

Completing a course answers in < 2 s: publishing the certificate task gives up at once instead
of waiting for the broker. Once the broker is back, the certificate is mailed exactly once.

Mail path today: the failed publish is logged and the beat job
``courses-retry-unsent-certificates`` delivers it (this test runs the beat entry at once). After
the outbox merge the outbox sweep does (``harness.mail_sweeps`` finds its beat entry); the
assertions stay the same.
"""

import time

import pytest

from courses.models import Certificate, ModuleProgress
from tests.faults import harness

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]

MAX_SECONDS = 2.0


def test_course_completes_fast_and_is_mailed_once_the_broker_is_back(
    live_database_url, learner_course, production_static
):
    learner, password, course, module = learner_course
    with (
        harness.smtp_sink() as sink,
        harness.redis_server() as cache,
        harness.redis_server() as broker,
    ):
        env = harness.production_env(
            database_url=live_database_url,
            redis_url=cache.url(0),
            broker_url=broker.url(0),
            email_url=sink.url,
            static_root=production_static,
        )
        with harness.gunicorn(env) as web, harness.celery_worker(env) as worker:
            client = harness.Client(web.base_url)
            assert client.login(learner.email, password).status == 302
            opened = client.get(module.url)
            assert opened.status == 200
            form = next(f for f in opened.forms() if "/activities/" in f["action"])

            broker.stop()
            done = client.post(form["action"], {"token": form["token"]})
            assert done.status == 302, done.text[:2000]
            assert done.elapsed < MAX_SECONDS, f"completing took {done.elapsed:.2f} s"
            assert client.get(module.url).status == 200
            assert client.get("/healthz").status == 200  # the site is healthy; mail waits
            assert ModuleProgress.objects.filter(
                user=learner, module=module, completed_at__isnull=False
            ).exists()
            certificate = Certificate.objects.get(user=learner, course=course)
            assert certificate.emailed_at is None
            assert sink.messages() == []

            broker.start()
            harness.run_mail_sweeps(env)
            harness.wait_for(
                lambda: sink.messages(), 240, "the certificate mail", log=worker.output
            )
            time.sleep(3)  # a duplicate would arrive now
            messages = sink.messages()
            assert len(messages) == 1, [m["Subject"] for m in messages]
            assert messages[0]["To"] == learner.email
            certificate.refresh_from_db()
            assert certificate.emailed_at is not None
