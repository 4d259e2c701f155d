"""CKAN's web process stops in the middle of a publish: the run fails naming the dataset; after a
restart, a re-run converges (no duplicate resources, full datastore, public datasets) and the
run after that writes nothing.

deploy/ckan has no command to stop only the web process, so the test stops gunicorn through
the pid file up.sh writes ($RUN_DIR/gunicorn.pid, from deploy/ckan/lib.sh) and restarts it
with deploy/ckan/up.sh, which keeps the services that still run and starts the missing one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from catalog import ckan as C
from catalog import package as pkg

from .conftest import REPO, all_tables, task_rows, write_tables

pytestmark = [pytest.mark.ckan, pytest.mark.slow]


def _run_dir() -> Path:
    out = subprocess.run(
        ["bash", "-c", 'source deploy/ckan/lib.sh && printf %s "$RUN_DIR"'],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout)


def stop_web(url: str) -> None:
    """SIGTERM the gunicorn master named in up.sh's pid file and wait until the port is closed."""
    pidfile = _run_dir() / "gunicorn.pid"
    pid = int(pidfile.read_text().strip())
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"gunicorn {pid} did not stop within 60 s")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/api/3/action/status_show", timeout=5)


def start_web(url: str) -> None:
    """Re-run up.sh (idempotent: only the stopped web process is started again)."""
    proc = subprocess.run(["bash", "deploy/ckan/up.sh"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert requests.get(f"{url}/api/3/action/status_show", timeout=10).json()["success"]


class StopsMidway(C.CkanClient):
    """A client that stops CKAN's web process just before the n-th call of one action."""

    def __init__(self, *a: Any, stop_before: tuple[str, int], on_stop: Any, **kw: Any):
        super().__init__(*a, **kw)
        self.stop_before, self.on_stop, self.stopped = stop_before, on_stop, False

    def _send(self, action, data, upload, retries):  # type: ignore[override]
        name, n = self.stop_before
        if not self.stopped and action == name and self.calls[action] + 1 == n:
            self.stopped = True
            self.on_stop()
        return super()._send(action, data, upload, retries)


@pytest.mark.parametrize("n", [1, 2])
def test_web_process_stopped_mid_publish_then_rerun_converges(ckan, tmp_path, n):
    """With 1 and 2 datastore calls in flight (catalog.datastore_concurrency): with 2, the first
    upsert is in flight when the web process stops and finishes within gunicorn's graceful timeout."""
    cfg = ckan.new_config(f"rst{n}" + tmp_path.name[-5:].lower().replace("_", ""), datastore_concurrency=n)
    rows = all_tables()
    rows["tasks"] = task_rows(25_000)  # three datastore batches: stop before the second
    tables = write_tables(tmp_path, rows)
    client = StopsMidway(
        ckan.url,
        ckan.token,
        user_agent="stcat-tests",
        retries=2,
        backoff=0.5,
        stop_before=("datastore_upsert", 2),
        on_stop=lambda: stop_web(ckan.url),
    )
    plan = C.plan_publish(cfg, tables, client)
    try:
        with pytest.raises(C.PublishError) as e:
            C.publish(cfg, plan, client, workdir=tmp_path / "work")
    finally:
        if client.stopped:
            start_web(ckan.url)
    tasks_name = pkg.dataset_name(cfg, "tasks")
    assert client.stopped and e.value.dataset == tasks_name and tasks_name in str(e.value)
    assert "datastore_upsert" in str(e.value) and ckan.token not in str(e.value)
    assert e.value.report is not None and e.value.report.datasets[0].outcome == "errored"
    assert client.calls["datastore_upsert"] == 1 + 3  # batch 1 once, batch 2 with 2 retries, batch 3 never

    fresh = ckan.client(backoff=0.5)
    half = fresh.call("package_show", {"id": tasks_name})
    assert half["private"] is True  # staged: never public while incomplete

    plan = C.plan_publish(cfg, tables, fresh)
    ds = plan.dataset("tasks")
    assert ds.rows is not None and len(ds.rows.added) == 15_000 and not ds.rows.full_reload
    report = C.publish(cfg, plan, fresh, workdir=tmp_path / "work")
    assert report.ok, report.to_dict()

    for table in tables:
        p = fresh.call("package_show", {"id": pkg.dataset_name(cfg, table)})
        keys = [r.get("stcat_key") for r in p["resources"]]
        assert len(keys) == len(set(keys)), f"duplicate resources in {p['name']}: {keys}"
        assert p["private"] is False
        if table == "tasks":
            rid = next(r["id"] for r in p["resources"] if r.get("stcat_key") == "datastore")
            assert fresh.call("datastore_search", {"resource_id": rid, "limit": 0})["total"] == 25_000
    found = fresh.call(
        "package_search", {"fq": f"organization:{cfg.publisher.ckan_organization}", "include_private": True, "rows": 50}
    )
    assert sorted(d["name"] for d in found["results"]) == sorted(pkg.dataset_name(cfg, t) for t in tables)

    fresh.reset_counters()
    again = C.plan_publish(cfg, tables, fresh)
    assert again.noop, again.render()
    assert fresh.write_calls == 0
