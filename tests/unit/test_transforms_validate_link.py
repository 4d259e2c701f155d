"""Validation rules and task identity (ids, keys) on their own."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import schemas
from transforms.link import ascii_keys, assign_task_ids
from transforms.text import ascii_key
from transforms.validate import check_coordinates, validate_tasks

TODAY = dt.date(2026, 11, 26)


def _row(**kw) -> dict:
    base = {"task_id": "t-1", "title": "T", "source": "s", "record_hash": "h"}
    return {**base, **kw}


RULES = [
    ("end-before-start", {"start_date": "2022-06", "end_date": "2021"}, "end_date", "end date before start date"),
    ("same-year-coarser-end-ok", {"start_date": "2022-06-15", "end_date": "2022"}, None, None),
    ("same-month-ok", {"start_date": "2022-06-15", "end_date": "2022-06"}, None, None),
    ("negative-budget", {"budget_vnd": -5}, "budget_vnd", "negative budget"),
    (
        "state-over-total",
        {"budget_vnd": 10, "budget_state_vnd": 11},
        "budget_state_vnd",
        "state budget exceeds total budget",
    ),
    ("year-too-late", {"decision_date": "2099-01-01"}, "decision_date", "year outside 1975..2036"),
    ("year-too-early", {"acceptance_date": "1960"}, "acceptance_date", "year outside 1975..2036"),
    ("bad-enum", {"level": "district"}, "level", "not one of national, ministry, provincial, grassroots"),
    ("confidence", {"confidence": 1.5}, "confidence", "confidence outside [0, 1]"),
]


@pytest.mark.parametrize("values,field,reason", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rules(values, field, reason):
    table = schemas.conform("tasks", [_row(**values)])
    out, rejects = validate_tasks(table, ["ref-1"], TODAY)
    if field is None:
        assert rejects == []
        return
    assert [(r["field"], r["reason"], r["stage"], r["record_ref"]) for r in rejects] == [
        (field, reason, "validate", "ref-1")
    ]
    assert out.column(field)[0].as_py() is None


@pytest.mark.parametrize(
    "lat,lon,reason",
    [
        (22.15, 105.83, None),
        (105.83, 22.15, "latitude and longitude swapped"),
        (48.8, 2.3, "coordinates outside Vietnam"),
        (95.0, 10.0, "coordinates out of range"),
        (None, 105.8, None),
    ],
    ids=["bac-kan", "swapped", "paris", "out-of-range", "missing"],
)
def test_check_coordinates(lat, lon, reason):
    assert check_coordinates(lat, lon) == reason


def test_ascii_key_meets_spelling_variants():
    assert ascii_key("Hoá học – THUỶ LỢI") == ascii_key("hóa  học, thủy lợi") == "hoa hoc thuy loi"
    assert ascii_key("Đắk Lắk") == "dak lak"
    assert ascii_keys(pa.array(["Bí thơm", None])).to_pylist() == ["bi thom", None]


def _norm(**kw) -> dict:
    base = {"code": None, "title": "Phục tráng giống Bí thơm Ba Bể", "host_org_id": None, "start_date": None}
    return {**base, **kw}


def _table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=pa.schema([(k, pa.string()) for k in rows[0]]))


def task_id_for(row: dict) -> str:
    """The id of one normalized row on its own (a one-row table)."""
    return assign_task_ids(_table([row]))[0].as_py()


def test_task_id_from_code_ignores_spelling():
    assert task_id_for(_norm(code="ĐT-2021-01")) == task_id_for(_norm(code="dt 2021 01", title="khác"))


def test_short_codes_are_not_identities():
    assert task_id_for(_norm(code="01")) == task_id_for(_norm(code="02"))  # both fall back to the title
    assert task_id_for(_norm(code="01", title="A")) != task_id_for(_norm(code="01", title="B"))


def test_title_key_uses_host_and_start_year():
    a = task_id_for(_norm(host_org_id="o-1", start_date="2021-03"))
    assert a == task_id_for(_norm(title="PHỤC TRÁNG GIỐNG BÍ THƠM BA BỂ", host_org_id="o-1", start_date="2021"))
    assert a != task_id_for(_norm(host_org_id="o-1", start_date="2023"))
    assert task_id_for(_norm()).startswith("t-") and len(task_id_for(_norm())) == 18


def test_incomplete_mention_joins_the_one_matching_task_only():
    rows = [
        _norm(host_org_id="o-1", start_date="2021"),
        _norm(),
        _norm(title="Hai nơi", host_org_id="o-1", start_date="2021"),
        _norm(title="Hai nơi", host_org_id="o-2", start_date="2021"),
        _norm(title="Hai nơi"),
    ]
    ids = assign_task_ids(_table(rows)).to_pylist()
    assert ids[1] == ids[0]  # prose mention joins the one listed task
    assert ids[4] not in (ids[2], ids[3])  # ambiguous: two tasks share the title -> stays apart
    assert ids == [task_id_for(rows[0]), ids[0], task_id_for(rows[2]), task_id_for(rows[3]), task_id_for(rows[4])]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.text(), min_size=1, max_size=8))
def test_json_text_equals_json_dumps(values):
    import json

    from transforms.link import _json_text

    expected = [json.dumps(v, ensure_ascii=False) for v in values]
    assert _json_text(pa.array(values, pa.string())).to_pylist() == expected


def test_group_maxima_skip_nulls_and_keep_single_values():
    import numpy as np

    from transforms.link import _group_max_float, _group_max_text

    order, starts = np.array([2, 0, 1, 3, 4]), np.array([0, 2, 3])  # groups: rows {2,0}, {1}, {3,4}
    text = pa.array(["2026-01-02", None, "2026-03-01", None, None])
    assert _group_max_text(text, order, starts).to_pylist() == ["2026-03-01", None, None]
    nums = pa.array([0.5, float("nan"), None, 0.8, float("nan")])
    got = _group_max_float(nums, order, starts).to_pylist()
    assert got[0] == 0.5 and np.isnan(got[1]) and got[2] == 0.8
