"""README "Production use" on the sample, against a real Prefect server on loopback:
server, process work pool, `prefect deploy`, `stcat demo --serve`, a deployment run, a worker.
The run must be Completed, with stcat's own log lines in the flow run's logs (only the README's
settings: the deployment's job variables ship them) and the run-summary artifact."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest

from tests.flows.prefect_server import BIN, PrefectServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = PrefectServer(tmp_path_factory.mktemp("prefect-server"))
    try:
        srv.wait()
        yield srv
    finally:
        srv.stop()


def _flow_run_id(output: str) -> str:
    m = re.search(r"UUID:\s*([0-9a-f-]{36})", output)
    assert m, output
    return m.group(1)


def _logs(api_url: str, flow_run_id: str) -> list:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with SyncPrefectClient(api_url) as client:
        return client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))


def test_demo_deployment_runs_on_a_process_worker(server, tmp_path):
    var = tmp_path / "var"
    server.prefect("work-pool", "create", "stcat", "--type", "process")
    server.prefect("deploy", "--all")  # as the README says
    portal = server.start([str(BIN / "stcat"), "demo", "--serve", "--var-dir", str(var)], "portal.log")
    ports = var / "state" / "demo_ports.json"
    for _ in range(600):  # the sample servers write their ports once they listen
        if ports.exists() or portal.poll() is not None:
            break
        time.sleep(0.1)
    assert ports.exists(), (server.home / "portal.log").read_text()

    run = server.prefect("deployment", "run", "demo-sync/demo", "--param", f"var_dir={json.dumps(str(var))}")
    run_id = _flow_run_id(run.stdout)
    server.prefect("worker", "start", "--pool", "stcat", "--run-once", timeout=600)

    inspect = server.prefect("flow-run", "inspect", run_id).stdout
    assert re.search(r"type=StateType\.COMPLETED|'type': 'COMPLETED'|COMPLETED", inspect), inspect
    logs = server.prefect("flow-run", "logs", run_id).stdout
    # stcat's own lines at INFO, in `prefect flow-run logs`: stages, sources, the final line.
    for line in (
        "[1/4] extract sample-portal",
        "extract sample-portal:",
        "transform + store",
        "publish to local catalog",
        "failed sources: none",
    ):
        assert line in logs, f"{line!r} not in the flow run's logs:\n{logs[-3000:]}"
    records = _logs(server.url, run_id)
    by_name = {r.name for r in records}
    assert {"flows.sync", "flows.steps"} <= by_name, by_name  # explicit names, though loaded by path
    # No root-level INFO flood: every INFO record comes from stcat's loggers or Prefect's own.
    foreign = {
        r.name
        for r in records
        if r.level == logging.INFO
        and r.name.split(".")[0] not in ("flows", "extractors", "transforms", "catalog", "config", "prefect")
    }
    assert not foreign, foreign

    art = server.prefect("artifact", "inspect", "stcat-run-summary").stdout
    assert "| sample-portal | tasks |" in art, art[-2000:]
    assert (var / "catalog" / "index.html").exists()


def test_national_sync_queues_one_flow_run_per_province_on_the_pool(server, tmp_path):
    """Against a server, national-sync fans out with run_deployment: each province is its own
    flow run of nightly-sync/nightly-sync, taken by a worker of the pool."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.demo import DEMO_CONFIG, demo_servers
    from flows.settings import run_settings
    from flows.sync import national_sync

    if "nightly-sync/nightly-sync" not in server.prefect("deployment", "ls").stdout:
        server.prefect("work-pool", "create", "stcat", "--type", "process", check=False)
        server.prefect("deploy", "--all")
    worker = server.start(
        [str(BIN / "prefect"), "worker", "start", "--pool", "stcat"],
        "national-worker.log",
        PREFECT_WORKER_QUERY_SECONDS="1",
    )
    with demo_servers() as v:
        configs = []
        for name in ("north", "south"):
            p = tmp_path / f"{name}.yaml"
            p.write_text(
                DEMO_CONFIG.read_text(encoding="utf-8").replace("${portal}", v["portal"]).replace("${pubs}", v["pubs"]),
                encoding="utf-8",
            )
            configs.append(str(p))
        with temporary_settings({PREFECT_API_URL: server.url}), run_settings():
            out = national_sync(config_paths=configs, catalog="local", var_root=str(tmp_path / "provinces"), poll_s=0.5)
    assert worker.poll() is None, (server.home / "national-worker.log").read_text()[-3000:]
    assert {k: r["state"] for k, r in out.items()} == {"north": "Completed", "south": "Completed"}
    assert {r["flow_run"] for r in out.values()} == {"province-north", "province-south"}
    for name in ("north", "south"):  # written by the worker's flow runs, each in its own folder
        assert (tmp_path / "provinces" / name / "catalog" / "index.html").exists()
