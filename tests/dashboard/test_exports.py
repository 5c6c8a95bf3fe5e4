"""Exports open in a spreadsheet library with the right rows; large ones come by e-mail."""

import csv
import io
import re

import openpyxl
import pytest
from django.core import mail, signing

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_every_table_on_screen_has_export_links(coordinator_client, world):
    page = coordinator_client.get("/dashboard/?region=rheinhessen&period=90").content.decode()
    names = set(re.findall(r'data-export="([a-z_]+)-csv"', page))
    assert names == {
        "summary",
        "pipeline",
        "modules",
        "weekly",
        "measures_status",
        "measures_category",
        "children",
        "at_risk_volunteers",
        "at_risk_milestones",
        "at_risk_participations",
    }
    assert "/dashboard/export/children.xlsx?region=rheinhessen&amp;period=90" in page


def test_region_children_as_csv(coordinator_client, world):
    response = coordinator_client.get("/dashboard/export/children.csv?region=rheinhessen")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "rheinhessen" in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Teilnahme", "AGS", "Status"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_name) == {"Nieder-Olm", "Essenheim"}
    assert by_name["Nieder-Olm"]["Module begonnen"] == "4"
    assert by_name["Nieder-Olm"]["Module abgeschlossen"] == "3"


def test_programme_summary_as_xlsx(coordinator_client, world):
    """In the user's language (German here), numbers as numbers."""
    response = coordinator_client.get("/dashboard/export/summary.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    values = dict(rows[1:])
    assert rows[0] == ["Kennzahl", "Wert"]
    assert values["Module begonnen"] == 8
    assert values["Module abgeschlossen"] == 6
    assert values["Eingeladene Klimaschutzpat:innen (offene oder angenommene Einladungen)"] == 1
    assert values["CO₂-Einsparung pro Jahr durch abgeschlossene Maßnahmen (t)"] == 10


def test_module_funnel_and_weekly_exports(coordinator_client, world):
    rows = read_xlsx(coordinator_client.get("/dashboard/export/modules.xlsx?state=RP").content)
    assert rows[1:] == [
        ["Grundkurs Klimaschutz", "Modul 1", 3, 2, 67],
        ["Grundkurs Klimaschutz", "Modul 2", 1, 1, 100],
        ["Grundkurs Klimaschutz", "Modul 3", 1, 0, 0],
    ]
    weekly = read_xlsx(coordinator_client.get("/dashboard/export/weekly.xlsx").content)
    assert len(weekly) == 53
    assert weekly[-1][1:] == [8, 6]


def test_person_table_and_at_risk_exports(manager_client, world):
    url = f"/dashboard/export/children.xlsx?participation={world.nieder_olm.pk}"
    rows = read_xlsx(manager_client.get(url).content)
    assert sorted(row[0] for row in rows[1:]) == ["Anna Albrecht", "Ben Becker", "Kai Kommune"]
    rows = read_csv(
        manager_client.get("/dashboard/export/at_risk_volunteers.csv?region=rheinhessen")
    )
    assert sorted(row[0] for row in rows[1:]) == ["Ben Becker", "Clara Conrad"]


def test_unknown_table_or_format(coordinator_client, world):
    assert coordinator_client.get("/dashboard/export/secrets.csv").status_code == 404
    assert coordinator_client.get("/dashboard/export/summary.pdf").status_code == 404


def test_large_export_runs_in_the_background_and_arrives_by_email(
    client, world, regional_manager, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    settings.DASHBOARD_EXPORT_DIR = tmp_path
    client.force_login(regional_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/dashboard/export/children.xlsx?region=rheinhessen")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/?region=rheinhessen"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [regional_manager.email]
    link = re.search(r"http://testserver(/dashboard/download/[^/\s]+/)", message.body).group(1)
    download = client.get(link)
    assert download.status_code == 200
    rows = read_xlsx(b"".join(download.streaming_content))
    assert sorted(row[0] for row in rows[1:]) == ["Essenheim", "Nieder-Olm"]
    # nobody else can use the link, even signed in
    client.force_login(world.other_manager)
    assert client.get(link).status_code == 404
    # and it expires
    client.force_login(regional_manager)
    settings.DASHBOARD_EXPORT_LINK_MAX_AGE = -1
    assert client.get(link).status_code == 404


@pytest.fixture
def dead_broker(monkeypatch):
    """The Celery app publishing to a port where nothing listens (a broker that is down).

    Celery makes its connection and producer pools from ``broker_url`` on first use, so they
    are set aside for the test and put back afterwards — on the project's app and on the one
    the task resolves to now (the current app), should they differ.
    """
    from config.celery import app as project_app

    dead = "redis://127.0.0.1:9/1"
    # Celery reads the broker URL from the environment before its configuration (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", dead)
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    from dashboard.tasks import export_table

    apps = {id(a): a for a in (project_app, export_table.app)}.values()
    saved = []
    for app in apps:
        conf = app.conf
        saved.append(
            (app, conf.broker_url, conf.task_always_eager, app._pool, app.amqp._producer_pool)
        )
        app._pool = app.amqp._producer_pool = None
        conf.broker_url, conf.task_always_eager = dead, False
    yield
    for app, url, eager, pool, producers in saved:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_url, app.conf.task_always_eager = url, eager
        app._pool, app.amqp._producer_pool = pool, producers


def test_large_export_with_the_broker_down_says_so_at_once(
    client, regional_manager, world, settings, tmp_path, dead_broker
):
    """No 500 and no promise of a mail that never comes: the person is told to try later."""
    settings.DASHBOARD_EXPORT_SYNC_MAX_ROWS = 1
    settings.DASHBOARD_EXPORT_DIR = tmp_path
    settings.LANGUAGE_CODE = "de"
    client.force_login(regional_manager)
    response = client.get("/dashboard/export/children.xlsx?region=rheinhessen", follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("nicht möglich" in m for m in shown), shown
    assert not any("E-Mail" in m for m in shown), shown
    assert list(tmp_path.iterdir()) == []
    assert len(mail.outbox) == 0


def test_download_token_cannot_be_forged_or_point_elsewhere(
    client, regional_manager, settings, tmp_path
):
    settings.DASHBOARD_EXPORT_DIR = tmp_path
    client.force_login(regional_manager)
    assert client.get("/dashboard/download/not-a-token/").status_code == 404
    from dashboard.views import download_token

    token = download_token(regional_manager.pk, "../../config/settings/base.py", "x.csv")
    assert client.get(f"/dashboard/download/{token}/").status_code == 404
    forged = signing.dumps({"u": regional_manager.pk, "f": "a.csv"}, salt="other")
    assert client.get(f"/dashboard/download/{forged}/").status_code == 404


def test_expired_export_files_are_deleted(settings, tmp_path):
    import os
    import time

    from dashboard.tasks import delete_expired_exports

    settings.DASHBOARD_EXPORT_DIR = tmp_path
    settings.DASHBOARD_EXPORT_LINK_MAX_AGE = 3600
    old, new, other = tmp_path / "old.xlsx", tmp_path / "new.csv", tmp_path / "keep.txt"
    for path in (old, new, other):
        path.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    os.utime(other, (time.time() - 7200, time.time() - 7200))
    assert delete_expired_exports() == 1
    assert not old.exists() and new.exists() and other.exists()
