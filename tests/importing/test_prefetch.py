"""``prefetched``: items made on a background thread reach the consumer whole and in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naij_tracker.importing.prefetch import prefetched


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=5))
def test_items_arrive_in_order_and_complete(items: list[int], ahead: int) -> None:
    with prefetched(iter(items), ahead) as got:
        assert list(got) == items


def test_items_are_made_on_another_thread() -> None:
    def made() -> Iterator[str]:
        yield threading.current_thread().name

    with prefetched(made()) as got:
        (name,) = got
    assert name != threading.current_thread().name


def test_an_error_while_making_is_raised_where_the_consumer_reaches_it() -> None:
    def made() -> Iterator[int]:
        yield 1
        yield 2
        raise KeyError("row 3")

    seen: list[int] = []
    with pytest.raises(KeyError, match="row 3"), prefetched(made()) as got:
        for item in got:
            seen.append(item)
    assert seen == [1, 2]


def test_leaving_early_stops_the_producer_and_waits_for_it() -> None:
    made_count = 0
    finished = threading.Event()

    def made() -> Iterator[int]:
        nonlocal made_count
        try:
            for i in range(10_000):
                made_count += 1
                yield i
        finally:
            finished.set()

    with pytest.raises(RuntimeError), prefetched(made(), ahead=2) as got:
        for item in got:
            if item == 3:
                raise RuntimeError("cancelled")
    # The producer ran at most a few items ahead, and stopped before the block was left.
    assert made_count <= 3 + 1 + 2 + 1
    assert finished.is_set()
    assert not any(t.name == "prefetch" and t.is_alive() for t in threading.enumerate())
