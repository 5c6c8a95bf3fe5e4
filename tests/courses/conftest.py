import pytest

from tests.courses import factories


@pytest.fixture
def course(db):
    return factories.course()


@pytest.fixture
def module(course):
    return factories.module(course, body=factories.activity_body())


@pytest.fixture
def learner(client, volunteer):
    client.force_login(volunteer)
    return volunteer
