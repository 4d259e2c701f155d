"""Legacy Excel (BIFF .xls) workbooks → Grids, merged cells expanded."""
from __future__ import annotations

import datetime as dt
import logging
import struct

import xlrd
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from extractors.tables.grid import Grid, clean_text, from_matrix
from extractors.tables.sniff import UnreadableDocument, check_size

log = logging.getLogger(__name__)
MAX_ROWS = 20000
MAX_COLS = 100


class _XlrdLog:
    """xlrd writes its warnings to a file object: send them to logging instead of stdout."""

    def write(self, text: str) -> None:
        if text.strip():
            log.debug("xlrd: %s", text.strip())

    def flush(self) -> None:
        """Nothing buffered."""


def _open(content: bytes) -> xlrd.book.Book:
    try:
        return xlrd.open_workbook(file_contents=content, formatting_info=True, logfile=_XlrdLog())
    except NotImplementedError:
        return xlrd.open_workbook(file_contents=content, formatting_info=False, logfile=_XlrdLog())


def grids_from_xls(content: bytes) -> list[Grid]:
    """Every sheet as a Grid named sheet1, sheet2…; encrypted and truncated files are refused."""
    check_size(content, "XLS")
    try:
        book = _open(content)
    except XLRDError as e:
        msg = str(e)
        if "encrypt" in msg.lower():
            raise UnreadableDocument("password-protected XLS (workbook is encrypted)") from None
        raise UnreadableDocument(f"unreadable XLS ({msg})") from None
    except (CompDocError, struct.error, AssertionError, IndexError, ValueError, EOFError, KeyError, OSError,
            UnicodeDecodeError, OverflowError) as e:
        raise UnreadableDocument(f"truncated or corrupt XLS ({type(e).__name__}: {e})") from None
    grids: list[Grid] = []
    for i, sh in enumerate(book.sheets(), start=1):
        nrows, ncols = min(sh.nrows, MAX_ROWS), min(sh.ncols, MAX_COLS)
        rows: list[list[str]] = []
        numeric: set[tuple[int, int]] = set()
        for r in range(nrows):
            out = []
            for c in range(ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    v = float(cell.value)
                    out.append(str(int(v)) if v.is_integer() else repr(v))
                    numeric.add((r, c))
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        d = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                        out.append(d.date().isoformat() if d.time() == dt.time() else d.isoformat())
                    except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                        out.append(str(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    out.append("TRUE" if cell.value else "FALSE")
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    out.append("")
                else:
                    out.append(clean_text(str(cell.value)))
            rows.append(out)
        merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
        g = from_matrix(f"sheet{i}", rows, merges)
        g.numeric = numeric
        grids.append(g)
    return grids
