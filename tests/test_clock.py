from datetime import timedelta

import pytest

from mock_services.clock import Clock


def test_advance_moves_now_forward_by_the_delta():
    clock = Clock()
    before = clock.now()
    clock.advance(timedelta(minutes=31))
    after = clock.now()
    assert timedelta(minutes=31) <= after - before < timedelta(minutes=31, seconds=5)
    assert clock.offset == timedelta(minutes=31)


def test_now_is_timezone_aware_utc():
    assert Clock().now().utcoffset() == timedelta(0)


def test_the_clock_never_goes_back():
    clock = Clock()
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))
    assert clock.offset == timedelta(0)
