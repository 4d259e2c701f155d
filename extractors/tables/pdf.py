"""Text PDFs → Grids (ruled tables, continued across pages); scanned and protected PDFs refused."""

from __future__ import annotations

import io
import logging
import re
import zlib

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extractors.tables.grid import Grid, clean_text
from extractors.tables.sniff import UnreadableDocument, check_size, over_budget

log = logging.getLogger(__name__)
MAX_PAGES = 200
MAX_CHARS = 3_000_000  # characters on all pages together
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # FlateDecode streams, all together, once inflated
_FLATE = re.compile(rb"/FlateDecode\b")
_STREAM = re.compile(rb"stream\r?\n")


def _over(detail: str, n: int, limit: int, unit: str) -> UnreadableDocument:
    return over_budget("PDF", detail, n, limit, unit)


def check_inflated(content: bytes, budget: int = MAX_INFLATED_BYTES) -> int:
    """Inflate (and drop) every FlateDecode stream in bounded steps before pdfminer inflates them whole:
    a small PDF whose streams would inflate past `budget` (a flate bomb) is refused. Returns the total."""
    total = 0
    for m in _FLATE.finditer(content):
        s = _STREAM.search(content, m.end(), m.end() + 4096)
        if s is None:
            continue
        d = zlib.decompressobj()
        data = memoryview(content)[s.end() :]
        pos = 0
        try:
            while not d.eof and pos < len(data):
                chunk = d.unconsumed_tail or data[pos : pos + 65536]
                if not d.unconsumed_tail:
                    pos += len(chunk)
                total += len(d.decompress(chunk, 1 << 20))
                if total > budget:
                    raise _over("its compressed streams inflate to more than", total, budget, "inflated bytes")
        except zlib.error:
            continue  # not deflate data after all: pdfminer will judge it
    return total


def _page_count(pdf: pdfplumber.PDF) -> int:
    """The page count the page tree declares (read without building the pages)."""
    try:
        from pdfminer.pdftypes import resolve1

        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # noqa: BLE001 - a missing or odd page tree: count the pages built instead
        return len(pdf.pages)


def _matrix_to_grid(name: str, rows: list[list[str | None]], above: list[str], context: list[str]) -> Grid:
    """pdfplumber marks cells covered by a merge as None: in the first row a merge is horizontal (copy from
    the left); below, a cell under a label of its own is merged down from it (copy from above), and one
    under a label spanning several columns continues the sub-label on its left."""
    width = max((len(r) for r in rows), default=0)
    mat: list[list[str]] = []
    org: list[list[tuple[int, int]]] = []
    first = [v for v in rows[0] if v] if rows else []
    top = 0  # where the (last repeated) header starts
    for r, raw in enumerate(rows):
        raw = list(raw) + [""] * (width - len(raw))
        if r and first and [v for v in raw if v] == first:
            top = r  # the header again, on the next page
        h = r - top
        row: list[str] = []
        orow: list[tuple[int, int]] = []
        for c, v in enumerate(raw):
            if v is None:
                if 0 < h < 3 and org[r - 1][c][1] == c:
                    row.append(mat[r - 1][c])
                    orow.append(org[r - 1][c])
                elif c > 0 and raw[c - 1] is not None and h < 3:
                    row.append(row[c - 1])
                    orow.append(orow[c - 1])
                elif c > 0 and h < 3 and orow and orow[c - 1][1] != c - 1:
                    row.append(row[c - 1])
                    orow.append(orow[c - 1])
                elif r > 0:
                    row.append(mat[r - 1][c])
                    orow.append(org[r - 1][c])
                else:
                    row.append("")
                    orow.append((r, c))
            else:
                row.append(clean_text(v))
                orow.append((r, c))
        mat.append(row)
        org.append(orow)
    return Grid(name, mat, org, above, context=context)


def _check_complete(content: bytes) -> None:
    if b"%%EOF" not in content[-2048:]:
        raise UnreadableDocument("truncated PDF (no %%EOF marker at the end)")


def grids_from_pdf(content: bytes) -> list[Grid]:
    """Tables of a text PDF; consecutive page tables with the same width are joined into one Grid."""
    check_size(content, "PDF")
    _check_complete(content)
    check_inflated(content)
    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as e:
        inner = e.args[0] if e.args else e
        if (
            isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError))
            or "password" in str(e).lower()
            or "encrypt" in str(e).lower()
        ):
            raise UnreadableDocument("password-protected PDF") from None
        raise UnreadableDocument(f"unreadable PDF ({type(inner).__name__}: {inner})") from None
    except PDFSyntaxError as e:
        raise UnreadableDocument(f"unreadable PDF ({e})") from None
    grids: list[Grid] = []
    chars = 0
    try:
        pending: list[list[str | None]] = []
        pending_above: list[str] = []
        pending_context: list[str] = []
        between: list[str] = []  # text of the pages since the last table (a decision before its annex)
        if (npages := _page_count(pdf)) > MAX_PAGES:
            raise _over("it has pages:", npages, MAX_PAGES, "pages")
        for pno, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
            try:
                chars += len(page.chars)
                if chars > MAX_CHARS:
                    raise _over(f"pages 1-{pno} hold characters:", chars, MAX_CHARS, "characters")
                tables = page.find_tables()
                if not tables:
                    between = [*between[-4:], page.extract_text() or ""]
                for t in tables:
                    rows = t.extract()
                    if not rows:
                        continue
                    width = max(len(r) for r in rows)
                    if pending and width == max(len(r) for r in pending):
                        pending.extend(rows)
                        continue
                    if pending:
                        grids.append(_matrix_to_grid(f"table{len(grids) + 1}", pending, pending_above, pending_context))
                    top = max(0.0, float(t.bbox[1]))
                    text = page.crop((0, 0, page.width, top)).extract_text() if top > 1 else ""
                    pending, pending_above = list(rows), [ln for ln in clean_text(text).split("\n") if ln][-4:]
                    pending_context = [c for c in ("\n".join([*between, text]),) if c.strip()]
                    between = []
            except UnreadableDocument:
                raise
            except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as e:
                raise UnreadableDocument(f"unreadable PDF page {pno} ({type(e).__name__}: {e})") from None
        if pending:
            grids.append(_matrix_to_grid(f"table{len(grids) + 1}", pending, pending_above, pending_context))
    except PdfminerException as e:
        raise UnreadableDocument(f"unreadable PDF ({e})") from None
    finally:
        pdf.close()
    if chars == 0:
        raise UnreadableDocument("scanned PDF without a text layer (needs OCR)")
    return grids
