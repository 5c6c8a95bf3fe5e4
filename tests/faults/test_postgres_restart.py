"""Fault 6: PostgreSQL restarted under gunicorn.

/healthz answers 503 (naming the database) while PostgreSQL is down and 200 again once it is
back, without restarting gunicorn (persistent connections are health-checked before reuse);
pages recover, the signed-in learner is still signed in, and nothing written before is lost.
"""

import pytest

from tests.faults import harness
from tests.faults.conftest import DEMO_EMAIL

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]

COUNTS = """
SELECT (SELECT count(*) FROM courses_moduleprogress p JOIN accounts_user u ON u.id = p.user_id
        WHERE u.email = %s AND p.completed_at IS NOT NULL),
       (SELECT count(*) FROM courses_certificate),
       (SELECT count(*) FROM accounts_user),
       (SELECT count(*) FROM django_session)
"""


def test_postgres_restart_is_reported_and_survived(seeded_cluster, production_static):
    from accounts.demo import DEMO_PASSWORD

    cluster = seeded_cluster
    with harness.smtp_sink() as sink, harness.redis_server() as redis:
        env = harness.production_env(
            database_url=cluster.url("klimapaten"),
            redis_url=redis.url(0),
            broker_url=redis.url(1),
            email_url=sink.url,
            static_root=production_static,
        )
        with harness.gunicorn(env, workers=2) as web:
            learner = harness.Client(web.base_url)
            assert learner.login(DEMO_EMAIL, DEMO_PASSWORD).status == 302
            assert learner.get("/me/").status == 200
            for _ in range(4):  # both workers hold a persistent connection now
                assert learner.get("/healthz").status == 200
            before = cluster.query("klimapaten", COUNTS, DEMO_EMAIL)
            assert before[0][0] > 0, "the demo volunteer has completed modules"

            probe = harness.Client(web.base_url)  # a load balancer sends no session cookie
            cluster.stop("fast")
            down = probe.get("/healthz")
            assert down.status == 503
            assert '"database": "error"' in down.text and '"cache": "ok"' in down.text

            cluster.start()
            harness.wait_for(lambda: probe.get("/healthz").status == 200, 60, "/healthz to recover")
            for _ in range(4):  # every worker recovered, not only one
                assert probe.get("/healthz").status == 200
            me = learner.get("/me/")
            assert me.status == 200, "the session survived the restart"
            assert learner.get("/").status == 200
            assert learner.get("/courses/").status == 200
            fresh = harness.Client(web.base_url)
            assert fresh.login(DEMO_EMAIL, DEMO_PASSWORD).status == 302
            assert fresh.get("/me/").status == 200
            after = cluster.query("klimapaten", COUNTS, DEMO_EMAIL)
            assert after[0][:3] == before[0][:3]
            assert after[0][3] >= before[0][3]
