"""The coaching world (two regions, a participation each, people) for the hostile-input tests."""

from tests.coaching.conftest import template, world  # noqa: F401 - fixtures
