"""Rule checks on canonical rows; every failure becomes a ``rejects`` row.

Policy: a failed *field* rule nulls the offending value (the ``*_raw`` text stays) and the
record is kept; a failed *record* rule (no title, no id) drops the record. Checks are
vectorized with pyarrow compute; only failing rows are visited in Python.

Rules for tasks: end ≥ start (at the coarser of the two precisions), budgets ≥ 0, state share
≤ total, years of every date within 1975..now+10, enums from transforms.schemas, and
confidence within [0, 1]. ``check_coordinates`` serves tables that carry coordinates (Vietnam:
lat 8–24, lon 102–110; a swapped pair is named as such).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms import schemas
from transforms.dates import MIN_YEAR

__all__ = ["validate_tasks", "check_coordinates", "reject", "count_reasons"]

DATE_COLS = ("start_date", "end_date", "acceptance_date", "decision_date")
ENUMS = {"level": schemas.LEVELS, "kind": schemas.KINDS, "status": schemas.STATUSES, "acceptance_grade": schemas.GRADES}
VN_LAT, VN_LON = (8.0, 24.0), (102.0, 110.0)


def reject(
    source: Any, table: str, record_ref: Any, stage: str, field: str | None, reason: str, raw_value: Any
) -> dict:
    """A rejects row (run_id and rejected_at are stamped by the pipeline)."""
    return {
        "source": source or "unknown",
        "table": table,
        "record_ref": record_ref,
        "stage": stage,
        "field": field,
        "reason": reason,
        "raw_value": None if raw_value is None else str(raw_value)[:2000],
    }


def _pad(a: pa.ChunkedArray | pa.Array, lo: bool) -> pa.Array:
    """ISO date of any precision -> the first (lo) or last (hi) day it covers, as text."""
    n = pc.utf8_length(a)
    year_tail, month_tail = ("-01-01", "-01") if lo else ("-12-31", "-31")
    return pc.if_else(
        pc.equal(n, 4),
        pc.binary_join_element_wise(a, year_tail, ""),
        pc.if_else(pc.equal(n, 7), pc.binary_join_element_wise(a, month_tail, ""), a),
    )


def _rows(mask: Any) -> np.ndarray:
    return np.flatnonzero(pc.fill_null(mask, False).to_numpy(zero_copy_only=False))


def validate_tasks(table: pa.Table, record_refs: Any, today: dt.date) -> tuple[pa.Table, list[dict]]:
    """Check canonical task rows; null failing fields; return (table, rejects).

    ``record_refs`` (Arrow array or sequence) is aligned with the rows; only failing rows
    are ever turned into Python values.
    """
    rejects: list[dict] = []
    src = table.column("source")
    nulls: dict[str, set[int]] = {}

    def fail(rows: Iterable[int], field: str, reason: str, raw_col: str | None = None, null: str | None = None) -> None:
        raw = table.column(raw_col or field)
        for i in rows:
            i = int(i)
            ref = record_refs[i]
            ref = ref.as_py() if isinstance(ref, pa.Scalar) else ref
            rejects.append(reject(src[i].as_py(), "tasks", ref, "validate", field, reason, raw[i].as_py()))
            if null:
                nulls.setdefault(null, set()).add(int(i))

    max_year = today.year + 10
    for c in DATE_COLS:
        col = table.column(c)
        year = pc.cast(pc.utf8_slice_codeunits(col, 0, 4), pa.int64(), safe=False)
        bad = pc.or_(pc.less(year, MIN_YEAR), pc.greater(year, max_year))
        fail(_rows(bad), c, f"year outside {MIN_YEAR}..{max_year}", null=c)
    start, end = table.column("start_date"), table.column("end_date")
    fail(
        _rows(pc.less(_pad(end, lo=False), _pad(start, lo=True))),
        "end_date",
        "end date before start date",
        null="end_date",
    )
    for c in ("budget_vnd", "budget_state_vnd"):
        fail(_rows(pc.less(table.column(c), 0)), c, "negative budget", null=c)
    fail(
        _rows(pc.greater(table.column("budget_state_vnd"), table.column("budget_vnd"))),
        "budget_state_vnd",
        "state budget exceeds total budget",
        null="budget_state_vnd",
    )
    for c, allowed in ENUMS.items():
        col = table.column(c)
        bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=pa.array(allowed))))
        fail(_rows(bad), c, f"not one of {', '.join(allowed)}", null=c)
    conf = table.column("confidence")
    fail(
        _rows(pc.or_(pc.less(conf, 0), pc.greater(conf, 1))),
        "confidence",
        "confidence outside [0, 1]",
        null="confidence",
    )
    for c, rows in nulls.items():
        idx = table.schema.get_field_index(c)
        mask = np.zeros(table.num_rows, dtype=bool)
        mask[list(rows)] = True
        col = pc.if_else(pa.array(mask), pa.nulls(table.num_rows, table.schema.field(c).type), table.column(c))
        table = table.set_column(idx, table.schema.field(c), col)
    return table, rejects


def check_coordinates(lat: float | None, lon: float | None) -> str | None:
    """Reason a coordinate pair is unusable for a place in Vietnam, or None if plausible."""
    if lat is None or lon is None:
        return None
    if VN_LAT[0] <= lat <= VN_LAT[1] and VN_LON[0] <= lon <= VN_LON[1]:
        return None
    if VN_LAT[0] <= lon <= VN_LAT[1] and VN_LON[0] <= lat <= VN_LON[1]:
        return "latitude and longitude swapped"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "coordinates out of range"
    return "coordinates outside Vietnam"


def _generic(reason: str) -> str:
    """Reason without the quoted specifics, so counts group by kind of failure."""
    return re.sub(r"\s+", " ", re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", reason or "")).strip()


def count_reasons(rejects: pa.Table) -> dict[str, int]:
    """Counts per (stage, field, reason) for the run summary, most frequent first."""
    c = Counter(
        f"{s}:{f or '-'}:{_generic(r)}"
        for s, f, r in zip(
            rejects.column("stage").to_pylist(),
            rejects.column("field").to_pylist(),
            rejects.column("reason").to_pylist(),
        )
    )
    return dict(c.most_common())
