"""Loopback publication APIs for tests (OAI-PMH, OpenAlex-shaped, Crossref-shaped).

The servers themselves live in ``extractors/pub_demo_data/server.py`` so that ``stcat demo``
(an installed package, without ``tests/``) can start them too; this module adds what tests
need around them: a session built like the flow builds one, and a source/context helper.
"""

from __future__ import annotations

from typing import Any

from config.loader import SourceConfig
from extractors.base import ExtractContext
from extractors.http import HttpSession, make_session
from extractors.pub_demo_data import demo_sources, load_works
from extractors.pub_demo_data.server import PubServer, serve_pubs

__all__ = ["PubServer", "serve_pubs", "load_works", "demo_sources", "test_session", "source", "context"]


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
