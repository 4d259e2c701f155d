"""A rectangular table of cell texts with merged cells expanded, whatever the source format."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
MAX_SPAN = 200          # a rowspan/colspan beyond this is a broken or hostile document
MAX_COLS = 200


def clean_text(s: str | None) -> str:
    """Collapse spaces inside lines, drop empty lines; keep line breaks (they separate values)."""
    if not s:
        return ""
    lines = (_WS.sub(" ", ln).strip() for ln in s.splitlines())
    return "\n".join(ln for ln in lines if ln)


@dataclass
class Grid:
    """Cell texts by row and column; `origin[r][c]` is the (row, col) the value was spanned from."""

    name: str
    rows: list[list[str]]
    origin: list[list[tuple[int, int]]]
    above: list[str] = field(default_factory=list)   # text just above the table (title block)
    numeric: set[tuple[int, int]] = field(default_factory=set)  # cells that held numbers, not text

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def is_copy(self, r: int, c: int) -> bool:
        """True where the cell repeats a merged value rather than holding its own."""
        return self.origin[r][c] != (r, c)


@dataclass
class SpanCell:
    """One source cell before expansion."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def expand(name: str, rows: Iterable[Sequence[SpanCell]], above: list[str] | None = None) -> Grid:
    """Lay out cells with rowspan/colspan (HTML, DOCX) on a rectangular grid."""
    out: list[list[str | None]] = []
    org: list[list[tuple[int, int] | None]] = []
    for r, cells in enumerate(rows):
        while len(out) <= r:
            out.append([]); org.append([])
        c = 0
        for cell in cells:
            while c < len(out[r]) and out[r][c] is not None:
                c += 1
            rs = max(1, min(cell.rowspan, MAX_SPAN))
            cs = max(1, min(cell.colspan, MAX_SPAN, MAX_COLS - c))
            if cs <= 0:
                break
            for dr in range(rs):
                rr = r + dr
                while len(out) <= rr:
                    out.append([]); org.append([])
                row, orow = out[rr], org[rr]
                need = c + cs
                if len(row) < need:
                    row.extend([None] * (need - len(row))); orow.extend([None] * (need - len(orow)))
                for dc in range(cs):
                    if row[c + dc] is None:
                        row[c + dc] = cell.text
                        orow[c + dc] = (r, c)
            c += cs
    width = max((len(r) for r in out), default=0)
    rows_t: list[list[str]] = []
    orig_t: list[list[tuple[int, int]]] = []
    for r, (row, orow) in enumerate(zip(out, org)):
        rows_t.append([v if v is not None else "" for v in row] + [""] * (width - len(row)))
        orig_t.append([o if o is not None else (r, c) for c, o in enumerate(orow)]
                      + [(r, c) for c in range(len(orow), width)])
    return Grid(name, rows_t, orig_t, list(above or []))


def from_matrix(name: str, rows: list[list[str]], merges: Iterable[tuple[int, int, int, int]] = (),
                above: list[str] | None = None) -> Grid:
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
