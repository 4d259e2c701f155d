"""Loopback publication APIs for tests (OAI-PMH, OpenAlex-shaped, Crossref-shaped).

The server is the demo's (``demo/publications/server.py``, which ``stcat demo`` starts from an
installed package); this module adds what tests need around it: the error paths, a log of the
requests, a session built like the flow builds one, config entries, and a source/context helper.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from config.loader import SourceConfig
from demo.publications import load_works
from demo.publications import server as demo_server
from extractors.base import ExtractContext
from extractors.http import HttpSession, make_session

__all__ = ["PubServer", "load_works", "demo_sources", "test_session", "source", "context"]

_JSON = "application/json; charset=utf-8"


class PubServer(demo_server.PubServer):
    """The demo's publication APIs with error paths switched on by ``faults`` (each a count of
    requests that get it): ``oai_bad_token`` (badResumptionToken on the next resumption request),
    ``oai_500``, ``openalex_429``, ``openalex_500``, ``crossref_429``, ``crossref_500``;
    ``require_api_key`` makes OpenAlex answer 403 without ``api_key``. ``requests`` lists every
    request target in order."""

    def __init__(
        self,
        works: list[dict] | None = None,
        *,
        faults: dict[str, int] | None = None,
        retry_after: str = "0",
        require_api_key: bool = False,
        **kwargs: Any,
    ):
        self.faults = dict(faults or {})
        self.retry_after, self.require_api_key = retry_after, require_api_key
        self.requests: list[str] = []
        self._lock = threading.Lock()
        super().__init__(works, **kwargs)

    def take(self, name: str) -> bool:
        """Uses up one request of fault `name`; whether there was one left."""
        with self._lock:
            if self.faults.get(name, 0) > 0:
                self.faults[name] -= 1
                return True
            return False

    def token_expired(self) -> bool:
        return self.take("oai_bad_token")

    def intercept(self, target: str, path: str, q: dict[str, str]) -> tuple[int, bytes, str, dict[str, str]] | None:
        with self._lock:
            self.requests.append(target)
        if path == "/oai" and self.take("oai_500"):
            return 500, b"Internal Server Error", "text/plain", {}
        if path.startswith("/openalex/"):
            if self.take("openalex_429"):
                return (
                    429,
                    json.dumps({"error": "Too many requests"}).encode(),
                    _JSON,
                    {"Retry-After": self.retry_after},
                )
            if self.take("openalex_500"):
                return 500, json.dumps({"error": "Internal error"}).encode(), _JSON, {}
            if self.require_api_key and not q.get("api_key"):
                return 403, json.dumps({"error": "API key required"}).encode(), _JSON, {}
        if path.startswith("/crossref/"):
            if self.take("crossref_429"):
                return 429, b"Too Many Requests", "text/plain", {"Retry-After": self.retry_after}
            if self.take("crossref_500"):
                return 500, b"Internal Server Error", "text/plain", {}
        return None


def demo_sources(base_url: str, *, api_key_env: str = "OPENALEX_API_KEY") -> list[dict[str, Any]]:
    """Config `sources` entries (oai_pmh, openalex, crossref) pointing at a running PubServer."""
    b = base_url.rstrip("/")
    return [
        {
            "name": "tnu-jst",
            "kind": "oai_pmh",
            "base_url": f"{b}/oai",
            "metadata_prefix": "oai_dc",
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
        {
            "name": "openalex",
            "kind": "openalex",
            "base_url": f"{b}/openalex",
            "filter": 'authorships.institutions.country_code:VN,raw_affiliation_strings.search:"Bac Kan"',
            "api_key_env": api_key_env,
            "mailto": "opendata@example.org",
            "max_requests": 50,
            "work_ids": ["W4300000911"],
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
        {
            "name": "crossref",
            "kind": "crossref",
            "base_url": f"{b}/crossref",
            "query_affiliation": "Bac Kan",
            "mailto": "opendata@example.org",
            "max_requests": 50,
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
    ]


def test_session(**kw: Any) -> HttpSession:
    """The project session, rate limit off, loopback allowed, fast backoff."""
    opts: dict[str, Any] = dict(
        user_agent="stcat-test/0.1 (+tests; test@example.org)",
        rate_limit=0,
        allow_private=True,
        respect_robots=False,
        backoff=0.001,
        retries=3,
    )
    opts.update(kw)
    return make_session(**opts)


test_session.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def source(name: str, kind: str, **settings: Any) -> SourceConfig:
    """A SourceConfig as the config loader builds it."""
    return SourceConfig(name=name, kind=kind, settings=settings)


def context(cursor: Any = None, secrets: dict[str, str] | None = None, **kw: Any) -> ExtractContext:
    """An ExtractContext around a fresh test session."""
    return ExtractContext(
        session=test_session(**kw), run_id="20260101T000000Z-test", cursor=cursor, secrets=dict(secrets or {})
    )
