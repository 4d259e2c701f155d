"""An injected clock for code that waits (rate limits, retries, backoff): it records each sleep
asked for and advances its time instead of waiting."""

from __future__ import annotations


class Clock:
    def __init__(self, start: float = 1000.0, ndigits: int | None = None) -> None:
        self.now, self.sleeps, self._ndigits = start, [], ndigits

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds if self._ndigits is None else round(seconds, self._ndigits))
        self.now += seconds
