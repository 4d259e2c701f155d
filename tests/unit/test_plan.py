"""catalog.plan: the pure diff between what the catalog should hold and what CKAN holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from catalog import package as pkg
from catalog import plan as P
from config.loader import Merge, Province, ProvinceConfig, Publisher, CatalogConfig

CFG = ProvinceConfig(
    path=Path("test.yaml"),
    province=Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1))),
    publisher=Publisher(
        "Sở KH&CN <b>Bắc Kạn</b>",
        "so-khcn-bac-kan",
        name_en="Bac Kan DOST",
        contact_name="Phòng QLKH",
        contact_email="a@example.org",
    ),
    sources=(),
    catalog=CatalogConfig(kind="ckan"),
)


def kv(keys, hashes) -> pa.Table:
    return pa.table({"task_id": pa.array(keys, pa.string()), "record_hash": pa.array(hashes, pa.string())})


# ----------------------------------------------------------------- rows


def test_diff_rows_finds_added_changed_deleted():
    local = kv(["a", "b", "c", "e"], ["1", "2", "3x", "5"])
    remote = kv(["a", "c", "d", "b"], ["1", "3", "4", "2"])
    d = P.diff_rows(local, remote, "task_id")
    assert d.added.to_pylist() == ["e"]
    assert d.changed.to_pylist() == ["c"]
    assert d.deleted.to_pylist() == ["d"]
    assert (d.existing, d.incoming) == (4, 4)
    assert sorted(d.upsert_keys.to_pylist()) == ["c", "e"]


def test_diff_rows_identical_is_empty():
    t = kv(["a", "b"], ["1", "2"])
    d = P.diff_rows(t, t, "task_id")
    assert d.empty and d.counts == (0, 0, 0)


def test_diff_rows_against_empty_datastore_adds_all():
    d = P.diff_rows(kv(["b", "a"], ["2", "1"]), kv([], []), "task_id")
    assert d.added.to_pylist() == ["a", "b"] and not len(d.deleted) and not len(d.changed)


def test_diff_rows_empty_local_deletes_all():
    d = P.diff_rows(kv([], []), kv(["a"], ["1"]), "task_id")
    assert d.deleted.to_pylist() == ["a"] and not len(d.added)


def test_diff_rows_null_remote_hash_counts_as_changed():
    d = P.diff_rows(kv(["a"], ["1"]), kv(["a"], [None]), "task_id")
    assert d.changed.to_pylist() == ["a"] and not len(d.added) and not len(d.deleted)


# ----------------------------------------------------------------- guards


@pytest.mark.parametrize(
    "deleted,existing,trips",
    [
        (0, 10, False),
        (2, 10, False),
        (3, 10, True),
        (1, 1, True),
        (0, 0, False),
    ],
    ids=["none", "at-share", "over-share", "all-of-one", "empty-datastore"],
)
def test_row_guard(deleted, existing, trips):
    rows = P.RowDiff(
        existing,
        existing - deleted,
        pa.array([], pa.string()),
        pa.array([], pa.string()),
        pa.array([f"k{i}" for i in range(deleted)], pa.string()),
    )
    if trips:
        with pytest.raises(P.MassDeletionError) as e:
            P.check_row_guard("bac-kan-nhiem-vu-khcn", rows, 0.2)
        msg = str(e.value)
        assert "bac-kan-nhiem-vu-khcn" in msg and f"{deleted} of {existing}" in msg and "%" in msg
        assert "force=True" in msg
    else:
        P.check_row_guard("x", rows, 0.2)


def test_dataset_guard_names_datasets():
    with pytest.raises(P.MassDeletionError, match=r"2 of 5 datasets of the catalog \(a, b\) \(40.0%"):
        P.check_dataset_guard(["a", "b"], 5, 0.2)
    P.check_dataset_guard(["a"], 5, 0.2)


def test_plan_check_guards_and_render_show_violation():
    rows = P.RowDiff(10, 5, pa.array([], pa.string()), pa.array([], pa.string()), pa.array(list("abcde"), pa.string()))
    plan = P.Plan(
        "org",
        True,
        [P.DatasetPlan("tasks", "bac-kan-nhiem-vu-khcn", P.SKIP, rows=rows, num_rows=5)],
        existing_datasets=1,
    )
    with pytest.raises(P.MassDeletionError):
        plan.check_guards()
    assert "GUARD: refusing to delete 5 of 10 rows of dataset bac-kan-nhiem-vu-khcn" in plan.render()


# ----------------------------------------------------------------- package


def test_desired_package_ascii_name_tags_extras_and_sanitized_notes():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(3, "2015-01", "2024-12-31"))
    assert d["name"] == "bac-kan-nhiem-vu-khcn" and d["name"].isascii()
    assert d["title"].startswith("Nhiệm vụ khoa học") and d["title_en"].startswith("Science and technology")
    assert "<b>" not in d["notes"]
    assert d["temporal_start"] == "2015-01" and d["update_frequency"] == "daily"
    assert d["extras"]["stcat_table"] == "tasks" and d["extras"]["stcat_province"] == "06"
    assert d["extras"]["province_code_legacy"] == "06" and d["extras"]["province_code"] in ("06", "19")
    assert "06" in d["spatial_coverage"] and "19" in d["spatial_coverage"]
    assert d["tags"] == sorted(d["tags"]) and "bac-kan" in d["tags"]
    ck = P.to_ckan_package(d)
    assert {"name": "bac-kan"} in ck["tags"] and {"key": "stcat_table", "value": "tasks"} in ck["extras"]


def _as_existing(desired: dict) -> dict:
    ex = P.to_ckan_package(desired)
    ex["organization"] = {"name": desired["owner_org"]}
    ex["owner_org"] = "some-uuid"
    ex["tags"] = list(reversed(ex["tags"]))
    ex["extras"].append({"key": "added_by_a_person", "value": "x"})
    ex["state"] = "active"
    return ex


def test_diff_package_equal_after_roundtrip():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(3))
    assert P.diff_package(d, _as_existing(d)) == []


def test_diff_package_reports_field_tag_extra_and_state_changes():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(3))
    ex = _as_existing(d)
    ex["title_en"] = "old"
    ex["tags"] = ex["tags"][1:]
    ex["extras"] = [e for e in ex["extras"] if e["key"] != "stcat_province"]
    ex["state"] = "deleted"
    fields = {f.field for f in P.diff_package(d, ex)}
    assert fields == {"title_en", "tags", "extras.stcat_province", "state"}


# ----------------------------------------------------------------- resources


def _desired(table="tasks", sha="p1", dp="d1"):
    return P.desired_resources(table, "bac-kan-nhiem-vu-khcn", sha, dp)


def _existing_from(desired, **over):
    out = []
    for i, d in enumerate(desired):
        r = {"id": f"r{i}", **d.metadata(), "stcat_key": d.key, "stcat_source": d.source}
        r.update(over.get(d.key, {}))
        out.append(r)
    return out


def test_desired_resources_keys_and_datastore_only_for_some_tables():
    assert [r.key for r in _desired("tasks")] == ["parquet", "csv", "datapackage", "datastore"]
    assert [r.key for r in _desired("people")] == ["parquet", "csv", "datapackage"]
    a, b = _desired(sha="p1"), _desired(sha="p2")
    assert all(x.source != y.source for x, y in zip(a, b) if x.key != "datapackage")


def test_diff_resources_all_new():
    plans = P.diff_resources(_desired(), [])
    assert [(p.key, p.action, p.upload) for p in plans] == [
        ("parquet", "create", True),
        ("csv", "create", True),
        ("datapackage", "create", True),
        ("datastore", "create", False),
    ]


def test_diff_resources_unchanged_is_skipped():
    d = _desired()
    plans = P.diff_resources(d, _existing_from(d))
    assert {p.action for p in plans} == {"skip"}
    assert [p.resource_id for p in plans] == ["r0", "r1", "r2", "r3"]


def test_diff_resources_content_and_metadata_changes():
    old = _desired(sha="p1")
    new = _desired(sha="p2")
    ex = _existing_from(old, datapackage={"description": "old text"})
    plans = {p.key: p for p in P.diff_resources(new, ex)}
    assert plans["parquet"].action == "update" and plans["parquet"].upload
    assert plans["csv"].upload and plans["datastore"].action == "update" and not plans["datastore"].upload
    assert plans["datapackage"].action == "update" and not plans["datapackage"].upload
    assert [f.field for f in plans["datapackage"].diffs] == ["description"]


def test_diff_resources_dedupes_and_deletes_strays_but_keeps_unkeyed():
    d = _desired()
    ex = _existing_from(d)
    ex.append({"id": "dup", **d[1].metadata(), "stcat_key": "csv", "stcat_source": "zzz"})
    ex.append({"id": "stray", "name": "old.xlsx", "stcat_key": "xlsx"})
    ex.append({"id": "human", "name": "a note someone added"})
    plans = P.diff_resources(d, ex)
    deletes = {p.resource_id: p.reason for p in plans if p.action == "delete"}
    assert set(deletes) == {"dup", "stray"}
    assert "duplicate of r1" in deletes["dup"]
    assert all(p.resource_id != "human" for p in plans)


def test_diff_resources_keeps_the_datastore_table_among_duplicates():
    d = _desired()
    ex = _existing_from(d)
    ex.insert(0, {"id": "empty-ds", **d[3].metadata(), "stcat_key": "datastore", "datastore_active": False})
    ex[-1]["datastore_active"] = True
    plans = P.diff_resources(d, ex)
    kept = next(p for p in plans if p.key == "datastore" and p.action != "delete")
    assert kept.resource_id == "r3"
    assert any(p.resource_id == "empty-ds" and p.action == "delete" for p in plans)


# ----------------------------------------------------------------- plan rendering


def test_render_shows_signs_samples_and_summary():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(2))
    rows = P.RowDiff(
        3,
        3,
        pa.array(["T9"]),
        pa.array(["T1"]),
        pa.array(["T2"]),
        samples=[P.diff_records("T1", {"title": "cũ"}, {"title": "mới", "task_id": "T1"})],
    )
    res = P.diff_resources(_desired(sha="p2"), _existing_from(_desired(sha="p1")))
    plan = P.Plan(
        "so-khcn-bac-kan",
        True,
        [
            P.DatasetPlan(
                "tasks",
                "bac-kan-nhiem-vu-khcn",
                P.UPDATE,
                "id1",
                d,
                [P.FieldDiff("notes", "Số bản ghi: 2.", "Số bản ghi: 3.")],
                res,
                rows,
                num_rows=3,
            ),
            P.DatasetPlan(
                "people",
                "bac-kan-nha-khoa-hoc",
                P.CREATE,
                desired=d,
                make_public=True,
                resources=P.diff_resources(_desired("people"), []),
                num_rows=4,
            ),
            P.DatasetPlan("documents", "bac-kan-cu", P.DELETE, "id3"),
        ],
        existing_datasets=10,
    )
    text = plan.render()
    assert "~ dataset bac-kan-nhiem-vu-khcn" in text
    assert "+ dataset bac-kan-nha-khoa-hoc" in text and "staged" in text
    assert "\u2212 dataset bac-kan-cu" in text
    assert "notes: 'Số bản ghi: 2.' \u2192 'Số bản ghi: 3.'" in text
    assert "rows: +1 added ~1 changed \u22121 deleted" in text
    assert "~ T1: title: 'cũ' \u2192 'mới'" in text
    assert "+ T9" in text and "\u2212 T2" in text
    assert "Summary: datasets +1 ~1 \u22121 =0" in text
    assert not plan.noop


def test_noop_plan():
    d = _desired()
    plan = P.Plan("o", True, [P.DatasetPlan("tasks", "n", P.SKIP, resources=P.diff_resources(d, _existing_from(d)))])
    assert plan.noop and "Nothing to do" in plan.render()
    assert not P.Plan("o", False, []).noop  # the organization itself is missing


def test_province_codes_go_top_level_when_the_schema_defines_them():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(3), frozenset({"province_code", "province_code_legacy"}))
    assert d["province_code_legacy"] == "06" and "province_code_legacy" not in d["extras"]
    ex = _as_existing(d)
    ex["province_code_legacy"] = "99"
    assert [f.field for f in P.diff_package(d, ex)] == ["province_code_legacy"]


# ----------------------------------------------------------------- the public face


def test_licence_author_and_maintainer_come_from_the_config():
    d = P.desired_package(CFG, "tasks", pkg.Coverage(3))
    assert d["license_id"] == "cc-by" and d["author"] == pkg.sanitize_text(CFG.publisher.name) == "Sở KH&CN Bắc Kạn"
    assert d["maintainer"] == CFG.publisher.contact_name and d["maintainer_email"] == CFG.publisher.contact_email
    assert pkg.licence("CC-BY-4.0") == pkg.licence("cc-by") and pkg.licence("cc0-1.0").ckan_id == "cc-zero"
    with pytest.raises(ValueError, match="not a known open licence"):
        pkg.licence("All rights reserved")


def test_resources_are_named_in_words_with_a_format_and_a_file_name():
    res = {r.key: r for r in _desired("tasks")}
    assert all(r.format and not r.name.endswith((".csv", ".parquet", ".json")) for r in res.values())
    assert res["csv"].filename == "nhiem-vu-khcn.csv" and res["datastore"].format == "API"
    assert res["datastore"].view == P.DATASTORE_VIEW and not res["csv"].view


def test_a_hash_stored_with_its_prefix_is_fixed_as_metadata_only():
    d = _desired()
    ex = _existing_from(
        d,
        parquet={"stcat_sha256": "ab" * 32, "hash": "sha256:" + "ab" * 32},
        csv={"stcat_sha256": "cd" * 32, "hash": "cd" * 32},
    )
    plans = {p.key: p for p in P.diff_resources(d, ex)}
    assert plans["parquet"].action == P.UPDATE and not plans["parquet"].upload
    assert [(f.field, f.new) for f in plans["parquet"].diffs] == [("hash", "ab" * 32)]
    assert plans["csv"].action == P.SKIP


def test_a_missing_preview_makes_the_dataset_changed_and_shows_in_the_plan():
    d = _desired()
    ds = P.DatasetPlan("tasks", "n", P.SKIP, resources=P.diff_resources(d, _existing_from(d)))
    assert not ds.changed
    ds.views = ["datastore"]
    plan = P.Plan("o", True, [ds])
    assert ds.changed and not plan.noop
    assert "+ view datatables_view on [datastore]" in plan.render()
