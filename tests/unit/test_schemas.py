"""Canonical schemas: contract columns present, every column described in two languages."""

from __future__ import annotations

import pyarrow as pa
import pytest

from transforms import schemas

CONTRACT = {
    "tasks": [
        "task_id",
        "code",
        "title",
        "level",
        "kind",
        "host_org",
        "principal_investigator",
        "pi_title",
        "start_date",
        "end_date",
        "budget_vnd",
        "budget_state_vnd",
        "status",
        "acceptance_grade",
        "acceptance_date",
        "decision_no",
        "decision_date",
        "field_code",
        "province_code",
        "province_code_legacy",
        "source_url",
        "fetched_at",
        "record_hash",
    ],
    "publications": [
        "pub_id",
        "doi",
        "title",
        "authors",
        "year",
        "venue",
        "language",
        "affiliations",
        "url",
        "sources",
        "task_ids",
    ],
    "organizations": ["org_id", "name"],
    "people": ["person_id", "name"],
    "documents": ["doc_id", "number", "type", "issuer", "date", "title", "url"],
    "rejects": ["source", "record_ref", "stage", "reason", "raw_value"],
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_contract_columns_and_descriptions(table):
    sch = schemas.schema(table)
    for col in CONTRACT[table]:
        assert col in sch.names, f"{table}.{col} missing"
    for f in sch:
        assert f.metadata[b"description_vi"] and f.metadata[b"description_en"], f.name


def test_money_is_integer_and_raw_columns_kept():
    sch = schemas.schema("tasks")
    assert sch.field("budget_vnd").type == pa.int64()
    for raw in ("title_raw", "budget_raw", "start_date_raw", "decision_raw", "principal_investigator_raw"):
        assert sch.field(raw).type == pa.string()


def test_conform_casts_fills_and_refuses_unknown_columns():
    t = schemas.conform(
        "tasks", [{"task_id": "t-1", "title": "Đề tài", "source": "s", "record_hash": "h", "budget_vnd": 1_500_000_000}]
    )
    assert t.schema.equals(schemas.schema("tasks"))
    assert t.column("code").to_pylist() == [None]
    assert t.column("budget_vnd").to_pylist() == [1_500_000_000]
    with pytest.raises(ValueError, match="not in schema"):
        schemas.conform("tasks", [{"task_id": "t", "nonsense": 1}])


@pytest.mark.parametrize("table", sorted(schemas.LABELS))
def test_people_labels_name_real_columns_once_and_leave_machine_columns_out(table):
    labels = schemas.LABELS[table]
    assert set(labels) <= set(schemas.columns(table))
    vi = [v for v, _ in labels.values()]
    assert len(set(vi)) == len(vi), "each Vietnamese header once"
    assert all(v and en for v, en in labels.values())
    assert not any(c.endswith("_raw") or c in ("record_hash", "field_sources", "extras") for c in labels)


def test_every_coded_value_has_a_vietnamese_label():
    cols = {c.name: c for c in schemas.TABLES["tasks"]}
    for col, values in schemas.VALUE_LABELS["tasks"].items():
        if cols[col].enum:
            assert set(cols[col].enum) == set(values), col
    assert schemas.value_label("tasks", "level", "provincial") == "Cấp tỉnh"
    assert schemas.value_label("tasks", "acceptance_grade", "good", "en") == "Good"
    assert schemas.value_label("tasks", "level", "unheard-of") == "unheard-of"
    assert schemas.label("tasks", "budget_vnd") == "Tổng kinh phí (đồng)" and schemas.label("tasks", "x") == "x"
