"""Time the demo sync and its stages; measure Prefect's share of a provincial run.

For each of N runs (fresh var dir each): the nightly_sync flow against the sample portal on
loopback (first run, then a no-change re-run), and — as the baseline measured in the same
run — the very same stage functions called in a plain loop without Prefect. Prefect's
overhead is the flow's wall time minus the plain loop's, as a share of the flow's.

Two shapes: `fast` (rate limit off: parsing and transform dominate, so overhead shows) and
`polite` (the configured 1 request/s per host that a real provincial crawl runs at).

    .venv/bin/python bench/bench_demo.py --runs 5 [--polite-runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import configure_prefect  # noqa: E402

_VAR = Path(tempfile.mkdtemp(prefix="stcat-bench-"))
configure_prefect(_VAR)

from flows import steps  # noqa: E402
from flows.cli import DEMO_CONFIG, demo_servers  # noqa: E402
from flows.settings import run_settings  # noqa: E402
from flows.sync import nightly_sync, summary_of  # noqa: E402
from config.loader import load_config  # noqa: E402


def plain_run(cfg_path: Path, variables: dict, var_dir: Path) -> float:
    """The same stages as nightly_sync, called directly: the no-orchestrator baseline."""
    t0 = time.perf_counter()
    cfg = load_config(cfg_path, variables)
    now = dt.datetime.now(dt.timezone.utc)
    paths = steps.Paths(var_dir)
    run_id = steps.new_run_id(now)
    for s in cfg.sources:
        try:
            steps.extract_source(cfg, s.name, run_id, paths)
        except Exception as e:  # same policy as the flow: a failed source is reported and skipped
            print(f"source {s.name} failed: {e}", file=sys.stderr)
    stored = steps.transform_and_store(cfg, run_id, paths, now)
    steps.publish(cfg, "local", stored["tables"], paths, now)
    steps.commit_cursors(paths, run_id)
    return time.perf_counter() - t0


def flow_run(cfg_path: Path, variables: dict, var_dir: Path) -> tuple[float, dict]:
    t0 = time.perf_counter()
    with run_settings():
        # as `stcat` reads it: a run whose reject share passed its limit ends Failed with its summary
        summary = summary_of(
            nightly_sync(config_path=str(cfg_path), variables=variables, var_dir=str(var_dir), return_state=True)
        )
    return time.perf_counter() - t0, summary


def polite_config(tmp: Path) -> Path:
    """The demo config with the politeness a real DOST site gets (1 request/s)."""
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("rate_limit: 0", "rate_limit: 1.0")
    p = tmp / "demo-polite.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def measure(cfg_path: Path, runs: int, label: str) -> dict:
    rows = []
    with demo_servers() as variables:
        flow_run(cfg_path, variables, _VAR / "warmup")  # the embedded API starts on the first flow
        for i in range(runs):
            a, b = _VAR / f"{label}-flow-{i}", _VAR / f"{label}-plain-{i}"
            first, summary = flow_run(cfg_path, variables, a)
            again, summary2 = flow_run(cfg_path, variables, a)
            plain_first = plain_run(cfg_path, variables, b)
            plain_again = plain_run(cfg_path, variables, b)
            rows.append(
                {
                    "flow_first": first,
                    "flow_again": again,
                    "plain_first": plain_first,
                    "plain_again": plain_again,
                    "timings": summary["timings"],
                    "status_again": summary2["status"],
                    "tasks_rows": summary["tables"]["tasks"]["rows"],
                }
            )
            shutil.rmtree(a, ignore_errors=True)
            shutil.rmtree(b, ignore_errors=True)
    med = lambda k: statistics.median(r[k] for r in rows)  # noqa: E731
    stage_keys = sorted({k for r in rows for k in r["timings"]})
    stages = {k: statistics.median(r["timings"].get(k, 0.0) for r in rows) for k in stage_keys}
    out = {
        "label": label,
        "runs": runs,
        "flow_first_s": med("flow_first"),
        "plain_first_s": med("plain_first"),
        "flow_again_s": med("flow_again"),
        "plain_again_s": med("plain_again"),
        "stages_s": stages,
        "tasks_rows": rows[0]["tasks_rows"],
        "status_again": rows[0]["status_again"],
    }
    out["prefect_share_first"] = max(out["flow_first_s"] - out["plain_first_s"], 0) / out["flow_first_s"]
    out["prefect_share_again"] = max(out["flow_again_s"] - out["plain_again_s"], 0) / out["flow_again_s"]
    return out


def cold_cli(runs: int) -> float:
    """`stcat demo` as a newcomer runs it: a fresh process, Prefect import and embedded API start included."""
    times = []
    for i in range(runs):
        var = _VAR / f"cli-{i}"
        env = {**os.environ, "PREFECT_HOME": str(var / "prefect")}
        t0 = time.perf_counter()
        subprocess.run(
            [str(ROOT / ".venv/bin/stcat"), "demo", "--var-dir", str(var)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--polite-runs", type=int, default=3)
    ap.add_argument("--cli-runs", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results = {"fast": measure(DEMO_CONFIG, args.runs, "fast")}
    if args.polite_runs:
        results["polite"] = measure(polite_config(_VAR), args.polite_runs, "polite")
    if args.cli_runs:
        results["cli_cold_s"] = cold_cli(args.cli_runs)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(_VAR, ignore_errors=True)


if __name__ == "__main__":
    main()
