from datetime import datetime, timedelta, timezone

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


def _let_wall_time_move() -> None:
    start = datetime.now(timezone.utc)
    while datetime.now(timezone.utc) == start:  # a microsecond: the clock's resolution
        pass


def test_a_frozen_clock_stands_still_but_still_advances_and_then_catches_up():
    clock = Clock()
    with clock.frozen():
        stopped = clock.now()
        _let_wall_time_move()
        assert clock.now() == stopped
        clock.advance(timedelta(minutes=30))
        assert clock.now() == stopped + timedelta(minutes=30)
    _let_wall_time_move()
    assert clock.now() > stopped + timedelta(minutes=30)
