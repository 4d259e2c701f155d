"""Parse throughput of the site extractor versus a bare lxml.html parse of the same pages.

Pages: every saved HTML page of the sample portal and of tests/fixtures/<site>/, plus a
synthetic ~60 KB article (furniture + a 20-row task table, the shape of a real provincial
article). Each round runs, interleaved so machine noise hits every mode alike:

- ``lxml``       ``lxml.html.fromstring(bytes)``: the baseline (tree only, no selection)
- ``lexbor``     ``LexborHTMLParser(text)``: tree only, for reference
- ``stcat``      the real work: decode (charset rules) → adapter parse (listing: items and
                 next page; article: title, date, tables → raw task records, attachments,
                 prose mentions)

Each measurement runs in a fresh process (after one untimed stcat pass and one of the mode), so no
mode runs on the heap another left behind: the C parsers' speed depends on it (bench/results/parse.md);
``--in-process`` keeps the earlier single-process method. Reported: median pages/s of R rounds per
mode and the ratio of ``stcat`` to ``lxml`` (floor of issue 14: ratio ≥ 0.25), both per wall-clock
second and per CPU second of this process. On a shared, loaded machine the wall-clock figures swing
with other processes; the CPU-time figures are the steadier measure of the parse cost itself. Both
are printed; neither is asserted in any test.

    .venv/bin/python bench/bench_parse.py --rounds 5 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from extractors.documents import records_from_article  # noqa: E402
from extractors.sites.adapter import SiteAdapter, load_adapter  # noqa: E402
from extractors.sites.article import parse_article  # noqa: E402
from extractors.sites.listing import parse_listing  # noqa: E402
from extractors.sites.page import decode_html  # noqa: E402

Page = tuple[str, bytes, SiteAdapter, bool]  # name, bytes, adapter, is_listing


def synthetic_page() -> bytes:
    """A ~60 KB Drupal article: the demo table article with a 20-row table and heavy furniture."""
    src = (
        ROOT / "demo/portal/tin-tuc-su-kien/tin-tuc-su-kien/phe-duyet-danh-muc-nhiem-vu-khcn-cap-tinh-2022.html"
    ).read_text(encoding="utf-8")
    head, rest = src.split("<tr>\n<td>1</td>", 1)
    row, tail = rest.split("</tr>", 1)
    rows = "".join(f"<tr>\n<td>{i}</td>{row.replace('Phục tráng', f'Phục tráng ({i})')}</tr>" for i in range(1, 21))
    furniture = "".join(
        f'<li><a href="/tin-tuc-su-kien/tin-tuc-su-kien/tin-{i}.html">Tin liên quan số {i} về '
        f"hoạt động khoa học và công nghệ của tỉnh</a></li>"
        for i in range(260)
    )
    head = head.replace("</aside>", f"<ul>{furniture}</ul></aside>", 1)
    page = head + rows + "</tr>" + tail
    return page.encode("utf-8")


def collect_pages() -> list[Page]:
    drupal = load_adapter("drupal_backan")
    pages: list[Page] = []
    portal = ROOT / "demo" / "portal" / "tin-tuc-su-kien"
    for p in sorted(portal.glob("*.html")):
        pages.append((f"portal/{p.name}", p.read_bytes(), drupal, True))
    for p in sorted((portal / "tin-tuc-su-kien").glob("*.html")):
        pages.append((f"portal/{p.name}", p.read_bytes(), drupal, False))
    for folder, site in (("khcnbackan", "drupal_backan"), ("dosttn", "dnn_thainguyen"), ("kontum", "aspnet_kontum")):
        for p in sorted((ROOT / "tests" / "fixtures" / folder).glob("*.html")):
            pages.append((f"{folder}/{p.name}", p.read_bytes(), load_adapter(site), p.name.startswith("listing")))
    pages.append(("synthetic-60KB", synthetic_page(), drupal, False))
    return pages


def run_lxml(pages: list[Page]) -> int:
    for _, content, _, _ in pages:
        lxml.html.fromstring(content)
    return len(pages)


def run_lexbor(pages: list[Page]) -> int:
    for _, content, _, _ in pages:
        LexborHTMLParser(content.decode("utf-8"))
    return len(pages)


def run_stcat(pages: list[Page]) -> int:
    n = 0
    for name, content, adapter, is_listing in pages:
        text = decode_html(content, "text/html").text
        url = f"https://example.gov.vn/{name}"
        if is_listing:
            parse_listing(text, url, adapter)
        else:
            art = parse_article(text, url, adapter)
            n += sum(1 for _ in records_from_article(art, source="bench", fetched_at="t", adapter=adapter))
    return n


def measure(fn: Callable[[list[Page]], int], pages: list[Page], min_seconds: float) -> tuple[float, float]:
    """(pages per wall second, pages per CPU second of this process) over passes lasting ≥ min_seconds."""
    passes, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        fn(pages)
        passes += 1
        el = time.perf_counter() - t0
        if el >= min_seconds:
            return passes * len(pages) / el, passes * len(pages) / max(time.process_time() - c0, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0, help="minimum seconds per mode per round")
    ap.add_argument("--only-synthetic", action="store_true", help="measure the 60 KB page alone")
    ap.add_argument("--write", action="store_true", help="write bench/results/parse.md (its notes are kept)")
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="all modes in this one process, interleaved (the method before 2026-11-26)",
    )
    ap.add_argument("--child", nargs=2, metavar=("SET", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    all_pages = collect_pages()
    sets = {"all saved pages": all_pages, "synthetic 60 KB article": [p for p in all_pages if p[0] == "synthetic-60KB"]}
    modes = {"lxml": run_lxml, "lexbor": run_lexbor, "stcat": run_stcat}
    if args.child:
        # one measurement in a fresh process, after one untimed stcat pass and one of the mode
        run_stcat(all_pages)
        fn = modes[args.child[1]]
        fn(sets[args.child[0]])
        print(json.dumps(measure(fn, sets[args.child[0]], args.seconds)))
        return
    if args.rounds < 3:
        ap.error("--rounds must be >= 3 (medians of at least 3 runs)")
    if args.only_synthetic:
        sets.pop("all saved pages")
    records = run_stcat(all_pages)
    results: dict[str, dict[str, float]] = {}
    load_before = os.getloadavg()[0]
    for label, pages in sets.items():
        wall: dict[str, list[float]] = {m: [] for m in modes}
        cpu: dict[str, list[float]] = {m: [] for m in modes}
        for _ in range(args.rounds):
            for m, fn in modes.items():
                if args.in_process:
                    w, c = measure(fn, pages, args.seconds)
                else:
                    out = subprocess.run(
                        [sys.executable, __file__, "--child", label, m, "--seconds", str(args.seconds)],
                        capture_output=True,
                        text=True,
                        check=True,
                        cwd=ROOT,
                    )
                    w, c = json.loads(out.stdout.strip().splitlines()[-1])
                wall[m].append(w)
                cpu[m].append(c)
        results[label] = {
            **{m: statistics.median(v) for m, v in wall.items()},
            **{f"{m}_cpu": statistics.median(v) for m, v in cpu.items()},
        }
    kb = sum(len(p[1]) for p in all_pages) / len(all_pages) / 1024
    lines = [
        "# Parse throughput (bench/bench_parse.py)",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, Python {platform.python_version()}, "
        + ("1 process; " if args.in_process else "each measurement in a fresh process (after one untimed pass); ")
        + f"median pages/s of {args.rounds} rounds (≥{args.seconds:g} s per mode per round, modes interleaved); "
        f"load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} CPUs "
        "(a shared machine: other jobs were running).",
        f"Pages: {len(all_pages)} saved pages (portal listing + articles, khcnbackan/dosttn/kontum fixtures, one "
        f"synthetic 60 KB article; mean {kb:.1f} KB); the stcat pass yields {records} raw task records per pass.",
        "",
        "| page set | clock | bare lxml.html | bare lexbor | stcat parse (decode + adapter + tables + prose) "
        "| stcat / lxml |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in results.items():
        for clock, sfx in (("wall", ""), ("CPU", "_cpu")):
            lines.append(
                f"| {label} | {clock} | {r['lxml' + sfx]:,.0f} | {r['lexbor' + sfx]:,.0f} | "
                f"{r['stcat' + sfx]:,.0f} | {r['stcat' + sfx] / r['lxml' + sfx]:.2f}× |"
            )
    lines += [
        "",
        "pages/s per wall-clock second (`time.perf_counter`) and per CPU second of this process (`time.process_time`).",
        "",
        "Floor (issue 14): stcat ≥ 0.25× bare lxml. Command:",
        "",
        "    .venv/bin/python bench/bench_parse.py --rounds 5 --write",
        "",
    ]
    out = "\n".join(lines)
    print(out)
    if args.write:
        path = ROOT / "bench" / "results" / "parse.md"
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        notes = old[old.index("## Notes") :] if "## Notes" in old else ""
        path.write_text(out + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
