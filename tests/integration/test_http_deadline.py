"""Wall-clock deadlines per attempt and per URL, against a real loopback server that drips its
body one byte every 0.5 s (issue 12, item 2). No timing assertions: a cut is shown by the error
(which deadline, how many attempts) and by how few bytes the server got to write."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from config.loader import load_config
from extractors.http import FetchError, make_session
from tests.clock import Clock
from tests.servers.scripted import Canned, ScriptedServer

UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"
BODY = 1_000_000  # announced; at 1 byte / 0.5 s it would take almost six days


class DripServer:
    """Answers every GET with 200, Content-Length BODY, then one byte every ``interval`` seconds
    until the client goes away (``headers=True``: drips an endless header line instead). ``written``
    holds the bytes each connection got to send."""

    def __init__(self, interval: float = 0.5, headers: bool = False):
        self.written: list[int] = []
        self.done = threading.Semaphore(0)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                sent = 0
                try:
                    if headers:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                        while sent < BODY:
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            sent += 1
                            time.sleep(interval)
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(BODY))
                    self.end_headers()
                    self.wfile.flush()
                    while sent < BODY:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        sent += 1
                        time.sleep(interval)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    outer.written.append(sent)
                    outer.done.release()

            def log_message(self, format: str, *args: Any) -> None:
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                return

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/slow"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def wait_for_cuts(self, n: int) -> list[int]:
        """Bytes written by the first ``n`` connections, once the server has seen each one cut."""
        for _ in range(n):
            assert self.done.acquire(timeout=30), "the server never saw the client hang up"
        return self.written[:n]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def drip():
    srv = DripServer()
    yield srv
    srv.close()


@pytest.fixture
def header_drip():
    srv = DripServer(headers=True)
    yield srv
    srv.close()


def _session(tmp_path: Path, **kw: Any):
    opts = dict(
        user_agent=UA,
        allowed_domains=["127.0.0.1"],
        rate_limit=0,
        allow_private=True,
        respect_robots=False,
        archive_dir=tmp_path / "raw",
        source="drip",
        timeout=5,
        backoff=0.01,
    )
    opts.update(kw)
    return make_session(**opts)


def test_attempt_deadline_cuts_a_dripping_body(drip, tmp_path):
    with _session(tmp_path, retries=1, attempt_deadline=1.5, url_deadline=60) as s:
        with pytest.raises(FetchError) as e:
            s.get(drip.url)
    err = e.value
    assert err.kind == "timeout"
    assert "attempt deadline of 1.5s passed with the body incomplete" in err.reason and "2 attempts" in err.reason
    written = drip.wait_for_cuts(2)
    # cut at the deadline, not after a 64 KiB chunk: a handful of the million bytes went out
    assert all(0 < n < 100 for n in written), written


def test_attempt_deadline_cuts_dripping_response_headers(header_drip, tmp_path):
    with _session(tmp_path, retries=1, attempt_deadline=1.5, url_deadline=60) as s:
        with pytest.raises(FetchError) as e:
            s.get(header_drip.url)
    assert e.value.kind == "timeout"
    assert "attempt deadline of 1.5s passed before the response headers were complete" in e.value.reason
    assert "2 attempts" in e.value.reason
    assert all(0 < n < 100 for n in header_drip.wait_for_cuts(2)), header_drip.written


def test_url_deadline_spans_all_attempts(drip, tmp_path):
    with _session(tmp_path, retries=5, attempt_deadline=1.0, url_deadline=1.6) as s:
        with pytest.raises(FetchError) as e:
            s.get(drip.url)
    assert e.value.kind == "timeout"
    assert "URL deadline of 1.6s reached after 2 attempt(s)" in e.value.reason
    assert "URL deadline of 1.6s passed with the body incomplete" in e.value.reason  # the second one, cut short
    assert len(drip.wait_for_cuts(2)) == 2 and len(drip.written) == 2  # not the 6 retries allow


@pytest.fixture
def busy():
    with ScriptedServer() as srv:
        srv.route("/busy", Canned(503, b"busy"))
        srv.route("/later", Canned(503, b"busy", {"Retry-After": "30"}))
        yield srv


def test_url_deadline_stops_retries_before_the_backoff_would_pass_it(busy, tmp_path):
    clock = Clock()
    with _session(tmp_path, retries=10, backoff=1.0, url_deadline=5, clock=clock, sleep=clock.sleep) as s:
        with pytest.raises(FetchError) as e:
            s.get(busy.url("/busy"))
        assert e.value.status == 503 and "URL deadline of 5s reached" in e.value.reason
        assert 2 <= len(busy.hits("/busy")) < 11
        assert sum(clock.sleeps) < 5  # no sleep runs past the deadline
        with pytest.raises(FetchError) as later:
            s.get(busy.url("/later"))  # Retry-After 30 s > the 5 s left: give up now
        assert len(busy.hits("/later")) == 1 and "URL deadline" in later.value.reason


def test_config_deadlines_reach_the_session(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text(
        """
province: {code: "06", name: Tỉnh Bắc Kạn}
publisher: {name: Sở KH&CN, ckan_organization: so-khcn}
sources:
  - {name: site, kind: html, start_urls: ["https://example.gov.vn/"], timeout: 10s, retries: 2,
     deadline: {attempt: 45s, url: 3m}, max_bytes: 2MiB}
  - {name: plain, kind: html, start_urls: ["https://example.gov.vn/"]}
""",
        encoding="utf-8",
    )
    site, plain = load_config(f).sources
    with make_session(user_agent=UA, **site.session_options()) as s:
        assert (s.timeout, s.retries, s.attempt_deadline, s.url_deadline, s.max_bytes) == (10, 2, 45, 180, 2 * 2**20)
    with make_session(user_agent=UA, **plain.session_options()) as s:
        assert (s.timeout, s.retries, s.attempt_deadline, s.url_deadline) == (20, 4, 120, 300)
