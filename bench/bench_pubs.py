"""Publication benchmarks: harvest throughput on loopback, and dedup of a million records.

    .venv/bin/python bench/bench_pubs.py harvest [--works 3000] [--runs 3] [--inprocess] [--baseline REV] [--cold]
    .venv/bin/python bench/bench_pubs.py oai-paths [--works 3000] [--runs 3]
    .venv/bin/python bench/bench_pubs.py oai-page [--runs 3]
    .venv/bin/python bench/bench_pubs.py dedup [--records 1000000] [--runs 3]

``harvest``: the three collectors (OAI-PMH, OpenAlex, Crossref) harvest synthetic works from
the loopback servers through the project session (rate limits off); then the same page URLs
are fetched again as raw GETs without parsing — once with a bare keep-alive
``requests.Session`` and once through the project session — in the same run. Reports
records/s and the ratio harvest / raw (floor for OAI-PMH: >= 0.25). The servers run in a child
process (as a real source is another machine), so their rendering neither holds the client's GIL nor fills its
heap, which the client's garbage collector would otherwise walk; ``--inprocess`` keeps them in the
measuring process as the first version of this benchmark did. ``--baseline REV`` also runs the
collectors as of git revision REV, alternating with the working tree's run by run, and prints both
(revisions from the one-reader change on: older collectors import extractors.prefetch, now gone).
Each collector first harvests once untimed, so that the timed harvest and the raw GETs after it
both meet a warm server (a freshly forked server answers its first pass slower, which only the
harvest would otherwise pay); ``--cold`` leaves that out, as runs before 2026-11-26 10:00 did.

``oai-paths``: the OAI-PMH page reader (parse, records, raw records) against bare lxml parsing of
the same pages (all ListRecords pages of the synthetic works, in this process, no HTTP), pages/s
interleaved run by run (floor: reader >= 0.25x bare lxml). ``oai-page``: the CPU of the reader's
steps on one 100-record page.

``dedup``: a fresh process per run generates N synthetic raw publication records in chunks
(each work seen by 1-3 collectors with source-typical variants), normalizes them,
clusters and merges them, and reports wall time per stage and peak RSS (target < 2 GB).

Medians of the runs are printed as a Markdown table row per measure.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger("bench_pubs")

FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Hà Lương Ma Nông Triệu Lò Hứa"
).split()
MIDDLE = "Văn Thị Minh Quang Thanh Ngọc Hữu Đức Thu Kim Xuân".split()
GIVEN = (
    "An Bình Cường Dũng Điền Giang Hà Hải Hạnh Hùng Hương Huyền Khoa Lan Long Mai Nam Nga Nguyệt "
    "Phong Quân Sơn Tâm Thắng Thịnh Thu Trang Tú Tuấn Vân Việt"
).split()
WORDS = (
    "nghiên cứu đánh giá ứng dụng giống lúa ngô chè quýt cam bí thơm gà lợn cá rừng đất nước sinh "
    "trưởng năng suất chất lượng phát triển bảo tồn nguồn gen mô hình kỹ thuật công nghệ thực trạng "
    "giải pháp du lịch văn hóa dân tộc Tày Nùng Dao hát Then y tế bệnh viện đái tháo đường dược liệu "
    "giảo cổ lam viễn thám biến động sạch bệnh nuôi cấy mô hữu cơ VietGAP Bắc Kạn Ba Bể Chợ Đồn Na Rì "
    "Pác Nặm Ngân Sơn Bạch Thông huyện tỉnh tại của và theo hướng hàng hóa"
).split()
VENUES = [
    "Tạp chí Khoa học và Công nghệ - Đại học Thái Nguyên",
    "Tạp chí Nông nghiệp và Phát triển nông thôn",
    "Vietnam Journal of Earth Sciences",
    "Tạp chí Y Dược học",
    "Academia Journal of Biology",
]


# ----------------------------------------------------------------------------- synthetic works (harvest)


def synthetic_works(n: int, seed: int = 7) -> list[dict]:
    """Works in the demo.publications format, each seen by 1-3 collectors."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 16))).capitalize()
        authors = [[rnd.choice(FAMILY), f"{rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"] for _ in range(rnd.randint(1, 5))]
        year = rnd.randint(2005, 2025)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        has = [c for c in ("oai", "openalex", "crossref") if rnd.random() < 0.6] or ["openalex"]
        if "crossref" in has or rnd.random() < 0.5:
            doi = f"10.{34238 + i % 7}/bench.{i}"
        else:
            doi = None
            has = [c for c in has if c != "crossref"] or ["oai"]
        out.append(
            {
                "key": f"b{i}",
                "in": has,
                "title": title,
                "authors": authors,
                "year": year,
                "date": date,
                "doi": doi,
                "language": "vi",
                "venue": rnd.choice(VENUES),
                "affiliations": ["Trường Đại học Nông Lâm - Đại học Thái Nguyên"],
                "abstract": " ".join(rnd.choice(WORDS) for _ in range(40)),
                "openalex_id": f"W{4400000000 + i}",
                "datestamp": f"{date}T{i % 24:02d}:00:00Z",
                "updated": date,
                "indexed": f"{date}T00:00:00Z",
            }
        )
    return out


def _serve_child(works: list[dict], conn: Any) -> None:
    """Child process: run the loopback servers; answer 'paths' (and clear the log) until 'stop'."""
    from tests.servers.pubs import PubServer

    with PubServer(works, oai_page_size=100) as srv:
        conn.send(srv.base_url)
        while True:
            cmd = conn.recv()
            if cmd == "stop":
                break
            with srv._lock:
                conn.send(list(srv.requests))
                srv.requests.clear()


class _ChildServer:
    """PubServer in a forked child process, with the same ``base_url`` / ``requests`` surface."""

    def __init__(self, works: list[dict]):
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_child, args=(works, child), daemon=True)

    def __enter__(self) -> _ChildServer:
        self._proc.start()
        self.base_url = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._proc.join(timeout=10)

    def take_paths(self) -> list[str]:
        self._conn.send("paths")
        return self._conn.recv()


def load_collectors(rev: str | None = None) -> dict[str, Any]:
    """The collector modules (oai_pmh, openalex, crossref): the working tree's, or as of git
    revision ``rev`` (loaded from ``git show`` under other module names; they import the
    working tree's helpers)."""
    import importlib
    import importlib.util
    import tempfile

    names = ("oai_pmh", "openalex", "crossref")
    if rev is None:
        return {n: importlib.import_module(f"extractors.{n}") for n in names}
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        for n in names:
            src = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{rev}:extractors/{n}.py"], capture_output=True, text=True, check=True
            ).stdout
            path = Path(tmp) / f"baseline_{n}.py"
            path.write_text(src, encoding="utf-8")
            spec = importlib.util.spec_from_file_location(f"baseline_{n}", path)
            assert spec is not None and spec.loader is not None
            mod = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = mod
            spec.loader.exec_module(mod)
            out[n] = mod
    return out


def _raw_get_seconds(urls: list[str]) -> float:
    """Wall seconds to GET the URLs one after another with a bare keep-alive requests.Session,
    reading each body and parsing nothing: the baseline a harvest is compared with."""
    import requests

    raw = requests.Session()
    t0 = time.perf_counter()
    for u in urls:
        raw.get(u, timeout=30).content  # noqa: B018 - read the body
    seconds = time.perf_counter() - t0
    raw.close()
    return seconds


WARMUP = True  # --cold sets it off


def _bench_harvest_once(
    works: list[dict], inprocess: bool = False, collectors: dict[str, Any] | None = None
) -> dict[str, Any]:
    from tests.servers.pubs import PubServer
    from tests.servers.pubs import context, source

    mods = collectors or load_collectors()
    oai_pmh, openalex, crossref = mods["oai_pmh"], mods["openalex"], mods["crossref"]

    results: dict[str, Any] = {}
    server: Any = PubServer(works, oai_page_size=100) if inprocess else _ChildServer(works)
    with server as srv:

        def take_paths() -> list[str]:
            if inprocess:
                paths = list(srv.requests)
                srv.requests.clear()
                return paths
            return srv.take_paths()

        b = srv.base_url
        jobs = [
            ("oai_pmh", oai_pmh, source("j", "oai_pmh", base_url=f"{b}/oai")),
            (
                "openalex",
                openalex,
                source("oa", "openalex", base_url=f"{b}/openalex", filter="x:y", per_page=100, max_requests=10_000),
            ),
            (
                "crossref",
                crossref,
                source(
                    "cr",
                    "crossref",
                    base_url=f"{b}/crossref",
                    filter="",
                    query_affiliation="Bac Kan",
                    rows=100,
                    max_requests=10_000,
                ),
            ),
        ]
        for name, mod, src in jobs:
            if WARMUP:
                wctx = context()
                sum(1 for _ in mod.iter_records(src, wctx))
                wctx.session.close()
            take_paths()
            ctx = context()
            t0 = time.perf_counter()
            n = sum(1 for r in mod.iter_records(src, ctx) if not r.get("reject"))
            harvest_s = time.perf_counter() - t0
            urls = [b + p for p in take_paths()]
            ctx.session.close()
            raw_s = _raw_get_seconds(urls)
            sess = context().session
            t0 = time.perf_counter()
            for u in urls:
                sess.get(u, conditional=False)
            proj_s = time.perf_counter() - t0
            sess.close()
            results[name] = {
                "records": n,
                "pages": len(urls),
                "harvest_rps": n / harvest_s,
                "raw_rps": n / raw_s,
                "session_get_rps": n / proj_s,
                "ratio_raw": raw_s / harvest_s,
                "ratio_session": proj_s / harvest_s,
            }
    return results


def bench_harvest(n_works: int, runs: int, inprocess: bool = False, baseline: str | None = None) -> None:
    works = synthetic_works(n_works)
    where = "in this process" if inprocess else "in a child process"
    if baseline:
        _bench_harvest_interleaved(works, runs, inprocess, baseline, where)
        return
    all_runs = [_bench_harvest_once(works, inprocess) for _ in range(runs)]
    print(f"\nHarvest from loopback servers ({where}), {n_works} synthetic works, median of {runs} runs\n")
    print(
        "| collector | records | pages | harvest rec/s | raw requests GET rec/s | project-session GET rec/s "
        "| harvest / raw | harvest / session GET |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in all_runs[0]:
        m = {k: statistics.median(r[name][k] for r in all_runs) for k in all_runs[0][name]}
        print(
            f"| {name} | {m['records']:.0f} | {m['pages']:.0f} | {m['harvest_rps']:,.0f} | {m['raw_rps']:,.0f} "
            f"| {m['session_get_rps']:,.0f} | {m['ratio_raw']:.2f}× | {m['ratio_session']:.2f}× |"
        )
    print(
        "\nratio harvest / raw per run: "
        + "; ".join(f"{name}: " + ", ".join(f"{r[name]['ratio_raw']:.2f}" for r in all_runs) for name in all_runs[0])
    )


def _bench_harvest_interleaved(works: list[dict], runs: int, inprocess: bool, baseline: str, where: str) -> None:
    """Baseline (git revision) and working-tree collectors alternately, ``runs`` rounds each."""
    base, head = load_collectors(baseline), load_collectors()
    pairs = []
    for _ in range(runs):
        pairs.append((_bench_harvest_once(works, inprocess, base), _bench_harvest_once(works, inprocess, head)))
    print(
        f"\nHarvest from loopback servers ({where}), {len(works)} synthetic works, {runs} rounds of "
        f"baseline {baseline} then working tree, medians\n"
    )
    print(
        "| collector | records | baseline rec/s | working tree rec/s | raw GET rec/s (all runs) "
        "| baseline / raw | working tree / raw |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in pairs[0][0]:
        med = statistics.median
        raw = med([r[name]["raw_rps"] for pair in pairs for r in pair])
        print(
            f"| {name} | {pairs[0][1][name]['records']} | {med(b[name]['harvest_rps'] for b, _ in pairs):,.0f} "
            f"| {med(h[name]['harvest_rps'] for _, h in pairs):,.0f} | {raw:,.0f} "
            f"| {med(b[name]['ratio_raw'] for b, _ in pairs):.2f}× | {med(h[name]['ratio_raw'] for _, h in pairs):.2f}× |"
        )
    for label, idx in (("baseline", 0), ("working tree", 1)):
        print(
            f"\n{label} harvest / raw per round: "
            + "; ".join(
                f"{name}: " + ", ".join(f"{p[idx][name]['ratio_raw']:.2f}" for p in pairs) for name in pairs[0][0]
            )
        )


def _oai_pages(n_works: int) -> list[bytes]:
    """Every ListRecords page (100 records each) of the synthetic works' OAI-PMH list, as served."""
    from extractors import oai_pmh
    from tests.servers.pubs import PubServer

    srv = PubServer(synthetic_works(n_works), oai_page_size=100)
    try:
        pages, token = [], None
        while True:
            q = {"verb": "ListRecords", **({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})}
            pages.append(srv.oai(q))
            token = oai_pmh.parse_page(pages[-1]).token
            if not token:
                return pages
    finally:
        srv.httpd.server_close()


_KW = dict(source="j", base_url="https://j.example/oai", fetched_at="2026-01-01T00:00:00+00:00", repository_name="R")


def _read_page(page: bytes) -> int:
    """What a harvest does with a page: parse it, build its records and their raw records."""
    from extractors import oai_pmh

    n = 0
    for rec in oai_pmh.iter_page_records(oai_pmh.parse_page(page)):
        oai_pmh.to_raw_record(rec, **_KW)
        n += 1
    return n


def bench_oai_paths(n_works: int, runs: int) -> None:
    """The OAI-PMH page reader (parse + records + raw records) against bare lxml parsing of the same
    pages, in this process (no HTTP), interleaved run by run; each pass after an untimed one."""
    from lxml import etree

    pages = _oai_pages(n_works)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

    def bare() -> int:
        for page in pages:
            etree.fromstring(page, parser)
        return 0

    def reader() -> int:
        return sum(_read_page(page) for page in pages)

    modes = {"bare lxml parse": bare, "stcat OAI-PMH reader (parse + records + raw records)": reader}
    rates: dict[str, list[float]] = {m: [] for m in modes}
    n_records = reader()
    for _ in range(max(runs, 1)):
        for name, fn in modes.items():
            fn()  # untimed pass
            t0 = time.perf_counter()
            reps = 0
            while time.perf_counter() - t0 < 1.0:  # at least one second per mode and run
                fn()
                reps += 1
            rates[name].append(reps * len(pages) / (time.perf_counter() - t0))
    ratios = [r / b for r, b in zip(rates[list(modes)[1]], rates[list(modes)[0]])]
    print(
        f"\nOAI-PMH pages read in this process, {len(pages)} pages of {n_records} records "
        f"({sum(map(len, pages)) / len(pages) / 1024:.0f} KB each), {runs} interleaved rounds, medians\n"
    )
    print("| mode | pages/s | per round |")
    print("|---|---|---|")
    for name in modes:
        print(f"| {name} | {statistics.median(rates[name]):,.0f} | {' '.join(f'{r:,.0f}' for r in rates[name])} |")
    print(f"\nreader / bare lxml: {statistics.median(ratios):.2f}× (per round {' '.join(f'{r:.2f}' for r in ratios)})")


def bench_oai_page(n_works: int, runs: int) -> None:
    """Per-page CPU of the OAI-PMH reader's steps on one 100-record page, in this process (no HTTP)."""
    from extractors import oai_pmh

    page = _oai_pages(n_works)[0]
    parsed = oai_pmh.parse_page(page)
    records = list(oai_pmh.iter_page_records(parsed))
    steps = {
        "lxml parse (oai_pmh.parse_page)": lambda: oai_pmh.parse_page(page),
        "records by the walk (iter_page_records)": lambda: list(oai_pmh.iter_page_records(parsed)),
        "raw records (to_raw_record)": lambda: [oai_pmh.to_raw_record(r, **_KW) for r in records],
        "the whole page": lambda: _read_page(page),
    }
    reps = max(runs, 1) * 100
    print(f"\nOne ListRecords page ({len(page):,} bytes, {len(records)} records), median of {reps} calls, ms\n")
    print("| step | ms per page |")
    print("|---|---|")
    for name, fn in steps.items():
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        print(f"| {name} | {statistics.median(times) * 1e3:.3f} |")


# ----------------------------------------------------------------------------- dedup of 1M records


def _syllable_typo(rnd: random.Random, s: str) -> str:
    i = rnd.randrange(len(s))
    return s[:i] + s[i + 1 :]


def synthetic_chunks(n_records: int, chunk: int = 100_000, seed: int = 11):
    """Raw columns (transforms.publications.RAW_COLUMNS) in chunks; ~1.7 records per work."""
    from transforms.publications import RAW_COLUMNS
    from transforms.text import word_key

    rnd = random.Random(seed)
    made = 0
    work = 0
    while made < n_records:
        cols: dict[str, list] = {k: [] for k in RAW_COLUMNS}
        while len(cols["title_raw"]) < chunk and made < n_records:
            work += 1
            title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 16))).capitalize()
            fam, mid, giv = rnd.choice(FAMILY), rnd.choice(MIDDLE), rnd.choice(GIVEN)
            n_auth = rnd.randint(1, 4)
            year = rnd.randint(2000, 2025)
            doi = f"10.{34238 + work % 9}/bench.{work}" if rnd.random() < 0.7 else None
            seen = [c for c in ("oai_pmh", "openalex", "crossref") if rnd.random() < 0.55] or ["openalex"]
            for coll in seen:
                if made >= n_records:
                    break
                made += 1
                t, first = title, f"{fam}, {mid} {giv}"
                if coll == "openalex":
                    t = word_key(title) if rnd.random() < 0.5 else title
                    first = f"{mid} {giv} {fam}"
                elif coll == "oai_pmh" and rnd.random() < 0.1:
                    t = _syllable_typo(rnd, title)
                cols["collector"].append(coll)
                cols["source"].append(coll)
                cols["record_ref"].append(f"{coll}:{work}")
                cols["source_id"].append(f"{coll}:{work}")
                cols["doi_raw"].append(
                    (f"https://doi.org/{doi.upper()}" if coll == "oai_pmh" else doi)
                    if doi and (coll != "oai_pmh" or rnd.random() < 0.5)
                    else None
                )
                cols["title_raw"].append(t)
                cols["authors_raw"].append(
                    [first] + [f"{rnd.choice(FAMILY)}, Văn {rnd.choice(GIVEN)}" for _ in range(n_auth - 1)]
                )
                cols["year_raw"].append(str(year) if coll != "oai_pmh" else None)
                cols["date_raw"].append(f"{year}-05-01" if coll == "oai_pmh" else None)
                cols["venue_raw"].append(VENUES[work % len(VENUES)])
                cols["language_raw"].append("vie" if coll == "oai_pmh" else "vi")
                cols["affiliations_raw"].append(
                    ["Trường Đại học Nông Lâm - Đại học Thái Nguyên"] if coll != "oai_pmh" else []
                )
                cols["abstract_raw"].append(None)
                cols["url"].append(None)
                cols["deleted"].append(False)
                cols["funding_text"].append(None)
                cols["fetched_at"].append("2026-01-01T00:00:00+00:00")
        yield cols, work


def _dedup_child(n_records: int) -> dict[str, Any]:
    from transforms.publications import build_from_rows, normalize_columns

    t0 = time.perf_counter()
    gen_s = norm_s = 0.0
    parts = []
    works = 0
    it = synthetic_chunks(n_records)
    while True:
        g0 = time.perf_counter()
        try:
            cols, works = next(it)
        except StopIteration:
            break
        g1 = time.perf_counter()
        parts.append(normalize_columns(cols))
        del cols
        gen_s += g1 - g0
        norm_s += time.perf_counter() - g1
    d0 = time.perf_counter()
    res = build_from_rows(parts, None)
    del parts
    dedup_s = time.perf_counter() - d0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # quality against the generator's truth: work number = last field of each source id
    split_works: dict[str, int] = {}
    false_merges = 0
    for ids in res.publications.column("source_ids").to_pylist():
        ws = {i.rsplit(":", 1)[-1] for i in ids}
        false_merges += len(ws) > 1
        for w in ws:
            split_works[w] = split_works.get(w, 0) + 1
    return {
        "records": n_records,
        "works": works,
        "publications": res.publications.num_rows,
        "works_split": sum(1 for v in split_works.values() if v > 1),
        "false_merges": false_merges,
        "generate_s": gen_s,
        "normalize_s": norm_s,
        "dedup_merge_s": dedup_s,
        "total_s": time.perf_counter() - t0,
        "peak_rss_mb": rss_mb,
    }


def bench_dedup(n_records: int, runs: int) -> None:
    out = []
    for _ in range(runs):
        p = subprocess.run(
            [sys.executable, __file__, "_dedup_child", "--records", str(n_records)],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(json.loads(p.stdout.strip().splitlines()[-1]))
    m = {k: statistics.median(r[k] for r in out) for k in out[0]}
    print(f"\nCross-source dedup of {n_records:,} synthetic records, median of {runs} runs (fresh process each)\n")
    print(
        "| records | works | publications out | works split | false merges | generate s | normalize s "
        "| dedup+merge+hash s | normalize+dedup k rec/s | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {m['records']:,.0f} | {m['works']:,.0f} | {m['publications']:,.0f} | {m['works_split']:,.0f} "
        f"| {m['false_merges']:,.0f} | {m['generate_s']:.1f} "
        f"| {m['normalize_s']:.1f} | {m['dedup_merge_s']:.1f} "
        f"| {m['records'] / (m['normalize_s'] + m['dedup_merge_s']) / 1000:.0f} | {m['peak_rss_mb']:,.0f} |"
    )
    print("\nruns: " + json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["harvest", "oai-paths", "oai-page", "dedup", "_dedup_child"])
    ap.add_argument("--works", type=int, default=3000)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--inprocess", action="store_true", help="harvest: servers in the measuring process")
    ap.add_argument(
        "--baseline", metavar="REV", help="harvest: also run the collectors of git revision REV, interleaved run by run"
    )
    ap.add_argument("--cold", action="store_true", help="harvest: no untimed warm-up harvest first")
    a = ap.parse_args()
    global WARMUP
    WARMUP = not a.cold
    logging.basicConfig(level=logging.WARNING)
    if a.what == "harvest":
        bench_harvest(a.works, a.runs, a.inprocess, a.baseline)
    elif a.what == "oai-paths":
        bench_oai_paths(a.works, a.runs)
    elif a.what == "oai-page":
        bench_oai_page(a.works, a.runs)
    elif a.what == "dedup":
        bench_dedup(a.records, a.runs)
    else:
        print(json.dumps(_dedup_child(a.records)))


if __name__ == "__main__":
    main()
