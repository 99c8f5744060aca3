import pytest

from mock_services.stack import Stack


@pytest.fixture(scope="module")
def stack():
    with Stack.start() as s:
        yield s
