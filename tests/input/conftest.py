"""The shared world (two regions, a participation each, people) and the coaching template."""

from tests.coaching.conftest import template  # noqa: F401 - fixture
