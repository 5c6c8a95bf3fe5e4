"""Fault 1: Redis (cache and broker) stopped under gunicorn.

A learner logs in, opens every page and completes a module while Redis is down: each request
answers in < 2 s, the progress and the certificate are in the database, the log holds one
warning about the cache (not one per call), /healthz answers 503 naming the cache. Once Redis
is back, the certificate mail arrives at the SMTP sink exactly once.

Mail path today: the certificate's publish fails fast and is logged; the beat job
``courses-retry-unsent-certificates`` sends it later (this test runs that beat entry at once).
After the outbox merge the mail is an outbox row written with the completion, and the outbox
sweep entry (picked up by ``harness.mail_sweeps``) sends it; the assertions stay the same.
"""

import time

import pytest

from courses.models import Certificate, ModuleProgress
from tests.faults import harness

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]

MAX_SECONDS = 2.0
CACHE_WARNING = "Cache (Redis) unreachable"


def test_learner_completes_a_module_while_redis_is_down(
    live_database_url, learner_course, production_static
):
    from wagtail.models import Page

    learner, password, course, module = learner_course
    with harness.smtp_sink() as sink, harness.redis_server() as redis:
        env = harness.production_env(
            database_url=live_database_url,
            redis_url=redis.url(0),
            broker_url=redis.url(1),
            email_url=sink.url,
            static_root=production_static,
        )
        with harness.gunicorn(env, workers=1) as web, harness.celery_worker(env) as worker:
            client = harness.Client(web.base_url)
            assert client.get("/healthz").status == 200

            redis.stop()
            health = client.get("/healthz")
            assert health.status == 503
            assert '"cache": "error"' in health.text and '"database": "ok"' in health.text

            login = client.login(learner.email, password)
            assert login.status == 302, login.text[:2000]
            assert "sessionid" in client.cookies
            for page in Page.objects.live().specific().filter(depth__gt=1):
                response = client.get(page.url)
                assert response.status == 200, (page.url, response.status)
            assert client.get("/me/").status == 200
            assert client.get("/courses/").status == 200

            opened = client.get(module.url)
            assert opened.status == 200
            form = next(f for f in opened.forms() if "/activities/" in f["action"])
            done = client.post(form["action"], {"token": form["token"]})
            assert done.status == 302, done.text[:2000]
            assert client.get(module.url).status == 200

            slow = [t for t in client.timings if t[2] >= MAX_SECONDS]
            assert not slow, f"requests slower than {MAX_SECONDS} s with Redis down: {slow}"
            assert ModuleProgress.objects.filter(
                user=learner, module=module, completed_at__isnull=False
            ).exists()
            certificate = Certificate.objects.get(user=learner, course=course)
            assert sink.messages() == []
            warnings = web.output.text.count(CACHE_WARNING)
            assert warnings == 1, f"expected one cache warning, got {warnings}:\n{web.output.text}"

            redis.start()
            harness.wait_for(
                lambda: client.get("/healthz").status == 200, 30, "/healthz to recover"
            )
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
