"""What may be fetched, and how fast: allowed domains, the private-address guard, robots.txt, the rate limit.

robots.txt is matched by protego (RFC 9309: longest match wins, ``*`` and ``$`` wildcards). What a
failed robots.txt fetch means is ours (RFC 9309 §2.3.1):

- 2xx: the rules apply;
- 4xx (no robots.txt, forbidden…): everything is allowed;
- 5xx, 429 or unreachable after retries: everything is disallowed for this session, so a
  struggling server is not crawled blind.

Hand-written where no library serves: the domain allow-list and private-address guard (the
standard library's ``ipaddress`` judges each address) and the per-host one-token rate limiter
(it must share the session's injectable clock and stretch to a robots.txt Crawl-delay).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from extractors.http.result import FetchError

log = logging.getLogger(__name__)

#: the longest Crawl-delay honoured (seconds); a longer one is capped
MAX_CRAWL_DELAY = 60.0

#: (robots.txt URL) -> (status, body text); raises on network failure.
RobotsFetcher = Callable[[str], tuple[int, str]]


# -- allowed domains and the private-address guard -------------------------------------------------
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


# -- rate limit ----------------------------------------------------------------------------------
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


# -- robots.txt ----------------------------------------------------------------------------------
@dataclass
class RobotsRules:
    """What one origin's robots.txt says, for our user agent."""

    origin: str
    status: int
    parser: Protego | None  # None: no rules (allow all) or total disallow
    disallow_all: bool = False
    reason: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url`` (the longest matching rule decides)."""
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay stated for our user agent (or ``*``), in seconds."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        try:
            return float(delay) if delay is not None else None
        except (TypeError, ValueError):
            return None


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased: the unit robots.txt applies to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def parse_robots(origin: str, status: int, text: str) -> RobotsRules:
    """Rules from a robots.txt response (status + body)."""
    if 200 <= status < 300:
        return RobotsRules(origin, status, Protego.parse(text))
    if 400 <= status < 500 and status != 429:
        return RobotsRules(origin, status, None)
    return RobotsRules(
        origin,
        status,
        None,
        disallow_all=True,
        reason=f"robots.txt unavailable (HTTP {status}): treated as disallow-all",
    )


class RobotsCache:
    """robots.txt per origin, fetched lazily through the session and kept for its lifetime."""

    def __init__(self, fetch: RobotsFetcher, user_agent: str):
        self._fetch = fetch
        self.user_agent = user_agent
        self._rules: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()

    def rules(self, url: str) -> RobotsRules:
        """The rules of the URL's origin (fetched on first use)."""
        origin = origin_of(url)
        with self._lock:
            cached = self._rules.get(origin)
        if cached is not None:
            return cached
        status, text = self._fetch(origin + "/robots.txt")
        rules = parse_robots(origin, status, text)
        if rules.disallow_all:
            log.warning("%s: %s", origin, rules.reason)
        else:
            log.debug("robots.txt of %s: HTTP %d", origin, status)
        with self._lock:
            self._rules[origin] = rules
        return rules

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets us fetch the URL."""
        return self.rules(url).allows(url, self.user_agent)

    def set_rules(self, origin: str, rules: RobotsRules) -> None:
        """Pin the rules of an origin (e.g. after the robots.txt fetch itself was refused)."""
        with self._lock:
            self._rules[origin] = rules


# -- the checks every request and every redirect hop passes --------------------------------------
class FetchPolicy:
    """Which URLs a session may fetch, and when: scheme, allowed domains, public addresses (the
    answers of ``resolver`` cached per host), robots.txt and the rate limit it may stretch."""

    def __init__(
        self,
        *,
        user_agent: str,
        allowed_domains: Iterable[str],
        allow_private: bool,
        limiter: RateLimiter,
        robots: RobotsCache,
        resolver: Callable[[str], list[str]] = resolve_host,
        public_ip: Callable[[str], bool] = is_public_ip,
    ):
        self.user_agent, self.allowed_domains, self.allow_private = user_agent, tuple(allowed_domains), allow_private
        self.limiter, self.robots, self.resolver, self.public_ip = limiter, robots, resolver, public_ip
        self._private_cache: dict[str, bool] = {}

    def check(self, url: str, *, robots: bool = True) -> None:
        """Raise FetchError unless the URL may be fetched: scheme, allowed domain, public
        address (unless ``allow_private``) and, with ``robots``, robots.txt (whose Crawl-delay
        then stretches the host's interval)."""
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
        if robots:
            rules = self.robots.rules(url)
            if not rules.allows(url, self.user_agent):
                raise FetchError(url, rules.reason or "disallowed by robots.txt", kind="robots")
            delay = rules.crawl_delay(self.user_agent)
            if delay and delay > 0 and delay > self.limiter.interval(host) and self.limiter.rate_for(host) > 0:
                self.limiter.set_min_interval(host, min(delay, MAX_CRAWL_DELAY))

    def _is_private(self, host: str) -> bool:
        key = host.lower()
        cached = self._private_cache.get(key)
        if cached is None:
            cached = is_private_host(key, self.resolver, self.public_ip)
            self._private_cache[key] = cached
        return cached
