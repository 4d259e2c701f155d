"""Benchmark of the CKAN publisher against the real stack (deploy/ckan/up.sh).

Measures, in the same run and against the same CKAN:
- stcat first publish of the five canonical tables (tasks has --rows rows): wall time,
  datasets/s, and datastore rows/s of the tasks load (DatasetReport.datastore_seconds:
  Parquet read + record conversion + HTTP + CKAN);
- plain ckanapi: RemoteCKAN.action.datastore_upsert of the same rows in batches of 10,000
  (method upsert, CKAN's default; and method insert), reading the same Parquet in batches
  and converting with the same function, on a fresh datastore table;
- a no-op re-publish (plan + publish with nothing changed): wall time and write calls;
- peak RSS (ru_maxrss) of the process that publishes (one child process per run).

    .venv/bin/python bench/bench_ckan.py --rows 100000 --runs 3
    .venv/bin/python bench/bench_ckan.py --rows 1000000 --runs 1 --lean --skip-baseline
    .venv/bin/python bench/bench_ckan.py --rows 200000 --runs 3 --skip-baseline --concurrency 1,2

--concurrency takes a list of catalog.datastore_concurrency values (default: the catalog's
default, C.DEFAULT_DATASTORE_CONCURRENCY): each run publishes once per value, in rotating order (run 1: 1,2; run 2: 2,1; ...), and the summary gives medians per
value, with the 1-minute load average before each publish.

Everything created is purged at the end of each run. Credentials come from CKAN_URL /
CKAN_API_TOKEN or var/ckan/env; the token is never printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from catalog import ckan as C  # noqa: E402
from catalog import package as pkg  # noqa: E402
from config.loader import parse_config  # noqa: E402
from transforms import schemas  # noqa: E402
from transforms.atomic import atomic_path  # noqa: E402
from transforms.parquet import PARQUET_OPTIONS, write_table  # noqa: E402

log = logging.getLogger("bench_ckan")
UA = "stcat-bench/0.1 (+https://github.com/stcat-vn/stcat)"
FLOOR = 1.0  # issue 14: the datastore load is at least as fast as a plain ckanapi datastore_upsert loop


def credentials() -> tuple[str, str]:
    url, token = os.environ.get("CKAN_URL", ""), os.environ.get("CKAN_API_TOKEN", "")
    env = REPO / "var" / "ckan" / "env"
    if not (url and token) and env.exists():
        kv = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line)
        url, token = kv.get("CKAN_URL", "").strip(), kv.get("CKAN_API_TOKEN", "").strip()
    if not (url and token):
        sys.exit("no CKAN_URL / CKAN_API_TOKEN (environment or var/ckan/env): run `make ckan-up`")
    return url, token


def config(uid: str, concurrency: int = 1):
    data = {
        "province": {
            "code": "06",
            "name": f"Tỉnh Đo {uid}",
            "merged_into": {"code": "19", "name": "Tỉnh Thái Nguyên", "date": "2025-07-01"},
        },
        "publisher": {
            "name": "Sở Khoa học và Công nghệ (bench)",
            "ckan_organization": f"stcat-bench-{uid}",
            "contact_email": "opendata@example.org",
        },
        "sources": [],
        "catalog": {"kind": "ckan", "datastore_concurrency": concurrency},
    }
    return parse_config(data, Path("<bench>"))


# --------------------------------------------------------------------------- data


def gen_tasks(path: Path, rows: int, lean: bool, chunk: int = 100_000) -> None:
    """A synthetic tasks table built column-wise with Arrow, written chunk by chunk."""
    sch = schemas.schema("tasks")
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, sch, **PARQUET_OPTIONS) as w:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            i = pa.array(range(start, start + n), pa.int64())
            s = pc.cast(i, pa.string())
            cols: dict[str, Any] = {
                "task_id": pc.binary_join_element_wise("T", pc.utf8_lpad(s, 7, "0"), ""),
                "title": pc.binary_join_element_wise("Đề tài ", s, ""),
                "source": pa.array(["k"] * n),
                "record_hash": pc.utf8_slice_codeunits(
                    pc.binary_join_element_wise("h", pc.utf8_lpad(s, 15, "0"), ""), 0, 16
                ),
            }
            if not lean:
                cols.update(
                    {
                        "title": pc.binary_join_element_wise(
                            "Nghiên cứu phục tráng giống Bí thơm Ba Bể tại huyện Chợ Đồn, số ", s, ""
                        ),
                        "level": pa.array(["provincial"] * n),
                        "kind": pa.array(["research_topic"] * n),
                        "host_org": pa.array(["Trường Đại học Nông Lâm - Đại học Thái Nguyên"] * n),
                        "principal_investigator": pa.array(["Nguyễn Thị Hằng"] * n),
                        "start_date": pa.array(["2021-01"] * n),
                        "end_date": pa.array(["2022-12-31"] * n),
                        "budget_vnd": pc.add(i, 1_250_000_000),
                        "applied": pc.equal(pc.bit_wise_and(i, 1), 0),
                        "confidence": pa.array([1.0] * n),
                        "source_url": pc.binary_join_element_wise("https://khcnbackan.gov.vn/tin-tuc/", s, ""),
                        "record_hash": pc.binary_join_element_wise(pc.utf8_lpad(s, 64, "a"), "", ""),
                    }
                )
            t = schemas.conform("tasks", pa.table(cols))
            w.write_table(t)


def gen_tables(root: Path, rows: int, lean: bool) -> dict[str, Path]:
    out = {"tasks": root / "tasks.parquet"}
    gen_tasks(out["tasks"], rows, lean)
    small = {
        "publications": [
            {
                "pub_id": f"P{i}",
                "title": f"Chè Shan tuyết {i}",
                "authors": ["Lê Văn Đức"],
                "year": 2020,
                "record_hash": f"h{i}",
            }
            for i in range(200)
        ],
        "organizations": [{"org_id": f"O{i}", "name": f"Viện {i}", "record_hash": f"h{i}"} for i in range(50)],
        "people": [{"person_id": f"N{i}", "name": f"Hoàng Văn Ánh {i}", "record_hash": f"h{i}"} for i in range(50)],
        "documents": [{"doc_id": f"D{i}", "number": f"{i}/QĐ-UBND", "record_hash": f"h{i}"} for i in range(50)],
    }
    for t, rs in small.items():
        out[t] = root / f"{t}.parquet"
        write_table(schemas.conform(t, rs), out[t])
    return out


# --------------------------------------------------------------------------- child processes


def child_publish(args: argparse.Namespace) -> dict[str, Any]:
    url, token = credentials()
    cfg = config(args.uid, args.concurrency)
    tables = {p.stem: p for p in Path(args.data).glob("*.parquet")}
    client = C.connect(url, token, user_agent=UA)
    t0 = time.perf_counter()
    plan = C.plan_publish(cfg, tables, client)
    report = C.publish(cfg, plan, client, workdir=Path(args.data) / "work")
    first = time.perf_counter() - t0
    assert report.ok, report.to_dict()
    tasks = next(d for d in report.datasets if d.table == "tasks")
    writes_first = client.write_calls
    client.reset_counters()
    t1 = time.perf_counter()
    plan2 = C.plan_publish(cfg, tables, client)
    C.publish(cfg, plan2, client)
    noop = time.perf_counter() - t1
    return {
        "first_s": first,
        "datasets": len(report.datasets),
        "tasks_rows": tasks.rows_added,
        "datastore_s": tasks.datastore_seconds,
        "writes_first": writes_first,
        "noop_s": noop,
        "noop_writes": client.write_calls,
        "noop_plan": plan2.noop,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Plain ckanapi: a dataset with a datastore table, then datastore_upsert in 10,000-row batches."""
    from ckanapi import RemoteCKAN

    url, token = credentials()
    cfg = config(args.uid)
    ck = RemoteCKAN(url, apikey=token, user_agent=UA)
    org = cfg.publisher.ckan_organization
    try:
        ck.action.organization_show(id=org)
    except C.NotFound:
        try:
            ck.action.organization_create(name=org)
        except C.CKANAPIError:
            ck.action.organization_show(id=org)
    name = f"plain-{args.uid}-{args.method}"
    p = ck.action.package_create(name=name, owner_org=org, title="plain ckanapi baseline")
    res = ck.action.datastore_create(
        resource={"package_id": p["id"], "name": "plain"}, fields=pkg.datastore_fields("tasks"), primary_key=["task_id"]
    )
    rid = res["resource_id"]
    path = Path(args.data) / "tasks.parquet"
    n = 0
    t0 = time.perf_counter()
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        recs = C.to_records(batch)
        ck.action.datastore_upsert(resource_id=rid, records=recs, method=args.method, force=True)
        n += len(recs)
    secs = time.perf_counter() - t0
    ck.action.dataset_purge(id=name)
    return {"rows": n, "seconds": secs, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def purge(uid: str) -> None:
    url, token = credentials()
    cfg = config(uid)
    client = C.connect(url, token, user_agent=UA, retries=4, backoff=2.0)
    for t in pkg.PUBLISHED_TABLES:
        try:
            client.call("dataset_purge", {"id": pkg.dataset_name(cfg, t)})
        except C.NotFound:
            pass
    for name in (f"plain-{uid}-upsert", f"plain-{uid}-insert"):
        try:
            client.call("dataset_purge", {"id": name})
        except C.NotFound:
            pass
    try:
        client.call("organization_purge", {"id": cfg.publisher.ckan_organization})
    except C.NotFound:
        pass


def run_child(mode: str, **kw: Any) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode] + [f"--{k.replace('_', '-')}={v}" for k, v in kw.items()]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"child {mode} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--lean", action="store_true", help="few, short columns (keeps the CSV under CKAN's upload limit at 1M rows)"
    )
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--child", choices=["publish", "baseline"])
    ap.add_argument("--uid")
    ap.add_argument("--data")
    ap.add_argument("--method", default="upsert")
    ap.add_argument(
        "--concurrency",
        default=str(C.DEFAULT_DATASTORE_CONCURRENCY),
        help="catalog.datastore_concurrency values, comma-separated (publishes interleaved per run; "
        "default: the catalog's default)",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    if args.child == "publish":
        args.concurrency = int(args.concurrency)
        print(json.dumps(child_publish(args)))
        return
    if args.child == "baseline":
        print(json.dumps(child_baseline(args)))
        return

    levels = [int(c) for c in str(args.concurrency).split(",")]
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ckan-") as tmp:
        t0 = time.perf_counter()
        gen_tables(Path(tmp), args.rows, args.lean)
        print(
            f"generated tasks={args.rows:,} rows ({'lean' if args.lean else 'realistic'}) in "
            f"{time.perf_counter() - t0:.1f}s; parquet {os.path.getsize(Path(tmp) / 'tasks.parquet') / 1e6:.1f} MB",
            flush=True,
        )
        for run in range(args.runs):
            order = levels[run % len(levels) :] + levels[: run % len(levels)]
            for n in order:
                uid = uuid.uuid4().hex[:8]
                try:
                    r: dict[str, Any] = {"run": run + 1, "concurrency": n}
                    if not args.skip_baseline:
                        for method in ("upsert", "insert"):
                            b = run_child("baseline", uid=uid, data=tmp, method=method)
                            r[f"plain_{method}_rows_s"] = b["rows"] / b["seconds"]
                            r[f"plain_{method}_s"] = b["seconds"]
                    r["load1"] = os.getloadavg()[0]
                    p = run_child("publish", uid=uid, data=tmp, concurrency=n)
                    r.update(p)
                    r["stcat_rows_s"] = p["tasks_rows"] / p["datastore_s"]
                    r["stcat_first_rows_s"] = p["tasks_rows"] / p["first_s"]
                    r["datasets_s"] = p["datasets"] / p["first_s"]
                    r["noop_share"] = p["noop_s"] / p["first_s"]
                    r["load1_after"] = os.getloadavg()[0]
                    results.append(r)
                    shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
                    print(json.dumps(shown), flush=True)
                except RuntimeError as e:  # e.g. the shared stack restarted under us: say so, go on
                    print(f"run {run + 1} (concurrency {n}) failed: {str(e)[-600:]}", flush=True)
                finally:
                    try:
                        purge(uid)
                    except C.CkanUnavailable as e:
                        print(f"purge of run {run + 1} failed: {e}", flush=True)
    if not results:
        sys.exit("no run succeeded")
    skip = ("run", "concurrency")
    keys = [
        k
        for k in results[0]
        if k not in skip and isinstance(results[0][k], (int, float)) and not isinstance(results[0][k], bool)
    ]
    for n in levels:
        rs = [r for r in results if r["concurrency"] == n]
        if not rs:
            continue
        med = {k: statistics.median(r[k] for r in rs) for k in keys}
        print(f"\nconcurrency {n}: median of {len(rs)} runs:")
        for k in keys:
            print(f"  {k:22s} {med[k]:,.3f}")
        per_run = ", ".join(f"{r['stcat_rows_s']:,.0f} (load {r['load1']:.1f})" for r in rs)
        print(f"  stcat rows/s per run   {per_run}")
        if "plain_upsert_rows_s" in med:
            ratio = med["stcat_rows_s"] / med["plain_upsert_rows_s"]
            print(f"  stcat/plain-upsert     {ratio:.2f}x")
            print(f"  stcat/plain-insert     {med['stcat_rows_s'] / med['plain_insert_rows_s']:.2f}x")
            verdict = "holds" if ratio >= FLOOR else "FAILS"
            print(f"  floor: datastore load >= {FLOOR:g}x plain ckanapi datastore_upsert: {verdict}")


if __name__ == "__main__":
    main()
