"""build_tables / normalize_task: the contract the flow and `stcat parse` rely on."""
from __future__ import annotations

import datetime as dt

import pytest

from config.loader import Merge, Province
from transforms import schemas
from transforms.pipeline import OUTPUT_TABLES, TransformContext, build_tables, normalize_task

PROVINCE = Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1)))


@pytest.fixture
def ctx() -> TransformContext:
    return TransformContext("run-1", PROVINCE, dt.datetime(2026, 11, 26, 2, tzinfo=dt.timezone.utc))


def _rec(**fields) -> dict:
    return {"table": "tasks", "source": "khcnbackan", "record_ref": "https://x/a#t1/r1",
            "source_url": "https://x/a", "fetched_at": "2026-11-26T02:00:03+00:00", "confidence": 1.0,
            "fields": fields, "hints": {"page_date": "2022-04-15"}}


def test_build_tables_returns_every_table_conformed(ctx):
    out = build_tables([_rec(title="Phục tráng giống Bí thơm Ba Bể"),
                        {"reject": True, "table": "tasks", "source": "khcnbackan", "record_ref": "r",
                         "stage": "extract", "field": "attachment", "reason": "password-protected XLSX",
                         "raw_value": "a.xlsx"}], ctx)
    assert set(out) == set(OUTPUT_TABLES)
    for name, table in out.items():
        assert table.schema.equals(schemas.schema(name), check_metadata=False), name
    assert out["tasks"].num_rows == 1
    assert out["rejects"].to_pylist()[0]["reason"] == "password-protected XLSX"
    assert out["rejects"].to_pylist()[0]["run_id"] == "run-1"


def test_missing_title_is_a_reject_not_a_crash(ctx):
    row, rejects = normalize_task(_rec(title="   "), ctx)
    assert row is None
    assert rejects and rejects[0]["field"] == "title"


def test_record_hash_ignores_fetch_time(ctx):
    a, _ = normalize_task(_rec(title="Đề tài A", code="ĐT-01"), ctx)
    rec = _rec(title="Đề tài A", code="ĐT-01")
    rec["fetched_at"] = "2027-01-01T00:00:00+00:00"
    b, _ = normalize_task(rec, ctx)
    assert a["record_hash"] == b["record_hash"]
    assert a["task_id"] == b["task_id"]


def test_rows_sorted_by_primary_key(ctx):
    recs = [_rec(title=f"Đề tài số {i}") for i in range(20)]
    ids = build_tables(recs, ctx)["tasks"].column("task_id").to_pylist()
    assert ids == sorted(ids)
