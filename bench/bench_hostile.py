"""Hostile documents (issue 12): each attack, the budget that stops it, observed time and peak RSS.

    .venv/bin/python bench/bench_hostile.py [--only NAME ...] [--out bench/results/hostile.md]

Every attack is built from scratch (tests/unit/hostile_files.py and below) and parsed by
`records_from_bytes` (or `parse_document` for a local file) in a fresh child process, which reports
its own wall time for the parse and its peak RSS (VmHWM: ru_maxrss would carry the parent's over
exec). The memory bound every input under the size cap must keep is extractors.tables.sniff's
MEMORY_BOUND_MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIFT_ZIP = "import extractors.tables.sniff as s; s.MAX_RATIO = s.MAX_UNCOMPRESSED_BYTES = 10**12"
LIFT_RATIO = "import extractors.tables.sniff as s; s.MAX_RATIO = 10**12"
LIFT_HTML = (
    "import extractors.tables.html as h; "
    "h.MAX_TABLE_DEPTH = h.MAX_HTML_DEPTH = h.MAX_HTML_TAGS = h.MAX_HTML_BYTES = h.MAX_TABLE_CELLS = 10**9"
)

# name: (what the attack is, the budget meant to stop it, builder expression, setup code run first)
ATTACKS: dict[str, tuple[str, str, str, str]] = {
    "xlsx-10-sheets": (
        "XLSX, 10 sheets of ~1 MB XML each (issue: 1.07 GB RSS)",
        "zip ratio 200:1 over all entries",
        "H.xlsx_many_sheets(10)",
        "",
    ),
    "xlsx-99-sheets": (
        "XLSX, 99 sheets of ~1 MB XML each (issue: MemoryError)",
        "64 MB uncompressed, 64 sheets",
        "H.xlsx_many_sheets(99)",
        "",
    ),
    "xlsx-10-sheets-streamed": (
        "the 10-sheet XLSX with the zip checks lifted: 650,000 cells streamed",
        "500,000 cells (rows x columns)",
        "H.xlsx_many_sheets(10)",
        LIFT_ZIP,
    ),
    "xlsx-500k-distinct-cells": (
        "XLSX of 4,999 x 100 distinct numbers (2.7 MB, passes the zip checks)",
        "none: read whole (1,000,000 such cells took 364 MB)",
        "distinct_cells(4_999)",
        "",
    ),
    "xlsx-99-sheets-streamed": (
        "the 99-sheet XLSX with the zip checks lifted",
        "64 sheets (counted before opening)",
        "H.xlsx_many_sheets(99)",
        LIFT_ZIP,
    ),
    "xlsx-far-cell": (
        "XLSX, one value at XFD1048576 (padding attack)",
        "100 columns, 20,000 rows",
        "H.xlsx_far_cell()",
        "",
    ),
    "xlsx-empty-cells": (
        "XLSX, 1,000,100 empty <c/> cells, zip ratio check lifted",
        "1,000,000 parsed cells",
        "empty_cells()",
        LIFT_RATIO,
    ),
    "xls-big-sheet": (
        "XLS, one sheet of 917,504 numbers in 7.5 MB (MULRK records)",
        "6 MB of BIFF records a sheet",
        "H.xls_big_sheet()",
        "",
    ),
    "xls-big-sheet-no-size-limit": (
        "the same XLS with the sheet size limit lifted",
        "20,000 rows (after xlrd loaded the sheet)",
        "H.xls_big_sheet()",
        "import extractors.tables.xls as x; x.MAX_SHEET_BYTES = 10**12",
    ),
    "docx-300k-paragraphs": (
        "DOCX body of 300,000 empty paragraphs, zip ratio check lifted",
        "250,000 XML elements in word/document.xml",
        "docx_paragraphs(300_000)",
        LIFT_RATIO,
    ),
    "pdf-flate-bomb": (
        "PDF of 254 KB whose content stream inflates to 256 MB",
        "64 MB inflated streams",
        "flate_bomb(256)",
        "",
    ),
    "pdf-201-pages": ("PDF declaring 201 pages", "200 pages", "pdf_pages(201)", ""),
    "xlsx-zlib-error": ("XLSX with a corrupt deflate stream (zlib.error)", "isolation: reject", "corrupt_zlib()", ""),
    "xlsx-bad-method": (
        "XLSX entry with compression method 99 (NotImplementedError)",
        "isolation: reject",
        "corrupt_method()",
        "",
    ),
    "xls-directory-cycle": (
        "XLS whose OLE directory entry is its own sibling (xlrd RecursionError)",
        "isolation: reject",
        "xls_cycle()",
        "",
    ),
    "html-nested-660KB": ("660 KB of nested tables (issue: 62 s)", "markup nesting depth 1,000", "nested(19_500)", ""),
    "html-nested-3.3MB": ("3.3 MB of nested tables (issue: > 300 s)", "200,000 markup tags", "nested(97_000)", ""),
    "html-nested-60-tables": ("60 tables nested in each other", "table nesting depth 50", "nested(60)", ""),
    "html-nested-3.3MB-no-budgets": (
        "3.3 MB of nested tables, page budgets lifted: linear table finding",
        "none",
        "nested(97_000)",
        LIFT_HTML,
    ),
    "html-150k-divs": ("150,000 nested <div> (750 KB)", "markup nesting depth 1,000", "divs(150_000)", ""),
    "html-20k-divs-no-budgets": (
        "20,000 nested <div>, page budgets lifted: lexbor's tree builder is quadratic in depth",
        "none",
        "divs(20_000)",
        LIFT_HTML,
    ),
    "html-200k-tags": ("HTML page of 200,001 <b> tags", "200,000 markup tags", "many_tags()", ""),
    "html-text-8MB": (
        "7.9 MB page of plain text (just under the page size budget)",
        "8 MiB page size",
        "big_text()",
        "",
    ),
    "html-text-30MB": (
        "29 MB page of plain text (a 30 MB one took 650 MB RSS before the page size budget)",
        "8 MiB page size",
        "big_text(29)",
        "",
    ),
    "local-200MB-file": (
        "200 MB local file given to stcat parse (issue: 355 MB RSS)",
        "30 MB, os.stat before reading",
        "LOCAL",
        "",
    ),
    "html-tcvn3-as-1252": (
        "TCVN3 page served as windows-1252 (.VnTime): 3 tasks",
        "converted before parsing",
        "legacy('tcvn3', 'windows-1252', '.VnTime')",
        "",
    ),
    "html-vni-undeclared": (
        "VNI-Windows page, no charset (VNI-Times): 3 tasks",
        "converted before parsing",
        "legacy('vni', '', 'VNI-Times')",
        "",
    ),
}


def empty_cells() -> bytes:
    from tests.unit.hostile_files import xlsx_bytes

    return xlsx_bytes(["<sheetData>" + ("<row>" + "<c/>" * 100 + "</row>") * 10_001 + "</sheetData>"])


def distinct_cells(rows: int) -> bytes:
    import random

    from tests.unit.hostile_files import xlsx_bytes

    rng = random.Random(1)
    return xlsx_bytes(
        [
            "<sheetData>"
            + "".join(
                "<row>" + "".join(f"<c><v>{rng.randrange(10**9)}</v></c>" for _ in range(100)) + "</row>"
                for _ in range(rows)
            )
            + "</sheetData>"
        ]
    )


def docx_paragraphs(n: int) -> bytes:
    import io
    import zipfile

    import docx

    src = io.BytesIO()
    docx.Document().save(src)
    z = zipfile.ZipFile(io.BytesIO(src.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                data = head + b"<w:body>" + b"<w:p/>" * n + tail
            w.writestr(info, data)
    return out.getvalue()


def _pdf(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)


def flate_bomb(mb: int) -> bytes:
    import zlib

    raw = zlib.compress(b" " * (mb << 20), 9)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(raw) + raw + b"\nendstream",
        ]
    )


def pdf_pages(n: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
            *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * n,
        ]
    )


def _fixture(name: str) -> bytes:
    return (ROOT / "tests" / "fixtures" / "documents" / name).read_bytes()


def corrupt_zlib() -> bytes:
    from tests.unit.hostile_files import zip_entry_corrupted

    return zip_entry_corrupted(_fixture("tasks_ascii_headers.xlsx"), "xl/worksheets/sheet1.xml")


def corrupt_method() -> bytes:
    from tests.unit.hostile_files import zip_entry_corrupted

    return zip_entry_corrupted(_fixture("tasks_ascii_headers.xlsx"), "xl/worksheets/sheet1.xml", method=99)


def xls_cycle() -> bytes:
    from tests.unit.hostile_files import xls_directory_cycle

    return xls_directory_cycle(_fixture("tasks_two_row_header.xls"))


def nested(levels: int) -> bytes:
    return (
        "<html><body><article>"
        + "<table><tr><td>x" * levels
        + "</td></tr></table>" * levels
        + "</article></body></html>"
    ).encode()


def many_tags() -> bytes:
    return b"<html><body>" + b"<b>x</b>" * 100_001 + b"</body></html>"


def divs(n: int) -> bytes:
    return b"<html><body><article>" + b"<div>" * n + b"x</article></body></html>"


def big_text(mb: float = 7.9) -> bytes:
    return b"<html><body><article><p>" + b"Nghien cuu " * int(mb * 1024 * 1024 / 11) + b"</article></body></html>"


def legacy(encoding: str, charset: str, font: str) -> bytes:
    from tests.unit.hostile_files import encode_legacy, task_page_text

    page = task_page_text(charset, font)
    return encode_legacy(page if charset else page.replace("<meta charset=''>", ""), encoding)


def _peak_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(name: str, tmp: str) -> dict:
    """In the child: build the attack (kept apart from the parse's peak by writing it to a file first)."""
    _, _, build, setup = ATTACKS[name]
    if setup:
        exec(setup, {})  # noqa: S102 - a budget lifted on purpose, named in the table
    import logging

    logging.disable(logging.CRITICAL)
    from extractors.documents import parse_document, records_from_bytes

    if build == "LOCAL":
        path = Path(tmp) / "huge.html"
        with open(path, "wb") as f:
            f.truncate(200 << 20)
        before = _peak_mb()
        t = time.perf_counter()
        recs = list(parse_document(str(path)))
    else:
        content = Path(tmp, "attack.bin").read_bytes()
        before = _peak_mb()
        t = time.perf_counter()
        recs = list(records_from_bytes(content, source="bench", url=f"http://127.0.0.1/{name}", fetched_at="t"))
    seconds = time.perf_counter() - t
    rejects = [r["reason"] for r in recs if r.get("reject")]
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "start_mb": before,
        "records": sum(1 for r in recs if not r.get("reject")),
        "reject": rejects[0] if rejects else "",
    }


def build_file(name: str, tmp: str) -> int:
    from tests.unit import hostile_files as H  # noqa: F401 - used by the builder expressions

    build = ATTACKS[name][2]
    if build == "LOCAL":
        return 200 << 20
    content = eval(build, {**globals(), "H": H})  # noqa: S307 - the expressions are the table above
    Path(tmp, "attack.bin").write_bytes(content)
    return len(content)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", nargs="*", default=None)
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "hostile.md"))
    p.add_argument("--child", nargs=2, metavar=("NAME", "TMP"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    import tempfile

    from extractors.tables.sniff import MEMORY_BOUND_MB

    lines = [
        f"# Hostile documents: budget, time and peak memory (bound: {MEMORY_BOUND_MB} MB RSS)",
        "",
        f"`.venv/bin/python bench/bench_hostile.py`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        "one fresh process per attack on the shared 2-core machine; time is the parse alone, peak RSS the "
        "child's VmHWM (Python and the readers imported: about 60-80 MB before any input).",
        "",
        "| attack | size | budget that stops it | outcome | time (s) | peak RSS (MB) |",
        "|---|---:|---|---|---:|---:|",
    ]
    for name in args.only or ATTACKS:
        what, budget = ATTACKS[name][0], ATTACKS[name][1]
        with tempfile.TemporaryDirectory() as tmp:
            size = build_file(name, tmp)
            out = subprocess.run(
                [sys.executable, __file__, "--child", name, tmp], capture_output=True, text=True, timeout=900, cwd=ROOT
            )
        if out.returncode != 0:
            row = f"| {what} | {size:,} B | {budget} | child failed: {out.stderr.strip()[-200:]} | | |"
        else:
            r = json.loads(out.stdout.strip().splitlines()[-1])
            outcome = f"reject: {r['reject'][:110]}" if r["reject"] else f"{r['records']} records"
            if r["reject"] and r["records"]:
                outcome = f"{r['records']} records, " + outcome
            row = f"| {what} | {size:,} B | {budget} | {outcome} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |"
        print(row, flush=True)
        lines.append(row)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
