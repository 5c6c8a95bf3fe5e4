"""The inspect views list a model's own fields first and the bookkeeping ones after them.

Fields inherited from core's abstract bases come first in ``_meta.fields``; the kit puts them
back where each model declared them before (after its own fields, before its many-to-many).
"""

from coaching.admin_viewsets import EventViewSet
from coaching.models import Event, Measure
from municipalities.admin_kit import inspect_fields
from municipalities.models import Participation


def test_bookkeeping_fields_follow_the_models_own():
    fields = inspect_fields(Event)
    assert fields[0] == "id"
    assert fields.index("is_public") < fields.index("created_by") < fields.index("created")
    assert fields.index("created") < fields.index("updated") < fields.index("audience")
    assert fields[-3:] == ["audience", "preparation_modules", "materials"]
    assert inspect_fields(Measure)[-3:] == ["created", "updated", "patrons"]
    assert inspect_fields(Participation)[-3:] == ["notes", "created", "updated"]


def test_the_inspect_view_gets_that_order():
    viewset = EventViewSet()
    assert viewset.get_inspect_view_kwargs()["fields"] == inspect_fields(Event)
