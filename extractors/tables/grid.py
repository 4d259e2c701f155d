"""A rectangular table of cell texts with merged cells expanded, whatever the source format."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

MAX_SPAN = 200  # a rowspan/colspan beyond this is a broken or hostile document
MAX_COLS = 200


_NEEDS_WORK = re.compile(r"[\n\r\t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]|  ")
# Runs of spaces inside a line (no character str.splitlines() breaks on, such as \r \f \v): a run never
# crosses a line boundary, so one substitution over the whole text equals one per line.
_WS_INLINE = re.compile(
    r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]*"
    r"| [ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+"
)


def clean_text(s: str | None) -> str:
    """Collapse spaces inside lines, drop empty lines; keep line breaks (they separate values)."""
    if not s:
        return ""
    # Every character _NEEDS_WORK looks for is non-printable: isprintable() is the cheap test.
    if (s.isprintable() and "  " not in s) or not _NEEDS_WORK.search(s):
        return s.strip()
    # Same result as collapsing runs line by line, with the loops in C (hot: every table cell).
    return "\n".join(filter(None, map(str.strip, _WS_INLINE.sub(" ", s).splitlines())))


@dataclass
class Grid:
    """Cell texts by row and column; `origin[r][c]` is the (row, col) the value was spanned from."""

    name: str
    rows: list[list[str]]
    origin: list[list[tuple[int, int]]]
    above: list[str] = field(default_factory=list)  # text just above the table (title block)
    numeric: set[tuple[int, int]] = field(default_factory=set)  # cells that held numbers, not text
    # texts that speak for the whole table from further away, nearest first: the paragraphs since the
    # previous table, the article's lead and title, a PDF's decision pages (extractors/tables/context.py)
    context: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def is_copy(self, r: int, c: int) -> bool:
        """True where the cell repeats a merged value rather than holding its own."""
        return self.origin[r][c] != (r, c)


def pad_ragged(rows: list[list[str]], origin: list[list[tuple[int, int]]]) -> None:
    """Pad short rows (Word tables may have rows with fewer cells) to the widest, in place;
    a padding cell is empty and its own origin."""
    width = max((len(x) for x in rows), default=0)
    for r, (row, orow) in enumerate(zip(rows, origin)):
        orow.extend((r, c) for c in range(len(row), width))
        row.extend([""] * (width - len(row)))


class SpanCell(NamedTuple):
    """One source cell before expansion (a tuple: cheap to build for every HTML cell)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


_TEXT = itemgetter(0)
_SPANS = itemgetter(1, 2)
_NO_SPAN = {(1, 1)}


def expand(
    name: str, rows: Iterable[Sequence[SpanCell | tuple[str, int, int]]], above: list[str] | None = None
) -> Grid:
    """Lay out cells with rowspan/colspan (HTML, DOCX) on a rectangular grid."""
    out: list[list[str]] = []
    org: list[list[tuple[int, int]]] = []
    carry: dict[int, list] = {}  # column -> [rows left, text, origin] from a rowspan above
    for r, cells in enumerate(rows):
        if not carry and len(cells) <= MAX_COLS and set(map(_SPANS, cells)) == _NO_SPAN:
            out.append(list(map(_TEXT, cells)))  # the common row: no spans, nothing carried
            org.append(list(zip(repeat(r), range(len(cells)))))
            continue
        row: list[str] = []
        orow: list[tuple[int, int]] = []
        c = 0
        for cell in cells:
            while c in carry:
                k = carry[c]
                row.append(k[1])
                orow.append(k[2])
                c += 1
            text, rowspan, colspan = cell  # a SpanCell or a plain (text, rowspan, colspan)
            if colspan == 1 and rowspan == 1 and c < MAX_COLS:  # the common case
                row.append(text)
                orow.append((r, c))
                c += 1
                continue
            cs = max(1, min(colspan, MAX_SPAN, MAX_COLS - c))
            if c >= MAX_COLS:
                break
            rs = max(1, min(rowspan, MAX_SPAN))
            for dc in range(cs):
                row.append(text)
                orow.append((r, c))
                if rs > 1:
                    carry[c + dc] = [rs - 1, text, (r, c)]
            c += cs
        if carry:
            for col in sorted(k for k in carry if k >= c):
                while c < col:
                    row.append("")
                    orow.append((r, c))
                    c += 1
                k = carry[col]
                row.append(k[1])
                orow.append(k[2])
                c += 1
            for k in carry.values():
                if k[2][0] != r:
                    k[0] -= 1
            carry = {col: k for col, k in carry.items() if k[0] > 0}
        out.append(row)
        org.append(orow)
    width = max((len(x) for x in out), default=0)
    for r, (row, orow) in enumerate(zip(out, org)):
        if len(row) < width:
            orow.extend((r, c) for c in range(len(row), width))
            row.extend([""] * (width - len(row)))
    return Grid(name, out, org, list(above or []))


def from_matrix(
    name: str, rows: list[list[str]], merges: Iterable[tuple[int, int, int, int]] = (), above: list[str] | None = None
) -> Grid:
    """A grid from a plain matrix plus merged ranges (r0, c0, r1, c1 inclusive), as in spreadsheets."""
    width = max((len(r) for r in rows), default=0)
    mat = [list(r) + [""] * (width - len(r)) for r in rows]
    org = [[(r, c) for c in range(width)] for r in range(len(mat))]
    for r0, c0, r1, c1 in merges:
        if r0 >= len(mat) or c0 >= width:
            continue
        v = mat[r0][c0]
        for r in range(r0, min(r1, len(mat) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                mat[r][c] = v
                org[r][c] = (r0, c0)
    return Grid(name, mat, org, list(above or []))


# -- spreadsheet dates: the cell's number format says how precise the date is ----------------
_FMT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # quoted text, escapes, [$-42A] [Red], padding


def date_precision(number_format: str | None) -> str | None:
    """ "day", "month", "year" or "time" for a date number format (mm/yyyy, mmm-yy, "tháng "m" năm "yyyy,
    dd/mm/yyyy…); None when the format shows no date part (General, 0.00)."""
    if not number_format:
        return None
    f = _FMT_LITERAL.sub("", number_format.split(";")[0]).lower()
    has_d, has_y, has_m = "d" in f, "y" in f, "m" in f
    if "h" in f or "s" in f:
        return "time" if (has_d or has_y) else None
    if has_d:
        return "day"
    if has_y and has_m:
        return "month"
    if has_y:
        return "year"
    return None


def date_text(value: dt.datetime | dt.date, precision: str | None) -> str:
    """Raw text of a date cell at its format's precision: "03/2021" for a month (mm/yyyy reads as a month
    whatever the site's date order), "2021" for a year, ISO for a day ("2021-03-15": no d/m order to guess)."""
    d = value.date() if isinstance(value, dt.datetime) else value
    if precision == "month":
        return f"{d.month:02d}/{d.year:04d}"
    if precision == "year":
        return f"{d.year:04d}"
    if isinstance(value, dt.datetime) and (precision == "time" or value.time() != dt.time()):
        return value.isoformat()
    return d.isoformat()
