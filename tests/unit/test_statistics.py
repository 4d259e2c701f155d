"""The statistics table: every figure equals the one computed directly from the canonical rows."""

from __future__ import annotations

from collections import defaultdict

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.package import data_dictionary
from transforms import schemas
from transforms.parquet import content_hash
from transforms.statistics import INDICATORS, build_statistics
from transforms.warehouse import store, table_path

# ------------------------------------------------------------------ a direct, row-by-row reading


def _year(text):
    return int(text[:4]) if text and text[:4].isdigit() else None


def _dims(r):
    first = (r["field_code"] or "")[:1]
    return {
        "level": r["level"] or "unknown",
        "kind": r["kind"] or "unknown",
        "field": first if first and first in "123456" else "unknown",
        "acceptance_grade": r["acceptance_grade"] or "unknown",
    }


def _task_years(code, r):
    """The years a task counts in for an indicator, read from the definitions in the dictionary."""
    start, end = _year(r["start_date"]), _year(r["end_date"])
    graded = r["acceptance_grade"] is not None
    accepted = graded or r["status"] in ("accepted", "applied") or r["acceptance_date"] is not None
    acc = _year(r["acceptance_date"])
    if acc is None and graded:
        acc = _year(r["decision_date"])
    if code == "tasks_total":
        return ["all"]
    if code in ("tasks_started", "budget_total_vnd", "budget_state_vnd"):
        return [start] if start is not None else []
    if code == "tasks_ongoing":
        return list(range(start, end + 1)) if start is not None and end is not None else []
    if code == "tasks_accepted":
        return [acc] if accepted and acc is not None else []
    if code == "tasks_applied":
        if not (r["applied"] is True or r["status"] == "applied"):
            return []
        year = acc if acc is not None else end
        return [year] if year is not None else []
    raise KeyError(code)


def direct_figures(tasks: list[dict], pubs: list[dict]) -> dict[tuple[str, str, str, str], int]:
    out: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for code, ind in INDICATORS.items():
        if ind.table == "tasks":
            for r in tasks:
                weight = {"budget_total_vnd": r["budget_vnd"], "budget_state_vnd": r["budget_state_vnd"]}.get(code, 1)
                if weight is None:
                    continue
                dims = _dims(r)
                for y in _task_years(code, r):
                    out[(code, str(y), "total", "total")] += weight
                    for d in ind.breakdowns:
                        out[(code, str(y), d, dims[d])] += weight
        else:
            for p in pubs:
                if p["deleted"] or p["year"] is None:
                    continue
                y = str(p["year"])
                out[(code, y, "total", "total")] += 1
                for s in set(p["sources"] or ["unknown"]):
                    out[(code, y, "source", s)] += 1
                out[(code, y, "venue", p["venue"] or "unknown")] += 1
    return dict(out)


def _as_dict(stats) -> dict[tuple[str, str, str, str], int]:
    return {(r["indicator"], r["period"], r["breakdown"], r["breakdown_value"]): r["value"] for r in stats.to_pylist()}


# ------------------------------------------------------------------ generated canonical tables

_years = st.integers(2015, 2026)
_month_date = st.builds(lambda y, m: f"{y}-{m:02d}", _years, st.integers(1, 12))
_day_date = st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", _years, st.integers(1, 12), st.integers(1, 28))
_date = st.none() | _month_date | _day_date
_money = st.none() | st.integers(0, 5_000_000_000)


@st.composite
def task_rows(draw):
    n = draw(st.integers(0, 25))
    rows = []
    for i in range(n):
        rows.append(
            {
                "task_id": f"t-{i:04d}",
                "title": f"Nhiệm vụ {i}",
                "source": "s",
                "record_hash": str(i),
                "level": draw(st.none() | st.sampled_from(schemas.LEVELS)),
                "kind": draw(st.none() | st.sampled_from(schemas.KINDS)),
                "field_code": draw(st.none() | st.sampled_from(["1", "101", "40101", "3", "602", "5"])),
                "acceptance_grade": draw(st.none() | st.sampled_from(schemas.GRADES)),
                "status": draw(st.none() | st.sampled_from(schemas.STATUSES)),
                "applied": draw(st.none() | st.booleans()),
                "start_date": draw(_date),
                "end_date": draw(_date),
                "acceptance_date": draw(_date),
                "decision_date": draw(_date),
                "budget_vnd": draw(_money),
                "budget_state_vnd": draw(_money),
            }
        )
    return rows


@st.composite
def pub_rows(draw):
    n = draw(st.integers(0, 15))
    return [
        {
            "pub_id": f"p-{i:04d}",
            "title": f"Bài {i}",
            "record_hash": str(i),
            "year": draw(st.none() | _years),
            "venue": draw(st.none() | st.sampled_from(["Tạp chí KH&CN ĐHTN", "Journal of Forest Science"])),
            "sources": draw(st.lists(st.sampled_from(["oai_pmh", "openalex", "crossref"]), unique=True, max_size=3)),
            "deleted": draw(st.booleans()),
        }
        for i in range(n)
    ]


@settings(max_examples=40, deadline=None)
@given(task_rows(), pub_rows())
def test_every_indicator_equals_the_figure_read_directly_from_the_canonical_tables(tasks, pubs):
    tables = {
        "tasks": schemas.conform("tasks", tasks) if tasks else schemas.empty_table("tasks"),
        "publications": schemas.conform("publications", pubs) if pubs else schemas.empty_table("publications"),
    }
    stats = build_statistics(tables)
    assert _as_dict(stats) == direct_figures(tasks, pubs)
    # Breakdown values and units as declared; ids unique (the catalog's datastore key).
    assert len(set(stats.column("stat_id").to_pylist())) == stats.num_rows
    for r in stats.to_pylist():
        assert r["unit"] == INDICATORS[r["indicator"]].unit
        assert r["breakdown"] == "total" or r["breakdown"] in INDICATORS[r["indicator"]].breakdowns


def test_the_same_tables_give_the_same_bytes_and_an_unchanged_store_writes_nothing(tmp_path):
    tasks = [
        {
            "task_id": "t-1",
            "title": "A",
            "source": "s",
            "record_hash": "1",
            "level": "provincial",
            "start_date": "2022-01",
            "end_date": "2023-12",
            "budget_vnd": 900_000_000,
            "field_code": "401",
            "acceptance_grade": "good",
            "decision_date": "2023-11-03",
        }
    ]
    tables = {"tasks": schemas.conform("tasks", tasks), "publications": schemas.empty_table("publications")}
    first, second = build_statistics(tables), build_statistics(tables)
    assert content_hash(first) == content_hash(second)
    d1 = store(tmp_path, "statistics", first)
    mtime = table_path(tmp_path, "statistics").stat().st_mtime_ns
    d2 = store(tmp_path, "statistics", second)
    assert d1.written and not d2.written and d2.unchanged == first.num_rows
    assert table_path(tmp_path, "statistics").stat().st_mtime_ns == mtime
    stored = pq.read_table(table_path(tmp_path, "statistics")).to_pylist()
    ongoing = {
        r["period"]: r["value"] for r in stored if r["indicator"] == "tasks_ongoing" and r["breakdown"] == "total"
    }
    assert ongoing == {"2022": 1, "2023": 1}
    labels = {r["breakdown_value"]: r["breakdown_label"] for r in stored if r["breakdown"] in ("level", "field")}
    assert labels["provincial"] == "Cấp tỉnh" and labels["4"] == "Khoa học nông nghiệp"


def test_every_indicator_has_names_unit_and_definition_in_the_data_dictionary():
    fields = {f["name"]: f for f in data_dictionary("statistics")}
    listed = {c["value"]: c for c in fields["indicator"]["categories"]}
    assert set(listed) == set(INDICATORS)
    for code, c in listed.items():
        assert c["label_vi"] and c["label_en"] and c["definition_vi"] and c["definition_en"], code
        assert c["unit"] in schemas.UNITS
    assert fields["breakdown"]["constraints"]["enum"] == list(schemas.BREAKDOWNS)
    assert set(schemas.PRIMARY_KEYS["statistics"]) == {"stat_id"}
