"""The one HTTP session factory every fetch in stcat goes through.

``make_session(...)`` returns an :class:`HttpSession` that owns, in one place: timeouts,
wall-clock deadlines per attempt and per URL (enforced however slowly bytes trickle),
retries with exponential backoff and jitter (429, 5xx, connection errors; ``Retry-After``
honoured up to a cap), robots.txt, a per-host rate limit, an identifying User-Agent,
conditional GET with a persistent validator store, a response size cap, the allowed-domain
list and the private-address guard (checked on every request *and* every redirect, which are
followed by hand), and the content-addressed raw archive with its per-run manifest. With
``offline=True`` every GET is answered from the archive and the network is never touched.

Failures that stop a fetch raise :class:`FetchError`, whose ``kind`` says why
(``http``, ``timeout``, ``connection``, ``too_large``, ``off_domain``, ``robots``,
``private_address``, ``not_in_archive``, ``bad_url``, ``too_many_redirects``).

Secrets never leave the request: the values of secret query parameters (``secret_params``,
default :data:`DEFAULT_SECRET_PARAMS`) and URL user info are replaced by ``REDACTED`` (by the
project's one redactor, :mod:`extractors.redact`) in every
URL the session stores (manifests, blob sidecars, validator store), logs, puts in a
:class:`FetchError` or hands back in a :class:`FetchResult`; the real URL is only sent. The
archive is keyed by the redacted URL, so offline replay finds a response by the same URL.
Request headers are never archived, and :data:`SENSITIVE_HEADERS` never are in any case.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import ipaddress
import json
import logging
import random
import re
import socket
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import orjson
import requests
import urllib3
from requests.adapters import HTTPAdapter

from extractors.archive import RawArchive, ValidatorStore, check_run_id, sha256_hex

# SENSITIVE_HEADERS: never archived, and dropped from a request when a redirect leaves the origin
from extractors.redact import (
    DEFAULT_SECRET_PARAMS,
    REDACTED,
    SENSITIVE_HEADERS,
    Redactor,
    add_secret_params,
    redact,
    redact_url,
)
from extractors.robots import RobotsCache, RobotsRules, origin_of

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: response headers kept in the manifest and served back offline
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-disposition",
    "content-language",
    "etag",
    "last-modified",
    "date",
    "location",
)
DEFAULT_MAX_RETRY_AFTER = 120.0
DEFAULT_URL_DEADLINE = 300.0
MAX_CRAWL_DELAY = 60.0
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch failed for good. Names the URL, the reason and a machine-readable ``kind``."""

    def __init__(self, url: str, reason: str, *, kind: str = "http", status: int | None = None):
        self.url, self.reason, self.kind, self.status = url, reason, kind, status
        super().__init__(f"{url}: {reason}")


class Headers(dict):
    """A plain ``dict`` of response headers (lower-case keys) that looks names up case-insensitively."""

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        super().__init__()
        pairs = items.items() if isinstance(items, Mapping) else items
        for k, v in pairs:
            super().__setitem__(str(k).lower(), str(v))

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


# -- secret redaction: one redactor for the project (extractors/redact.py) ------------------------
def archivable_headers(headers: Mapping[str, str], redactor: Redactor | None = None) -> dict[str, str]:
    """The subset of response headers kept in the archive (:data:`KEPT_HEADERS`, never a
    :data:`SENSITIVE_HEADERS` one); a ``Location`` is redacted."""
    out = {}
    for k, v in headers.items():
        k = k.lower()
        if k in KEPT_HEADERS and k not in SENSITIVE_HEADERS:
            out[k] = (redactor.url if redactor else redact_url)(v) if k == "location" else v
    return out


# -- text decoding -----------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LATIN_DEFAULTS = frozenset({"iso8859-1", "cp1252", "ascii"})
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def sniff_encoding(content: bytes, content_type: str | None = None) -> str:
    """The encoding to decode a body with: BOM, then HTTP charset, then ``<meta charset>``,
    then UTF-8 when the bytes are valid UTF-8, else Windows-1258 (Vietnamese legacy pages).

    One deliberate departure from browsers: a Latin-1/cp1252/ASCII label on bytes that are
    valid, non-ASCII UTF-8 is taken for a server default and the body is read as UTF-8.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = _known(charset_from_content_type(content_type))
    if declared in _LATIN_DEFAULTS and not content.isascii() and _is_utf8(content):
        # Vietnamese cannot be written in Latin-1: a server default mislabelling UTF-8 pages
        return "utf-8"
    if declared:
        return declared
    match = _META_CHARSET.search(content[:4096])
    meta = _known(match.group(1).decode("ascii", "replace")) if match else None
    if meta:
        return meta
    return "utf-8" if _is_utf8(content) else "cp1258"


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def decode_body(content: bytes, content_type: str | None = None, encoding_override: str | None = None) -> str:
    """Decode a body to text (see :func:`sniff_encoding`); Windows-1258 output is NFC-composed."""
    encoding = _known(encoding_override) or sniff_encoding(content, content_type)
    text = content.decode(encoding, errors="replace")
    if encoding == "cp1258":
        text = unicodedata.normalize("NFC", text)
    return text


@dataclass
class FetchResult:
    """One answered request. ``not_modified``: the server said 304 and ``content`` is the archived
    body (``status`` is then the archived status, normally 200). ``from_archive``: the body came from
    the raw archive (offline replay or a 304)."""

    url: str
    status: int
    headers: Headers
    content: bytes
    not_modified: bool = False
    from_archive: bool = False
    archive_key: str = ""
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    requested_url: str = ""
    encoding_override: str | None = None

    @property
    def encoding(self) -> str:
        """The encoding ``text`` uses."""
        return _known(self.encoding_override) or sniff_encoding(self.content, self.headers.get("content-type"))

    @property
    def text(self) -> str:
        """The body decoded (HTTP charset, meta charset, UTF-8, Windows-1258; or ``encoding_override``)."""
        return decode_body(self.content, self.headers.get("content-type"), self.encoding_override)

    def decode(self, encoding_override: str | None = None) -> str:
        """The body decoded with an explicit encoding (or the sniffed one when None)."""
        return decode_body(self.content, self.headers.get("content-type"), encoding_override or self.encoding_override)

    def json(self) -> Any:
        """The body parsed as JSON (orjson straight from the bytes; the standard library for what
        only it accepts: NaN, integers beyond 64 bits, UTF-16/32, a BOM). ValueError when not JSON."""
        try:
            return orjson.loads(self.content)
        except orjson.JSONDecodeError:
            return json.loads(self.content)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


# -- policy helpers (pure, unit-tested) ---------------------------------------------------------
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


def normalize_domain(domain: str) -> str:
    """Lower-case, IDNA-encoded host name without leading/trailing dots (or a bare IP)."""
    d = domain.strip().lower().strip(".")
    if "://" in d:
        d = urlsplit(d).hostname or ""
    try:
        return d.encode("idna").decode("ascii") if d and not _is_ip(d) else d
    except UnicodeError:
        return d


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def host_allowed(host: str, allowed_domains: Iterable[str]) -> bool:
    """True when ``host`` is one of the allowed domains or a subdomain of one.

    An empty list allows every host (sources such as OpenAlex name none). IP addresses match
    only exactly.
    """
    domains = [d for d in (normalize_domain(x) for x in allowed_domains) if d]
    if not domains:
        return True
    host = normalize_domain(host)
    if not host:
        return False
    for d in domains:
        if host == d:
            return True
        if not _is_ip(host) and not _is_ip(d) and host.endswith("." + d):
            return True
    return False


def is_public_ip(ip: str) -> bool:
    """True for a globally routable unicast address (not private, loopback, link-local, CGNAT,
    reserved, multicast or unspecified; IPv4-mapped IPv6 judged by its IPv4)."""
    addr = ipaddress.ip_address(ip.strip("[]").split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def resolve_host(host: str) -> list[str]:
    """All addresses a host name resolves to (an IP literal resolves to itself)."""
    if _is_ip(host):
        return [host.strip("[]")]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return []
    return sorted({str(info[4][0]) for info in infos})


def is_private_host(
    host: str, resolver: Callable[[str], list[str]] = resolve_host, public_ip: Callable[[str], bool] = is_public_ip
) -> bool:
    """True when the host is, or resolves to, any non-public address (SSRF guard).

    A name that does not resolve is not judged here: the request then fails to connect.
    """
    return any(not public_ip(ip) for ip in resolver(host))


class RateLimiter:
    """Minimum interval between requests to the same host (a one-token bucket per host).

    Each caller reserves the next free slot under a lock, then sleeps outside it, so threads
    sharing a session stay polite too.
    """

    def __init__(
        self,
        default_rate: float,
        per_host: Mapping[str, float] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.default_rate = default_rate
        self.per_host = {normalize_domain(k): float(v) for k, v in (per_host or {}).items()}
        self.clock, self.sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._min_interval: dict[str, float] = {}
        self._lock = threading.Lock()
        self.slept = 0.0

    def rate_for(self, host: str) -> float:
        """Requests per second allowed to ``host`` (most specific per-host entry wins; 0 = off)."""
        host = normalize_domain(host)
        best: tuple[int, float] | None = None
        for d, rate in self.per_host.items():
            if host == d or host.endswith("." + d):
                if best is None or len(d) > best[0]:
                    best = (len(d), rate)
        return best[1] if best else self.default_rate

    def set_min_interval(self, host: str, seconds: float) -> None:
        """Stretch the interval for a host (robots.txt Crawl-delay)."""
        with self._lock:
            self._min_interval[normalize_domain(host)] = seconds

    def interval(self, host: str) -> float:
        """Seconds between two requests to ``host``."""
        rate = self.rate_for(host)
        base = 1.0 / rate if rate > 0 else 0.0
        return max(base, self._min_interval.get(normalize_domain(host), 0.0))

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` may go out; returns the seconds waited."""
        interval = self.interval(host)
        if interval <= 0:
            return 0.0
        key = normalize_domain(host)
        with self._lock:
            now = self.clock()
            slot = max(now, self._next.get(key, now))
            self._next[key] = slot + interval
        delay = slot - now
        if delay > 0:
            self.sleep(delay)
            self.slept += delay
        return max(delay, 0.0)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(ts: dt.datetime) -> str:
    return ts.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def new_run_id() -> str:
    """A sortable, unique run id: UTC time plus a short random suffix."""
    return _utcnow().strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


@dataclass
class _Raw:
    """One response read off the wire (or a redirect whose body was skipped)."""

    url: str
    status: int
    headers: Headers
    content: bytes


# -- deadline watchdog for the request and response-header phase ----------------------------------
# Socket timeouts bound each wait for bytes, not a whole response: a server can drip its status
# line and headers a byte at a time. The connections below tell the sending thread which socket
# its request went out on, so a timer can shut that socket at the attempt's deadline. (The body is
# cut without a thread: see HttpSession._read_body.)
_sending = threading.local()


class _WatchedConnection:
    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(_sending, "watch", None)
        if watch is not None:
            watch.append(self)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_WatchedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report themselves to the deadline watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def _shut(watch: list[Any], fired: threading.Event) -> None:
    """Timer callback: the attempt's deadline passed while waiting for the response headers."""
    fired.set()
    for conn in list(watch):
        sock = getattr(conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class HttpSession:
    """A polite, archiving HTTP client. Build it with :func:`make_session`; see the module doc."""

    def __init__(
        self,
        *,
        user_agent: str,
        allowed_domains: Iterable[str],
        rate_limit: float,
        per_host_rate: Mapping[str, float] | None,
        timeout: float,
        retries: int,
        backoff: float,
        max_bytes: int,
        respect_robots: bool,
        allow_private: bool,
        archive_dir: Path | None,
        run_id: str | None,
        validators_path: Path | None,
        offline: bool,
        source: str,
        max_redirects: int,
        max_retry_after: float,
        attempt_deadline: float | None,
        url_deadline: float | None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        resolver: Callable[[str], list[str]],
        public_ip: Callable[[str], bool],
        proxies: Mapping[str, str] | None,
        replay_run: str | None,
        rng: random.Random,
        secret_params: Iterable[str] = DEFAULT_SECRET_PARAMS,
    ):
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
        self.clock, self.sleep, self.resolver, self._rng = clock, sleep, resolver, rng
        self.public_ip = public_ip
        self.run_id = check_run_id(run_id) if run_id else new_run_id()
        self.replay_run = replay_run
        self.limiter = RateLimiter(rate_limit, per_host_rate, clock=clock, sleep=sleep)
        self.redactor = Redactor(secret_params)
        add_secret_params(self.redactor.names)
        self._redact = self.redactor.url
        self.archive = RawArchive(archive_dir, source, url_key=self._redact) if archive_dir is not None else None
        if validators_path is None and self.archive is not None and not offline:
            validators_path = self.archive.dir / "validators.json"
        self.validators = (
            ValidatorStore(validators_path, url_key=self._redact)
            if validators_path is not None and not offline
            else None
        )
        self.robots = RobotsCache(self._fetch_robots, user_agent)
        self._private_cache: dict[str, bool] = {}
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
        self._s = requests.Session()
        self._s.trust_env = False  # library code does not read the environment
        if proxies:
            self._s.proxies.update(proxies)
        adapter = _WatchedAdapter(max_retries=0, pool_connections=8, pool_maxsize=8)
        self._s.mount("http://", adapter)
        self._s.mount("https://", adapter)
        self._s.headers.update(
            {
                "User-Agent": user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "*/*",
                "Accept-Language": "vi,en;q=0.8",
            }
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
            self._s.close()
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
                FetchError(str(url), f"not a fetchable URL ({_short(e)})", kind="bad_url"), str(url)
            ) from None

    def _body_bytes(self, data: Any, headers: Mapping[str, str] | None) -> bytes:
        if data is None:
            return b""
        body = requests.Request("POST", "http://x/", data=data, headers=dict(headers or {})).prepare().body
        if body is None:
            return b""
        return body if isinstance(body, bytes) else str(body).encode("utf-8")

    def check_url(self, url: str, *, robots: bool = True) -> None:
        """Raise FetchError unless the URL may be fetched: scheme, allowed domain, public
        address (unless ``allow_private``) and robots.txt (when respected)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "only absolute http(s) URLs can be fetched", kind="bad_url")
        host = parts.hostname
        if not host_allowed(host, self.allowed_domains):
            raise FetchError(
                url, f"host {host!r} is outside the allowed domains {list(self.allowed_domains)}", kind="off_domain"
            )
        if not self.allow_private and self._is_private(host):
            raise FetchError(
                url,
                f"host {host!r} is a private, loopback or link-local address (allow_private is off)",
                kind="private_address",
            )
        if robots and self.respect_robots:
            rules = self.robots.rules(url)
            if not rules.allows(url, self.user_agent):
                why = rules.reason or "disallowed by robots.txt"
                raise FetchError(url, why, kind="robots")
            delay = rules.crawl_delay(self.user_agent)
            if delay and delay > 0 and delay > self.limiter.interval(host) and self.limiter.rate_for(host) > 0:
                self.limiter.set_min_interval(host, min(delay, MAX_CRAWL_DELAY))

    def allows(self, url: str) -> bool:
        """True when the URL passes the scheme, domain and private-address checks (not robots):
        for filtering links before fetching them."""
        try:
            self.check_url(url, robots=False)
        except FetchError:
            return False
        return True

    def _is_private(self, host: str) -> bool:
        key = host.lower()
        cached = self._private_cache.get(key)
        if cached is None:
            cached = is_private_host(key, self.resolver, self.public_ip)
            self._private_cache[key] = cached
        return cached

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
            elif raw.status in RETRY_STATUSES and self.retries:
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
        if self.archive is None:
            return
        entry: dict[str, Any] = {
            "url": self._redact(url),
            "final_url": self._redact(final_url),
            "method": method,
            "status": status,
            "sha256": sha,
            "fetched_at": _iso(fetched_at),
            "not_modified": not_modified,
            "headers": archivable_headers(headers, self.redactor),
        }
        if request_body:
            entry["request_sha256"] = sha256_hex(request_body)
        self.archive.record(self.run_id, entry)

    def _follow(
        self, method: str, url: str, headers: dict[str, str], data: Any, *, robots: bool, deadline_at: float
    ) -> _Raw:
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

    def _backoff_delay(self, attempt: int) -> float:
        base = self.backoff * (2**attempt)
        return base + self._rng.uniform(0, base)

    def _send(self, method: str, url: str, headers: Mapping[str, str], data: Any, deadline_at: float) -> _Raw:
        """One request with retries, within the URL's deadline; reads the body (capped) unless it is a
        redirect."""
        host = urlsplit(url).hostname or ""
        last_reason, last_kind = "", "connection"
        for attempt in range(self.retries + 1):
            if self.clock() >= deadline_at:
                raise self._past_url_deadline(url, attempt, last_reason)
            waited = self.limiter.wait(host)
            if waited:
                self.stats["rate_limit_sleep_s"] = round(self.limiter.slept, 3)
                log.debug("rate limit: waited %.3fs for %s", waited, host)
            self.stats["requests"] += 1
            try:
                return self._send_once(
                    method, url, headers, data, final=attempt == self.retries, deadline_at=deadline_at
                )
            except _Retry as r:
                last_reason, last_kind = r.reason, r.kind
                if attempt == self.retries:
                    break
                delay = self._backoff_delay(attempt)
                if r.retry_after is not None:
                    if r.retry_after > self.max_retry_after:
                        raise FetchError(
                            url,
                            f"{r.reason}; server asked to retry after {r.retry_after:.0f}s, "
                            f"more than the cap {self.max_retry_after:.0f}s",
                            kind=r.kind,
                            status=r.status,
                        ) from None
                    delay = max(r.retry_after, 0.0)
                if self.clock() + delay >= deadline_at:
                    raise self._past_url_deadline(url, attempt + 1, r.reason, kind=r.kind, status=r.status)
                self.stats["retries"] += 1
                self.stats["retry_sleep_s"] = round(self.stats["retry_sleep_s"] + delay, 3)
                log.info(
                    "retry %d/%d of %s in %.2fs: %s",
                    attempt + 1,
                    self.retries,
                    self._redact(url),
                    delay,
                    self.redactor.text(r.reason, url),
                )
                self.sleep(delay)
        log.warning(
            "giving up on %s after %d attempts: %s",
            self._redact(url),
            self.retries + 1,
            self.redactor.text(last_reason, url),
        )
        raise FetchError(url, f"{last_reason} after {self.retries + 1} attempts", kind=last_kind)

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

    def _send_once(
        self, method: str, url: str, headers: Mapping[str, str], data: Any, *, final: bool, deadline_at: float
    ) -> _Raw:
        started = self.clock()
        url_first = deadline_at < started + self.attempt_deadline
        attempt_end = deadline_at if url_first else started + self.attempt_deadline
        deadline = (
            f"URL deadline of {self.url_deadline:g}s"
            if url_first
            else f"attempt deadline of {self.attempt_deadline:g}s"
        )
        wait = max(min(self.timeout, attempt_end - started), 0.001)
        watch: list[Any] = []
        fired = threading.Event()
        timer = threading.Timer(max(attempt_end - started, 0.0), _shut, (watch, fired))
        timer.daemon = True
        _sending.watch = watch
        timer.start()
        try:
            resp = self._s.request(
                method, url, headers=dict(headers), data=data, stream=True, allow_redirects=False, timeout=(wait, wait)
            )
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as e:
            if fired.is_set():
                raise _Retry(
                    f"timeout: {deadline} passed before the response headers were complete", "timeout"
                ) from None
            if isinstance(e, requests.exceptions.Timeout):
                raise _Retry(f"timeout after {wait:g}s ({type(e).__name__})", "timeout") from None
            raise _Retry(f"connection failed ({_short(e)})", "connection") from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidHeader,
        ) as e:
            raise FetchError(url, f"invalid request ({_short(e)})", kind="bad_url") from None
        finally:
            timer.cancel()
            _sending.watch = None
        if fired.is_set():  # cut mid-headers, which http.client may take for their end
            resp.close()
            raise _Retry(f"timeout: {deadline} passed before the response headers were complete", "timeout")
        with resp:
            if not self.allow_private:
                self._check_peer(url, resp)
            status = resp.status_code
            rheaders = Headers(resp.headers)
            if status in REDIRECT_STATUSES and "location" in rheaders:
                _drain(resp, self._redact(url))
                return _Raw(resp.url or url, status, rheaders, b"")
            if status in RETRY_STATUSES and not final:
                _drain(resp, self._redact(url))
                raise _Retry(
                    f"HTTP {status}", "http", status=status, retry_after=parse_retry_after(rheaders.get("retry-after"))
                )
            declared = rheaders.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(
                    url,
                    f"too large: Content-Length {declared} > max_bytes {self.max_bytes}",
                    kind="too_large",
                    status=status,
                )
            content = self._read_body(url, resp, status, attempt_end, deadline)
        self.stats["bytes"] += len(content)
        return _Raw(resp.url or url, status, rheaders, content)

    def _read_body(self, url: str, resp: requests.Response, status: int, end: float, deadline: str) -> bytes:
        """The (decoded) body, capped at max_bytes and cut at the wall-clock ``end``.

        Reads with ``read1`` (whatever has arrived, up to 64 KiB) and shrinks the socket timeout to
        the time left before each read, so a server that drips a byte at a time is cut off at the
        deadline, not after a full chunk (requests' ``iter_content`` waits for a full chunk)."""
        raw = resp.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                left = end - self.clock()
                if left <= 0:
                    raise _Retry(f"timeout: {deadline} passed with the body incomplete ({size} bytes read)", "timeout")
                if sock is not None:
                    sock.settimeout(max(min(self.timeout, left), 0.001))
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        url, f"too large: more than max_bytes {self.max_bytes} bytes", kind="too_large", status=status
                    )
                chunks.append(chunk)
        except (urllib3.exceptions.ReadTimeoutError, socket.timeout):
            if self.clock() >= end:
                raise _Retry(
                    f"timeout: {deadline} passed with the body incomplete ({size} bytes read)", "timeout"
                ) from None
            raise _Retry(f"timeout while reading the body: nothing for {self.timeout:g}s", "timeout") from None
        except urllib3.exceptions.DecodeError as e:
            raise FetchError(url, f"undecodable body ({_short(e)})", kind="http", status=status) from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.SSLError, OSError) as e:
            raise _Retry(f"connection broken while reading the body ({_short(e)})", "connection") from None
        return b"".join(chunks)

    def _check_peer(self, url: str, resp: requests.Response) -> None:
        """Refuse a response whose connection ended at a non-public address although the name
        resolved to public ones when checked (DNS rebinding); no body is read from it."""
        conn = getattr(resp.raw, "connection", None)
        sock = getattr(conn, "sock", None)
        if sock is None:
            return  # through a proxy or already released: judged by name
        try:
            peer = str(sock.getpeername()[0])
        except OSError:
            return
        if not self.public_ip(peer):
            raise FetchError(
                url, f"connected to non-public address {peer} (allow_private is off)", kind="private_address"
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
        key = self._redact(url)
        entry = self.archive.lookup(key, method=method, body_sha256=sha256_hex(body) if body else "", run_id=run)
        if entry is None:
            self.stats["errors"] += 1
            where = f"run {run}" if run else f"any run of source {self.archive.source!r}"
            raise FetchError(url, f"not in archive ({method} in {where})", kind="not_in_archive")
        try:
            content = self.archive.get(entry["sha256"])
        except KeyError:
            self.stats["errors"] += 1
            raise FetchError(
                url, f"not in archive: manifest names body {entry['sha256']} but it is missing", kind="not_in_archive"
            ) from None
        status = int(entry.get("status", 200))
        if status >= 400:
            self.stats["errors"] += 1
            raise FetchError(entry.get("final_url") or url, f"HTTP {status} (archived)", kind="http", status=status)
        self.stats["from_archive"] += 1
        fetched_at = dt.datetime.fromisoformat(entry["fetched_at"]) if entry.get("fetched_at") else _utcnow()
        return FetchResult(
            self._redact(entry.get("final_url") or key),
            status,
            Headers(entry.get("headers", {})),
            content,
            not_modified=False,
            from_archive=True,
            archive_key=entry["sha256"],
            fetched_at=fetched_at,
            requested_url=key,
        )


class _Retry(Exception):
    """Internal: this attempt failed in a way worth retrying."""

    def __init__(self, reason: str, kind: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.kind, self.status, self.retry_after = reason, kind, status, retry_after


def _drain(resp: requests.Response, safe_url: str, limit: int = _CHUNK) -> None:
    """Read a small unwanted body so the keep-alive connection can be reused; give up on big ones."""
    read = 0
    try:
        for chunk in resp.iter_content(8192):
            read += len(chunk)
            if read > limit:
                return
    except requests.exceptions.RequestException as e:
        log.debug("could not drain %s (%s): the connection is dropped instead", safe_url, redact(_short(e), resp.url))


def _short(e: BaseException) -> str:
    text = str(e)
    return text if len(text) <= 200 else text[:200] + "…"


def make_session(
    *,
    user_agent: str,
    allowed_domains: Iterable[str] = (),
    rate_limit: float = 1.0,
    per_host_rate: dict[str, float] | None = None,
    timeout: float = 20,
    retries: int = 4,
    backoff: float = 0.5,
    max_bytes: int = 50 * 2**20,
    respect_robots: bool = True,
    allow_private: bool = False,
    archive_dir: Path | None = None,
    run_id: str | None = None,
    validators_path: Path | None = None,
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
) -> HttpSession:
    """Build the HTTP session every fetch goes through (see the module docstring).

    ``rate_limit`` is requests/second per host (0 = off; ``per_host_rate`` overrides by domain).
    ``archive_dir`` (e.g. ``var/raw``) turns on the raw archive under ``<archive_dir>/<source>/``;
    conditional GET then uses ``validators_path`` (default ``<archive_dir>/<source>/validators.json``).
    ``offline`` answers GET/POST from the archive: from ``replay_run``, else ``run_id`` when that run
    has a manifest, else the newest entry of any run. ``timeout`` bounds each connect and each wait
    for bytes; ``attempt_deadline`` (default ``max(60, 6 * timeout)`` s) bounds one attempt from
    request to last byte, however slowly bytes trickle; ``url_deadline`` (default
    ``max(300, attempt_deadline)`` s) bounds one get/post with all its retries, backoff and
    redirects. ``clock``, ``sleep``, ``resolver``,
    ``public_ip`` (the address policy) and ``rng`` are injectable for tests. ``secret_params`` names
    the query parameters whose values are redacted wherever a URL is stored, logged or raised
    (default :data:`DEFAULT_SECRET_PARAMS`; pass a superset to add names).
    """
    return HttpSession(
        user_agent=user_agent,
        allowed_domains=allowed_domains,
        rate_limit=rate_limit,
        per_host_rate=per_host_rate,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        respect_robots=respect_robots,
        allow_private=allow_private,
        archive_dir=Path(archive_dir) if archive_dir is not None else None,
        run_id=run_id,
        validators_path=Path(validators_path) if validators_path is not None else None,
        offline=offline,
        source=source,
        max_redirects=max_redirects,
        max_retry_after=max_retry_after,
        attempt_deadline=attempt_deadline,
        url_deadline=url_deadline,
        clock=clock,
        sleep=sleep,
        resolver=resolver,
        public_ip=public_ip,
        proxies=proxies,
        replay_run=replay_run,
        rng=rng or random.Random(),
        secret_params=secret_params,
    )


__all__ = [
    "FetchError",
    "FetchResult",
    "Headers",
    "HttpSession",
    "RateLimiter",
    "RobotsRules",
    "make_session",
    "parse_retry_after",
    "host_allowed",
    "is_public_ip",
    "is_private_host",
    "decode_body",
    "sniff_encoding",
    "KEPT_HEADERS",
    "SENSITIVE_HEADERS",
    "DEFAULT_SECRET_PARAMS",
    "REDACTED",
    "Redactor",
    "redact_url",
    "archivable_headers",
]
