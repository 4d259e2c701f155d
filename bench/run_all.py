"""`make bench`: every benchmark of bench/ once, at the sizes its targets are stated for, one after
the other, printing each script's tables (bench/results/*.md hold the recorded runs and notes).

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...]

``--quick`` uses smaller sizes and fewer runs (a smoke run of every script, minutes instead of
the better part of an hour). The CKAN benchmark runs only when the stack answers (``make ckan-up``
brings it up and writes var/ckan/env); otherwise it is listed as not run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

# name: (full arguments, quick arguments)
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "parse": (["bench/bench_parse.py"], ["bench/bench_parse.py", "--rounds", "3", "--seconds", "0.2"]),
    "crawl": (["bench/bench_crawl.py"], ["bench/bench_crawl.py", "--pages", "60", "--rounds", "2"]),
    # its tables go to bench/out/ (not versioned): results/transforms.md keeps the recorded run and its notes
    "transforms": (
        ["bench/bench_transforms.py", "--out", "bench/out/transforms.md"],
        [
            "bench/bench_transforms.py",
            "--rows",
            "100000",
            "--row-rows",
            "20000",
            "--repeats",
            "1",
            "--out",
            "bench/out/transforms.md",
        ],
    ),
    "pubs-harvest": (
        ["bench/bench_pubs.py", "harvest", "--works", "3000", "--runs", "7"],
        ["bench/bench_pubs.py", "harvest", "--works", "3000", "--runs", "2"],
    ),
    "pubs-oai-paths": (
        ["bench/bench_pubs.py", "oai-paths", "--works", "3000", "--runs", "7"],
        ["bench/bench_pubs.py", "oai-paths", "--works", "3000", "--runs", "2"],
    ),
    "pubs-oai-page": (
        ["bench/bench_pubs.py", "oai-page", "--runs", "3"],
        ["bench/bench_pubs.py", "oai-page", "--runs", "1"],
    ),
    "pubs-dedup": (
        ["bench/bench_pubs.py", "dedup", "--records", "1000000", "--runs", "3"],
        ["bench/bench_pubs.py", "dedup", "--records", "50000", "--runs", "1"],
    ),
    "orgs": (["bench/bench_orgs.py", "--runs", "3"], ["bench/bench_orgs.py", "--sizes", "1000", "--runs", "1"]),
    "demo": (["bench/bench_demo.py", "--runs", "5"], ["bench/bench_demo.py", "--runs", "1", "--polite-runs", "1"]),
    "concurrent-sources": (
        ["bench/bench_concurrent_sources.py", "--runs", "3"],
        ["bench/bench_concurrent_sources.py", "--runs", "1"],
    ),
    "national": (["bench/bench_national.py"], ["bench/bench_national.py", "--provinces", "2"]),
    "statistics": (
        ["bench/bench_statistics.py", "--runs", "3"],
        ["bench/bench_statistics.py", "--sizes", "10000", "--runs", "1"],
    ),
    "ckan": (["bench/bench_ckan.py"], ["bench/bench_ckan.py", "--rows", "10000", "--runs", "1"]),
    "hostile": (
        ["bench/bench_hostile.py", "--out", "bench/out/hostile.md"],
        [
            "bench/bench_hostile.py",
            "--out",
            "bench/out/hostile.md",
            "--only",
            "xlsx-10-sheets",
            "html-nested-3.3MB",
            "pdf-flate-bomb",
            "html-tcvn3-as-1252",
        ],
    ),
}


def ckan_answers() -> bool:
    """Whether the CKAN of var/ckan/env answers its status call."""
    import urllib.request

    env = ROOT / "var" / "ckan" / "env"
    if not env.exists():
        return False
    url = next(
        (line.split("=", 1)[1].strip() for line in env.read_text().splitlines() if line.startswith("CKAN_URL=")), None
    )
    if not url:
        return False
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/api/3/action/status_show", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    ap.add_argument("--only", nargs="+", choices=sorted(BENCHES), help="run these only")
    a = ap.parse_args()
    failed, skipped = [], []
    (ROOT / "bench" / "out").mkdir(exist_ok=True)  # not versioned: a clean clone has no bench/out/ yet
    for name, (full, quick) in BENCHES.items():
        if a.only and name not in a.only:
            continue
        if name == "ckan" and not ckan_answers():
            skipped.append(f"{name} (no CKAN answering: run `make ckan-up` first)")
            continue
        args = quick if a.quick else full
        print(f"\n===== {name}: {' '.join(args)}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.run([PY, *args], cwd=ROOT).returncode
        print(f"===== {name}: exit {rc} after {time.perf_counter() - t0:.0f} s", flush=True)
        if rc != 0:
            failed.append(name)
    for s in skipped:
        print(f"not run: {s}")
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
