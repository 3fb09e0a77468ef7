"""Making the items of an iterator on a background thread, a few ahead of their consumer.

A large import spends its time in two kinds of work that can overlap on two cores: Python
building the parameters of the next batch of rows, and SQLite writing the current one (the
``sqlite3`` module lets go of the interpreter lock while a statement runs). ``prefetched``
runs the first on a thread of its own while the caller does the second.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_END = object()
#: How often a producer waiting on a full queue looks whether the consumer has stopped.
_POLL_SECONDS = 0.05


class _Failure:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


@contextmanager
def prefetched(items: Iterable[T], ahead: int = 2) -> Iterator[Iterator[T]]:
    """The items of ``items``, made on a background thread at most ``ahead`` in advance.

    Use as ``with prefetched(chunks()) as chunks: for chunk in chunks: ...``. An exception
    raised while making an item is raised again where the consumer reaches that item. Leaving
    the block, normally or not, stops the producer and waits for it, so that once the block is
    left nothing runs on the other thread any more.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=max(1, ahead))
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    iterator = iter(items)

    def produce() -> None:
        try:
            for item in iterator:
                if not hand_over(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            hand_over(_Failure(exc))
            return
        finally:
            # A generator left part-way runs its own clean-up here, on this thread.
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        hand_over(_END)

    def consume() -> Iterator[T]:
        while True:
            item = ready.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]

    worker = threading.Thread(target=produce, name="prefetch", daemon=True)
    worker.start()
    try:
        yield consume()
    finally:
        stop.set()
        worker.join()
