"""Word (DOCX) tables → Grids; merged cells (gridSpan, vMerge) expanded, heading paragraphs kept."""

from __future__ import annotations

import io
import logging
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extractors.tables.grid import Grid, clean_text, pad_ragged
from extractors.tables.sniff import UnreadableDocument, check_xml_elements, check_zip

log = logging.getLogger(__name__)
MAX_ELEMENTS = 250_000  # XML elements in word/document.xml (python-docx builds it whole)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_BREAKS = (f"{_W}br", f"{_W}cr")


def _runs_text(p: etree._Element) -> str:
    """Text of a paragraph; a line break (w:br, w:cr) or tab inside it separates words, not glues them."""
    out: list[str] = []
    for el in p.iter(f"{_W}t", *_BREAKS, f"{_W}tab"):
        out.append(el.text or "" if el.tag == f"{_W}t" else "\n" if el.tag in _BREAKS else " ")
    return "".join(out)


def _para_text(el: etree._Element) -> str:
    return clean_text(_runs_text(el))


def _cell_text(tc: etree._Element) -> str:
    return clean_text("\n".join(_runs_text(p) for p in tc.iter(f"{_W}p")))


def grids_from_docx(content: bytes) -> list[Grid]:
    """Every table (nested ones included) as a Grid named table1, table2…"""
    check_zip(content, "DOCX")
    check_xml_elements(content, "word/document.xml", MAX_ELEMENTS, "DOCX")
    try:
        doc = Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise UnreadableDocument(f"unreadable DOCX ({type(e).__name__}: {e})") from None
    grids: list[Grid] = []
    body = doc.element.body
    for i, tbl in enumerate(body.iter(f"{_W}tbl"), start=1):
        rows: list[list[str]] = []
        origin: list[list[tuple[int, int]]] = []
        for r, tr in enumerate(tbl.findall(f"{_W}tr")):
            row: list[str] = []
            orow: list[tuple[int, int]] = []
            for tc in tr.findall(f"{_W}tc"):
                pr = tc.find(f"{_W}tcPr")
                span, vmerge = 1, None
                if pr is not None:
                    gs = pr.find(f"{_W}gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, min(int(gs.get(f"{_W}val", "1")), 100))
                        except ValueError:
                            span = 1
                    vm = pr.find(f"{_W}vMerge")
                    if vm is not None:
                        vmerge = vm.get(f"{_W}val", "continue")
                c0 = len(row)
                for k in range(span):
                    c = c0 + k
                    if vmerge == "continue" and r > 0 and c < len(rows[r - 1]):
                        row.append(rows[r - 1][c])
                        orow.append(origin[r - 1][c])
                    else:
                        row.append(_cell_text(tc))
                        orow.append((r, c0))
            rows.append(row)
            origin.append(orow)
        pad_ragged(rows, origin)
        before: list[str] = []  # paragraphs since the previous table (a decision before its annex)
        prev = tbl.getprevious()
        while prev is not None and len(before) < 400:
            if prev.tag == f"{_W}p" and (t := _para_text(prev)):
                before.insert(0, t)
            elif prev.tag == f"{_W}tbl":
                break
            prev = prev.getprevious()
        grids.append(Grid(f"table{i}", rows, origin, before[-3:], context=["\n".join(before)] if before[:-3] else []))
    return grids
