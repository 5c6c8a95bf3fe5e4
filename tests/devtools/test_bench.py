import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_module_page_prints_ratio_and_queries():
    from courses.models import CoursePage

    out = io.StringIO()
    call_command("bench_module_page", requests=3, modules=4, stdout=out)
    text = out.getvalue()
    assert "ratio:" in text and "module page queries:" in text
    assert not CoursePage.objects.filter(slug="bench-4").exists()  # rolled back
    call_command("bench_module_page", requests=2, modules=4, keep=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench_module_page", requests=2, modules=4, stdout=out)  # reuses the course
    assert "building" not in out.getvalue()
