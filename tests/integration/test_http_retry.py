"""The one retry policy (extractors.http.retry) when urllib3 drives it: mounted on a plain
requests adapter, as the CKAN client does, against a loopback server."""

from __future__ import annotations

import random

import pytest
import requests
from requests.adapters import HTTPAdapter

from extractors.http.retry import retry_policy
from tests.servers.scripted import Canned, ScriptedServer


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        yield srv


def _session(**kw) -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    s.mount("http://", HTTPAdapter(max_retries=retry_policy(2, 0.001, rng=random.Random(1), **kw)))
    return s


def test_a_503_with_retry_after_is_retried_then_answered(server):
    server.route("/flaky", Canned(503, b"busy", {"Retry-After": "0"}), Canned(200, b"ok"))
    with _session() as s:
        r = s.post(server.url("/flaky"), data=b"q=1")  # POST search forms are retried too
    assert r.status_code == 200 and r.content == b"ok" and len(server.hits("/flaky")) == 2


def test_a_retry_after_beyond_the_cap_ends_the_retries_at_once(server):
    server.route("/later", Canned(429, b"slow down", {"Retry-After": "3600"}), Canned(200, b"ok"))
    with _session(max_retry_after=5) as s:
        r = s.get(server.url("/later"), timeout=5)
    assert r.status_code == 429 and len(server.hits("/later")) == 1  # no hour-long sleep, no second request


def test_statuses_outside_the_list_are_not_retried(server):
    server.route("/gone", Canned(404, b"no"), Canned(200, b"ok"))
    with _session() as s:
        assert s.get(server.url("/gone"), timeout=5).status_code == 404
    assert len(server.hits("/gone")) == 1


def test_backoff_grows_from_the_first_retry_with_proportional_jitter():
    policy = retry_policy(5, 0.5, rng=random.Random(7))
    waits = []
    for _ in range(4):
        policy = policy.increment("GET", "/x")
        waits.append(policy.get_backoff_time())
    for i, wait in enumerate(waits):
        assert 0.5 * 2**i <= wait <= 2 * 0.5 * 2**i
