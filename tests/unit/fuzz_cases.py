"""Deterministic mutations of the document fixtures, for tests/unit/test_fuzz_documents.py.

Run as a script (`python -m tests.unit.fuzz_cases FORMAT N SEED`) it parses every case of one format
with `records_from_bytes` and prints one JSON line per case, plus its own peak RSS at the end.
A line "start <case>" is printed (flushed) before each case, so a crash or a hang names its case.
"""

from __future__ import annotations

import io
import json
import random
import struct
import sys
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "fixtures" / "documents"
PORTAL = ROOT / "demo" / "portal"

SEEDS: dict[str, list[Path]] = {
    "xlsx": [DOCS / "tasks_ascii_headers.xlsx", *sorted(PORTAL.rglob("*.xlsx"))],
    "xls": [DOCS / "tasks_two_row_header.xls"],
    "docx": [DOCS / "tasks_merged_headers.docx", DOCS / "bulletin" / "bulletin_2024_3.docx"],
    "doc": [
        DOCS / "doc" / "tasks_merged_headers.doc",
        DOCS / "doc" / "nested_table.doc",
        *sorted(PORTAL.rglob("*.doc")),
    ],
    "pdf": [DOCS / "tasks_table.pdf", *sorted(PORTAL.rglob("*.pdf"))],
    "html": sorted(PORTAL.rglob("*.html")),
}


# -- mutators: (rng, bytes) -> bytes --------------------------------------------------------------


def flip_bytes(rng: random.Random, b: bytes) -> bytes:
    out = bytearray(b)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def truncate(rng: random.Random, b: bytes) -> bytes:
    return b[: rng.randrange(1, len(b))]


def splice(rng: random.Random, b: bytes) -> bytes:
    """A chunk of the file repeated or random bytes inserted somewhere."""
    at = rng.randrange(len(b))
    if rng.random() < 0.5:
        start = rng.randrange(len(b))
        chunk = b[start : start + rng.randint(1, 4096)] * rng.randint(1, 20)
    else:
        chunk = rng.randbytes(rng.randint(1, 2048))
    return b[:at] + chunk + b[at:]


def flip_header(rng: random.Random, b: bytes) -> bytes:
    """Bytes flipped in the first 2 KB (OLE header and directory, PDF header, zip local header)."""
    out = bytearray(b)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(min(2048, len(out)))] ^= rng.randint(1, 255)
    return bytes(out)


def _nest(rng: random.Random, markup: bytes) -> bytes:
    tag = rng.choice([b"div", b"table", b"b", b"span", b"x:y", b"w:p", b"row", b"c"])
    depth = rng.choice([50, 500, 5000, 20000])
    opener = b"<table><tr><td>" if tag == b"table" else b"<" + tag + b">"
    closer = b"</td></tr></table>" if tag == b"table" else b"</" + tag + b">"
    at = markup.find(b">", rng.randrange(len(markup))) + 1 or len(markup)
    close = rng.random() < 0.5
    return markup[:at] + opener * depth + (closer * depth if close else b"") + markup[at:]


def _xml_mutate(rng: random.Random, markup: bytes) -> bytes:
    r = rng.random()
    if r < 0.35:
        return _nest(rng, markup)
    if r < 0.5:  # an entity expansion the parser must refuse
        dtd = (
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        )
        at = markup.find(b"?>") + 2 if markup.startswith(b"<?xml") else 0
        body = markup[at:].replace(b">", b">&c;", 1)
        return markup[:at] + dtd + body
    if r < 0.7:  # a tag's end removed
        ends = [i for i in range(len(markup)) if markup.startswith(b"</", i)][:2000]
        if ends:
            i = rng.choice(ends)
            j = markup.find(b">", i)
            return markup[:i] + markup[j + 1 :]
        return markup
    if r < 0.85:  # attribute values garbled (spans, refs, styles)
        out = bytearray(markup)
        quotes = [i for i in range(len(out)) if out[i] == 0x22][:4000]
        for i in rng.sample(quotes, min(len(quotes), rng.randint(1, 20))):
            if i + 1 < len(out):
                out[i + 1 : i + 1] = rng.choice([b"99999999", b"-1", b"0", b"A1:XFD1048576", b"\xff\xfe"])
        return bytes(out)
    return flip_bytes(rng, markup)


def zip_entry(rng: random.Random, b: bytes) -> bytes:
    """One entry of a zip package corrupted: its XML mutated and recompressed, its compressed bytes
    flipped, its compression method or sizes changed in the headers."""
    try:
        z = zipfile.ZipFile(io.BytesIO(b))
        infos = z.infolist()
    except zipfile.BadZipFile:
        return flip_bytes(rng, b)
    info = rng.choice(infos)
    kind = rng.random()
    if kind < 0.5:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for i in infos:
                data = z.read(i.filename)
                if i.filename == info.filename and data:
                    data = _xml_mutate(rng, data)
                w.writestr(i, data)
        return out.getvalue()
    buf = bytearray(b)
    off = info.header_offset
    fn_len, extra_len = struct.unpack_from("<HH", buf, off + 26)
    start = off + 30 + fn_len + extra_len
    if kind < 0.75 and info.compress_size > 4:
        for _ in range(rng.randint(1, 8)):
            buf[start + rng.randrange(info.compress_size)] ^= rng.randint(1, 255)
    elif kind < 0.88:
        struct.pack_into("<H", buf, off + 8, rng.choice([0, 1, 12, 14, 99]))
    else:
        struct.pack_into("<I", buf, off + 22, rng.choice([0, 1, 0x7FFFFFFF, info.file_size * 1000]))
    return bytes(buf)


def xml_nesting(rng: random.Random, b: bytes) -> bytes:
    """Deep or broken nesting in markup (HTML pages)."""
    return _xml_mutate(rng, b)


def pdf_stream(rng: random.Random, b: bytes) -> bytes:
    """Bytes flipped inside a PDF stream or an xref offset changed."""
    starts = [i for i in range(len(b)) if b.startswith(b"stream", i)][:200]
    out = bytearray(b)
    if starts and rng.random() < 0.6:
        at = rng.choice(starts) + 8
        for _ in range(rng.randint(1, 16)):
            p = min(len(out) - 1, at + rng.randrange(512))
            out[p] ^= rng.randint(1, 255)
        return bytes(out)
    x = b.rfind(b"startxref")
    if x >= 0:
        return b[:x] + b"startxref\n" + str(rng.randrange(len(b))).encode() + b"\n%%EOF\n"
    return flip_bytes(rng, b)


MUTATORS: dict[str, list[Callable[[random.Random, bytes], bytes]]] = {
    "xlsx": [flip_bytes, truncate, zip_entry, zip_entry, zip_entry, splice],
    "docx": [flip_bytes, truncate, zip_entry, zip_entry, zip_entry, splice],
    "xls": [flip_bytes, truncate, flip_header, splice],
    "doc": [flip_bytes, truncate, flip_header, splice],
    "pdf": [flip_bytes, truncate, pdf_stream, pdf_stream, splice],
    "html": [flip_bytes, truncate, xml_nesting, xml_nesting, xml_nesting, splice],
}


def cases(fmt: str, n: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """n mutated documents of one format, the same ones for the same seed."""
    rng = random.Random(f"{fmt}-{seed}")
    seeds = [(p.name, p.read_bytes()) for p in SEEDS[fmt]]
    for k in range(n):
        name, data = seeds[k % len(seeds)]
        mut = rng.choice(MUTATORS[fmt])
        yield f"{fmt}-{seed}-{k}-{name}-{mut.__name__}", mut(rng, data)


def _peak_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(fmt: str, n: int, seed: int) -> None:
    import logging

    logging.disable(logging.CRITICAL)
    from extractors.documents import records_from_bytes

    for case, content in cases(fmt, n, seed):
        print(json.dumps({"start": case}), flush=True)
        row = {"case": case, "records": 0, "rejects": 0, "error": None}
        try:
            for rec in records_from_bytes(content, source="fuzz", url=f"http://127.0.0.1/{case}.{fmt}", fetched_at="t"):
                row["rejects" if rec.get("reject") else "records"] += 1
        except BaseException:  # noqa: BLE001 - what escapes is exactly what this run looks for
            row["error"] = traceback.format_exc()[-1500:]
        print(json.dumps(row), flush=True)
    print(json.dumps({"peak_mb": _peak_mb()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
