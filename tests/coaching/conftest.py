"""The coaching tests use the shared two-region world (``tests/world.py``) and this template."""

import pytest

from coaching.models import Anchor, OwnerRole
from tests.coaching.factories import (
    MilestoneTemplateFactory,
    PhaseTemplateFactory,
    PlanTemplateFactory,
    TaskTemplateFactory,
)


@pytest.fixture
def template(db):
    """Two phases; the first with a gate milestone counted from the council resolution."""
    plan_template = PlanTemplateFactory(name="Klimapaten-Programm")
    first = PhaseTemplateFactory(template=plan_template, name="Gewinnen", sort_order=0)
    second = PhaseTemplateFactory(template=plan_template, name="Umsetzen", sort_order=1)
    TaskTemplateFactory(
        phase=first,
        title="Gespräch mit Bürgermeister:in",
        offset_days=7,
        owner_role=OwnerRole.VOLUNTEER,
    )
    TaskTemplateFactory(
        phase=first,
        title="Ratsvorlage vorbereiten",
        offset_days=14,
        owner_role=OwnerRole.REGIONAL_MANAGER,
    )
    MilestoneTemplateFactory(
        phase=first,
        title="Ratsbeschluss",
        offset_days=0,
        anchor=Anchor.COUNCIL_RESOLUTION,
        is_gate=True,
    )
    TaskTemplateFactory(
        phase=second,
        title="Förderantrag stellen",
        offset_days=30,
        anchor=Anchor.COUNCIL_RESOLUTION,
        owner_role=OwnerRole.VOLUNTEER,
    )
    MilestoneTemplateFactory(
        phase=second, title="Erste Maßnahme", offset_days=90, anchor=Anchor.COUNCIL_RESOLUTION
    )
    return plan_template
