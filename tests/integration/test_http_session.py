"""HttpSession against a real loopback HTTP server with scripted answers.

No timing assertions: sleeps go through an injected recorder, the network part is real.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from extractors.http import FetchError, HttpSession, is_public_ip, make_session, resolve_host
from tests.servers.scripted import Canned, ScriptedServer, Seen, html_page, pages
from tests.clock import Clock

UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        srv.route("/robots.txt", Canned(200, b"User-agent: *\nDisallow: /private\n", {"Content-Type": "text/plain"}))
        yield srv


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session_factory(tmp_path: Path, clock: Clock):
    made: list[HttpSession] = []

    def make(**kw) -> HttpSession:
        opts = dict(
            user_agent=UA,
            allowed_domains=["127.0.0.1", "localhost"],
            rate_limit=0,
            allow_private=True,
            archive_dir=tmp_path / "raw",
            source="portal",
            timeout=2,
            retries=2,
            backoff=0.01,
            clock=clock,
            sleep=clock.sleep,
        )
        opts.update(kw)
        s = make_session(**opts)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def manifest(tmp_path: Path, run_id: str) -> list[dict]:
    path = tmp_path / "raw" / "portal" / "runs" / f"{run_id}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_pagination_archives_every_page(server, session_factory, tmp_path):
    listing = list(pages(5))
    for path, body in listing:
        server.route(path, Canned(200, body, {"Content-Type": "text/html; charset=utf-8"}))
    s = session_factory(run_id="run-1")
    results = [s.get(server.url("/list"), params={"page": i}) for i in range(5)]
    s.close()
    assert [r.content for r in results] == [b for _, b in listing]
    assert all(r.status == 200 and not r.not_modified and not r.from_archive for r in results)
    assert "Trang 3" in results[3].text and "Nhiệm vụ" in results[3].text
    assert len(server.hits("/robots.txt")) == 1  # cached per session
    assert all(hit.headers["user-agent"] == UA for hit in server.requests)
    entries = manifest(tmp_path, "run-1")
    assert [e["url"] for e in entries] == [server.url(p) for p, _ in listing]
    for e, r in zip(entries, results):
        assert (
            e["sha256"] == r.archive_key and e["status"] == 200 and e["headers"]["content-type"].startswith("text/html")
        )
        assert (tmp_path / "raw" / "portal" / r.archive_key[:2] / r.archive_key).read_bytes() == r.content
    assert s.stats["requests"] == 6 and s.stats["bytes"] > 5 * 2000


def test_rate_limit_spaces_requests_to_one_host(server, session_factory, clock):
    server.route("/p", Canned(200, b"ok"))
    s = session_factory(rate_limit=4)
    for _ in range(3):
        s.get(server.url("/p"), conditional=False)
    # robots.txt + 3 pages = 4 requests to one host: 3 waits of 1/4 s
    assert clock.sleeps == pytest.approx([0.25, 0.25, 0.25])


def test_robots_crawl_delay_stretches_the_interval(server, session_factory, clock):
    server.route("/robots.txt", Canned(200, b"User-agent: *\nCrawl-delay: 3\n"))
    server.route("/p", Canned(200, b"ok"))
    s = session_factory(rate_limit=1)
    s.get(server.url("/p"))
    s.get(server.url("/p"))
    assert clock.sleeps[-1] == pytest.approx(3.0)


def _etag_responder(body: bytes, etag: str, last_modified: str):
    def answer(seen: Seen) -> Canned:
        if seen.headers.get("if-none-match") == etag:
            return Canned(304, b"", {"ETag": etag})
        return Canned(
            200, body, {"ETag": etag, "Last-Modified": last_modified, "Content-Type": "text/html; charset=utf-8"}
        )

    return answer


def test_second_run_sends_validators_and_gets_archived_body(server, session_factory, tmp_path):
    body = html_page("Danh mục nhiệm vụ năm 2023")
    server.route("/tasks", _etag_responder(body, '"v1"', "Wed, 25 Nov 2026 10:00:00 GMT"))
    first = session_factory(run_id="night-1")
    r1 = first.get(server.url("/tasks"))
    first.close()
    assert r1.status == 200 and not r1.not_modified

    second = session_factory(run_id="night-2")
    r2 = second.get(server.url("/tasks"))
    second.close()
    hit = server.hits("/tasks")[-1]
    assert hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["if-modified-since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert r2.not_modified and r2.from_archive and r2.status == 200
    assert r2.content == body and r2.archive_key == r1.archive_key
    assert r2.headers["content-type"] == "text/html; charset=utf-8"  # from the first answer
    assert second.stats["not_modified"] == 1
    (entry,) = manifest(tmp_path, "night-2")
    assert entry["not_modified"] and entry["sha256"] == r1.archive_key

    third = session_factory()
    third.get(server.url("/tasks"), conditional=False)
    assert "if-none-match" not in server.hits("/tasks")[-1].headers


def test_changed_page_replaces_validators(server, session_factory):
    server.route(
        "/p",
        Canned(200, b"v1", {"ETag": '"1"'}),
        Canned(200, b"v2", {"ETag": '"2"'}),
        Canned(304, b"", {"ETag": '"2"'}),
    )
    s1 = session_factory()
    assert s1.get(server.url("/p")).content == b"v1"
    s1.close()
    s2 = session_factory()
    assert s2.get(server.url("/p")).content == b"v2"
    s2.close()
    s3 = session_factory()
    r = s3.get(server.url("/p"))
    assert server.hits("/p")[-1].headers["if-none-match"] == '"2"' and r.not_modified and r.content == b"v2"


def test_429_with_retry_after_then_success(server, session_factory, clock):
    server.route(
        "/api",
        Canned(429, b"slow down", {"Retry-After": "7"}),
        Canned(200, b'{"ok": true}', {"Content-Type": "application/json"}),
    )
    s = session_factory()
    r = s.get(server.url("/api"))
    assert r.json() == {"ok": True}
    assert clock.sleeps == [7.0] and s.stats["retries"] == 1
    assert len(server.hits("/api")) == 2


def test_retry_after_http_date_is_honoured(server, session_factory, clock):
    server.route("/api", Canned(503, b"", {"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"}), Canned(200, b"ok"))
    s = session_factory()
    assert s.get(server.url("/api")).content == b"ok"
    assert clock.sleeps == [0.0]  # a date in the past: at once


def test_retry_after_beyond_the_cap_gives_up_at_once(server, session_factory, clock):
    server.route("/api", Canned(429, b"", {"Retry-After": "3600"}), Canned(200, b"ok"))
    s = session_factory(max_retry_after=60)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/api"))
    assert e.value.kind == "http" and e.value.status == 429 and "3600" in str(e.value)
    assert clock.sleeps == [] and len(server.hits("/api")) == 1


def test_503_retries_with_backoff_then_fetch_error(server, session_factory, clock, tmp_path):
    server.route("/down", Canned(503, b"maintenance"))
    s = session_factory(retries=3, backoff=0.5, run_id="r503")
    with pytest.raises(FetchError) as e:
        s.get(server.url("/down"))
    assert e.value.status == 503 and e.value.kind == "http" and server.url("/down") in str(e.value)
    assert "4 attempts" in str(e.value)
    assert len(server.hits("/down")) == 4
    assert len(clock.sleeps) == 3
    for i, slept in enumerate(clock.sleeps):  # exponential + jitter
        assert 0.5 * 2**i <= slept <= 2 * 0.5 * 2**i
    s.close()
    assert manifest(tmp_path, "r503")[0]["status"] == 503  # the last answer is archived


def test_connection_refused_is_retried_then_fetch_error(session_factory, clock):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nobody listens
    s = session_factory(retries=2, respect_robots=False)
    with pytest.raises(FetchError) as e:
        s.get(f"http://127.0.0.1:{port}/x")
    assert e.value.kind == "connection" and len(clock.sleeps) == 2


def test_404_is_a_fetch_error_with_status(server, session_factory):
    s = session_factory()
    with pytest.raises(FetchError) as e:
        s.get(server.url("/missing"))
    assert e.value.status == 404 and e.value.kind == "http"
    assert len(server.hits("/missing")) == 1  # 4xx is not retried


def test_redirect_inside_the_domain_is_followed(server, session_factory):
    server.route("/old", Canned(301, b"", {"Location": "/new?x=1"}))
    server.route("/new", Canned(200, b"moved here"))
    s = session_factory()
    r = s.get(server.url("/old"))
    assert r.url == server.url("/new?x=1") and r.requested_url == server.url("/old") and r.content == b"moved here"
    assert s.stats["redirects"] == 1


def test_off_domain_redirect_is_refused(server, session_factory):
    server.route("/go", Canned(302, b"", {"Location": "http://evil.example.org/steal"}))
    s = session_factory()
    with pytest.raises(FetchError) as e:
        s.get(server.url("/go"))
    assert e.value.kind == "off_domain" and "evil.example.org" in str(e.value)


def test_redirect_loop_is_cut(server, session_factory):
    server.route("/a", Canned(302, b"", {"Location": "/b"}))
    server.route("/b", Canned(302, b"", {"Location": "/a"}))
    s = session_factory(max_redirects=5)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/a"))
    assert e.value.kind == "too_many_redirects"


def test_redirect_to_loopback_refused_without_allow_private(server, session_factory):
    server.route("/go", Canned(302, b"", {"Location": server.url("/admin", host="localhost")}))
    server.route("/admin", Canned(200, b"secret"))
    # pretend 127.0.0.1 is a public portal, and that "localhost" resolves to another loopback address
    fake_dns = lambda host: ["127.0.0.2"] if host == "localhost" else resolve_host(host)  # noqa: E731
    portal_is_public = lambda ip: ip == "127.0.0.1" or is_public_ip(ip)  # noqa: E731
    s = session_factory(allow_private=False, resolver=fake_dns, public_ip=portal_is_public)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/go"))
    assert e.value.kind == "private_address" and "localhost" in str(e.value)
    assert server.hits("/admin") == []


def test_loopback_refused_by_default(server, session_factory):
    s = session_factory(allow_private=False)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/list"))
    assert e.value.kind == "private_address"
    assert server.requests == []  # refused before connecting


def test_robots_disallow(server, session_factory):
    server.route("/private/report", Canned(200, b"hidden"))
    s = session_factory()
    with pytest.raises(FetchError) as e:
        s.get(server.url("/private/report"))
    assert e.value.kind == "robots"
    assert server.hits("/private/report") == []
    s2 = session_factory(respect_robots=False)
    assert s2.get(server.url("/private/report")).content == b"hidden"


def test_robots_5xx_disallows_and_404_allows(server, session_factory):
    server.route("/robots.txt", Canned(500, b""))
    server.route("/p", Canned(200, b"ok"))
    s = session_factory(retries=0)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/p"))
    assert e.value.kind == "robots" and "500" in str(e.value)
    server.route("/robots.txt", Canned(404, b""))
    assert session_factory().get(server.url("/p")).content == b"ok"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_size_cap(server, session_factory, chunked):
    server.route("/big", Canned(200, b"x" * 200_000, chunked=chunked))
    s = session_factory(max_bytes=100_000)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/big"))
    assert e.value.kind == "too_large" and "max_bytes" in str(e.value)
    assert len(server.hits("/big")) == 1  # not retried


def test_timeout_is_retried_then_fetch_error(server, session_factory, clock):
    server.route("/slow", Canned(200, b"late", delay=0.6))
    s = session_factory(timeout=0.1, retries=1)
    with pytest.raises(FetchError) as e:
        s.get(server.url("/slow"))
    assert e.value.kind == "timeout" and "2 attempts" in str(e.value)
    assert len(clock.sleeps) == 1


def test_post_form_follows_303_and_is_archived(server, session_factory):
    server.route(
        "/search",
        lambda seen: Canned(303, b"", {"Location": "/results"}) if seen.method == "POST" else Canned(405, b""),
    )
    server.route("/results", Canned(200, "<tr><td>ĐT-2016-30218</td></tr>".encode()))
    s = session_factory(run_id="forms")
    r = s.post(server.url("/search"), data={"mod": "publication", "fun": "getlist", "q": "Bắc Kạn"})
    assert "ĐT-2016-30218" in r.text and r.url == server.url("/results")
    posted = server.hits("/search")[0]
    assert posted.method == "POST" and b"mod=publication" in posted.body
    assert server.hits("/results")[0].method == "GET"
    s.close()
    off = session_factory(offline=True)
    again = off.post(server.url("/search"), data={"mod": "publication", "fun": "getlist", "q": "Bắc Kạn"})
    assert again.content == r.content and again.from_archive
    with pytest.raises(FetchError):
        off.post(server.url("/search"), data={"mod": "publication", "q": "other"})


def test_offline_rereads_the_archive_without_network(server, session_factory, tmp_path):
    server.route(
        "/list",
        Canned(200, b"first run", {"Content-Type": "text/html; charset=utf-8"}),
        Canned(200, b"second run", {"Content-Type": "text/html; charset=utf-8"}),
    )
    server.route("/gone", Canned(404, b"nope"))
    s1 = session_factory(run_id="run-a")
    s1.get(server.url("/list"), params={"page": 0}, conditional=False)
    with pytest.raises(FetchError):
        s1.get(server.url("/gone"))
    s1.close()
    s2 = session_factory(run_id="run-b")
    s2.get(server.url("/list"), params={"page": 0}, conditional=False)
    s2.close()
    seen_before = len(server.requests)

    off = session_factory(offline=True)
    r = off.get(server.url("/list"), params={"page": 0})
    assert r.content == b"second run" and r.from_archive and r.status == 200
    assert r.text == "second run" and r.headers["content-type"].startswith("text/html")
    older = session_factory(offline=True, replay_run="run-a")
    assert older.get(server.url("/list?page=0")).content == b"first run"
    with pytest.raises(FetchError) as e:
        off.get(server.url("/never-fetched"))
    assert e.value.kind == "not_in_archive"
    with pytest.raises(FetchError) as e:
        off.get(server.url("/gone"))
    assert e.value.status == 404
    assert len(server.requests) == seen_before  # offline never touched the network
    assert off.stats["from_archive"] == 1


def test_archive_off_still_fetches(server, session_factory):
    server.route("/p", Canned(200, b"ok", {"ETag": '"e"'}))
    s = session_factory(archive_dir=None)
    r = s.get(server.url("/p"))
    assert r.content == b"ok" and len(r.archive_key) == 64
    s.get(server.url("/p"))
    assert "if-none-match" not in server.hits("/p")[-1].headers  # no store, no validators


def test_unreachable_robots_fails_the_rest_of_the_host_fast(session_factory, clock):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = session_factory(retries=1)
    with pytest.raises(FetchError) as e:
        s.get(f"http://127.0.0.1:{port}/a")
    assert e.value.kind == "connection" and "robots.txt" in str(e.value)
    requests_before = s.stats["requests"]
    with pytest.raises(FetchError) as e:
        s.get(f"http://127.0.0.1:{port}/b")
    assert e.value.kind == "robots" and s.stats["requests"] == requests_before


def test_bad_urls_and_closed_session(session_factory):
    s = session_factory()
    for bad in ("not a url", "mailto:a@b.vn", "http://"):
        with pytest.raises(FetchError) as e:
            s.get(bad)
        assert e.value.kind == "bad_url"
    s.close()
    with pytest.raises(RuntimeError):
        s.get("http://127.0.0.1/")


def test_size_cap_counts_decompressed_bytes(server, session_factory):
    import gzip

    bomb = gzip.compress(b"\0" * 2_000_000)  # ~2 KB on the wire
    server.route("/bomb", Canned(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    server.route("/small", Canned(200, gzip.compress("Sở KH&CN".encode()), {"Content-Encoding": "gzip"}))
    s = session_factory(max_bytes=100_000)
    assert s.get(server.url("/small")).text == "Sở KH&CN"
    with pytest.raises(FetchError) as e:
        s.get(server.url("/bomb"))
    assert e.value.kind == "too_large"


def test_dns_rebinding_is_caught_at_the_connection(server, session_factory):
    server.route("/data", Canned(200, b"internal"))
    # the name check is told the host is public; the socket then lands on loopback
    s = session_factory(allow_private=False, respect_robots=False, resolver=lambda host: ["8.8.8.8"])
    with pytest.raises(FetchError) as e:
        s.get(server.url("/data"))
    assert e.value.kind == "private_address" and "connected to non-public address 127.0.0.1" in str(e.value)
