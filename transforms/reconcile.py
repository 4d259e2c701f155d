"""Reconciliation: the catalog's statistics against the totals the department itself announced.

The province config lists official totals (``statistics.official_totals``: indicator, year or
period, optional breakdown, value, document and URL). Each run compares every one with the
same figure computed from the canonical tables (transforms.statistics) and says ``agree``,
``differ`` (by how much, with the records the catalog counted, so a data engineer can see which
are missing or extra) or ``cannot_compare`` (and why). A difference is a finding, never an
error: publishing goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from transforms import schemas
from transforms import statistics as S

_SHOWN_IDS = 60  # records listed per check in the text report (the table keeps them all)


@dataclass(frozen=True)
class OfficialTotal:
    """One total as the department published it."""

    indicator: str
    value: float
    document: str
    source_url: str
    start: dt.date
    end: dt.date
    breakdown: tuple[tuple[str, str], ...] = ()
    note: str = ""

    @property
    def period(self) -> str:
        """The period as the config states it: '2023', '2022-2024', or 'YYYY-MM-DD/YYYY-MM-DD'."""
        years = self.years()
        if years:
            return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def years(self) -> tuple[int, int] | None:
        """(first, last) year when the period is whole calendar years, else None."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return self.start.year, self.end.year
        return None


def _get(item: Any, key: str, default: Any = None) -> Any:
    return item.get(key, default) if isinstance(item, Mapping) else getattr(item, key, default)


def _as_date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def to_official(item: Any) -> OfficialTotal:
    """An OfficialTotal from a config entry (the config model, or a plain mapping with the same keys)."""
    year = _get(item, "year")
    if year is not None:
        start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    else:
        start, end = _as_date(_get(item, "period_start")), _as_date(_get(item, "period_end"))
    breakdown = tuple(sorted((str(k), str(v)) for k, v in (_get(item, "breakdown") or {}).items()))
    return OfficialTotal(
        indicator=str(_get(item, "indicator")),
        value=_get(item, "value"),
        document=str(_get(item, "document") or ""),
        source_url=str(_get(item, "source_url") or ""),
        start=start,
        end=end,
        breakdown=breakdown,
        note=str(_get(item, "note") or ""),
    )


@dataclass
class Check:
    """The outcome of one official total, with why in English and Vietnamese."""

    total: OfficialTotal
    outcome: str  # agree | differ | cannot_compare
    reason: str
    reason_vi: str
    catalog_value: int | None = None
    counted_ids: list[str] = field(default_factory=list)

    @property
    def difference(self) -> int | None:
        return None if self.catalog_value is None else int(self.catalog_value - self.total.value)


def _normalize_value(dim: str, value: str) -> str | None:
    """A breakdown value as the config writes it -> the catalog's code (codes or Vietnamese words)."""
    from transforms import fields, vocab

    v = value.strip()
    if dim == "level":
        return v if v in schemas.LEVELS else vocab.level(v)
    if dim == "kind":
        return v if v in schemas.KINDS else vocab.kind(v)
    if dim == "acceptance_grade":
        return v if v in schemas.GRADES else vocab.grade(v)
    if dim == "field":
        code = fields.field_code(v).code
        return code[:1] if code else None
    return v


def _cannot(total: OfficialTotal, en: str, vi: str) -> Check:
    return Check(total, "cannot_compare", en, vi)


def check_one(total: OfficialTotal, ev: S.Events) -> Check:
    """Compare one official total with the catalog's events (transforms.statistics.events)."""
    ind = S.INDICATORS.get(total.indicator)
    known = ", ".join(S.INDICATORS)
    if ind is None:
        return _cannot(
            total,
            f"indicator {total.indicator!r} is not one the catalog computes (it computes: {known})",
            f"danh mục chưa tính chỉ tiêu {total.indicator!r} (các chỉ tiêu có: {known})",
        )
    if not ind.yearly:
        return _cannot(
            total,
            f"{ind.code} counts the whole catalog, not a period; compare a total for a period "
            "with a yearly indicator (e.g. tasks_ongoing)",
            f"{ind.code} tính trên toàn bộ danh mục, không theo kỳ; hãy đối chiếu với một chỉ tiêu theo "
            "năm (ví dụ tasks_ongoing)",
        )
    years = total.years()
    if years is None:
        return _cannot(
            total,
            f"period {total.period} is not whole calendar years; the catalog dates this indicator by year",
            f"kỳ {total.period} không trọn năm dương lịch; danh mục tính chỉ tiêu này theo năm",
        )
    filters: list[tuple[str, str]] = []
    for key, raw in total.breakdown:
        dim = S.dimension(key)
        if dim is None or dim not in ind.breakdowns:
            has = ", ".join(ind.breakdowns)
            return _cannot(
                total,
                f"breakdown {key!r} is not one the catalog has for {ind.code} (it has: {has})",
                f"danh mục không có phân tổ {key!r} cho {ind.code} (các phân tổ có: {has})",
            )
        value = _normalize_value(dim, raw)
        if value is None:
            return _cannot(
                total,
                f"breakdown {key}={raw!r} is not a value the catalog knows",
                f"danh mục không có giá trị {raw!r} của phân tổ {key}",
            )
        filters.append((dim, value))
    if not ev.has(ind.code, years):
        return _cannot(
            total,
            f"the catalog has no record for {ind.code} in {total.period}",
            f"danh mục không có bản ghi nào cho {ind.code} trong kỳ {total.period}",
        )
    value, ids = ev.figure(ind.code, filters, years)
    diff = value - total.value
    unit_vi, unit_en = S.UNITS[ind.unit]
    if diff == 0:
        return Check(
            total,
            "agree",
            f"the catalog counts {value:,} {unit_en} too",
            f"danh mục cũng có {value:,} {unit_vi}",
            value,
            ids,
        )
    en = f"the catalog has {value:,}, {abs(diff):,g} {'more' if diff > 0 else 'fewer'} than the official {total.value:,g}"
    vi = f"danh mục có {value:,}, {'nhiều' if diff > 0 else 'ít'} hơn số chính thức {total.value:,g} là {abs(diff):,g}"
    undated = _undated(ind.code, ev)
    if undated:
        en += f"; {undated} record(s) of {ind.code} in the catalog have no year and are not counted"
        vi += f"; {undated} bản ghi {ind.code} trong danh mục không có năm nên không được tính"
    return Check(total, "differ", en, vi, value, ids)


def _undated(code: str, ev: S.Events) -> int:
    """Records that would count for the indicator if they had a date (a hint for a difference)."""
    if code == "tasks_accepted":
        every, dated = ev.frames["tasks_total"], ev.frames[code]
        graded = every[every["acceptance_grade"] != S.UNKNOWN]["id"].nunique()
        return max(graded - dated[dated["acceptance_grade"] != S.UNKNOWN]["id"].nunique(), 0)
    return 0


def reconcile(
    totals: Iterable[OfficialTotal], tables: dict[str, pa.Table | None], ev: S.Events | None = None
) -> list[Check]:
    """Every official total compared with the catalog built from `tables` (tasks, publications);
    `ev`: their events when already computed."""
    ev = ev if ev is not None else S.events(tables)
    return [check_one(t, ev) for t in totals]


def _check_id(t: OfficialTotal) -> str:
    doc = hashlib.sha256(f"{t.document}\x1f{t.source_url}".encode()).hexdigest()[:8]
    bd = ",".join(f"{k}={v}" for k, v in t.breakdown) or "total"
    return f"{t.indicator}|{t.period}|{bd}|{doc}"


def to_table(checks: list[Check]) -> pa.Table:
    """The reconciliation table (schemas.RECONCILIATION), in config order."""
    rows = []
    seen: dict[str, int] = {}
    for c in checks:
        t = c.total
        check_id = _check_id(t)
        seen[check_id] = seen.get(check_id, 0) + 1
        if seen[check_id] > 1:  # the same total listed twice stays two rows (a unique key for the datastore)
            check_id += f"#{seen[check_id]}"
        rows.append(
            {
                "check_id": check_id,
                "indicator": t.indicator,
                "period": t.period,
                "breakdown": ",".join(k for k, _ in t.breakdown) or S.TOTAL,
                "breakdown_value": ",".join(v for _, v in t.breakdown) or S.TOTAL,
                "official_value": round(t.value),
                "catalog_value": c.catalog_value,
                "difference": c.difference,
                "outcome": c.outcome,
                "reason": c.reason,
                "reason_vi": c.reason_vi,
                "counted_ids": c.counted_ids,
                "document": t.document,
                "source_url": t.source_url,
                "note": t.note or None,
            }
        )
    return S._hashed("reconciliation", rows)


def counts(checks: Iterable[Check] | pa.Table) -> dict[str, int]:
    """How many checks agree, differ, cannot be compared."""
    outcomes = checks.column("outcome").to_pylist() if isinstance(checks, pa.Table) else [c.outcome for c in checks]
    return {k: outcomes.count(k) for k in ("agree", "differ", "cannot_compare")}


_WORD = {"agree": "agree", "differ": "DIFFER", "cannot_compare": "cannot compare"}
_WORD_VI = {"agree": "khớp", "differ": "lệch", "cannot_compare": "không so sánh được"}


def render(table: pa.Table) -> str:
    """Markdown report of a reconciliation table, for the run summary, the artifact and the CLI."""
    if not table.num_rows:
        return "No official totals in the config (statistics.official_totals): nothing to reconcile."
    n = counts(table)
    lines = [
        f"Reconciliation with official totals: {n['agree']} agree, {n['differ']} differ, "
        f"{n['cannot_compare']} cannot compare",
        "",
        "| indicator | period | breakdown | official | catalog | difference | outcome | document |",
        "|---|---|---|---:|---:|---:|---|---|",
    ]
    rows = table.to_pylist()
    for r in rows:
        bd = "total" if r["breakdown"] == S.TOTAL else f"{r['breakdown']}={r['breakdown_value']}"
        cat = "" if r["catalog_value"] is None else f"{r['catalog_value']:,}"
        diff = "" if r["difference"] is None else (f"{r['difference']:+,}" if r["difference"] else "0")
        lines.append(
            f"| {r['indicator']} | {r['period']} | {bd} | {r['official_value']:,} | {cat} | {diff} | "
            f"{_WORD[r['outcome']]} | {_md(r['document'])} |"
        )
    notes = [r for r in rows if r["outcome"] != "agree"]
    if notes:
        lines += [""]
        for r in notes:
            bd = "" if r["breakdown"] == S.TOTAL else f" {r['breakdown']}={r['breakdown_value']}"
            lines.append(f"- {r['indicator']} {r['period']}{bd}: {r['reason']} ({r['source_url']})")
            ids = r["counted_ids"] or []
            if r["outcome"] == "differ" and ids:
                more = f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
                lines.append(f"  counted: {', '.join(ids[:_SHOWN_IDS])}{more}")
    return "\n".join(lines)


def _md(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def page_notes(table: pa.Table | None) -> tuple[str, str]:
    """(Vietnamese, English) paragraph for the statistics dataset page: the reconciliation."""
    if table is None or not table.num_rows:
        return "", ""
    n = counts(table)
    vi = [
        f"Đối chiếu với số liệu chính thức: {n['agree']} khớp, {n['differ']} lệch, "
        f"{n['cannot_compare']} không so sánh được (chi tiết trong bộ dữ liệu đối chiếu)."
    ]
    en = [
        f"Reconciled with official totals: {n['agree']} agree, {n['differ']} differ, "
        f"{n['cannot_compare']} cannot compare (details in the reconciliation dataset)."
    ]
    for r in table.to_pylist():
        bd = "" if r["breakdown"] == S.TOTAL else f" ({r['breakdown']}={r['breakdown_value']})"
        cat = "?" if r["catalog_value"] is None else f"{r['catalog_value']:,}"
        vi.append(
            f"- {r['indicator']} {r['period']}{bd}: chính thức {r['official_value']:,}, danh mục {cat}: "
            f"{_WORD_VI[r['outcome']]}"
        )
        en.append(
            f"- {r['indicator']} {r['period']}{bd}: official {r['official_value']:,}, catalog {cat}: "
            f"{_WORD[r['outcome']].lower()}"
        )
    return "\n".join(vi), "\n".join(en)


def page_notes_for(table: str, tables: Mapping[str, Any]) -> tuple[str, str]:
    """page_notes of the reconciliation stored beside the statistics (warehouse paths by table name)."""
    if table != "statistics" or tables.get("reconciliation") is None:
        return "", ""
    from transforms.parquet import read_table

    return page_notes(read_table(tables["reconciliation"]))
