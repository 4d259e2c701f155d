"""From a Grid to raw task rows: header detection, two-row headers, section rows, extras."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors.tables.grid import Grid
from extractors.tables.context import list_decision
from extractors.tables.headers import (
    EXTRA,
    SEQ,
    fold,
    level_in_text,
    match_header,
    section_heading,
    section_level,
    unit_in_text,
)
from transforms import vocab
from transforms.people import split_person

MAX_HEADER_SCAN = 30  # the header is within the first rows (below a title block)
MAX_LABEL = 90  # a longer cell is a value (a task title), never a column label
_LETTER = re.compile(r"^[A-ZĐ]$")
_COLNUM = re.compile(r"^[(\[]?\s*(\d{1,2}|[A-Z])\s*(?:=.*)?[)\]]?$")
_NUMERIC_SEQ = re.compile(r"^\d+(?:\.\d+)*\.?$")
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong|cong tong)\b")
_FOOTER = re.compile(r"^(nguoi lap|lap bieu|giam doc|ke toan|thu truong|noi nhan|tm |kt |chu tich|pho giam doc)")


@dataclass
class Header:
    """Where the header is and what each column means."""

    first_row: int
    last_row: int
    columns: list[tuple[str | None, str]]  # (field or SEQ/EXTRA/None, label as published)
    units: dict[str, str]  # field -> money unit from the header
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
        if t and len(t) <= MAX_LABEL and not (c > 0 and grid.origin[r][c] == grid.origin[r][c - 1]):
            f = match_header(_label(t)).field
            if f and f != EXTRA:
                out.add(f)
    return out


def _labels_in_row(grid: Grid, r: int) -> int:
    """How many of a row's own short cells are column labels of any table (task fields, notes, contacts)."""
    n = 0
    for c in range(grid.width):
        t = grid.rows[r][c]
        if t and len(t) <= 60 and grid.origin[r][c] == (r, c) and match_header(_label(t)).field is not None:
            n += 1
    return n


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
            continue  # empty or a vertical copy of row r
        if _NUMERIC_SEQ.match(t) or _COLNUM.match(t):
            return False  # a data or column-number row
        if spanned:
            found = True
        else:
            return False  # own text under an unmerged label: data
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
            m, m_top = match_header(label), match_header(top)
            m_sub = match_header(sub) if sub else None
            if m.field is None and sub:  # "Tổng số" alone is the parent's field
                m = m_top
            elif (
                m_sub and m_sub.field not in (None, SEQ, EXTRA, m.field) and (m_top.field == m.field or m.field in seen)
            ):
                m = m_sub  # "Chủ nhiệm / Học vị": the sub-label says which part
            unit = m_top.unit if m.unit is None and sub else m.unit
            f = m.field
            if f in seen and f not in (None, EXTRA):
                f = None  # second column for the same field → extras
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
        if (
            "table_title" not in ctx
            and re.match(r"^(danh muc|danh sach|ket qua|tong hop|bang|phu luc)\b", f)
            and re.search(r"\b(nhiem vu|de tai|du an|de an|chuong trinh)\b", f)
        ):
            ctx["table_title"] = " ".join(ln.split())
    if "table_title" not in ctx:
        for ln in lines:
            if re.match(r"^(danh muc|danh sach|ket qua|tong hop|bang)\b", fold(ln)):
                ctx["table_title"] = " ".join(ln.split())
                break
    dec = list_decision(["\n".join(lines), *grid.context])
    if dec is not None:
        ctx["decision"], ctx["decision_date"], ctx["decision_from"] = dec.number, dec.date, dec.evidence
    title = ctx.get("table_title")
    if title and (lvl := level_in_text(title)):
        ctx["level"] = lvl
        ctx["level_raw"] = title
    elif lines and (lvl := level_in_text(" ".join(lines))):
        ctx["level"] = lvl
        ctx["level_raw"] = next(ln for ln in lines if level_in_text(ln))
    return ctx


def _kind_section(sections: list[tuple[int, str]]) -> str | None:
    """The deepest section heading that names one kind of task."""
    for _, text in reversed(sections):
        if vocab.kind_in_context(text):
            return text
    return None


@dataclass
class TableState:
    """What one table hands to the next when that one continues it (a PDF table split over pages)."""

    header: Header
    hints: dict[str, Any]
    list_dec: dict[str, str]
    sections: list[tuple[int, str]]


_TASK_WORDS = re.compile(r"\b(nhiem vu|de tai|du an|de an|chu nhiem|chu tri|kinh phi)\b")


def unmapped_task_header(grid: Grid) -> str | None:
    """The header row of a table that looks like a task list but has no mappable title column."""
    for r in range(min(len(grid.rows), MAX_HEADER_SCAN)):
        labels = [c for i, c in enumerate(grid.rows[r]) if c and (i == 0 or grid.origin[r][i] != grid.origin[r][i - 1])]
        hits = [c for c in labels if len(c) < 80 and _TASK_WORDS.search(fold(c))]
        if len(hits) >= 2 and len(labels) >= 3 and len(grid.rows) - r >= 2:
            return " | ".join(" ".join(c.split()) for c in labels)
    return None


def _is_person(text: str) -> bool:
    """A name with an academic title or a form of address ("TS. Nguyễn Văn B", "Ông Lê C"), as
    transforms.people reads names; an organization's name has neither."""
    p = split_person(text)
    return bool(p.name) and bool(p.title or (p.dropped or "").casefold().startswith(("ông", "bà")))


def split_host_pi(cell: str) -> tuple[str, str | None]:
    """ "Cơ quan chủ trì / Chủ nhiệm" in one cell: the organization, then the person on their own line or
    after a dash ("Viện A\nTS. Nguyễn Văn B", "Viện A - ThS. Lê C")."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    if len(lines) >= 2 and _is_person(lines[-1]):
        return " ".join(lines[:-1]), lines[-1]
    for m in re.finditer(r"\s[-–;/,]\s*", cell):
        if _is_person(cell[m.end() :]):
            return cell[: m.start()].strip(), cell[m.end() :].strip()
    return cell, None


def _key_value_rows(grid: Grid, base_hints: dict[str, Any] | None) -> Iterator[TableRow]:
    """A task laid out as a two-column label | value table ("Tên nhiệm vụ | …", "Chủ nhiệm | …"),
    one table per task or several stacked (each starting again at its title label)."""
    if grid.width < 2 or len(grid.rows) < 3:
        return
    labelled = [
        (match_header(_label(row[0])).field if row[0] and len(row[0]) <= MAX_LABEL else None, row) for row in grid.rows
    ]
    fields_seen = {f for f, _ in labelled if f not in (None, SEQ, EXTRA)}
    if "title" not in fields_seen or len(fields_seen) < 3:
        return
    cur: dict[str, str] | None = None
    extras: dict[str, str] = {}
    start = 0
    hints = dict(base_hints or {})
    for r, (f, row) in enumerate(labelled + [("title", None)]):
        if f == "title":
            if cur and cur.get("title"):
                yield TableRow(f"{grid.name}/row{start + 1}", cur, dict(hints), extras)
            if row is None:
                return
            cur, extras, start = {}, {}, r
            label = " ".join(row[0].split()).rstrip(":")
            hints.pop("kind_section", None)
            if vocab.kind_in_context(label):  # "Tên đề tài:" names the kind
                hints["kind_section"] = label
        if cur is None or row is None:
            continue
        value = next((v for v in row[1:] if v and v != row[0]), "")
        if not value:
            continue
        if f in (None, EXTRA, SEQ):
            extras[" ".join(row[0].split())] = value
        elif f not in cur:
            cur[f] = value
            m = match_header(_label(row[0]))
            if m.unit and f in ("budget", "budget_state"):
                hints["money_unit" if f == "budget" else "budget_state_unit"] = m.unit


def _continues(grid: Grid, prev: TableState | None) -> bool:
    """A headerless table that goes on with the previous one: same width, data from its first row."""
    if prev is None or grid.width != len(prev.header.columns) or not grid.rows:
        return False
    seq_col = next((c for c, (f, _) in enumerate(prev.header.columns) if f == SEQ), None)
    first = next((row for row in grid.rows if any(row)), None)
    if first is None:
        return False
    return (
        seq_col is None
        or bool(_NUMERIC_SEQ.match(first[seq_col] or ""))
        or section_heading(" ".join(filter(None, first))) is not None
    )


def rows_from_grid(
    grid: Grid, base_hints: dict[str, Any] | None = None, state: dict[str, TableState] | None = None
) -> Iterator[TableRow | RowProblem]:
    """Task rows of one table; nothing when the table has no recognisable task header.

    ``state`` (one dict for all the tables of a document) carries the last task table's header,
    hints, decision and sections, so that a table continued on the next PDF page without its
    header is read as the same table; a table with task-shaped labels that no header rule maps
    gives one RowProblem naming its header.
    """
    prev = state.get("table") if state is not None else None
    if grid.width <= 3 and (kv := list(_key_value_rows(grid, base_hints))):
        yield from kv  # a task as a label | value table
        return
    header = find_header(grid)
    if header is None:
        if _continues(grid, prev):
            assert prev is not None
            yield from _rows(
                grid,
                Header(-1, -1, prev.header.columns, prev.header.units, prev.header.includes_pi),
                dict(prev.hints),
                dict(prev.list_dec),
                list(prev.sections),
                state,
            )
            return
        if (labels := unmapped_task_header(grid)) is not None:
            yield RowProblem(
                f"{grid.name}/header",
                f"task-shaped table whose header could not be mapped to a task title column: {labels[:300]}",
                labels[:500],
            )
        return
    tctx = _context(grid, header)
    hints_base: dict[str, Any] = dict(base_hints or {})
    if "level" in tctx:
        hints_base["level"] = tctx["level"]
        hints_base["level_raw"] = tctx["level_raw"]  # the text the level was read from
    elif "level" not in hints_base:
        for text in grid.context:  # nearest first: "… đề tài khoa học cấp cơ sở …"
            if lvl := level_in_text(text):
                hints_base["level"], hints_base["level_raw"] = lvl, " ".join(text.split())[:300]
                break
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
    list_dec: dict[str, str] = {}  # the list's decision, for rows that do not name their own
    if (
        "level" not in hints_base
        and tctx.get("decision", "").endswith("/QĐ-UBND")
        and re.search(r"\b(ubnd|uy ban nhan dan) tinh\b", fold(tctx.get("decision_from", "")))
    ):
        # no level stated anywhere: a list the provincial People's Committee issues is of provincial tasks
        # (a district's UBND decision, also "/QĐ-UBND", says "UBND huyện" and is left alone)
        hints_base["level"], hints_base["level_raw"] = "provincial", tctx["decision_from"][:300]
    if tctx.get("decision"):
        list_dec["decision"] = tctx["decision"]
        if tctx.get("decision_date"):
            list_dec["decision_date"] = tctx["decision_date"]
        hints_base["decision_from"] = tctx["decision_from"]
    yield from _rows(grid, header, hints_base, list_dec, [], state)


def _rows(
    grid: Grid,
    header: Header,
    hints_base: dict[str, Any],
    list_dec: dict[str, str],
    sections: list[tuple[int, str]],
    state: dict[str, TableState] | None,
) -> Iterator[TableRow | RowProblem]:
    title_col = next(c for c, (f, _) in enumerate(header.columns) if f == "title")
    seq_col = next((c for c, (f, _) in enumerate(header.columns) if f == SEQ), None)
    title_label = header.columns[title_col][1]
    label_kind = title_label if vocab.kind_in_context(title_label) else None  # "Tên đề tài", "Tên dự án SXTN"
    if state is not None:
        state["table"] = TableState(header, hints_base, list_dec, sections)
    r = header.last_row + 1
    while r < len(grid.rows) and _is_colnum_row(grid.rows[r]):
        r += 1
    origin, numeric = grid.origin, grid.numeric
    n_rows = 0
    for r in range(r, len(grid.rows)):
        cells = grid.rows[r]
        if not any(cells):
            continue
        title = cells[title_col]
        seq = cells[seq_col] if seq_col is not None and origin[r][seq_col] == (r, seq_col) else ""
        numbered = bool(seq) and _NUMERIC_SEQ.match(seq) is not None
        title_origin = origin[r][title_col]
        title_is_copy = title_origin != (r, title_col) and title_origin[0] != r
        if not numbered:  # headers, sections, totals and footers have no row number
            if r - header.last_row > 1 and match_header(_label(title)).field == "title" and _is_header_row(grid, r):
                sub = Grid(grid.name, grid.rows[r:], _shift(grid.origin[r:], r), [], context=grid.context)
                base = {
                    k: v
                    for k, v in hints_base.items()
                    if k not in ("money_unit", "budget_state_unit", "host_org_includes_pi")
                }
                for item in rows_from_grid(sub, base, state):
                    if "/row" in item.ref:
                        item.ref = f"{grid.name}/row{int(item.ref.rsplit('row', 1)[1]) + r}"
                    yield item
                return
            if _labels_in_row(grid, r) >= 2 and not _is_header_row(grid, r):
                return  # another table's header (contacts, schedule) below: this one ended
            orow = grid.origin[r]
            distinct = {orow[c]: cells[c] for c in range(grid.width) if cells[c]}
            own = {o: v for o, v in distinct.items() if o[0] == r}
            if any(_FOOTER.match(fold(v)) for v in own.values()):
                return  # signature block: table ended
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
            if (
                not seq
                and title
                and set(own) == {orow[title_col]}
                and not _TOTAL.match(fold(title))
                and (
                    (title.upper() == title and any(ch.isalpha() for ch in title)) or section_heading(title) is not None
                )
            ):
                _push_section(sections, " ".join(title.split()))
                continue
            if title and _TOTAL.match(fold(title)):
                continue  # total row
            if seq_col is not None and not seq and len(own) < 3 and title:
                continue  # stray note without a number
        if not title or title_is_copy:
            filled = [v for (f, _), v in zip(header.columns, cells) if v and f not in (SEQ, None, EXTRA)]
            if seq and _NUMERIC_SEQ.match(seq) and filled:
                yield RowProblem(f"{grid.name}/row{r + 1}", "numbered row without a task title", " | ".join(cells))
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
        if header.includes_pi and "principal_investigator" not in fields and fields.get("host_org"):
            host, pi = split_host_pi(fields["host_org"])
            if pi:
                fields["host_org"], fields["principal_investigator"] = host, pi
        if list_dec and not fields.get("decision"):
            fields.update(list_dec)
        if sections:
            hints["section"] = sections[-1][1]
            if len(sections) > 1:
                hints["section_path"] = [s for _, s in sections]
        if (ks := _kind_section(sections) or label_kind) is not None:
            hints["kind_section"] = ks
        n_rows += 1
        yield TableRow(f"{grid.name}/row{r + 1}", fields, hints, extras)
    if n_rows == 0 and header.first_row >= 0 and len(grid.rows) - header.last_row > 2:
        yield RowProblem(
            f"{grid.name}/header",
            "task table whose rows could not be read as tasks (no row has a title under the mapped header)",
            " | ".join(lbl for _, lbl in header.columns)[:500],
        )


def _shift(origin: list[list[tuple[int, int]]], by: int) -> list[list[tuple[int, int]]]:
    return [[(max(o[0] - by, 0), o[1]) for o in row] for row in origin]


def _push_section(stack: list[tuple[int, str]], text: str) -> None:
    level = section_level(text)
    while stack and stack[-1][0] >= level:
        stack.pop()
    stack.append((level, text))
