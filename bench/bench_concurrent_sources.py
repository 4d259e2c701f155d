"""Wall time of one nightly run in the polite demo shape against its slowest source (issue 13, item 6).

The demo config with every source at 1 request/s per host (what a real provincial crawl gets),
run through the nightly_sync flow in a fresh var dir each time. Reported per run: the flow's
wall time, each source's extract time (inside stcat's own code), the slowest source, and the
ratio wall / slowest source. Sources run one after another give a ratio near sum / max; sources
on different hosts extracted side by side give a ratio near 1.

    .venv/bin/python bench/bench_concurrent_sources.py --runs 3 [--json bench/out/concurrent.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import configure_prefect  # noqa: E402

_VAR = Path(tempfile.mkdtemp(prefix="stcat-bench-conc-"))
configure_prefect(_VAR)

from flows.cli import DEMO_CONFIG, demo_servers  # noqa: E402
from flows.settings import run_settings  # noqa: E402
from flows.sync import nightly_sync  # noqa: E402


def polite_config(tmp: Path) -> Path:
    p = tmp / "demo-polite.yaml"
    p.write_text(DEMO_CONFIG.read_text(encoding="utf-8").replace("rate_limit: 0", "rate_limit: 1.0"), encoding="utf-8")
    return p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    cfg = polite_config(_VAR)
    rows = []
    with demo_servers() as variables, run_settings():
        nightly_sync(config_path=str(DEMO_CONFIG), variables=variables, var_dir=str(_VAR / "warmup"))
        for i in range(args.runs):
            t0 = time.perf_counter()
            summary = nightly_sync(config_path=str(cfg), variables=variables, var_dir=str(_VAR / f"run-{i}"))
            wall = time.perf_counter() - t0
            sources = {k.split(":", 1)[1]: v for k, v in summary["timings"].items() if k.startswith("extract:")}
            slowest = max(sources.values())
            rows.append(
                {
                    "wall_s": round(wall, 2),
                    "sources_s": {k: round(v, 2) for k, v in sources.items()},
                    "sum_sources_s": round(sum(sources.values()), 2),
                    "slowest_s": round(slowest, 2),
                    "ratio": round(wall / slowest, 3),
                    "failed": list(summary["failed_sources"]),
                    "tasks_rows": summary["tables"]["tasks"]["rows"],
                }
            )
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    out = {
        "runs": rows,
        "median_wall_s": statistics.median(r["wall_s"] for r in rows),
        "median_slowest_s": statistics.median(r["slowest_s"] for r in rows),
        "median_ratio": statistics.median(r["ratio"] for r in rows),
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(_VAR, ignore_errors=True)


if __name__ == "__main__":
    main()
