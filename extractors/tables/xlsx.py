"""XLSX workbooks → Grids (one per sheet), merged cells expanded, streamed within budgets.

The workbook is opened read-only and each sheet's XML is streamed row by row with openpyxl's own
sheet parser (what `ReadOnlyWorksheet.iter_rows` runs inside, minus its padding of missing rows and
columns, which a sparse hostile sheet turns into millions of empty cells; and it also yields the
sheet's merged ranges, which read-only worksheets do not expose). The budgets (sheets, rows,
columns, cells) are enforced while streaming, so no sheet is ever built whole in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from extractors.tables.grid import Grid, clean_text, date_precision, date_text, from_matrix
from extractors.tables.sniff import (
    MAX_WORKBOOK_CELLS,
    UnreadableDocument,
    check_cell_span,
    check_xml_elements,
    check_zip,
    over_budget,
)

log = logging.getLogger(__name__)
MAX_SHEETS = 64
MAX_ROWS = 20000  # per sheet, up to its last non-empty row
MAX_COLS = 100  # per sheet, up to its last non-empty column
MAX_MERGES = 20000  # merged ranges per sheet
MAX_SHARED_ELEMENTS = 2_000_000  # XML elements of the shared-string table (read-only openpyxl loads it whole)
MAX_PARSED_CELLS = 1_000_000  # <c> elements parsed in the workbook, empty ones included (parse time)
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b")


def cell_text(v: object, number_format: str | None = None) -> str:
    """Raw text of a cell value; numbers keep a dot decimal (hinted as machine numbers); dates keep the
    precision their number format shows (a mm/yyyy cell is a month)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return date_text(v, date_precision(number_format))
    if isinstance(v, dt.time):
        return v.isoformat()
    return clean_text(str(v))


def _over(detail: str, n: int, limit: int, unit: str) -> UnreadableDocument:
    return over_budget("XLSX", detail, n, limit, unit)


def _sheet_grid(wb, ws, name: str, cells_left: int, parsed: list[int]) -> tuple[Grid | None, int]:
    """One sheet streamed into a Grid (None when empty) and its cell count; `parsed` counts the cell
    elements parsed in the workbook so far (a one-element list, shared by the sheets)."""
    formats: dict[int, str | None] = {}
    rows: dict[int, list[str]] = {}
    numeric: dict[int, list[int]] = {}  # row -> columns that held numbers
    texts_seen: dict[str, str] = {}  # one string object per distinct text (values repeat)
    last_row = width = 0
    with ws._get_source() as src:  # noqa: SLF001 (the sheet's XML stream, as read-only openpyxl opens it)
        parser = WorkSheetParser(
            src,
            wb.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for idx, cells in parser.parse():
            parsed[0] += len(cells)
            if parsed[0] > MAX_PARSED_CELLS:
                raise _over("the workbook's sheets hold cell elements:", parsed[0], MAX_PARSED_CELLS, "parsed cells")
            if idx < 1:
                continue
            texts: dict[int, str] = {}
            for cell in cells:
                v = cell["value"]
                if v is None or v == "":
                    continue
                col = cell["column"]
                if col > MAX_COLS:
                    raise _over(f"{ws.title!r} has a value in column", col, MAX_COLS, "columns")
                fmt = None
                if cell["data_type"] == "d":
                    sid = cell["style_id"] or 0
                    if sid not in formats:
                        formats[sid] = ReadOnlyCell(ws, idx, col, v, "d", sid).number_format
                    fmt = formats[sid]
                text = cell_text(v, fmt)
                if text:
                    texts[col - 1] = texts_seen.setdefault(text, text)
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        numeric.setdefault(idx - 1, []).append(col - 1)
            if not texts:
                continue
            if idx > MAX_ROWS:
                raise _over(f"{ws.title!r} has a value in row", idx, MAX_ROWS, "rows")
            last_row, width = idx, max(width, max(texts) + 1)
            check_cell_span("XLSX", last_row, width, cells_left)
            row = [""] * (max(texts) + 1)
            for c, t in texts.items():
                row[c] = t
            rows[idx - 1] = row
        merged = parser.merged_cells
    if not rows:
        return None, 0
    merges = []
    for rng in (merged.mergeCell if merged is not None else [])[: MAX_MERGES + 1]:
        if len(merges) >= MAX_MERGES:
            raise _over(f"{ws.title!r} merged ranges", len(merges) + 1, MAX_MERGES, "merged ranges")
        try:
            c0, r0, c1, r1 = range_boundaries(rng.ref)
        except (TypeError, ValueError):
            continue  # a malformed ref merges nothing
        if r0 <= last_row and c0 <= width:
            merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    empty: list[str] = []
    matrix = [rows.get(r, empty) for r in range(last_row)]
    del rows, texts_seen
    g = from_matrix(name, matrix, merges, above=[])
    del matrix
    origin = g.origin  # numeric cells share the grid's own (r, c) tuples
    g.numeric = {
        o if o[0] == r and o[1] == c else (r, c) for r, cols in numeric.items() for c in cols for o in (origin[r][c],)
    }
    return g, last_row * width


def _check_sheet_count(content: bytes) -> None:
    """Count the sheets workbook.xml lists before openpyxl opens them all (it reads each one's size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 16 * 1024 * 1024:
                raise _over("xl/workbook.xml bytes:", info.file_size, 16 * 1024 * 1024, "workbook part size")
            n = len(_SHEET_TAG.findall(z.read(info)))
    except KeyError:
        return  # no workbook part: openpyxl says what is wrong
    if n > MAX_SHEETS:
        raise _over("workbook has sheets:", n, MAX_SHEETS, "sheets")


def grids_from_xlsx(content: bytes) -> list[Grid]:
    """Every sheet as a Grid named sheet1, sheet2… (the sheet title goes to `above`)."""
    check_zip(content, "XLSX")
    check_xml_elements(content, "xl/sharedStrings.xml", MAX_SHARED_ELEMENTS, "XLSX")
    _check_sheet_count(content)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError) as e:
        raise UnreadableDocument(f"unreadable XLSX ({type(e).__name__}: {e})") from None
    grids: list[Grid] = []
    try:
        sheets = wb.worksheets
        if len(sheets) > MAX_SHEETS:
            raise _over("workbook has sheets:", len(sheets), MAX_SHEETS, "sheets")
        cells_left, parsed = MAX_WORKBOOK_CELLS, [0]
        for i, ws in enumerate(sheets, start=1):
            if not hasattr(ws, "_get_source"):  # a chartsheet: no cells
                continue
            try:
                g, used = _sheet_grid(wb, ws, f"sheet{i}", cells_left, parsed)
            except (
                zipfile.BadZipFile,
                EOFError,
                OSError,
                SyntaxError,
                KeyError,
                IndexError,
                ValueError,
                TypeError,
                AttributeError,
            ) as e:  # lxml's XMLSyntaxError is a SyntaxError
                if isinstance(e, UnreadableDocument):
                    raise
                raise UnreadableDocument(f"corrupt XLSX sheet {ws.title!r} ({type(e).__name__}: {e})") from None
            cells_left -= used
            if g is not None:
                grids.append(g)
    finally:
        wb.close()
    return grids
