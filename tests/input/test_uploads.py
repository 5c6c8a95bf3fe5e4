"""Upload limits, the document allowlist checked by content, and course document privacy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents.models import Document

from courses.models import Audience
from tests.courses import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def admin_client(client, coordinator):
    coordinator.is_superuser = True
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    return client


def upload(client, name, content, *, language="de"):
    client.cookies["klimapaten_language"] = language
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(message) for message in form.errors.get("file", [])).replace("\xa0", " ")


def test_a_real_pdf_and_a_csv_are_accepted(admin_client):
    assert upload(admin_client, "plan.pdf", PDF).status_code == 302
    csv_text = "Name;Ort\nMüller & Söhne;Mainz\n".encode()
    assert upload(admin_client, "liste.csv", csv_text).status_code == 302
    assert Document.objects.count() == 2


def test_a_renamed_exe_is_refused_in_german_and_english(admin_client):
    response = upload(admin_client, "rechnung.pdf", EXE)
    assert response.status_code == 200
    assert "passt nicht zu seinem Namen" in errors(response)
    response = upload(admin_client, "invoice.pdf", EXE, language="en")
    assert "does not match its name" in errors(response)
    assert not Document.objects.exists()


def test_binary_content_named_txt_is_refused(admin_client):
    response = upload(admin_client, "notiz.txt", PNG)
    assert "passt nicht zu seinem Namen" in errors(response)
    assert not Document.objects.exists()


def test_an_extension_outside_the_allowlist_is_refused(admin_client):
    response = upload(admin_client, "setup.exe", EXE)
    assert response.status_code == 200
    assert errors(response)
    assert not Document.objects.exists()


def test_21_mb_document_is_refused_with_a_message(admin_client):
    big = PDF + b"0" * (21 * 1024 * 1024)
    response = upload(admin_client, "gross.pdf", big)
    assert "zu groß" in errors(response)
    assert "20,0 MB" in errors(response)
    response = upload(admin_client, "big.pdf", big, language="en")
    assert "too large" in errors(response)
    assert not Document.objects.exists()


def test_the_limits_come_from_settings(admin_client, settings):
    from config.settings import base

    assert base.DOCUMENT_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert base.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    with override_settings(DOCUMENT_MAX_UPLOAD_SIZE=100):
        response = upload(admin_client, "plan.pdf", PDF + b"0" * 200)
    assert "zu groß" in errors(response)


def test_11_mb_image_is_refused(admin_client):
    admin_client.cookies["klimapaten_language"] = "de"
    big = PNG + b"\x00" * (11 * 1024 * 1024)
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Foto", "file": SimpleUploadedFile("foto.png", big), "collection": 1},
    )
    assert response.status_code == 200
    from wagtail.images.models import Image

    assert not Image.objects.exists()
    content = response.content.decode().replace("\xa0", " ")
    assert "10,0 MB" in content


# Course documents ----------------------------------------------------------------------------


def document(title="Vorlage"):
    return Document.objects.create(
        title=title, file=SimpleUploadedFile(f"{title.lower()}.pdf", PDF)
    )


def document_body(doc):
    return [("document", {"document": doc, "title": "", "description": ""})]


@pytest.fixture
def regional_course_document(db):
    """A document in a module of a course for regional managers only."""
    doc = document("Leitfaden")
    course = factories.course(audience=Audience.REGIONAL_MANAGERS)
    factories.module(course, body=document_body(doc))
    return doc


def test_course_document_is_for_learners_who_may_open_the_module(
    client, regional_course_document, volunteer, regional_manager
):
    url = regional_course_document.url
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(volunteer)  # a patron: the course is for regional managers
    assert client.get(url).status_code == 403
    client.force_login(regional_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_regional_course_document_is_refused_to_another_regions_learner(client, world, volunteer):
    doc = document("Regional")
    section = factories.section(region=world.own_region)
    factories.module(factories.course(section), body=document_body(doc))
    client.force_login(world.other_volunteer)
    assert client.get(doc.url).status_code == 403
    client.force_login(volunteer)  # member of a participation in the own region
    assert client.get(doc.url).status_code == 200


def test_documents_outside_courses_stay_public(client):
    from home.models import HomePage, StandardPage

    unused = document("Flyer")
    assert client.get(unused.url).status_code == 200
    shared = document("Programm")
    home = HomePage.objects.first()
    home.add_child(
        instance=StandardPage(title="Info", slug="info", body=[("paragraph", "<p>x</p>")])
    )
    page = StandardPage.objects.get(slug="info")
    page.body = [
        (
            "paragraph",
            f'<p><a linktype="document" id="{shared.pk}">Programm</a></p>',
        )
    ]
    page.save_revision().publish()
    factories.module(
        factories.course(audience=Audience.REGIONAL_MANAGERS), body=document_body(shared)
    )
    assert client.get(shared.url).status_code == 200


def test_multiple_upload_refuses_a_renamed_exe(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile("scan.pdf", EXE)}
    )
    assert response.json()["success"] is False
    assert "passt nicht zu seinem Namen" in str(response.json())
    assert not Document.objects.exists()
