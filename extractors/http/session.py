"""The HTTP session every fetch in stcat goes through: :func:`make_session` and :class:`HttpSession`.

The session puts the package's parts together for each request: the policy (allowed domains,
private addresses, robots.txt, rate limit: policy.py), the wire with its deadlines (transport.py),
the retry policy (retry.py), redirects followed by hand so that every hop is checked, conditional
GET and the raw archive (archive.py). With ``offline=True`` every GET is answered from the archive
and the network is never touched. Secrets are redacted (extractors/redact.py) in every URL the
session stores, logs, raises or returns; the real URL is only sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import MaxRetryError

from extractors.http.archive import RawArchive, ValidatorStore, archivable_headers, check_run_id, new_run_id, sha256_hex
from extractors.http.policy import (
    FetchPolicy,
    RateLimiter,
    RobotsCache,
    RobotsRules,
    is_public_ip,
    normalize_domain,
    origin_of,
    resolve_host,
)
from extractors.http.result import FetchError, FetchResult, Headers
from extractors.http.retry import DEFAULT_MAX_RETRY_AFTER, RetryAfterTooLong, retry_policy
from extractors.http.transport import REDIRECT_STATUSES, AttemptFailed, Raw, Transport, short

# SENSITIVE_HEADERS: never archived, and dropped from a request when a redirect leaves the origin
from extractors.redact import DEFAULT_SECRET_PARAMS, SENSITIVE_HEADERS, Redactor, add_secret_params

log = logging.getLogger(__name__)

DEFAULT_URL_DEADLINE = 300.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(ts: dt.datetime) -> str:
    return ts.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


class HttpSession:
    """A polite, archiving HTTP client. Build it with :func:`make_session`; see the module doc."""

    def __init__(
        self,
        *,
        user_agent: str,
        allowed_domains: Iterable[str] = (),
        rate_limit: float = 1.0,
        per_host_rate: Mapping[str, float] | None = None,
        timeout: float = 20,
        retries: int = 4,
        backoff: float = 0.5,
        max_bytes: int = 50 * 2**20,
        respect_robots: bool = True,
        allow_private: bool = False,
        archive_dir: Path | str | None = None,
        run_id: str | None = None,
        validators_path: Path | str | None = None,
        offline: bool = False,
        source: str = "",
        max_redirects: int = 10,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        attempt_deadline: float | None = None,
        url_deadline: float | None = None,
        replay_run: str | None = None,
        proxies: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Callable[[str], list[str]] = resolve_host,
        public_ip: Callable[[str], bool] = is_public_ip,
        rng: random.Random | None = None,
        secret_params: Iterable[str] = DEFAULT_SECRET_PARAMS,
    ):
        """``rate_limit`` is requests/second per host (0 = off; ``per_host_rate`` overrides by domain).
        ``archive_dir`` (e.g. ``var/raw``) turns on the raw archive under ``<archive_dir>/<source>/``;
        conditional GET then uses ``validators_path`` (default ``<archive_dir>/<source>/validators.json``).
        ``offline`` answers GET/POST from the archive: from ``replay_run``, else ``run_id`` when that run
        has a manifest, else the newest entry of any run. ``timeout`` bounds each connect and each wait
        for bytes; ``attempt_deadline`` (default ``max(60, 6 * timeout)`` s) bounds one attempt from
        request to last byte, however slowly bytes trickle; ``url_deadline`` (default
        ``max(300, attempt_deadline)`` s) bounds one get/post with all its retries, backoff and
        redirects. ``clock``, ``sleep``, ``resolver``, ``public_ip`` (the address policy) and ``rng``
        are injectable for tests. ``secret_params`` names the query parameters whose values are
        redacted wherever a URL is stored, logged or raised (default :data:`DEFAULT_SECRET_PARAMS`;
        pass a superset to add names).
        """
        if not user_agent or not user_agent.strip():
            raise ValueError("user_agent is required: name the project and a contact")
        if rate_limit < 0 or any(v < 0 for v in (per_host_rate or {}).values()):
            raise ValueError("rate limits are requests per second >= 0 (0 = off)")
        if retries < 0 or timeout <= 0 or max_bytes <= 0:
            raise ValueError("retries must be >= 0, timeout and max_bytes > 0")
        if offline and archive_dir is None:
            raise ValueError("offline=True needs archive_dir: offline answers come from the raw archive")
        self.user_agent = user_agent
        self.allowed_domains = tuple(d for d in (normalize_domain(x) for x in allowed_domains) if d)
        self.timeout, self.retries, self.backoff = float(timeout), int(retries), float(backoff)
        # wall-clock budgets: one attempt (headers and body, however slowly they trickle) and one
        # URL (every attempt, backoff and redirect of one get/post)
        self.attempt_deadline = float(attempt_deadline) if attempt_deadline else max(60.0, 6 * self.timeout)
        self.url_deadline = float(url_deadline) if url_deadline else max(DEFAULT_URL_DEADLINE, self.attempt_deadline)
        self.max_bytes, self.respect_robots, self.allow_private = int(max_bytes), respect_robots, allow_private
        self.offline, self.source = offline, source
        self.max_redirects, self.max_retry_after = max_redirects, float(max_retry_after)
        self.clock, self.sleep, self.resolver = clock, sleep, resolver
        self.retry = retry_policy(
            self.retries, self.backoff, backoff_max=self.url_deadline, rng=rng, max_retry_after=self.max_retry_after
        )
        self.public_ip = public_ip
        self.run_id = check_run_id(run_id) if run_id else new_run_id()
        self.replay_run = replay_run
        self.redactor = Redactor(secret_params)
        add_secret_params(self.redactor.names)
        self._redact = self.redactor.url
        self.archive = RawArchive(Path(archive_dir), source, url_key=self._redact) if archive_dir is not None else None
        if validators_path is None and self.archive is not None and not offline:
            validators_path = self.archive.dir / "validators.json"
        self.validators = (
            ValidatorStore(Path(validators_path), url_key=self._redact)
            if validators_path is not None and not offline
            else None
        )
        self.policy = FetchPolicy(
            user_agent=user_agent,
            allowed_domains=self.allowed_domains,
            allow_private=allow_private,
            limiter=RateLimiter(rate_limit, per_host_rate, clock=clock, sleep=sleep),
            robots=RobotsCache(self._fetch_robots, user_agent),
            resolver=resolver,
            public_ip=public_ip,
        )
        self.limiter, self.robots = self.policy.limiter, self.policy.robots
        self.stats: dict[str, Any] = {
            "requests": 0,
            "bytes": 0,
            "not_modified": 0,
            "retries": 0,
            "from_archive": 0,
            "redirects": 0,
            "errors": 0,
            "robots_fetches": 0,
            "rate_limit_sleep_s": 0.0,
            "retry_sleep_s": 0.0,
        }
        self.transport = Transport(
            user_agent=user_agent,
            timeout=self.timeout,
            attempt_deadline=self.attempt_deadline,
            url_deadline=self.url_deadline,
            max_bytes=self.max_bytes,
            allow_private=allow_private,
            public_ip=public_ip,
            retry=self.retry,
            redact_url=self._redact,
            clock=clock,
            stats=self.stats,
            proxies=proxies,
        )
        self._closed = False

    # -- public API ------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        conditional: bool = True,
    ) -> FetchResult:
        """GET a URL (following redirects); a 304 answers with the archived body."""
        full = self._with_params(url, params)
        try:
            if self.offline:
                return self._replay("GET", full, b"")
            return self._fetch("GET", full, headers=headers, data=None, conditional=conditional)
        except FetchError as e:
            raise self._scrubbed(e, full) from None

    def post(
        self, url: str, *, data: Mapping[str, Any] | bytes | str | None = None, headers: Mapping[str, str] | None = None
    ) -> FetchResult:
        """POST a form (e.g. NASATI search); archived and replayable offline by URL + body."""
        full = self._with_params(url, None)
        try:
            if self.offline:
                return self._replay("POST", full, self._body_bytes(data, headers))
            return self._fetch("POST", full, headers=headers, data=data, conditional=False)
        except FetchError as e:
            raise self._scrubbed(e, full) from None

    def _scrubbed(self, e: FetchError, url: str) -> FetchError:
        """The same error with secrets removed from its URL, reason and message (in place)."""
        e.url = self.redactor.text(e.url, url)
        e.reason = self.redactor.text(e.reason, url)
        e.args = (f"{e.url}: {e.reason}",)
        return e

    def close(self) -> None:
        """Save validators, close manifests and connections. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.validators is not None:
                self.validators.save()
        finally:
            if self.archive is not None:
                self.archive.close()
            self.transport.close()
        log.debug("http session %s/%s closed: %s", self.source or "-", self.run_id, self.stats)

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks ----------------------------------------------------------------------------
    def _with_params(self, url: str, params: Any) -> str:
        """The URL as it goes on the wire (query encoded): also the archive and validator key."""
        if self._closed:
            raise RuntimeError(f"HttpSession {self.source or '-'}/{self.run_id} is closed")
        try:
            return requests.Request("GET", url, params=params).prepare().url or url
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            ValueError,
        ) as e:
            raise self._scrubbed(
                FetchError(str(url), f"not a fetchable URL ({short(e)})", kind="bad_url"), str(url)
            ) from None

    def _body_bytes(self, data: Any, headers: Mapping[str, str] | None) -> bytes:
        if data is None:
            return b""
        body = requests.Request("POST", "http://x/", data=data, headers=dict(headers or {})).prepare().body
        if body is None:
            return b""
        return body if isinstance(body, bytes) else str(body).encode("utf-8")

    def check_url(self, url: str, *, robots: bool = True) -> None:
        """Raise FetchError unless the URL may be fetched (see :meth:`FetchPolicy.check`)."""
        self.policy.check(url, robots=robots and self.respect_robots)

    def allows(self, url: str) -> bool:
        """True when the URL passes the scheme, domain and private-address checks (not robots):
        for filtering links before fetching them."""
        try:
            self.check_url(url, robots=False)
        except FetchError:
            return False
        return True

    # -- fetching --------------------------------------------------------------------------
    def _fetch(
        self, method: str, url: str, *, headers: Mapping[str, str] | None, data: Any, conditional: bool
    ) -> FetchResult:
        try:
            return self._fetch_inner(method, url, headers=headers, data=data, conditional=conditional)
        except FetchError:
            self.stats["errors"] += 1
            raise

    def _fetch_inner(
        self, method: str, url: str, *, headers: Mapping[str, str] | None, data: Any, conditional: bool
    ) -> FetchResult:
        req_headers = dict(headers or {})
        validators = None
        if conditional and method == "GET" and self.validators is not None and self.archive is not None:
            validators = self.validators.get(url)
            if validators and not self.archive.has(validators.get("sha256", "")):
                self.validators.forget(url)  # body gone: a 304 could not be answered
                validators = None
            if validators:
                if validators.get("etag"):
                    req_headers.setdefault("If-None-Match", validators["etag"])
                if validators.get("last_modified"):
                    req_headers.setdefault("If-Modified-Since", validators["last_modified"])
        request_body = self._body_bytes(data, headers) if method == "POST" else b""
        raw = self._follow(method, url, req_headers, data, robots=True, deadline_at=self.clock() + self.url_deadline)
        fetched_at = _utcnow()

        if raw.status == 304 and validators:
            assert self.archive is not None
            sha = validators["sha256"]
            content = self.archive.get(sha)
            merged = Headers(validators.get("headers") or {})
            merged.update(raw.headers)
            status = int(validators.get("status") or 200)
            self.stats["not_modified"] += 1
            self.stats["from_archive"] += 1
            self._record(url, raw.url, method, request_body, status, merged, sha, fetched_at, not_modified=True)
            return FetchResult(
                self._redact(raw.url),
                status,
                merged,
                content,
                not_modified=True,
                from_archive=True,
                archive_key=sha,
                fetched_at=fetched_at,
                requested_url=self._redact(url),
            )

        sha = sha256_hex(raw.content)
        if self.archive is not None:
            self.archive.put(
                raw.content,
                url=self._redact(raw.url),
                content_type=raw.headers.get("content-type", ""),
                fetched_at=_iso(fetched_at),
                sha=sha,
            )
            self._record(url, raw.url, method, request_body, raw.status, raw.headers, sha, fetched_at)
        if raw.status >= 400 or raw.status == 304:
            reason = f"HTTP {raw.status}"
            if raw.status == 304:
                reason += " without a stored body to answer it (conditional header sent by the caller?)"
            elif self.retries and self.retry.is_retry(method, raw.status, "retry-after" in raw.headers):
                reason += f" after {self.retries + 1} attempts"
            raise FetchError(raw.url, reason, kind="http", status=raw.status)
        if self.validators is not None and method == "GET" and 200 <= raw.status < 300 and conditional:
            self.validators.set(
                url,
                etag=raw.headers.get("etag"),
                last_modified=raw.headers.get("last-modified"),
                sha256=sha,
                status=raw.status,
                headers=archivable_headers(raw.headers, self.redactor),
            )
        return FetchResult(
            self._redact(raw.url),
            raw.status,
            raw.headers,
            raw.content,
            archive_key=sha,
            fetched_at=fetched_at,
            requested_url=self._redact(url),
        )

    def _record(
        self,
        url: str,
        final_url: str,
        method: str,
        request_body: bytes,
        status: int,
        headers: Mapping[str, str],
        sha: str,
        fetched_at: dt.datetime,
        *,
        not_modified: bool = False,
    ) -> None:
        if self.archive is not None:
            self.archive.record_response(
                self.run_id,
                url=self._redact(url),
                final_url=self._redact(final_url),
                method=method,
                request_body=request_body,
                status=status,
                headers=archivable_headers(headers, self.redactor),
                sha=sha,
                fetched_at=_iso(fetched_at),
                not_modified=not_modified,
            )

    def _follow(
        self, method: str, url: str, headers: dict[str, str], data: Any, *, robots: bool, deadline_at: float
    ) -> Raw:
        """Send a request and follow redirects by hand, checking every hop, all before ``deadline_at``."""
        current, hops = url, 0
        origin = origin_of(url)
        while True:
            self.check_url(current, robots=robots)
            raw = self._send(method, current, headers, data, deadline_at)
            if raw.status not in REDIRECT_STATUSES or "location" not in raw.headers:
                return raw
            hops += 1
            if hops > self.max_redirects:
                raise FetchError(url, f"more than {self.max_redirects} redirects", kind="too_many_redirects")
            target = urljoin(current, raw.headers["location"].strip())
            if log.isEnabledFor(logging.DEBUG):
                log.debug("redirect %d %s -> %s", raw.status, self._redact(current), self._redact(target))
            self.stats["redirects"] += 1
            if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                method, data = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")}
            if origin_of(target) != origin:
                headers = {
                    k: v
                    for k, v in headers.items()
                    if k.lower() not in SENSITIVE_HEADERS and k.lower() not in ("if-none-match", "if-modified-since")
                }
                origin = origin_of(target)
            current = target

    def _send(self, method: str, url: str, headers: Mapping[str, str], data: Any, deadline_at: float) -> Raw:
        """One request with retries (the session's :func:`~extractors.http.retry.retry_policy`),
        within the URL's deadline; reads the body (capped) unless it is a redirect."""
        host = urlsplit(url).hostname or ""
        retry = self.retry
        attempts, failed = 0, None
        while True:
            if self.clock() >= deadline_at:
                raise self._past_url_deadline(url, attempts, failed.reason if failed else "")
            waited = self.limiter.wait(host)
            if waited:
                self.stats["rate_limit_sleep_s"] = round(self.limiter.slept, 3)
                log.debug("rate limit: waited %.3fs for %s", waited, host)
            self.stats["requests"] += 1
            attempts += 1
            try:
                return self.transport.send(method, url, headers, data, final=retry.total == 0, deadline_at=deadline_at)
            except AttemptFailed as r:
                failed = r
            try:
                retry = retry.increment(method, self._redact(url), error=None)
            except MaxRetryError:
                break
            try:
                delay = retry.delay(failed.retry_after)
            except RetryAfterTooLong as e:
                raise FetchError(url, f"{failed.reason}; {e}", kind=failed.kind, status=failed.status) from None
            if self.clock() + delay >= deadline_at:
                raise self._past_url_deadline(url, attempts, failed.reason, kind=failed.kind, status=failed.status)
            self.stats["retries"] += 1
            self.stats["retry_sleep_s"] = round(self.stats["retry_sleep_s"] + delay, 3)
            log.info(
                "retry %d/%d of %s in %.2fs: %s",
                attempts,
                self.retries,
                self._redact(url),
                delay,
                self.redactor.text(failed.reason, url),
            )
            self.sleep(delay)
        log.warning(
            "giving up on %s after %d attempts: %s", self._redact(url), attempts, self.redactor.text(failed.reason, url)
        )
        raise FetchError(url, f"{failed.reason} after {attempts} attempts", kind=failed.kind)

    def _past_url_deadline(
        self, url: str, attempts: int, last_reason: str, *, kind: str = "timeout", status: int | None = None
    ) -> FetchError:
        why = f"; last: {last_reason}" if last_reason else ""
        log.warning(
            "giving up on %s: URL deadline of %gs reached after %d attempt(s)%s",
            self._redact(url),
            self.url_deadline,
            attempts,
            self.redactor.text(why, url),
        )
        return FetchError(
            url,
            f"URL deadline of {self.url_deadline:g}s reached after {attempts} attempt(s){why}",
            kind=kind,
            status=status,
        )

    def _fetch_robots(self, robots_url: str) -> tuple[int, str]:
        """Fetch robots.txt (redirects followed and checked; no robots check, no archive)."""
        self.stats["robots_fetches"] += 1
        try:
            raw = self._follow("GET", robots_url, {}, None, robots=False, deadline_at=self.clock() + self.url_deadline)
        except FetchError as e:
            if e.kind in ("off_domain", "private_address", "too_many_redirects", "bad_url", "too_large"):
                log.warning("robots.txt %s not usable (%s): no rules applied", robots_url, e.reason)
                return 404, ""
            if e.kind == "http" and e.status is not None:
                return e.status, ""
            # RFC 9309 §2.3.1.4: unreachable means disallow-all; remember it so the rest of this
            # session fails fast instead of retrying a dead host for every URL
            reason = f"robots.txt unreachable ({e.reason}): treated as disallow-all"
            self.robots.set_rules(
                origin_of(robots_url), RobotsRules(origin_of(robots_url), 0, None, disallow_all=True, reason=reason)
            )
            raise FetchError(robots_url, f"robots.txt unreachable: {e.reason}", kind=e.kind) from None
        return raw.status, raw.content.decode("utf-8", errors="replace")

    # -- offline ---------------------------------------------------------------------------
    def _replay(self, method: str, url: str, body: bytes) -> FetchResult:
        assert self.archive is not None
        run = self.replay_run
        if run is None and self.run_id and self.archive.manifest_path(self.run_id).is_file():
            run = self.run_id
        try:
            result = self.archive.replay(method, self._redact(url), body, run_id=run)
        except FetchError:
            self.stats["errors"] += 1
            raise
        self.stats["from_archive"] += 1
        return result


def make_session(**settings: Any) -> HttpSession:
    """Build the HTTP session every fetch goes through (the keywords and their defaults are
    :class:`HttpSession`'s; ``user_agent`` is required)."""
    return HttpSession(**settings)
