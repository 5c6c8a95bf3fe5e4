"""Page tree rules, rendering of every block, listings."""

import pytest
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from courses.blocks import LearningStreamBlock
from courses.demo import demo_document, demo_image
from courses.models import CourseIndexPage, CoursePage, ModulePage
from home.models import HomePage, StandardPage
from tests.courses import factories

pytestmark = pytest.mark.django_db


def test_page_tree_rules(course, module):
    home = HomePage.objects.first()
    section = course.get_parent().specific
    assert CourseIndexPage.can_create_at(home)
    assert not CoursePage.can_create_at(home)
    assert not ModulePage.can_create_at(home)
    assert CoursePage.can_create_at(section)
    assert not ModulePage.can_create_at(section)
    assert ModulePage.can_create_at(course)
    assert not CoursePage.can_create_at(course)
    assert not ModulePage.can_create_at(module)
    assert not StandardPage.can_create_at(course)
    assert ModulePage.allowed_subpage_models() == []


def test_block_groups_and_meta():
    stream = LearningStreamBlock()
    expected = {
        "heading", "paragraph", "image", "callout", "quote", "document", "video", "quiz",
        "checklist", "role_play", "reflection", "mark_done",
    }  # fmt: skip
    assert set(stream.child_blocks) == expected
    for name, block in stream.child_blocks.items():
        assert block.meta.group, name
        assert block.meta.icon, name
        assert block.meta.template or name == "paragraph", name


@pytest.fixture
def every_block_body():
    image, document = demo_image(), demo_document()
    return [
        ("heading", {"text": "Überschrift", "level": "h2"}),
        ("paragraph", "<p>Absatztext</p>"),
        (
            "image",
            {"image": image, "alt_text": "Ein Alternativtext", "caption": "Bildunterschrift"},
        ),
        ("callout", {"kind": "tip", "title": "Tipptitel", "text": "<p>Tipptext</p>"}),
        ("quote", {"quote": "Ein Zitat", "attribution": "Jemand"}),
        ("document", {"document": document, "title": "Katalog", "description": "Beschreibung"}),
        (
            "video",
            {
                "title": "Ein Video",
                "url": "https://www.youtube.com/watch?v=abcdefghijk",
                "duration": "3:00",
                "transcript": "<p>Transkripttext</p>",
            },
        ),
        ("quiz", factories.quiz_value(title="Quiztitel")),
        ("checklist", factories.checklist_value(items=["Punkt eins", "Punkt zwei"])),
        (
            "role_play",
            {
                "title": "Rollenspieltitel",
                "situation": "<p>Situationstext</p>",
                "roles": [
                    {"name": "Patin", "brief": "Briefing Patin"},
                    {"name": "Bürgermeister", "brief": "Briefing Bürgermeister"},
                ],
                "guiding_questions": ["Leitfrage eins"],
            },
        ),
        ("reflection", factories.reflection_value()),
        ("mark_done", {"label_text": "Gelesen"}),
    ]


def test_every_block_renders_on_a_module_page(client, learner, course, every_block_body):
    module = factories.module(course, body=every_block_body)
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Überschrift", "Absatztext", 'alt="Ein Alternativtext"', "Bildunterschrift",
        "Tipptitel", "Ein Zitat", "Katalog", Document.objects.first().url, "Ein Video",
        "Transkripttext", "Quiztitel", "Wer beschließt das Klimaschutzkonzept?", "Punkt eins",
        "Rollenspieltitel", "Briefing Bürgermeister", "Leitfrage eins", "Was nehmen Sie mit?",
        "Gelesen",
    ]:  # fmt: skip
        assert text in html, text
    # The video loads only on click, from the privacy-friendly host.
    assert "<iframe" not in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
    # No inline scripts or styles (strict CSP).
    assert "<script>" not in html and 'style="' not in html
    assert Image.objects.exists()


def test_every_block_renders_its_preview_value():
    stream = LearningStreamBlock()
    for name, block in stream.child_blocks.items():
        preview = block.meta.preview_value if hasattr(block.meta, "preview_value") else None
        if preview is None or name in {"image", "document"}:
            continue
        value = block.to_python(block.get_prep_value(block.normalize(preview)))
        assert block.render(value, context={}), name


def test_video_without_known_host_only_links_out(client, learner, course):
    module = factories.module(
        course,
        body=[("video", {"title": "Fremd", "url": "https://example.org/v.mp4", "duration": ""})],
    )
    html = client.get(module.url).content.decode()
    assert "data-video-embed" not in html
    assert 'href="https://example.org/v.mp4"' in html


def test_course_page_lists_modules_and_progress(client, learner, course, module):
    factories.module(course, title="Zweites Modul")
    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert module.title in html and "Zweites Modul" in html
    assert '<progress class="course-progress__bar" max="100" value="0"' in html
    assert "Kurs beginnen" in html  # German: "Start the course"


def test_course_index_view_and_section_page(client, learner, course, module):
    other = factories.course(course.get_parent(), audience="regional_managers", title="Nur RM")
    response = client.get(reverse("courses:index"))
    html = response.content.decode()
    assert course.title in html
    assert other.title not in html
    section_html = client.get(course.get_parent().url).content.decode()
    assert course.title in section_html and other.title not in section_html


def test_course_pages_need_login(client, course, module):
    for url in (course.url, module.url, course.get_parent().url, reverse("courses:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_me_shows_learning_section(client, learner, course, module):
    client.get(module.url)
    html = client.get(reverse("me")).content.decode()
    assert "Lernen" in html
    assert "Dort weitermachen, wo Sie aufgehört haben" in html
    assert module.url in html


def test_nav_links_to_courses(client, learner):
    html = client.get(reverse("me")).content.decode()
    assert f'href="{reverse("courses:index")}"' in html


def test_module_preview_renders_for_editors(rf, coordinator, course, module):
    from courses.models import ModulePage

    request = rf.get("/")
    request.user = coordinator
    response = module.serve_preview(request, "")
    response.render()
    assert response.status_code == 200
    assert module.title in response.content.decode()
    unsaved = ModulePage(title="Entwurf", slug="entwurf", body=factories.activity_body())
    response = unsaved.serve_preview(request, "")
    response.render()
    html = response.content.decode()
    assert "Entwurf" in html and "Wer beschließt das Klimaschutzkonzept?" in html


def test_block_previews_show_content_without_answer_key():
    stream = LearningStreamBlock()
    for name in ("quiz", "checklist"):
        block = stream.child_blocks[name]
        value = block.to_python(block.get_prep_value(block.normalize(block.meta.preview_value)))
        html = block.render(value, context={})
        if name == "quiz":
            assert "Der Gemeinderat" in html and "Richtig." not in html
        else:
            assert "Ratsinformationssystem gelesen" in html


def test_csp_allows_only_the_configured_video_hosts_in_frames(client, learner, module):
    response = client.get(module.url)
    policy = response.headers.get("Content-Security-Policy", "")
    frame_src = next(part for part in policy.split(";") if "frame-src" in part)
    assert "https://www.youtube-nocookie.com" in frame_src
    assert "https://player.vimeo.com" in frame_src
    assert "youtube.com " not in frame_src + " "
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "unsafe-inline" not in script_src


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=abc123DEF_-",
            "https://www.youtube-nocookie.com/embed/abc123DEF_-",
        ),
        ("https://youtu.be/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://www.youtube.com/shorts/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://example.org/video.mp4", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_video_embed_url(url, embed):
    from courses.blocks import video_embed_url

    assert video_embed_url(url) == embed
