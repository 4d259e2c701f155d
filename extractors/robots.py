"""robots.txt rules per origin, fetched once per session (RFC 9309 semantics).

- 2xx: the rules apply (``urllib.robotparser`` does the matching).
- 4xx (no robots.txt, forbidden…): everything is allowed, as RFC 9309 §2.3.1.3 says.
- 5xx, 429 or unreachable after retries: everything is disallowed for this session
  (§2.3.1.4), so a struggling server is not crawled blind.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)

#: (robots.txt URL) -> (status, body text); raises on network failure.
RobotsFetcher = Callable[[str], tuple[int, str]]


@dataclass
class RobotsRules:
    """What one origin's robots.txt says, for our user agent."""

    origin: str
    status: int
    parser: RobotFileParser | None  # None: no rules (allow all) or total disallow
    disallow_all: bool = False
    reason: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url``."""
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(user_agent, url)

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
        parser = RobotFileParser(origin + "/robots.txt")
        parser.parse(text.splitlines())
        return RobotsRules(origin, status, parser)
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
