"""Credentials inside CKAN_URL (``https://user:pw@host/``, ``?token=``) go on the wire only: never
into an error message, a log line, the run's files or Prefect's database (issue 12)."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from ckanapi.errors import NotAuthorized

from catalog import ckan as C
from flows.cli import DEMO_CONFIG, demo_servers
from tests.servers.scripted import Canned, ScriptedServer

ROOT = Path(__file__).resolve().parents[2]
UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"


def _secrets() -> tuple[str, str]:
    tag = uuid.uuid4().hex[:10]
    return f"pw-{tag}-S3CRET", f"qt-{tag}-S3CRET"


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _files_with(root: Path, needles: tuple[str, ...]) -> list[str]:
    hits = []
    for p in root.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            hits += [f"{p}: {n}" for n in needles if n.encode() in data]
    return hits


def test_client_sends_url_credentials_but_never_shows_them(caplog):
    caplog.set_level(logging.DEBUG)
    pw, qt = _secrets()
    token = "tok-" + uuid.uuid4().hex
    with ScriptedServer() as srv:
        srv.route("/api/3/action/status_show", Canned(503, b"down"))
        srv.route(
            "/api/3/action/organization_show",
            Canned(
                403,
                b'{"success": false, "error": {"__type": "Authorization Error", "message": "no"}}',
                {"Content-Type": "application/json"},
            ),
        )
        client = C.connect(
            f"http://ckanuser:{pw}@{srv.host}:{srv.port}/", token, user_agent=UA, retries=1, backoff=0.001
        )
        assert client.url == f"http://{srv.host}:{srv.port}"
        with pytest.raises(C.CkanUnavailable) as down:
            client.call("status_show")
        with pytest.raises(NotAuthorized) as refused:
            client.call("organization_show", {"id": "x"})
        sent = srv.hits("/api/3/action/status_show")
        assert len(sent) == 2 and all(h.headers["authorization"].startswith("Basic ") for h in sent)  # on the wire
    dead = C.connect(f"http://ckanuser:{pw}@127.0.0.1:{_dead_port()}/", token, user_agent=UA, retries=0)
    with pytest.raises(C.CkanUnavailable) as unreachable:
        dead.call("status_show")
    # CKAN reads a query instead of a POST body: a URL with one is refused, without showing it
    with pytest.raises(ValueError) as query:
        C.connect(f"https://ckan.example.org/?token={qt}", token, user_agent=UA)
    shown = " ".join(
        [
            str(down.value),
            repr(down.value),
            str(refused.value),
            repr(refused.value),
            str(unreachable.value),
            str(query.value),
            repr(client),
            repr(dead),
            client.url,
            caplog.text,
        ]
    )
    for secret in (pw, qt, token):
        assert secret not in shown
    assert "CKAN http://127.0.0.1:" in str(unreachable.value) and "CKAN_API_TOKEN" in str(query.value)


@pytest.fixture()
def one_source_config(tmp_path, ckan):
    """The demo config with its sample portal only, a unique organization, live loopback servers."""
    uid = ckan.session_id[:8] + "cred"
    org = f"stcat-test-{uid}"
    ckan.orgs.append(org)
    with demo_servers() as variables:
        text = DEMO_CONFIG.read_text(encoding="utf-8")
        text = text.replace("${portal}", variables["portal"]).replace("${pubs}", variables["pubs"])
        text = text.replace("so-khcn-bac-kan-demo", org).replace("name: Tỉnh Bắc Kạn", f"name: Tỉnh Bắc Kạn {uid}")
        cfg = tmp_path / "province.yaml"
        cfg.write_text(text, encoding="utf-8")
        yield cfg


# The flow as a deployment runs it (no command-line check first), once per CKAN_URL, in one process.
_FLOW_RUNS = """
import json, os, sys
import prefect  # noqa: F401  (Prefect's own ephemeral API for this process)
from flows.cli import _run_flow
for url in sys.argv[2:]:
    os.environ["CKAN_URL"] = url
    try:
        print(json.dumps(_run_flow(**json.loads(sys.argv[1])), default=str))
    except Exception as e:  # a failed run raises its error
        print(f"{type(e).__name__}: {e}")
"""


@pytest.mark.ckan
def test_ckan_url_credentials_stay_out_of_output_files_and_prefect(tmp_path, ckan, one_source_config):
    pw, qt = _secrets()
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), CKAN_API_TOKEN=ckan.token, PYTHONPATH=str(ROOT))
    stcat = [sys.executable, "-m", "flows"]
    run = [
        "run",
        "--config",
        str(one_source_config),
        "--catalog",
        "ckan",
        "--source",
        "sample-portal",
        "--var-dir",
        str(var),
    ]

    def sh(cmd: list[str], ckan_url: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            cmd, env={**env, "CKAN_URL": ckan_url}, cwd=ROOT, capture_output=True, text=True, timeout=600
        )

    published = sh(stcat + run, ckan.url)  # the token is used, and shown nowhere
    assert published.returncode in (0, 1), published.stderr
    assert "## stcat run" in published.stdout
    refused = sh(stcat + run, f"http://ckanuser:{pw}@127.0.0.1:{_dead_port()}/")
    assert refused.returncode == 2 and "127.0.0.1" in refused.stderr  # stopped before any fetch
    flow_kw = json.dumps(
        {"config_path": str(one_source_config), "sources": ["sample-portal"], "catalog": "ckan", "var_dir": str(var)}
    )
    flows = subprocess.run(
        [
            sys.executable,
            "-c",
            _FLOW_RUNS,
            flow_kw,
            f"http://ckanuser:{pw}@127.0.0.1:{_dead_port()}/",
            f"{ckan.url}/?token={qt}",
        ],
        env={**env, "CKAN_URL": ckan.url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    failures = flows.stdout.strip().splitlines()
    assert len(failures) == 2 and all("CKAN" in f for f in failures), flows.stdout + flows.stderr

    needles = (pw, qt, ckan.token)
    for proc in (published, refused, flows):
        assert [n for n in needles if n in proc.stdout + proc.stderr] == []
    assert _files_with(var, needles) == []  # last_publish.json, staging…
    prefect_files = [p for p in (tmp_path / "prefect").rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in prefect_files)  # the runs were recorded,
    assert _files_with(tmp_path / "prefect", ("REDACTED@127.0.0.1", "query string (?token=...)"))  # failures too
    assert _files_with(tmp_path / "prefect", needles) == []  # …without a credential
