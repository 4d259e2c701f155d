"""Secrets in query strings and headers never reach the archive, the logs or an exception,
while the real URL is still sent and offline replay still finds the response."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from extractors.http import FetchError, HttpSession, make_session
from tests.servers.scripted import Canned, ScriptedServer

UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"
SECRET = "SECRET123"


def _sleep(_: float) -> None:
    return None


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        srv.route("/robots.txt", Canned(404, b""))
        yield srv


def _session(tmp_path: Path, **kw) -> HttpSession:
    opts = dict(
        user_agent=UA,
        allowed_domains=["127.0.0.1"],
        rate_limit=0,
        allow_private=True,
        archive_dir=tmp_path / "raw",
        source="api",
        timeout=2,
        retries=2,
        backoff=0.001,
        sleep=_sleep,
        respect_robots=False,
    )
    opts.update(kw)
    return make_session(**opts)


def _files_with(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_api_key_is_sent_but_never_stored_logged_or_raised(server, tmp_path, caplog, monkeypatch):
    # an in-process `stcat` run earlier in the session stops the extractors loggers propagating to caplog
    monkeypatch.setattr(logging.getLogger("extractors"), "propagate", True)
    caplog.set_level(logging.DEBUG, logger="extractors")
    caplog.set_level(logging.DEBUG)
    server.route(
        "/works",
        Canned(503, b"busy", {"Retry-After": "0"}),
        Canned(
            200, b'{"results": []}', {"Content-Type": "application/json", "ETag": '"v1"', "Set-Cookie": f"sid={SECRET}"}
        ),
    )
    server.route("/old", Canned(301, b"", {"Location": f"/works?api_key={SECRET}&page=2"}))
    server.route("/missing", Canned(404, b"no such work"))
    s = _session(tmp_path, run_id="run-1")
    r = s.get(
        server.url("/works"),
        params={"api_key": SECRET, "page": 1},
        headers={"Authorization": f"Bearer {SECRET}", "X-API-Key": SECRET},
    )
    assert r.status == 200 and r.content == b'{"results": []}'
    sent = server.hits("/works")
    assert len(sent) == 2 and all(f"api_key={SECRET}" in h.path for h in sent)  # the real URL went out
    assert sent[-1].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in r.url and SECRET not in r.requested_url and "api_key=REDACTED" in r.url
    moved = s.get(server.url("/old"), params={"api_key": SECRET})  # Location carries the key
    assert SECRET not in moved.url
    with pytest.raises(FetchError) as e:
        s.get(server.url("/missing"), params={"api_key": SECRET, "token": "tok-" + SECRET})
    assert e.value.status == 404
    with pytest.raises(FetchError) as refused:
        s.get("http://127.0.0.1:9/x", params={"api_key": SECRET})  # connection refused, retried
    s.close()
    for err in (e.value, refused.value):
        assert SECRET not in str(err) and SECRET not in err.url and SECRET not in err.reason
        assert SECRET not in repr(err.args)
    assert "api_key=REDACTED" in str(e.value)
    assert any("retry" in rec.getMessage() for rec in caplog.records)  # retries were logged
    assert any("Max retries" in rec.getMessage() for rec in caplog.records)  # urllib3's text, scrubbed
    leaked = [rec.getMessage() for rec in caplog.records if SECRET in rec.getMessage()]
    assert leaked == []
    assert _files_with(tmp_path / "raw", SECRET) == []
    assert (tmp_path / "raw" / "api" / "validators.json").is_file()

    off = _session(tmp_path, offline=True)
    replay = off.get(server.url("/works"), params={"api_key": SECRET, "page": 1})
    assert replay.from_archive and replay.content == b'{"results": []}' and SECRET not in replay.url
    other_key = off.get(server.url(f"/works?api_key=OTHER-{SECRET}&page=1"))  # looked up redacted
    assert other_key.content == b'{"results": []}'
    with pytest.raises(FetchError) as missing:
        off.get(server.url("/never"), params={"api_key": SECRET})
    assert missing.value.kind == "not_in_archive" and SECRET not in str(missing.value)
    off.close()


def test_old_archive_with_raw_secrets_is_still_replayed_and_validators_migrated(server, tmp_path):
    server.route("/works", Canned(200, b"body", {"ETag": '"e"'}))
    s = _session(tmp_path, run_id="old", secret_params=["unrelated"])  # as before the fix
    s.get(server.url("/works"), params={"api_key": SECRET})
    s.close()
    assert _files_with(tmp_path / "raw", SECRET)  # the old, leaky layout
    off = _session(tmp_path, offline=True)
    assert off.get(server.url("/works"), params={"api_key": SECRET}).content == b"body"
    off.close()
    again = _session(tmp_path, run_id="new")
    again.get(server.url("/works"), params={"api_key": SECRET})
    again.close()
    assert SECRET not in (tmp_path / "raw" / "api" / "validators.json").read_text()
    assert server.hits("/works")[-1].headers.get("if-none-match") == '"e"'  # migrated, still used


def test_secret_params_are_configurable(server, tmp_path):
    server.route("/q", Canned(200, b"ok"))
    s = _session(tmp_path, run_id="r", secret_params=["session_id"])
    r = s.get(server.url("/q"), params={"session_id": SECRET, "api_key": "visible-key"})
    s.close()
    assert SECRET not in r.url and "visible-key" in r.url
    assert _files_with(tmp_path / "raw", SECRET) == []
