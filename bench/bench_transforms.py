"""Benchmark: the full tasks transform (the one column path), at two sizes.

    .venv/bin/python bench/bench_transforms.py [--rows 1000000] [--row-rows 100000] [--repeats 3]

Each measurement runs in a fresh subprocess (so peak RSS is that run's own), on a synthetic
raw table shaped like the province pages (realistic cardinalities: ~unique titles, hundreds of
host-organization spellings, thousands of budgets and dates, a little TCVN3/NFD/NBSP noise,
5% of tasks seen twice): ``transforms.pipeline.transform_tasks`` on the raw table (normalize,
ids, link, validate, hash). ``--rows`` is the size the floors apply to (1M rows: <= 60 s, < 2 GB
peak RSS); ``--row-rows`` a second, smaller size (the name is kept from when it sized a
row-by-row baseline, since deleted with that path). Results are medians of ``--repeats``.
Writes bench/results/transforms.md by default (``--out`` elsewhere).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

log = logging.getLogger("bench_transforms")

WORDS = (
    "nghiên cứu ứng dụng tiến bộ kỹ thuật xây dựng mô hình sản xuất giống cây trồng vật nuôi phục tráng "
    "bí thơm lúa nếp chè shan tuyết miến dong cam quýt Bắc Kạn Ba Bể Chợ Đồn Na Rì Pác Nặm bảo tồn "
    "nguồn gen hoá học thuỷ sản phát triển bền vững nâng cao hiệu quả quản lý"
).split()
ORGS = (
    "Sở KH&CN",
    "Sở KHCN",
    "SKHCN",
    "Sở Khoa học & Công nghệ",
    "Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
    "UBND huyện Ba Bể",
    "Ủy ban nhân dân huyện Chợ Đồn",
    "Trường ĐH Nông Lâm Thái Nguyên",
    "HTX Dịch vụ nông nghiệp Hoàng Hà",
    "Trung tâm Ứng dụng tiến bộ KH&CN",
    "Sở NN&PTNT",
)
TITLES = ("PGS.TS.", "TS.", "ThS.", "KS.", "CN.", "TS. BS.", "", "ông", "bà")
SURN = ("Nguyễn", "Trần", "Lê", "Hoàng", "Triệu", "Nông", "Ma", "Đỗ", "Hà", "Lý")
MID = ("Văn", "Thị", "Ngọc", "Đức", "Minh", "Thanh")
GIVEN = ("An", "Bình", "Cường", "Dung", "Hà", "Mỹ", "Thế", "Thuỷ", "Thủy", "Hùng", "Lan", "Mai")
STATUS = ("Đã nghiệm thu", "Đang thực hiện", "Phê duyệt", "đề xuất", None)
GRADES = ("Xuất sắc", "Khá", "Đạt", "Không đạt", None)
KINDS = ("Đề tài", "Dự án SXTN", "Dự án KH&CN", "Đề án", None)
LEVELS = ("Cấp tỉnh", "cấp cơ sở", "Quốc gia", None)
FIELDS = ("Hoá học", "Hóa học", "Trồng trọt", "401 - Trồng trọt", "Chăn nuôi", "Lâm nghiệp", "10101", None)
SECTIONS = ("I. LĨNH VỰC NÔNG NGHIỆP", "II. LĨNH VỰC Y DƯỢC", "III. LĨNH VỰC KHOA HỌC XÃ HỘI", None)


def synthetic(n: int, seed: int = 7):
    """A raw task table of n rows (see transforms.tasks.records_to_table for the columns)."""
    import pyarrow as pa

    rnd = random.Random(seed)
    base = max(1, int(n * 0.95))
    cols: dict[str, list] = {
        k: []
        for k in (
            "source",
            "record_ref",
            "source_url",
            "fetched_at",
            "confidence",
            "extras",
            "f_code",
            "f_title",
            "f_level",
            "f_kind",
            "f_host_org",
            "f_principal_investigator",
            "f_period",
            "f_start_date",
            "f_end_date",
            "f_budget",
            "f_budget_state",
            "f_status",
            "f_acceptance_grade",
            "f_acceptance_date",
            "f_decision",
            "f_decision_date",
            "f_field",
            "f_applied",
            "h_date_order",
            "h_money_unit",
            "h_budget_state_unit",
            "h_section",
            "h_page_date",
            "h_page_title",
            "h_level",
        )
    }
    for i in range(n):
        t = i if i < base else rnd.randrange(base)  # 5% re-sightings of earlier tasks
        r = random.Random(t * 7919 + seed)
        title = " ".join(r.choice(WORDS) for _ in range(r.randint(6, 14))) + f" giai đoạn {t}"
        title = title[0].upper() + title[1:]
        x = r.random()
        if x < 0.05:
            title = unicodedata.normalize("NFD", title)
        elif x < 0.10:
            title = title.replace(" ", "\u00a0 ", 2)
        elif x < 0.11:
            title = "B¶o tån nguån gen " + str(t)  # TCVN3 leftovers
        y = 2010 + r.randrange(14)
        cols["source"].append(r.choice(("khcnbackan", "dosttn")))
        cols["record_ref"].append(f"https://khcnbackan.gov.vn/p{t % 5000}#table1/row{i}")
        cols["source_url"].append(f"https://khcnbackan.gov.vn/p{t % 5000}")
        cols["fetched_at"].append("2026-11-26T02:00:03+00:00")
        cols["confidence"].append(1.0 if i < base else 0.8)
        cols["extras"].append(None)
        cols["f_code"].append(f"ĐT-{y}-{t:06d}" if r.random() < 0.5 else None)
        cols["f_title"].append(title)
        cols["f_level"].append(r.choice(LEVELS))
        cols["f_kind"].append(r.choice(KINDS))
        cols["f_host_org"].append(r.choice(ORGS) + ("" if r.random() < 0.8 else f" {r.randrange(200)}"))
        cols["f_principal_investigator"].append(
            f"{r.choice(TITLES)} {r.choice(SURN)} {r.choice(MID)} {r.choice(GIVEN)}".strip()
        )
        cols["f_period"].append(f"{r.randint(1, 12):02d}/{y} - {r.randint(1, 12):02d}/{y + r.randint(1, 3)}")
        cols["f_start_date"].append(None)
        cols["f_end_date"].append(None)
        cols["f_budget"].append(
            f"{r.randrange(100, 3000)}.{r.randrange(0, 10)}00"
            if r.random() < 0.5
            else f"{r.randrange(1, 30)},{r.randrange(0, 999)} tỷ đồng"
        )
        cols["f_budget_state"].append(f"{r.randrange(50, 100)}" if r.random() < 0.7 else None)
        cols["f_status"].append(r.choice(STATUS))
        cols["f_acceptance_grade"].append(r.choice(GRADES))
        cols["f_acceptance_date"].append(f"{r.randint(1, 28)}/{r.randint(1, 12)}/{y + 2}" if r.random() < 0.5 else None)
        cols["f_decision"].append(f"{r.randrange(1, 3000)}/QĐ-UBND")
        cols["f_decision_date"].append(f"Ngày {r.randint(1, 28)} tháng {r.randint(1, 12)} năm {y}")
        cols["f_field"].append(r.choice(FIELDS))
        cols["f_applied"].append(r.choice(("Có", "Chưa", None)))
        cols["h_date_order"].append("dmy")
        cols["h_money_unit"].append("triệu đồng")
        cols["h_budget_state_unit"].append(None)
        cols["h_section"].append(r.choice(SECTIONS))
        cols["h_page_date"].append(f"{y + 1}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}")
        cols["h_page_title"].append(None)
        cols["h_level"].append("provincial")
    return pa.table({k: pa.array(v, pa.float64() if k == "confidence" else pa.string()) for k, v in cols.items()})


def _ctx():
    from config.loader import Merge, Province
    from transforms.pipeline import TransformContext

    return TransformContext(
        "bench",
        Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1))),
        dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc),
    )


def _input(rows: int) -> Path:
    """The synthetic raw table as Parquet (built once per size, in its own process)."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"stcat_bench_tasks_{rows}.parquet"
    if not path.exists():
        import pyarrow.parquet as pq

        from transforms.atomic import atomic_path

        with atomic_path(path) as tmp:
            pq.write_table(synthetic(rows), tmp)
    return path


def run_one(rows: int) -> dict:
    """One measurement in this process: wall and CPU seconds, peak RSS (MB)."""
    import pyarrow.parquet as pq
    from transforms.pipeline import transform_tasks

    ctx = _ctx()
    path = _input(rows)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0 = time.process_time()
    t0 = time.perf_counter()
    table, rejects = transform_tasks(lambda: pq.read_table(path), ctx)  # includes reading the Parquet
    secs = time.perf_counter() - t0
    out_rows, n_rej = table.num_rows, len(rejects)
    cpu = time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "seconds": secs,
        "cpu_seconds": cpu,
        "rows_per_s": rows / secs,
        "rows_per_cpu_s": rows / cpu,
        "peak_rss_mb": peak_mb,
        "rss_after_input_mb": rss_before,
        "out_rows": out_rows,
        "rejects": n_rej,
    }


def _spawn(rows: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--one", "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--row-rows", type=int, default=100_000, help="a second, smaller size")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--one", action="store_true", help="one measurement in this process (internal)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "transforms.md"))
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if a.one:
        print(json.dumps(run_one(a.rows)))
        return 0
    for size in {a.rows, a.row_rows}:
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
                f"import bench_transforms as b; b._input({size})",
            ],
            check=True,
            cwd=ROOT,
        )
    runs: dict[str, list[dict]] = {"full": [], "small": []}
    for i in range(a.repeats):
        runs["full"].append(_spawn(a.rows))
        runs["small"].append(_spawn(a.row_rows))
        log.warning("repeat %d: %s", i + 1, {k: round(v[-1]["seconds"], 2) for k, v in runs.items()})
    med = {
        k: {
            m: statistics.median(r[m] for r in v)
            for m in ("seconds", "cpu_seconds", "rows_per_s", "rows_per_cpu_s", "peak_rss_mb")
        }
        for k, v in runs.items()
    }
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    md = f"""# Transforms benchmark (tasks)

Command: `.venv/bin/python bench/bench_transforms.py --rows {a.rows} --row-rows {a.row_rows} --repeats {a.repeats}`

Machine: {platform.platform()}, {os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}.
Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC. Medians of {a.repeats} runs, each in a fresh process.

Workload: synthetic raw task table (see `synthetic()` in the script): nearly unique titles (5% NFD,
5% with NBSP, 1% TCVN3), 11 host-organization spellings (+ numbered variants), titled PI names,
periods, VND budgets in mixed notations, Vietnamese word dates, decision numbers, field names,
section hints; 5% of rows re-sight an earlier task (linked into one row, conflicts reported).
Full transform = normalize → task ids → link/dedup → validate → record_hash.

| size | rows | median wall s | median CPU s | rows/s (wall) | rows/CPU-s | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|
| full (`transform_tasks`) | {a.rows:,} | {med["full"]["seconds"]:.2f} | {med["full"]["cpu_seconds"]:.2f} | {med["full"]["rows_per_s"]:,.0f} | {med["full"]["rows_per_cpu_s"]:,.0f} | {med["full"]["peak_rss_mb"]:,.0f} |
| small | {a.row_rows:,} | {med["small"]["seconds"]:.2f} | {med["small"]["cpu_seconds"]:.2f} | {med["small"]["rows_per_s"]:,.0f} | {med["small"]["rows_per_cpu_s"]:,.0f} | {med["small"]["peak_rss_mb"]:,.0f} |

Floors at 1,000,000 rows: wall <= 60 s and peak RSS < 2 GB. The machine is shared (other
engineers' jobs run concurrently), so wall and CPU time are both shown.

Peak memory: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of a fresh process; the run reads the raw
input from Parquet inside the timed call, so the figure includes the input table in Arrow and the
interpreter with pandas/pyarrow loaded.

Raw runs: `{json.dumps(runs)}`
"""
    Path(a.out).write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
