"""S&T statistics derived from the canonical tables each run, in a tidy long table.

One row per indicator x period x breakdown: ``tasks_accepted | 2023 | level=provincial | 38 | task``.
Every indicator is declared once in ``INDICATORS`` (stable code, Vietnamese and English name,
unit, definition); the data dictionary, the dataset page and the reconciliation with official
totals (transforms.reconcile) all read it from there.

Each indicator is first turned into *events*: one row per (record, year) with the breakdown
dimensions and a weight (1 for a count, the budget for a sum). A yearly figure is the sum of
weights over the distinct records of that year and breakdown value; a figure over a range of
years (an official total "2022-2024") is the sum over the distinct records of the range, so a
task ongoing in three of those years counts once. The statistics table and the reconciliation
therefore compute every figure the same way.

Another family of indicators (start-ups, IP filings, standards and quality, OCOP products)
is a new canonical table plus new entries here with their own ``_events_*`` function; see
docs/DESIGN.md, section 6.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transforms import schemas

ALL = "all"  # period of the whole-catalog indicators
TOTAL = "total"  # breakdown of the overall figure
UNKNOWN = "unknown"  # breakdown value when the record does not say

# Breakdown dimensions (the names official totals use in the province config).
DIMENSIONS: tuple[str, ...] = tuple(b for b in schemas.BREAKDOWNS if b != TOTAL)
DIMENSION_ALIASES = {"grade": "acceptance_grade", "field_code": "field", "field_of_science": "field"}

# unit code -> (Vietnamese, English) words, from the people's labels of the statistics table
UNITS: dict[str, tuple[str, str]] = {u: schemas.VALUE_LABELS["statistics"]["unit"][u] for u in schemas.UNITS}


@dataclass(frozen=True)
class Indicator:
    """One statistic the catalog publishes."""

    code: str
    table: str  # canonical table it is derived from
    unit: str  # key of UNITS
    vi: str
    en: str
    definition_vi: str
    definition_en: str
    breakdowns: tuple[str, ...]  # dimensions besides the total
    yearly: bool = True  # False: one figure for the whole catalog (period "all")


_T_DIMS = ("level", "kind", "field")
INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            "tasks_total",
            "tasks",
            "task",
            "Số nhiệm vụ KH&CN trong danh mục",
            "S&T tasks in the catalog",
            "Mọi nhiệm vụ trong bảng tasks, kể cả nhiệm vụ không rõ năm.",
            "Every task of the tasks table, dated or not.",
            (*_T_DIMS, "acceptance_grade"),
            yearly=False,
        ),
        Indicator(
            "tasks_started",
            "tasks",
            "task",
            "Số nhiệm vụ bắt đầu trong năm",
            "Tasks started in the year",
            "Nhiệm vụ có thời gian bắt đầu (start_date) trong năm.",
            "Tasks whose start_date falls in the year.",
            _T_DIMS,
        ),
        Indicator(
            "tasks_ongoing",
            "tasks",
            "task",
            "Số nhiệm vụ đang thực hiện trong năm",
            "Tasks ongoing in the year",
            "Nhiệm vụ có thời gian thực hiện (start_date đến end_date, cả hai đã biết) phủ một phần của năm; "
            "trong một giai đoạn nhiều năm, mỗi nhiệm vụ tính một lần.",
            "Tasks whose implementation period (start_date to end_date, both known) overlaps the year; "
            "over a range of years each task counts once.",
            _T_DIMS,
        ),
        Indicator(
            "tasks_accepted",
            "tasks",
            "task",
            "Số nhiệm vụ được nghiệm thu trong năm",
            "Tasks accepted in the year",
            "Nhiệm vụ có kết quả nghiệm thu (acceptance_grade, kể cả không đạt), ngày nghiệm thu hoặc tình trạng "
            "đã nghiệm thu / đã ứng dụng, tính theo năm của ngày nghiệm thu (acceptance_date); khi không có ngày "
            "nghiệm thu mà có kết quả nghiệm thu, theo năm của quyết định công bố kết quả (decision_date).",
            "Tasks with an acceptance grade (fail included), an acceptance date or status accepted / applied, "
            "by the year of acceptance_date; without one but with a grade, by the year of the decision that "
            "published the grade (decision_date).",
            (*_T_DIMS, "acceptance_grade"),
        ),
        Indicator(
            "tasks_applied",
            "tasks",
            "task",
            "Số nhiệm vụ có kết quả được ứng dụng",
            "Tasks with applied results",
            "Nhiệm vụ có applied = đúng hoặc tình trạng đã ứng dụng, tính theo năm nghiệm thu (như tasks_accepted), "
            "khi không có thì theo năm kết thúc (end_date).",
            "Tasks with applied = true or status applied, by acceptance year (as tasks_accepted), else by the "
            "year of end_date.",
            _T_DIMS,
        ),
        Indicator(
            "budget_total_vnd",
            "tasks",
            "VND",
            "Tổng kinh phí nhiệm vụ bắt đầu trong năm",
            "Total budget of tasks started in the year",
            "Tổng budget_vnd (đồng) của các nhiệm vụ bắt đầu trong năm (như tasks_started); nhiệm vụ không rõ "
            "kinh phí không được tính.",
            "Sum of budget_vnd (VND) over the tasks started in the year (as tasks_started); tasks without a "
            "budget are left out.",
            ("level", "field"),
        ),
        Indicator(
            "budget_state_vnd",
            "tasks",
            "VND",
            "Kinh phí ngân sách nhà nước của nhiệm vụ bắt đầu trong năm",
            "State budget of tasks started in the year",
            "Tổng budget_state_vnd (đồng) của các nhiệm vụ bắt đầu trong năm; nhiệm vụ không rõ kinh phí ngân "
            "sách không được tính.",
            "Sum of budget_state_vnd (VND) over the tasks started in the year; tasks without a state budget "
            "are left out.",
            ("level", "field"),
        ),
        Indicator(
            "publications",
            "publications",
            "publication",
            "Số công bố khoa học trong năm",
            "Scientific publications in the year",
            "Công bố (không tính bản ghi đã bị nguồn xoá) theo năm công bố; theo nguồn, một công bố được nhiều "
            "nguồn thấy được tính ở mỗi nguồn.",
            "Publications (source tombstones left out) by publication year; by source, a publication seen by "
            "several collectors counts under each.",
            ("source", "venue"),
        ),
    )
}

_DIM_ORDER = {d: i for i, d in enumerate((TOTAL, *DIMENSIONS))}
_IND_ORDER = {c: i for i, c in enumerate(INDICATORS)}
_EVENT_COLS = ["id", "year", *DIMENSIONS, "weight"]


def dimension(name: str) -> str | None:
    """The canonical dimension for a breakdown key as a config writes it, or None."""
    name = DIMENSION_ALIASES.get(name, name)
    return name if name in DIMENSIONS else None


# ------------------------------------------------------------------------------ events


def _year(col: pd.Series) -> pd.Series:
    """Year (nullable int) of ISO 'YYYY-MM-DD' / 'YYYY-MM' text."""
    return pd.to_numeric(col.astype("string").str.slice(0, 4), errors="coerce").astype("Int64")


def _task_frame(tasks: pa.Table) -> pd.DataFrame:
    """One row per task with what every task indicator needs; `id` is the row's position."""
    t = tasks.select(
        [
            "level",
            "kind",
            "field_code",
            "acceptance_grade",
            "status",
            "applied",
            "start_date",
            "end_date",
            "acceptance_date",
            "decision_date",
            "budget_vnd",
            "budget_state_vnd",
        ]
    ).to_pandas(types_mapper=pd.ArrowDtype)
    f = pd.DataFrame({"id": np.arange(tasks.num_rows, dtype=np.int64)})
    f["level"] = t["level"].astype("string").fillna(UNKNOWN)
    f["kind"] = t["kind"].astype("string").fillna(UNKNOWN)
    first = t["field_code"].astype("string").str.slice(0, 1)
    f["field"] = first.where(first.str.fullmatch(r"[1-6]").fillna(False), UNKNOWN).fillna(UNKNOWN)
    grade = t["acceptance_grade"].astype("string")
    f["acceptance_grade"] = grade.fillna(UNKNOWN)
    status = t["status"].astype("string")
    f["start"] = _year(t["start_date"])
    f["end"] = _year(t["end_date"])
    accepted = grade.notna() | status.isin(["accepted", "applied"]).fillna(False) | t["acceptance_date"].notna()
    acc_year = _year(t["acceptance_date"]).fillna(_year(t["decision_date"]).where(grade.notna()))
    f["accepted"] = accepted.astype(bool)
    f["accepted_year"] = acc_year.where(f["accepted"])
    f["applied"] = (t["applied"].astype("boolean").fillna(False) | status.eq("applied").fillna(False)).astype(bool)
    f["budget"] = t["budget_vnd"].astype("Int64")
    f["budget_state"] = t["budget_state_vnd"].astype("Int64")
    return f


def _events(f: pd.DataFrame, year: pd.Series, weight: pd.Series | int = 1) -> pd.DataFrame:
    e = f[["id", "level", "kind", "field", "acceptance_grade"]].copy()
    e["source"] = UNKNOWN
    e["venue"] = UNKNOWN
    e["year"] = year.astype("Int64")
    e["weight"] = weight
    e["weight"] = e["weight"].astype("Int64")
    return e[_EVENT_COLS]


def _events_tasks(code: str, f: pd.DataFrame) -> pd.DataFrame:
    if code == "tasks_total":
        return _events(f, pd.Series(pd.NA, index=f.index, dtype="Int64"))
    if code == "tasks_started":
        return _events(f, f["start"]).dropna(subset=["year"])
    if code == "tasks_ongoing":
        known = f[f["start"].notna() & f["end"].notna() & (f["end"] >= f["start"])]
        spans = (known["end"] - known["start"] + 1).astype(int)
        rep = known.loc[known.index.repeat(spans)]
        offset = rep.groupby(level=0).cumcount()
        rep = rep.reset_index(drop=True)
        return _events(rep, rep["start"] + offset.to_numpy())
    if code == "tasks_accepted":
        acc = f[f["accepted"]]
        return _events(acc, acc["accepted_year"]).dropna(subset=["year"])
    if code == "tasks_applied":
        app = f[f["applied"]]
        return _events(app, app["accepted_year"].fillna(app["end"])).dropna(subset=["year"])
    if code in ("budget_total_vnd", "budget_state_vnd"):
        col = "budget" if code == "budget_total_vnd" else "budget_state"
        b = f[f[col].notna()]
        return _events(b, b["start"], b[col]).dropna(subset=["year"])
    raise KeyError(code)


def _events_publications(pubs: pa.Table) -> pd.DataFrame:
    """One row per (publication, source) of the publications not deleted and with a year."""
    deleted = pc.fill_null(pubs.column("deleted"), False)
    keep = pc.and_(pc.invert(deleted), pc.is_valid(pubs.column("year")))
    pos = pc.indices_nonzero(keep)
    p = pubs.take(pos)
    sources = pc.fill_null(p.column("sources").combine_chunks(), pa.scalar([], pa.list_(pa.string())))
    none = pc.equal(pc.list_value_length(sources), 0)
    # a publication no collector names still counts once, under source "unknown"
    sources = pc.if_else(none, pa.scalar([UNKNOWN], pa.list_(pa.string())), sources)
    parent = pc.list_parent_indices(sources)
    e = pd.DataFrame(
        {
            "id": pos.take(parent).to_numpy().astype(np.int64),
            "year": pd.array(p.column("year").take(parent).to_pylist(), dtype="Int64"),
            "source": pc.list_flatten(sources).to_pandas(),
            "venue": pc.fill_null(p.column("venue").take(parent), UNKNOWN).to_pandas(),
        }
    )
    for d in ("level", "kind", "field", "acceptance_grade"):
        e[d] = UNKNOWN
    e["weight"] = pd.Series(1, index=e.index, dtype="Int64")
    return e[_EVENT_COLS]


@dataclass(frozen=True)
class Events:
    """Per indicator code its events (id = row position in its table), and the ids to report."""

    frames: dict[str, pd.DataFrame]
    ids: dict[str, pa.Array]  # table name -> task_id / pub_id by row position

    def figure(
        self, code: str, filters: Iterable[tuple[str, str]] = (), years: tuple[int, int] | None = None
    ) -> tuple[int, list[str]]:
        """Sum of weights over the distinct records matching every (dimension, value) within the
        years (all when None); and their ids."""
        ev = self.frames[code]
        if years is not None:
            ev = ev[(ev["year"] >= years[0]) & (ev["year"] <= years[1])]
        for dim, value in filters:
            ev = ev[ev[dim] == value]
        first = ev.drop_duplicates("id")
        ids = self.ids[INDICATORS[code].table].take(pa.array(first["id"].to_numpy())).to_pylist()
        return int(first["weight"].sum()), sorted(ids)

    def has(self, code: str, years: tuple[int, int] | None) -> bool:
        """Whether any record counts for the indicator in the years."""
        ev = self.frames[code]
        if years is not None:
            ev = ev[(ev["year"] >= years[0]) & (ev["year"] <= years[1])]
        return not ev.empty


def events(tables: dict[str, pa.Table | None]) -> Events:
    """The events of every indicator from the canonical tasks and publications."""
    tasks = tables.get("tasks")
    tasks = tasks if tasks is not None else schemas.empty_table("tasks")
    pubs = tables.get("publications")
    pubs = pubs if pubs is not None else schemas.empty_table("publications")
    f = _task_frame(tasks)
    pub_events = _events_publications(pubs)
    frames = {code: _events_tasks(code, f) if ind.table == "tasks" else pub_events for code, ind in INDICATORS.items()}
    return Events(
        frames,
        {"tasks": tasks.column("task_id").combine_chunks(), "publications": pubs.column("pub_id").combine_chunks()},
    )


# ------------------------------------------------------------------------------ the table


def _label(dim: str, value: str) -> str | None:
    """The Vietnamese label of a breakdown value (the people's CSV shows it)."""
    if dim == TOTAL:
        return "Tổng số"
    if value == UNKNOWN:
        return "Không rõ"
    if dim == "field":
        from transforms.fields import field_name

        return field_name(value)
    if dim == "source":
        return str(schemas.value_label("publications", "sources", value))
    if dim == "venue":
        return value
    return str(schemas.value_label("tasks", dim, value))


def build_statistics(tables: dict[str, pa.Table | None], ev: Events | None = None) -> pa.Table:
    """The statistics table (schemas.STATISTICS) from the canonical tables, in a stable order.
    `ev`: their events when already computed (the reconciliation reads the same)."""
    rows: list[dict] = []
    ev_all = ev if ev is not None else events(tables)
    for code, ev in ev_all.frames.items():
        ind = INDICATORS[code]
        ev = ev.copy()
        ev["period"] = ev["year"].astype("string") if ind.yearly else ALL
        for dim in (TOTAL, *ind.breakdowns):
            keys = ["period"] if dim == TOTAL else ["period", dim]
            distinct = ev.drop_duplicates(["id", *keys])
            sums = distinct.groupby(keys, sort=True)["weight"].sum()
            for key, value in sums.items():
                period, val = (key, TOTAL) if dim == TOTAL else key
                rows.append(
                    {
                        "stat_id": f"{code}|{period}|{dim}={val}",
                        "indicator": code,
                        "indicator_vi": ind.vi,
                        "indicator_en": ind.en,
                        "period": str(period),
                        "breakdown": dim,
                        "breakdown_value": str(val),
                        "breakdown_label": _label(dim, str(val)),
                        "value": int(value),
                        "unit": ind.unit,
                    }
                )
    rows.sort(key=lambda r: (_IND_ORDER[r["indicator"]], r["period"], _DIM_ORDER[r["breakdown"]], r["breakdown_value"]))
    return _hashed("statistics", rows)


def _hashed(name: str, rows: list[dict]) -> pa.Table:
    from transforms.pipeline import table_hashes

    table = schemas.conform(name, rows) if rows else schemas.empty_table(name)
    idx = table.schema.get_field_index("record_hash")
    return table.set_column(idx, table.schema.field("record_hash"), table_hashes(table, name).cast(pa.string()))


def codelist() -> list[dict[str, str]]:
    """Every indicator with names, unit and definition: for the data dictionary and the docs."""
    return [
        {
            "value": i.code,
            "label": i.en,
            "label_vi": i.vi,
            "label_en": i.en,
            "unit": i.unit,
            "definition_vi": i.definition_vi,
            "definition_en": i.definition_en,
            "breakdowns": ", ".join((TOTAL, *i.breakdowns)),
            "period": "year" if i.yearly else ALL,
        }
        for i in INDICATORS.values()
    ]
