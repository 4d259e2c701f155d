"""robots.txt with RFC 9309 wildcard rules, obeyed by longest match through the real session on loopback."""

from __future__ import annotations

import pytest

from extractors.http import FetchError, make_session
from tests.clock import Clock
from tests.servers.scripted import Canned, ScriptedServer

UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"

ROBOTS = b"""User-agent: *
Disallow: /*.pdf$
Allow: /public/*
Disallow: /public/private/
"""

# path -> allowed? Each decided by the longest matching rule (RFC 9309 2.2.2), not the first one.
CASES = {
    "/report.pdf": False,  # "/*.pdf$"
    "/docs/2024/report.pdf": False,  # "*" spans folders
    "/report.pdf?download=1": True,  # "$" anchors the end: a query string makes it another URL
    "/report.pdfx": True,  # "$": not a .pdf
    "/public/report.pdf": True,  # "/public/*" (9 chars) is longer than "/*.pdf$" (7)
    "/public/index.html": True,
    "/public/private/notes.html": False,  # "/public/private/" (16) beats "/public/*" (9)
    "/public/private/report.pdf": False,
    "/tin-tuc/index.html": True,  # no rule matches
}


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        srv.route("/robots.txt", Canned(200, ROBOTS, {"Content-Type": "text/plain"}))
        for path in CASES:
            srv.route(path.split("?")[0], Canned(200, b"ok", {"Content-Type": "text/plain"}))
        yield srv


@pytest.mark.parametrize("path, allowed", CASES.items(), ids=list(CASES))
def test_wildcard_rules_are_obeyed_by_longest_match(server, tmp_path, path, allowed):
    clock = Clock()
    with make_session(
        user_agent=UA,
        allowed_domains=["127.0.0.1"],
        rate_limit=0,
        allow_private=True,
        archive_dir=tmp_path / "raw",
        source="portal",
        clock=clock,
        sleep=clock.sleep,
    ) as s:
        if allowed:
            assert s.get(server.url(path)).content == b"ok"
        else:
            with pytest.raises(FetchError) as e:
                s.get(server.url(path))
            assert e.value.kind == "robots"
    assert len(server.hits(path.split("?")[0])) == (1 if allowed else 0)  # a disallowed URL is never requested
    assert len(server.hits("/robots.txt")) == 1
