"""The one retry policy: urllib3's ``Retry``, with the statuses, backoff and Retry-After cap stcat uses.

:func:`retry_policy` builds it; the HTTP session drives it attempt by attempt (``is_retry``,
``increment``, ``delay``) because every attempt must pass the per-host rate limit, the
per-attempt and per-URL wall-clock deadlines (the per-URL one also bounds the total of retries and
backoff) and the redirect checks, which urllib3's own loop inside ``urlopen`` cannot do. A client with no such needs (the CKAN client) mounts the same policy
on its adapter.

Hand-written on top of ``Retry``, each for one reason: the first retry waits too and the jitter is
proportional, drawn from an injectable generator (``Retry`` retries the first failure at once and
draws a fixed jitter from the global one); a Retry-After beyond ``max_retry_after`` ends the
retries instead of sleeping (urllib3 has no cap); :func:`parse_retry_after` takes fractional seconds and an injectable clock
(``Retry.parse_retry_after`` takes neither).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import re
from itertools import takewhile
from typing import Any

from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

#: answers worth another attempt: rate limited, or a server (or its CDN) in trouble
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
#: the longest Retry-After waited for (seconds); a longer one ends the fetch at once
DEFAULT_MAX_RETRY_AFTER = 120.0


class RetryAfterTooLong(Exception):
    """The server asked to wait longer than the policy's ``max_retry_after``."""


class RetryPolicy(Retry):
    """urllib3's ``Retry`` whose backoff is ``backoff_factor * 2**n`` plus up to as much again of
    jitter from ``rng``, from the first retry on, and whose Retry-After is capped at
    ``max_retry_after`` (see the module docstring)."""

    def __init__(
        self, *args: Any, rng: random.Random | None = None, max_retry_after: float = DEFAULT_MAX_RETRY_AFTER, **kw: Any
    ):
        super().__init__(*args, **kw)
        self.rng = rng or random.Random()
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> RetryPolicy:
        new = super().new(**kw)
        new.rng, new.max_retry_after = self.rng, self.max_retry_after
        return new

    def get_backoff_time(self) -> float:
        failures = len(list(takewhile(lambda h: h.redirect_location is None, reversed(self.history))))
        if failures == 0:
            return 0.0
        base = self.backoff_factor * 2 ** (failures - 1)
        return min(self.backoff_max, base + self.rng.uniform(0, base))

    def get_retry_after(self, response: Any) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"))

    def delay(self, retry_after: float | None) -> float:
        """Seconds to wait before the next attempt: the server's Retry-After when it sent one
        (:class:`RetryAfterTooLong` beyond ``max_retry_after``), else the backoff."""
        if retry_after is None:
            return self.get_backoff_time()
        if retry_after > self.max_retry_after:
            raise RetryAfterTooLong(
                f"server asked to retry after {retry_after:.0f}s, more than the cap {self.max_retry_after:.0f}s"
            )
        return max(retry_after, 0.0)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # type: ignore[no-untyped-def, override]
        """urllib3's count, but a Retry-After beyond the cap ends the retries (when urllib3 drives)."""
        if response is not None:
            try:
                self.delay(self.get_retry_after(response))
            except RetryAfterTooLong as e:
                raise MaxRetryError(_pool, url or "", ResponseError(str(e))) from None  # type: ignore[arg-type]
        return super().increment(method, url, response, error, _pool, _stacktrace)


def retry_policy(
    retries: int,
    backoff: float,
    *,
    backoff_max: float = Retry.DEFAULT_BACKOFF_MAX,
    rng: random.Random | None = None,
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    cls: type[RetryPolicy] = RetryPolicy,
) -> RetryPolicy:
    """Up to ``retries`` retries of any method on connection errors, read errors and
    :data:`RETRY_STATUSES`, with exponential backoff and jitter. Redirects are not followed here:
    each hop is checked by the caller. ``cls``: a subclass of RetryPolicy (the CKAN client's)."""
    return cls(
        total=retries,
        connect=None,
        read=None,
        redirect=False,
        status=None,
        other=0,
        allowed_methods=None,  # POST search forms are idempotent reads here
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff,
        backoff_max=backoff_max,
        raise_on_status=False,
        respect_retry_after_header=True,
        rng=rng,
        max_retry_after=max_retry_after,
    )


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date); None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())
