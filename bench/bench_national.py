"""national-sync scaled out on Prefect work pools (issue 13, item 7).

Four sample provinces, each with its own loopback portal and publication APIs (the demo's
servers, four times), at the polite rate of a real crawl (1 request/s per host). A local
`prefect server start`, a process work pool and the `nightly-sync` deployment of prefect.yaml
(`prefect deploy`), as in the README. Measured, wall time of one national run:

- in-process: the embedded fallback, provinces one after another as subflows in one process;
- 1 worker, 2 workers: `national_sync` submits one flow run per province (run_deployment) and
  waits; each process worker takes one flow run at a time (`--limit 1`: a worker standing for
  one machine's capacity; polls every second);
- 2 workers + limit: the same, with every province's portal source naming one global
  concurrency limit of 1 slot: the limit must hold across workers (portals never overlap).

    .venv/bin/python bench/bench_national.py [--provinces 4] [--json bench/out/national.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.flows.prefect_server import BIN, PrefectServer  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="stcat-bench-national-"))
SERVER = PrefectServer(_TMP)
for k in [k for k in os.environ if k.startswith("PREFECT_")]:
    del os.environ[k]
os.environ.update(SERVER.env(PREFECT_HOME=str(_TMP / "client")))  # this process: a client of the server

from flows.demo import DEMO_CONFIG, demo_servers  # noqa: E402


def province_configs(urls: list[dict], limit: str | None) -> list[str]:
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("rate_limit: 0", "rate_limit: 1.0")
    if limit:
        text = text.replace("    max_pages: 10\n", f"    max_pages: 10\n    concurrency_limit: {limit}\n", 1)
    out = []
    for i, v in enumerate(urls):
        p = _TMP / f"province{i + 1}.yaml"
        p.write_text(text.replace("${portal}", v["portal"]).replace("${pubs}", v["pubs"]), encoding="utf-8")
        out.append(str(p))
    return out


def national(configs: list[str], label: str, deployment: str | None) -> tuple[float, dict]:
    from flows.settings import run_settings
    from flows.sync import national_sync

    t0 = time.perf_counter()
    with run_settings():
        out = national_sync(
            config_paths=configs,
            catalog="local",
            var_root=str(_TMP / label),
            province_deployment=deployment,
            poll_s=0.5,
        )
    return time.perf_counter() - t0, out


def portals_at_once(since: float) -> int:
    """Most sample-portal extracts that ran at the same moment, from the runs' own log lines:
    from "holding a slot" (or the task's start, without a limit) to "extract sample-portal: N records"."""
    import datetime as dt

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        LogFilter,
        LogFilterName,
        LogFilterTimestamp,
        TaskRunFilter,
        TaskRunFilterName,
        TaskRunFilterStartTime,
    )

    after = dt.datetime.fromtimestamp(since, dt.timezone.utc)
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            task_run_filter=TaskRunFilter(
                name=TaskRunFilterName(any_=["extract-sample-portal"]), start_time=TaskRunFilterStartTime(after_=after)
            )
        )
        logs = client.read_logs(
            log_filter=LogFilter(
                name=LogFilterName(any_=["flows.sync", "flows.steps"]), timestamp=LogFilterTimestamp(after_=after)
            ),
            limit=200,
        )
    start = {r.flow_run_id: r.start_time for r in runs if r.start_time}
    end = {}
    for rec in logs:
        if rec.message.startswith("extract sample-portal: holding a slot"):
            start[rec.flow_run_id] = rec.timestamp
        elif rec.message.startswith("extract sample-portal: ") and "records" in rec.message:
            end[rec.flow_run_id] = rec.timestamp
    edges = sorted(
        [(start[f], 1) for f in end if f in start] + [(end[f], -1) for f in end if f in start],
        key=lambda e: (e[0], e[1]),
    )
    best = now = 0
    for _, step in edges:
        now += step
        best = max(best, now)
    return best


def with_workers(n: int, configs: list[str], label: str) -> tuple[float, dict]:
    workers = [
        SERVER.start(
            [str(BIN / "prefect"), "worker", "start", "--pool", "stcat", "--limit", "1", "--name", f"{label}-w{i}"],
            f"{label}-w{i}.log",
            PREFECT_WORKER_QUERY_SECONDS="1",
        )
        for i in range(n)
    ]
    time.sleep(3)  # let each worker register before the runs are queued
    try:
        return national(configs, label, "nightly-sync/nightly-sync")
    finally:
        for w in workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(w.pid, 15)
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker slow to shut down on a loaded machine
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(w.pid, 9)
                w.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=4)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--only", nargs="*", help="scenario labels to run (default: all)")
    args = ap.parse_args()
    SERVER.wait()
    SERVER.prefect("work-pool", "create", "stcat", "--type", "process")
    SERVER.prefect("deploy", "--name", "nightly-sync")
    SERVER.prefect("gcl", "create", "bench-portal", "--limit", "1")
    results = {}
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(demo_servers()) for _ in range(args.provinces)]
        configs = province_configs(urls, None)
        for label, run in [
            ("in-process", lambda: national(configs, "in-process", None)),
            ("1 worker", lambda: with_workers(1, configs, "w1")),
            ("2 workers", lambda: with_workers(2, configs, "w2")),
            ("2 workers + limit", lambda: with_workers(2, province_configs(urls, "bench-portal"), "w2-limit")),
        ]:
            if args.only and label not in args.only:
                continue
            since = time.time()
            wall, out = run()
            results[label] = {
                "wall_s": round(wall, 1),
                "portals_at_once": portals_at_once(since),
                "provinces": {k: v.get("state") or v.get("status") or v.get("error") for k, v in out.items()},
            }
            print(label, json.dumps(results[label]), flush=True)
    base = results.get("1 worker", {}).get("wall_s")
    for r in results.values():
        r["ratio_to_1_worker"] = round(r["wall_s"] / base, 3) if base else None
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    SERVER.stop()
    subprocess.run(["rm", "-rf", str(_TMP)], check=False)


if __name__ == "__main__":
    main()
