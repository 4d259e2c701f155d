"""XLSX workbooks → Grids (one per sheet), merged cells expanded."""
from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from extractors.tables.grid import Grid, clean_text, from_matrix
from extractors.tables.sniff import UnreadableDocument, check_zip

log = logging.getLogger(__name__)
MAX_ROWS = 20000
MAX_COLS = 100


def cell_text(v: object) -> str:
    """Raw text of a cell value; numbers keep a dot decimal (hinted as machine numbers)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return clean_text(str(v))


def grids_from_xlsx(content: bytes) -> list[Grid]:
    """Every sheet as a Grid named sheet1, sheet2… (the sheet title goes to `above`)."""
    check_zip(content, "XLSX")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError) as e:
        raise UnreadableDocument(f"unreadable XLSX ({type(e).__name__}: {e})") from None
    grids: list[Grid] = []
    try:
        for i, ws in enumerate(wb.worksheets, start=1):
            nrows, ncols = min(ws.max_row or 0, MAX_ROWS), min(ws.max_column or 0, MAX_COLS)
            if nrows == 0 or ncols == 0:
                continue
            rows: list[list[str]] = []
            numeric: set[tuple[int, int]] = set()
            for r, values in enumerate(ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols, values_only=True)):
                rows.append([cell_text(v) for v in values])
                numeric.update((r, c) for c, v in enumerate(values)
                               if isinstance(v, (int, float)) and not isinstance(v, bool))
            merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            g = from_matrix(f"sheet{i}", rows, merges, above=[])
            g.numeric = numeric
            grids.append(g)
    finally:
        wb.close()
    return grids
