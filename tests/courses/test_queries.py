"""The module page costs the same number of queries for a course of 5 and of 50 modules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.courses import factories

pytestmark = pytest.mark.django_db


def build_course(size):
    course = factories.course()
    modules = [factories.module(course, body=factories.activity_body()) for _ in range(size)]
    return course, modules


def queries_for_module_page(client, user, size):
    _course, modules = build_course(size)
    target = modules[2]
    # Some progress in several modules, and the page seen once (first-visit write done).
    for module in modules[:3]:
        checklist = factories.block(module, "checklist")
        items = [item.id for item in checklist.value["items"].bound_blocks]
        factories.post_activity(client, user, module, checklist, {"item": items})
    client.get(target.url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(target.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="module-list__item') == size
    return len(context.captured_queries)


def test_module_page_queries_do_not_grow_with_the_course(client, volunteer):
    client.force_login(volunteer)
    small = queries_for_module_page(client, volunteer, 5)
    large = queries_for_module_page(client, volunteer, 50)
    assert small == large, (small, large)
    assert small <= 25


def test_course_page_and_listing_queries_do_not_grow(client, volunteer):
    from django.urls import reverse

    client.force_login(volunteer)
    counts = []
    for size in (5, 50):
        course, _modules = build_course(size)
        client.get(course.url)
        with CaptureQueriesContext(connection) as context:
            client.get(course.url)
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
    listing = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("courses:index"))
        listing.append(len(context.captured_queries))
        build_course(5)
    assert listing[0] == listing[1], listing
