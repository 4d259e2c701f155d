"""Statistics and reconciliation (issue 15) on synthetic canonical tables of a national size.

    .venv/bin/python bench/bench_statistics.py [--sizes 10000 200000] [--runs 3] [--checks 10]

For each size: N tasks and N publications (random levels, kinds, fields, grades, dates over
2015-2025 with 0-3 year periods, budgets; publications with 1-3 collectors and 300 venues), then
the median of `runs` timings of the events pass, the statistics table built from it, and
`checks` official totals reconciled against it. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics as stats_
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms import schemas  # noqa: E402
from transforms.reconcile import OfficialTotal, reconcile  # noqa: E402
from transforms.statistics import build_statistics, events  # noqa: E402


def make_tables(n: int, seed: int = 1) -> dict:
    rnd = random.Random(seed)

    def date() -> str | None:
        return None if rnd.random() < 0.2 else f"{rnd.randint(2015, 2025)}-{rnd.randint(1, 12):02d}"

    tasks = []
    for i in range(n):
        start = date()
        tasks.append(
            {
                "task_id": f"t-{i}",
                "title": "x",
                "source": "s",
                "record_hash": "h",
                "level": rnd.choice((*schemas.LEVELS, None)),
                "kind": rnd.choice((*schemas.KINDS, None)),
                "field_code": rnd.choice(["101", "4", "40101", "302", None]),
                "acceptance_grade": rnd.choice((*schemas.GRADES, None, None)),
                "start_date": start,
                "end_date": None if start is None else f"{int(start[:4]) + rnd.randint(0, 3)}-{rnd.randint(1, 12):02d}",
                "decision_date": date(),
                "budget_vnd": rnd.choice([None, rnd.randint(1, 5) * 10**9]),
                "budget_state_vnd": rnd.choice([None, rnd.randint(1, 3) * 10**9]),
            }
        )
    pubs = [
        {
            "pub_id": f"p-{i}",
            "title": "x",
            "record_hash": "h",
            "year": rnd.randint(2015, 2025),
            "venue": f"venue {rnd.randint(0, 300)}",
            "deleted": rnd.random() < 0.02,
            "sources": rnd.sample(["oai_pmh", "openalex", "crossref"], rnd.randint(1, 3)),
        }
        for i in range(n)
    ]
    return {"tasks": schemas.conform("tasks", tasks), "publications": schemas.conform("publications", pubs)}


def totals(k: int) -> list[OfficialTotal]:
    shapes = [
        ("tasks_accepted", ()),
        ("tasks_accepted", (("level", "provincial"),)),
        ("tasks_accepted", (("acceptance_grade", "good"),)),
        ("tasks_ongoing", ()),
        ("budget_total_vnd", (("field", "4"),)),
        ("publications", (("source", "openalex"),)),
    ]
    out = []
    for i in range(k):
        code, bd = shapes[i % len(shapes)]
        year = 2016 + i % 9
        out.append(
            OfficialTotal(code, 42, "bench", "https://example.org", dt.date(year, 1, 1), dt.date(year, 12, 31), bd)
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--checks", type=int, default=10)
    a = ap.parse_args()
    print("| tasks + publications | events (s) | statistics table (s) | rows | reconcile (s) | process peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in a.sizes:
        tables = make_tables(n)
        t_ev, t_st, t_rc = [], [], []
        rows = 0
        for _ in range(a.runs):
            t0 = time.perf_counter()
            ev = events(tables)
            t1 = time.perf_counter()
            rows = build_statistics(tables, ev).num_rows
            t2 = time.perf_counter()
            reconcile(totals(a.checks), tables, ev)
            t3 = time.perf_counter()
            t_ev.append(t1 - t0), t_st.append(t2 - t1), t_rc.append(t3 - t2)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {n:,} + {n:,} | {stats_.median(t_ev):.2f} | {stats_.median(t_st):.2f} | {rows:,} | "
            f"{stats_.median(t_rc):.2f} | {peak:,.0f} |"
        )


if __name__ == "__main__":
    main()
