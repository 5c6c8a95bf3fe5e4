"""Fault 7: back up a seeded PostgreSQL database, drop it, restore it with the commands that
``docs/operations.md`` documents (run word for word from its marked blocks): the site serves,
and the demo volunteer signs in with their progress intact."""

import os
import re
import subprocess
import tempfile

import pytest

from tests.faults import harness
from tests.faults.conftest import DEMO_EMAIL

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]

OPERATIONS = harness.ROOT / "docs" / "operations.md"
PROGRESS = """
SELECT count(*) FILTER (WHERE p.completed_at IS NOT NULL), count(*),
       (SELECT count(*) FROM courses_certificate c WHERE c.user_id = u.id)
FROM accounts_user u LEFT JOIN courses_moduleprogress p ON p.user_id = u.id
WHERE u.email = %s GROUP BY u.id
"""


def documented(block: str) -> str:
    """The shell block after ``<!-- test: <block> -->`` in docs/operations.md."""
    text = OPERATIONS.read_text()
    match = re.search(rf"<!-- test: {block} -->\s*```sh\n(.*?)```", text, re.S)
    assert match, f"docs/operations.md has no '{block}' block"
    return match.group(1)


def run_documented(block: str, env: dict) -> None:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", documented(block)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{block} failed:\n{result.stdout}\n{result.stderr}"


def test_documented_backup_and_restore(seeded_cluster, production_static):
    from accounts.demo import DEMO_PASSWORD

    cluster = seeded_cluster
    before = cluster.query("klimapaten", PROGRESS, DEMO_EMAIL)
    assert before and before[0][0] > 0, "the demo volunteer has completed modules"
    with tempfile.TemporaryDirectory(prefix="klimapaten-backup-") as scratch:
        dirs = {name: os.path.join(scratch, name) for name in ("backups", "media", "outbox")}
        for path in dirs.values():
            os.makedirs(path)
        with open(os.path.join(dirs["media"], "upload.txt"), "w") as upload:
            upload.write("an uploaded document")
        env = {
            **cluster.libpq_env("klimapaten"),
            "BACKUP_DIR": dirs["backups"],
            "MEDIA_ROOT": dirs["media"],
            "OUTBOX_ATTACHMENT_DIR": dirs["outbox"],
        }
        run_documented("backup", env)
        assert os.path.getsize(os.path.join(dirs["backups"], "klimapaten.dump")) > 10_000

        os.remove(os.path.join(dirs["media"], "upload.txt"))
        run_documented("restore", env)
        assert cluster.query("klimapaten", PROGRESS, DEMO_EMAIL) == before
        with open(os.path.join(dirs["media"], "upload.txt")) as restored:
            assert restored.read() == "an uploaded document"

        with harness.smtp_sink() as sink, harness.redis_server() as redis:
            web_env = harness.production_env(
                database_url=cluster.url("klimapaten"),
                redis_url=redis.url(0),
                broker_url=redis.url(1),
                email_url=sink.url,
                static_root=production_static,
                media_root=dirs["media"],
            )
            harness.manage(web_env, "migrate", "--noinput", "--check")
            with harness.gunicorn(web_env) as web:
                client = harness.Client(web.base_url)
                assert client.get("/healthz").status == 200
                assert client.get("/").status == 200
                assert client.login(DEMO_EMAIL, DEMO_PASSWORD).status == 302
                me = client.get("/me/")
                assert me.status == 200
                courses = client.get("/courses/")
                assert courses.status == 200
                # The course cards show the restored progress (a completed course: 100 %).
                assert 'value="100"' in courses.text, courses.text[:3000]
                code = cluster.query(
                    "klimapaten",
                    "SELECT code FROM courses_certificate c JOIN accounts_user u "
                    "ON u.id = c.user_id WHERE u.email = %s",
                    DEMO_EMAIL,
                )[0][0]
                assert client.get(f"/certificates/verify/{code}/").status == 200
