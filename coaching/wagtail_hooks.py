"""Registers the coaching admin (the viewsets live in ``coaching/admin_viewsets.py``)."""

from wagtail.snippets.models import register_snippet

from coaching.admin_viewsets import CoachingViewSetGroup

register_snippet(CoachingViewSetGroup)
