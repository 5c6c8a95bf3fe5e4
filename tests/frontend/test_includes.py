"""Breadcrumbs, pagination and status badges come from templates/includes/, nowhere by hand."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.templatetags.core_tags import trail
from tests.frontend.source import rel, templates

INCLUDES = {
    "breadcrumbs": re.compile(
        r"""class="[^"]*(?<![\w.-])breadcrumbs?(?![\w-])|aria-label="[^"]*(Breadcrumb|Brotkr|Drill-down)"""
        r"""|aria-label="\{% translate ['"](Breadcrumb|Drill-down)"""
    ),
    "pagination": re.compile(
        r"""(previous|next)_page_number|has_other_pages|paginator\.num_pages"""
        r"""|class="[^"]*(?<![\w.-])(pagination|pager)(?![\w-])|pager\.(previous|next|page)\b"""
    ),
    "badge": re.compile(r"""class="[^"]*(?<![\w.-])(badge|tag|overdue)(?![\w-])"""),
}


@pytest.mark.parametrize("kind", INCLUDES)
def test_no_hand_written_markup_outside_the_include(kind):
    own = f"templates/includes/{kind}.html"
    found = [
        rel(path)
        for path in templates()
        if rel(path) != own and INCLUDES[kind].search(path.read_text())
    ]
    assert found == [], f"use {{% include 'includes/{kind}.html' %}}"


@pytest.mark.parametrize(
    "path, kinds",
    [
        ("templates/courses/course_page.html", ["breadcrumbs"]),
        ("templates/courses/module_page.html", ["breadcrumbs"]),
        ("templates/dashboard/dashboard.html", ["breadcrumbs", "badge"]),
        ("templates/dashboard/_table.html", ["pagination"]),
        ("templates/coaching/_event_list.html", ["pagination", "badge"]),
        ("templates/coaching/event_detail.html", ["badge"]),
        ("templates/coaching/_me_tasks.html", ["badge"]),
        ("templates/coaching/_task_row.html", ["badge"]),
        ("templates/coaching/plan_detail.html", ["badge"]),
    ],
)
def test_the_pages_use_the_includes(path, kinds):
    text = (templates()[0].parents[1] / path).read_text()
    for kind in kinds:
        assert f'{{% include "includes/{kind}.html"' in text, f"{path} uses includes/{kind}.html"


def render(name, **context):
    with translation.override("de"):
        return render_to_string(f"includes/{name}.html", context)


def test_pagination_keeps_the_other_query_parameters():
    request = RequestFactory().get("/events/", {"kind": "local", "page": "2"})
    page = Paginator(range(25), 10).get_page(2)
    html = render("pagination", page_obj=page, request=request, hx_target="#event-list")
    assert '<nav class="pagination" aria-label="Seiten">' in html
    assert 'href="/events/?kind=local&amp;page=1" rel="prev"' in html
    assert 'href="/events/?kind=local&amp;page=3" rel="next"' in html
    assert 'hx-get="/events/?kind=local&amp;page=3" hx-target="#event-list"' in html
    assert "Seite 2 von 3" in html
    single = Paginator(range(5), 10).get_page(1)
    assert render("pagination", page_obj=single, request=request).strip() == ""


def test_breadcrumbs_mark_the_current_page():
    html = render("breadcrumbs", crumbs=trail("Kurse", "/courses/", "", "/x/", "Modul", ""))
    assert '<nav class="breadcrumbs" aria-label="Brotkrümelnavigation">' in html
    assert '<li><a href="/courses/">Kurse</a></li>' in html
    assert '<li aria-current="page">Modul</li>' in html
    assert "/x/" not in html  # a crumb without a label is left out
    linked = render("breadcrumbs", crumbs=trail("A", "/a/", "B", "/b/"), nav_label="Ebenen")
    assert 'aria-label="Ebenen"' in linked and '<a href="/b/" aria-current="page">B</a>' in linked


def test_badges_write_their_state():
    assert render("badge", label="überfällig", status="overdue").strip() == (
        '<strong class="badge badge--overdue">überfällig</strong>'
    )
    assert render("badge", label="Schulung", status="tag").strip() == (
        '<span class="badge badge--tag">Schulung</span>'
    )
