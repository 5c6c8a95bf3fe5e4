import io

import pytest
from django.core.management import call_command

from courses.blocks import LearningStreamBlock
from courses.models import (
    ActivityProgress,
    Audience,
    Certificate,
    CoursePage,
    ModulePage,
    ModuleProgress,
    RegionEditors,
)


@pytest.mark.django_db
def test_demo_curriculum(demo):
    counts = [
        model.objects.count()
        for model in (CoursePage, ModulePage, ModuleProgress, ActivityProgress, Certificate)
    ]
    volunteers = CoursePage.objects.get(title="Klimaschutzpat:in werden")
    managers = CoursePage.objects.get(title="Regionalmanagement: Kommunen und Pat:innen gewinnen")
    assert volunteers.audience == Audience.VOLUNTEERS
    assert managers.audience == Audience.REGIONAL_MANAGERS
    used = set()
    for course in (volunteers, managers):
        modules = ModulePage.objects.child_of(course)
        assert modules.count() >= 5
        for module in modules:
            used |= {child.block_type for child in module.body}
    assert used == set(LearningStreamBlock().child_blocks)

    certificate = Certificate.objects.get(user__email="pate@example.org")
    assert certificate.pdf and certificate.course.slug == "einstieg"
    assert ModuleProgress.objects.filter(
        user__email="pate@example.org", course=volunteers, completed_at__isnull=False
    ).exists()
    assert RegionEditors.objects.filter(region__slug="rheinland-pfalz").exists()

    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert counts == [
        model.objects.count()
        for model in (CoursePage, ModulePage, ModuleProgress, ActivityProgress, Certificate)
    ]
