"""One request ahead: fetch the next page of a paged source on a background thread while the
current page is parsed.

A paged harvest is fetch → parse → fetch → parse; the server's time to render a page and the
client's time to parse the previous one can overlap when the next page's address is known
before the current page is fully parsed (an OAI-PMH resumption token or an OpenAlex cursor can
be read from the raw bytes). :class:`Prefetcher` keeps at most one such request in flight, on
one worker thread, and hands its answer (or its exception) back only when the caller asks for
exactly that request; anything else is waited for and dropped, so the session is never closed
under a running request. The caller spends its request budget before :meth:`Prefetcher.start`.

The session is used by one thread at a time: the caller does not touch it while a request is
in flight (it only parses bytes it already holds).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)


class Prefetcher:
    """At most one background request in flight; see the module docstring."""

    def __init__(self, name: str):
        self.name = name
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future | None = None
        self._key: Hashable | None = None

    def start(self, key: Hashable, fn: Callable[..., Any], *args: Any, wait_sent: bool = False, **kwargs: Any) -> None:
        """Run ``fn(*args, **kwargs)`` on the worker, remembered under ``key``.

        ``wait_sent``: return only once the worker is running the call. The worker then keeps the
        GIL until its first blocking socket operation, so the request is on the wire before the
        caller's (GIL-holding) parsing resumes; without it the worker could wait for the GIL until
        the caller blocks. Not needed when the caller's next step releases the GIL itself (lxml
        parsing does).
        """
        if self._pending is not None:
            raise RuntimeError(f"{self.name}: a prefetched request is already in flight")
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"prefetch-{self.name}")
        running = threading.Event() if wait_sent else None

        def call() -> Any:
            if running is not None:
                running.set()
            return fn(*args, **kwargs)

        self._key = key
        self._pending = self._pool.submit(call)
        if running is not None:
            running.wait()

    @property
    def pending(self) -> Hashable | None:
        """The key of the request in flight, if any."""
        return self._key if self._pending is not None else None

    def take(self, key: Hashable) -> tuple[bool, Any]:
        """``(True, answer)`` when the request in flight is ``key`` (its exception is raised
        here, where a sequential harvest would have met it); ``(False, None)`` when nothing was
        started for it (anything else in flight is waited for and dropped)."""
        fut, started = self._pending, self._key
        self._pending = self._key = None
        if fut is None:
            return False, None
        if started != key:
            self._drop(fut)
            return False, None
        return True, fut.result()

    def discard(self) -> None:
        """Wait for the request in flight, if any, and drop its answer."""
        fut, self._pending, self._key = self._pending, None, None
        if fut is not None:
            self._drop(fut)

    def close(self) -> None:
        """Drop what is in flight (after it finishes) and stop the worker."""
        try:
            self.discard()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def _drop(self, fut: Future) -> None:
        err = fut.exception()  # waits for the request to finish
        if err is not None:
            log.debug("%s: unused prefetched request failed: %s", self.name, err)

    def __enter__(self) -> Prefetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off while one decoded JSON page is converted (no yields inside).

    Decoding a page allocates thousands of dicts and lists at once; collections triggered midway
    would promote the whole page into the older generations (and later full collections would
    walk it again), although reference counting frees it as soon as its records are built.
    Restored in ``finally``; left alone when collection was already off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


__all__ = ["Prefetcher", "gc_paused"]
