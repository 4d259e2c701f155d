"""From a Grid to raw task rows: header detection, two-row headers, section rows, extras."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors.tables.grid import Grid
from extractors.tables.headers import EXTRA, SEQ, fold, level_in_text, match_header, unit_in_text

MAX_HEADER_SCAN = 30      # the header is within the first rows (below a title block)
_ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
_LETTER = re.compile(r"^[A-ZĐ]$")
_SECTION_PREFIX = re.compile(r"^\s*(?:([IVXLC]+)|([A-ZĐ])|(\d+(?:\.\d+)*))\s*[.)/:-]\s+\S")
_COLNUM = re.compile(r"^[(\[]?\s*(\d{1,2}|[A-Z])\s*(?:=.*)?[)\]]?$")
_NUMERIC_SEQ = re.compile(r"^\d+(?:\.\d+)*\.?$")
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong|cong tong)\b")
_FOOTER = re.compile(r"^(nguoi lap|lap bieu|giam doc|ke toan|thu truong|noi nhan|tm |kt |chu tich|pho giam doc)")


@dataclass
class Header:
    """Where the header is and what each column means."""

    first_row: int
    last_row: int
    columns: list[tuple[str | None, str]]      # (field or SEQ/EXTRA/None, label as published)
    units: dict[str, str]                      # field -> money unit from the header
    includes_pi: bool = False


@dataclass
class TableRow:
    """One task row, raw text only."""

    ref: str
    fields: dict[str, str]
    hints: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class RowProblem:
    """A row that looks like a task but cannot be read as one."""

    ref: str
    reason: str
    raw: str


def _label(text: str) -> str:
    return " ".join(text.split())


def _row_fields(grid: Grid, r: int) -> set[str]:
    out = set()
    for c in range(grid.width):
        t = grid.rows[r][c]
        if t and not (c > 0 and grid.origin[r][c] == grid.origin[r][c - 1]):
            f = match_header(_label(t)).field
            if f and f != EXTRA:
                out.add(f)
    return out


def _is_header_row(grid: Grid, r: int) -> bool:
    fs = _row_fields(grid, r)
    return "title" in fs and len(fs) >= 2


def _continues_header(grid: Grid, r: int) -> bool:
    """Row r+1 holds sub-labels under horizontally merged labels of row r."""
    nxt = r + 1
    if nxt >= len(grid.rows):
        return False
    found = False
    for c in range(grid.width):
        top_o = grid.origin[r][c]
        spanned = any(grid.origin[r][k] == top_o for k in range(grid.width) if k != c)
        t = grid.rows[nxt][c]
        if not t or grid.origin[nxt][c][0] != nxt:
            continue                                   # empty or a vertical copy of row r
        if _NUMERIC_SEQ.match(t) or _COLNUM.match(t):
            return False                               # a data or column-number row
        if spanned:
            found = True
        else:
            return False                               # own text under an unmerged label: data
    return found


def find_header(grid: Grid) -> Header | None:
    """Locate the header row(s) and map every column; None when this is not a task table."""
    for r in range(min(len(grid.rows), MAX_HEADER_SCAN)):
        if not _is_header_row(grid, r):
            continue
        last = r + 1 if _continues_header(grid, r) else r
        cols: list[tuple[str | None, str]] = []
        units: dict[str, str] = {}
        seen: set[str] = set()
        includes_pi = False
        for c in range(grid.width):
            top = _label(grid.rows[r][c])
            sub = _label(grid.rows[last][c]) if last != r and grid.origin[last][c][0] == last else ""
            label = f"{top} {sub}".strip() if sub and sub != top else top
            m = match_header(label)
            if m.field is None and sub:                 # "Tổng số" alone is the parent's field
                m = match_header(top)
            if m.unit is None and sub:
                m_top = match_header(top)
                unit = m_top.unit
            else:
                unit = m.unit
            f = m.field
            if f in seen and f not in (None, EXTRA):
                f = None                                # second column for the same field → extras
            if f and f != EXTRA:
                seen.add(f)
                if unit and f in ("budget", "budget_state"):
                    units[f] = unit
                includes_pi |= m.includes_pi and f == "host_org"
            display = f"{top} / {sub}" if sub and sub != top else top
            cols.append((f, display or f"col{c + 1}"))
        return Header(r, last, cols, units, includes_pi)
    return None


def _is_colnum_row(cells: list[str]) -> bool:
    vals = [v for v in cells if v]
    return len(vals) >= 2 and all(_COLNUM.match(v) for v in vals)


def _section_level(text: str) -> int:
    m = _SECTION_PREFIX.match(text)
    if not m:
        return 2
    if m.group(2):
        return 0
    if m.group(1) and _ROMAN.match(m.group(1)):
        return 1
    return 2


# The decision a whole list belongs to, as title blocks and lead paragraphs state it:
# "(Kèm theo Quyết định số 40/2024/QĐ-UBND ngày 20/3/2024 của UBND tỉnh)" and
# "Ngày 08/04/2022, UBND tỉnh … ban hành Quyết định số 612/QĐ-UBND phê duyệt danh mục …".
# A decision merely cited ("Căn cứ Quyết định số …") is not the list's own and is left alone.
_DOC_NO = r"(?P<no>\d+[^\s,;:()]*/[^\s,;:()]*[^\s,;:().])"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_LIST_DECISION = (
    re.compile(r"(?i)\bkèm theo\s+quyết định\s+(?:số\s*)?" + _DOC_NO + r"(?:\s+ngày\s+(?P<date>" + _DATE + r"))?"),
    re.compile(r"(?i)(?:\bngày\s+(?P<date>" + _DATE + r")\s*,[^.;]{0,120}?)?\bban hành\s+quyết định\s+(?:số\s*)?"
               + _DOC_NO + r"(?:\s+ngày\s+(?P<date2>" + _DATE + r"))?\s+phê duyệt\s+danh mục"),
)


def list_decision(text: str) -> tuple[str, str | None] | None:
    """(number, date text) of the decision a table or list is attached to, if the text states one."""
    for rx in _LIST_DECISION:
        m = rx.search(text)
        if m:
            d = m.groupdict()
            return m.group("no"), d.get("date") or d.get("date2")
    return None


def _context(grid: Grid, header: Header) -> dict[str, Any]:
    """Title block above the header: table title, money unit, level, the list's decision."""
    lines = list(grid.above)
    for r in range(header.first_row):
        seen: set[tuple[int, int]] = set()
        for c in range(grid.width):
            o = grid.origin[r][c]
            if grid.rows[r][c] and o not in seen:
                seen.add(o)
                lines.append(grid.rows[r][c])
    ctx: dict[str, Any] = {}
    for ln in lines:
        u = unit_in_text(ln)
        if u and "money_unit" not in ctx:
            ctx["money_unit"] = u
        f = fold(ln)
        if "table_title" not in ctx and re.match(r"^(danh muc|danh sach|ket qua|tong hop|bang)\b", f):
            ctx["table_title"] = " ".join(ln.split())
        if "decision" not in ctx and "quy" in ln.lower() and (dec := list_decision(ln)):
            ctx["decision"], ctx["decision_date"] = dec
    title = ctx.get("table_title")
    if title and (lvl := level_in_text(title)):
        ctx["level"] = lvl
    return ctx


def rows_from_grid(grid: Grid, base_hints: dict[str, Any] | None = None) -> Iterator[TableRow | RowProblem]:
    """Task rows of one table; nothing when the table has no recognisable task header."""
    header = find_header(grid)
    if header is None:
        return
    tctx = _context(grid, header)
    hints_base: dict[str, Any] = dict(base_hints or {})
    if "level" in tctx:
        hints_base["level"] = tctx["level"]
        hints_base["level_raw"] = tctx["table_title"]   # the text the level was read from
    if "table_title" in tctx:
        hints_base["table_title"] = tctx["table_title"]
    units = dict(header.units)
    for f in ("budget", "budget_state"):
        if f not in units and tctx.get("money_unit") and any(c[0] == f for c in header.columns):
            units[f] = tctx["money_unit"]
    if "budget" in units:
        hints_base["money_unit"] = units["budget"]
    if "budget_state" in units:
        hints_base["budget_state_unit"] = units["budget_state"]
    if header.includes_pi:
        hints_base["host_org_includes_pi"] = True
    list_dec: dict[str, str] = {}                # the list's decision, for rows without their own column
    if tctx.get("decision") and not any(c[0] in ("decision", "decision_date") for c in header.columns):
        list_dec["decision"] = tctx["decision"]
        if tctx.get("decision_date"):
            list_dec["decision_date"] = tctx["decision_date"]
        hints_base["decision_from"] = "table_title"
    title_col = next(c for c, (f, _) in enumerate(header.columns) if f == "title")
    seq_col = next((c for c, (f, _) in enumerate(header.columns) if f == SEQ), None)
    sections: list[tuple[int, str]] = []
    r = header.last_row + 1
    while r < len(grid.rows) and _is_colnum_row(grid.rows[r]):
        r += 1
    origin, numeric = grid.origin, grid.numeric
    for r in range(r, len(grid.rows)):
        cells = grid.rows[r]
        if not any(cells):
            continue
        title = cells[title_col]
        seq = cells[seq_col] if seq_col is not None and origin[r][seq_col] == (r, seq_col) else ""
        numbered = bool(seq) and _NUMERIC_SEQ.match(seq) is not None
        title_origin = origin[r][title_col]
        title_is_copy = title_origin != (r, title_col) and title_origin[0] != r
        if not numbered:                       # headers, sections, totals and footers have no row number
            if r - header.last_row > 1 and match_header(_label(title)).field == "title" and _is_header_row(grid, r):
                sub = Grid(grid.name, grid.rows[r:], _shift(grid.origin[r:], r), [])
                for item in rows_from_grid(sub, base_hints):
                    item.ref = f"{grid.name}/row{int(item.ref.rsplit('row', 1)[1]) + r}"
                    yield item
                return
            orow = grid.origin[r]
            distinct = {orow[c]: cells[c] for c in range(grid.width) if cells[c]}
            own = {o: v for o, v in distinct.items() if o[0] == r}
            if any(_FOOTER.match(fold(v)) for v in own.values()):
                return                                                  # signature block: table ended
            # Section rows: one merged value across the row, or a roman/letter number plus a label only.
            if len(own) == 1 and len(distinct) == 1:
                text = next(iter(own.values()))
                if not _TOTAL.match(fold(text)) and not _NUMERIC_SEQ.match(text):
                    _push_section(sections, " ".join(text.split()))
                    continue
            if seq and title and set(own) <= {(r, seq_col), orow[title_col]}:
                label = " ".join(title.split())
                text = label if label.upper().startswith(seq.strip(" .").upper()) else f"{seq.strip(' .')}. {label}"
                _push_section(sections, text)
                continue
            if not seq and title and set(own) == {orow[title_col]} and not _TOTAL.match(fold(title)) \
                    and title.upper() == title and any(ch.isalpha() for ch in title):
                _push_section(sections, " ".join(title.split()))
                continue
            if title and _TOTAL.match(fold(title)):
                continue                                                # total row
            if seq_col is not None and not seq and len(own) < 3 and title:
                continue                                                # stray note without a number
        if not title or title_is_copy:
            filled = [v for (f, _), v in zip(header.columns, cells) if v and f not in (SEQ, None, EXTRA)]
            if seq and _NUMERIC_SEQ.match(seq) and filled:
                yield RowProblem(f"{grid.name}/row{r + 1}", "numbered row without a task title",
                                 " | ".join(cells))
            continue
        fields: dict[str, str] = {}
        extras: dict[str, str] = {}
        hints = dict(hints_base)
        for c, (f, label) in enumerate(header.columns):
            v = cells[c]
            if not v:
                continue
            if f == SEQ:
                hints["row_no"] = v
            elif f is None or f == EXTRA:
                if label in extras:
                    label = f"{label} ({c + 1})"
                extras[label] = v
            else:
                fields[f] = v
                if numeric and (r, c) in numeric:
                    hints.setdefault("machine_numbers", []).append(f)
        if list_dec:
            fields.update(list_dec)
        if sections:
            hints["section"] = sections[-1][1]
            if len(sections) > 1:
                hints["section_path"] = [s for _, s in sections]
        yield TableRow(f"{grid.name}/row{r + 1}", fields, hints, extras)


def _shift(origin: list[list[tuple[int, int]]], by: int) -> list[list[tuple[int, int]]]:
    return [[(max(o[0] - by, 0), o[1]) for o in row] for row in origin]


def _push_section(stack: list[tuple[int, str]], text: str) -> None:
    level = _section_level(text)
    while stack and stack[-1][0] >= level:
        stack.pop()
    stack.append((level, text))
