"""Crawl throughput of the project HTTP session versus a plain ``requests.Session`` loop.

Against one loopback site (``ThreadingHTTPServer``, TCP_NODELAY, keep-alive) serving N pages
of Vietnamese HTML, with the rate limit OFF so the client's own cost shows, each round runs,
in turn (interleaved so machine noise hits every mode alike):

- ``plain``        ``requests.Session().get(url, timeout=20).content`` in a loop: the baseline
- ``session``      ``make_session(rate_limit=0)`` without archive (robots.txt, domain/private
                   checks, size-capped streaming, retries wrapper)
- ``archive``      the same plus the raw archive (sha256 blob + metadata + manifest line per page,
                   validators store) into a fresh folder: a first crawl
- ``recrawl_same`` a re-crawl without validators (a server with no ETag): full bodies again, but
                   the blobs exist, so only hashing and a manifest line are paid
- ``recrawl_304``  a re-crawl over that archive: If-None-Match sent, the server answers
                   304, the body is read back from the archive
- ``offline``      ``offline=True`` replay of the archive: no network at all

Reported: median pages/s of R rounds, the ratio to ``plain``, and the archive's overhead
(ms per page, ``archive`` versus ``session``).

    .venv/bin/python bench/bench_crawl.py --pages 300 --size 60000 --rounds 5 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from extractors.http import make_session  # noqa: E402
from transforms.atomic import write_bytes_atomic  # noqa: E402
from tests.servers.scripted import Canned, ScriptedServer, Seen, html_page  # noqa: E402

UA = "stcat-bench/0.1 (+https://example.org/stcat; bench@example.org)"
MODES = ("plain", "session", "archive", "recrawl_same", "recrawl_304", "offline")


def build_site(n: int, size: int) -> tuple[ScriptedServer, list[str]]:
    """A loopback site with n pages of about ``size`` bytes, each with an ETag."""
    srv = ScriptedServer().start()
    srv.route("/robots.txt", Canned(200, b"User-agent: *\nDisallow: /admin\n", {"Content-Type": "text/plain"}))
    row = (
        "<tr><td>ĐT-2023-{i}</td><td>Nghiên cứu phục tráng giống Bí thơm Ba Bể</td>"
        "<td>Sở Khoa học và Công nghệ tỉnh Bắc Kạn</td><td>1.250,5</td></tr>"
    )
    urls = []
    for i in range(n):
        rows, k = [], 0
        while sum(map(len, rows)) < size:
            rows.append(row.format(i=f"{i}-{k}"))
            k += 1
        body = html_page(f"Danh sách nhiệm vụ trang {i}", "<table>" + "".join(rows) + "</table>")
        etag = f'"p{i}"'

        def answer(seen: Seen, body: bytes = body, etag: str = etag) -> Canned:
            if seen.headers.get("if-none-match") == etag:
                return Canned(304, b"", {"ETag": etag})
            return Canned(200, body, {"Content-Type": "text/html; charset=utf-8", "ETag": etag})

        srv.route(f"/tasks/{i}", answer)
        urls.append(srv.url(f"/tasks/{i}"))
    return srv, urls


def _session(archive: Path | None, **kw):
    return make_session(
        user_agent=UA,
        allowed_domains=["127.0.0.1"],
        rate_limit=0,
        allow_private=True,
        archive_dir=archive,
        source="bench",
        **kw,
    )


def run_plain(urls: list[str], _: Path) -> int:
    total = 0
    with requests.Session() as s:
        s.headers["User-Agent"] = UA
        for u in urls:
            total += len(s.get(u, timeout=20).content)
    return total


def run_session(urls: list[str], _: Path) -> int:
    total = 0
    with _session(None) as s:
        for u in urls:
            total += len(s.get(u).content)
    return total


def run_archive(urls: list[str], work: Path) -> int:
    total = 0
    with _session(work / "raw", run_id="first") as s:
        for u in urls:
            total += len(s.get(u).content)
    return total


def run_recrawl_same(urls: list[str], work: Path) -> int:
    total = 0
    with _session(work / "raw", run_id="same") as s:
        for u in urls:
            total += len(s.get(u, conditional=False).content)
    return total


def run_recrawl(urls: list[str], work: Path) -> int:
    total = 0
    with _session(work / "raw", run_id="second") as s:
        for u in urls:
            r = s.get(u)
            assert r.not_modified, u
            total += len(r.content)
    return total


def run_offline(urls: list[str], work: Path) -> int:
    total = 0
    with _session(work / "raw", offline=True, replay_run="second") as s:
        for u in urls:
            total += len(s.get(u).content)
    return total


RUNNERS: dict[str, Callable[[list[str], Path], int]] = {
    "plain": run_plain,
    "session": run_session,
    "archive": run_archive,
    "recrawl_same": run_recrawl_same,
    "recrawl_304": run_recrawl,
    "offline": run_offline,
}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench(pages: int, size: int, rounds: int) -> dict:
    srv, urls = build_site(pages, size)
    times: dict[str, list[float]] = {m: [] for m in MODES}
    sizes: dict[str, int] = {}
    disk = 0
    try:
        run_plain(urls[:20], Path("."))  # warm the server and the imports
        for _ in range(rounds):
            work = Path(tempfile.mkdtemp(prefix="stcat-bench-crawl-"))
            try:
                for mode in MODES:  # order matters: archive, then 304, then offline
                    t0 = time.perf_counter()
                    sizes[mode] = RUNNERS[mode](urls, work)
                    times[mode].append(time.perf_counter() - t0)
                disk = du(work / "raw")
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        srv.stop()
    assert len(set(sizes.values())) == 1, f"modes read different bytes: {sizes}"
    med = {m: statistics.median(v) for m, v in times.items()}
    return {
        "pages": pages,
        "bytes_per_page": sizes["plain"] // pages,
        "rounds": rounds,
        "median_s": med,
        "all_s": times,
        "pages_per_s": {m: pages / med[m] for m in MODES},
        "archive_overhead_ms_per_page": (med["archive"] - med["session"]) / pages * 1000,
        "archive_disk_bytes": disk,
    }


def to_markdown(res: dict, command: str) -> str:
    plain = res["pages_per_s"]["plain"]
    lines = [
        "# Crawl throughput: project HTTP session vs plain requests.Session",
        "",
        f"Command: `{command}`",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, requests {requests.__version__}. Loopback site: "
        f"{res['pages']} pages of {res['bytes_per_page']:,} bytes (Vietnamese HTML table), ThreadingHTTPServer "
        f"with TCP_NODELAY and keep-alive, in the same process. Rate limit OFF. Median of {res['rounds']} "
        "rounds, modes interleaved within each round.",
        "",
        "| mode | what | median s | pages/s | vs plain |",
        "|---|---|---|---|---|",
    ]
    what = {
        "plain": "`requests.Session` GET loop (baseline)",
        "session": "`make_session`, no archive",
        "archive": "`make_session` + raw archive, first crawl",
        "recrawl_same": "re-crawl, no validators sent, same bodies (blobs exist: manifest line only)",
        "recrawl_304": "re-crawl: If-None-Match → 304, body from archive",
        "offline": "`offline=True` replay, no network",
    }
    for m in MODES:
        pps = res["pages_per_s"][m]
        lines.append(f"| {m} | {what[m]} | {res['median_s'][m]:.3f} | {pps:,.0f} | {pps / plain:.2f}× |")
    lines += [
        "",
        f"Archive overhead (archive − session): {res['archive_overhead_ms_per_page']:.3f} ms per page; "
        f"disk after one round (blobs + metadata + 3 manifests + validators): "
        f"{res['archive_disk_bytes'] / 2**20:.1f} MiB for {res['pages']} pages.",
        "",
        "All rounds (s): " + "; ".join(f"{m}: " + ", ".join(f"{t:.3f}" for t in res["all_s"][m]) for m in MODES),
        "",
        "Reading: on loopback the client's CPU is the bound, so these figures are the",
        "session's own cost per page. The session itself costs nothing measurable over a plain keep-alive",
        "`requests.Session` (it streams in 64 KiB chunks, requests' `.content` reads 10 KiB ones). The first",
        "crawl into the archive pays for creating two files per new body (blob + metadata sidecar, each via a",
        "temporary file and `os.replace`): disk-bound and noisy on a shared VM, about 0.4–2 ms per page here.",
        "Re-crawls pay only a hash and a manifest line. A real crawl runs at 1 request/s per host, so even",
        "2 ms per page is 0.2% of wall time; a 304 re-crawl saves the body transfer, not the round trip.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--size", type=int, default=60000, help="approximate bytes per page")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="write bench/results/crawl.md")
    args = ap.parse_args(argv)
    res = bench(args.pages, args.size, args.rounds)
    command = (
        ".venv/bin/python bench/bench_crawl.py "
        + " ".join(f"--{k} {v}" for k, v in (("pages", args.pages), ("size", args.size), ("rounds", args.rounds)))
        + (" --write" if args.write else "")
    )
    md = to_markdown(res, command)
    sys.stdout.write(md)
    if args.write:
        write_bytes_atomic(ROOT / "bench" / "results" / "crawl.md", md.encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
