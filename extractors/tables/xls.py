"""Legacy Excel (BIFF .xls) workbooks → Grids, merged cells expanded."""

from __future__ import annotations

import logging
import struct

import xlrd
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from extractors.tables.grid import Grid, clean_text, date_precision, date_text, from_matrix
from extractors.tables.sniff import MAX_WORKBOOK_CELLS, UnreadableDocument, check_cell_span, check_size, over_budget

log = logging.getLogger(__name__)
MAX_SHEETS = 64
MAX_ROWS = 20000  # per sheet, up to its last non-empty row
MAX_COLS = 100  # per sheet, up to its last non-empty column
MAX_SHEET_BYTES = 6 * 1024 * 1024  # one sheet's BIFF records: xlrd loads a sheet whole,
# and a MULRK record holds a cell in 6 bytes


class _XlrdLog:
    """xlrd writes its warnings to a file object: send them to logging instead of stdout."""

    def write(self, text: str) -> None:
        if text.strip():
            log.debug("xlrd: %s", text.strip())

    def flush(self) -> None:
        """Nothing buffered."""


def _open(content: bytes) -> xlrd.book.Book:
    """Sheets load one at a time (on_demand), rows keep their own length (ragged_rows: a stray cell far
    right does not pad every row), formats are read (merged cells, date number formats)."""
    kw = {"file_contents": content, "logfile": _XlrdLog(), "on_demand": True, "ragged_rows": True}
    try:
        return xlrd.open_workbook(formatting_info=True, **kw)
    except NotImplementedError:
        return xlrd.open_workbook(formatting_info=False, **kw)


# what xlrd raises on a truncated or inconsistent file, besides XLRDError
_BROKEN = (
    CompDocError,
    struct.error,
    AssertionError,
    IndexError,
    ValueError,
    EOFError,
    KeyError,
    OSError,
    UnicodeDecodeError,
    OverflowError,
    RecursionError,
)


def _over(detail: str, n: int, limit: int, unit: str) -> UnreadableDocument:
    return over_budget("XLS", detail, n, limit, unit)


def _date_format(book: xlrd.book.Book, xf_index: int) -> str | None:
    """The number format string of a cell's XF record (None without formatting_info)."""
    try:
        return book.format_map[book.xf_list[xf_index].format_key].format_str
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


def _cell_text(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> tuple[str, bool]:
    """(raw text, is a number) of one cell."""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        v = float(cell.value)
        return (str(int(v)) if v.is_integer() else repr(v)), True
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            d = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return str(cell.value), False
        return date_text(d, date_precision(_date_format(book, cell.xf_index))), False
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return ("TRUE" if cell.value else "FALSE"), False
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return "", False
    return clean_text(str(cell.value)), False


def _sheet_grid(book: xlrd.book.Book, sh: xlrd.sheet.Sheet, name: str, cells_left: int) -> tuple[Grid | None, int]:
    rows: list[list[str]] = []
    numeric: set[tuple[int, int]] = set()
    last_row = width = 0
    for r in range(sh.nrows):
        out: list[str] = []
        for c, cell in enumerate(sh.row(r)):
            text, number = _cell_text(book, cell)
            if not text:
                out.append("")
                continue
            if c >= MAX_COLS:
                raise _over(f"sheet {sh.name!r} has a value in column", c + 1, MAX_COLS, "columns")
            out.append(text)
            if number:
                numeric.add((r, c))
        while out and not out[-1]:
            out.pop()
        rows.append(out)
        if out:
            if r >= MAX_ROWS:
                raise _over(f"sheet {sh.name!r} has a value in row", r + 1, MAX_ROWS, "rows")
            last_row, width = r + 1, max(width, len(out))
            check_cell_span("XLS", last_row, width, cells_left)
    if not last_row:
        return None, 0
    del rows[last_row:]
    merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
    g = from_matrix(name, rows, merges)
    g.numeric = numeric
    return g, last_row * width


def _check_sheet_sizes(book: xlrd.book.Book) -> None:
    """Refuse a sheet whose records span more than MAX_SHEET_BYTES of the workbook stream, before xlrd
    loads it (the sheets' stream offsets are xlrd's own, read from the BOUNDSHEET records)."""
    starts = list(getattr(book, "_sh_abs_posn", []) or [])
    end = getattr(book, "stream_len", 0) or len(getattr(book, "mem", b"") or b"")
    bounds = sorted(starts) + [end]
    for i, pos in enumerate(starts):
        nxt = min((b for b in bounds if b > pos), default=end)
        if nxt - pos > MAX_SHEET_BYTES:
            raise _over(f"sheet {i + 1} spans bytes:", nxt - pos, MAX_SHEET_BYTES, "sheet size")


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
    except _BROKEN as e:
        raise UnreadableDocument(f"truncated or corrupt XLS ({type(e).__name__}: {e})") from None
    grids: list[Grid] = []
    try:
        if book.nsheets > MAX_SHEETS:
            raise _over("workbook has sheets:", book.nsheets, MAX_SHEETS, "sheets")
        cells_left = MAX_WORKBOOK_CELLS
        _check_sheet_sizes(book)
        for i in range(book.nsheets):
            try:
                sh = book.sheet_by_index(i)
            except XLRDError as e:
                raise UnreadableDocument(f"unreadable XLS sheet {i + 1} ({e})") from None
            except _BROKEN as e:
                raise UnreadableDocument(f"truncated or corrupt XLS sheet {i + 1} ({type(e).__name__}: {e})") from None
            g, used = _sheet_grid(book, sh, f"sheet{i + 1}", cells_left)
            cells_left -= used
            book.unload_sheet(i)
            if g is not None:
                grids.append(g)
    finally:
        book.release_resources()
    return grids
