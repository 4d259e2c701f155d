"""The CKAN publisher against the real CKAN stack (deploy/ckan/up.sh): first publish, no-op
re-publish, changed and deleted rows, the mass-deletion guard, per-dataset validation errors,
convergence after strays, search in Vietnamese, DCAT, typed datastore values."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests

from catalog import ckan as C
from catalog import exports
from catalog import package as pkg
from transforms.parquet import file_sha256

from .conftest import all_tables, record_hash, task_rows, write_tables

pytestmark = pytest.mark.ckan


def run(cfg, tables, client, **kw):
    plan = C.plan_publish(cfg, tables, client)
    report = C.publish(
        cfg, plan, client, workdir=kw.pop("workdir", None) or Path(tables["tasks"]).parents[2] / "work", **kw
    )
    return plan, report


def datasets_by_table(client, cfg) -> dict[str, dict]:
    # the tables these tests publish (all_tables); statistics are tested in their own files
    return {t: client.call("package_show", {"id": pkg.dataset_name(cfg, t)}) for t in all_tables(1, 1)}


def keyed(p: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in p["resources"]:
        assert r.get("stcat_key") not in out, f"duplicate resource key {r.get('stcat_key')} in {p['name']}"
        out[r.get("stcat_key")] = r
    return out


def ds_total(client, rid: str) -> int:
    return client.call("datastore_search", {"resource_id": rid, "limit": 0})["total"]


@pytest.fixture
def first(ckan, tmp_path):
    """A catalog published once from small synthetic tables."""
    cfg = ckan.new_config(tmp_path.name[-8:].lower().replace("_", ""))
    rows = all_tables()
    tables = write_tables(tmp_path, rows)
    client = ckan.client(backoff=0.2)
    plan, report = run(cfg, tables, client)
    return cfg, rows, tables, client, plan, report


def test_first_publish_builds_org_datasets_resources_and_datastore(first):
    cfg, rows, tables, client, plan, report = first
    assert report.ok and report.org_created
    assert [d.outcome for d in report.datasets] == ["created"] * 5
    assert (
        client.call("organization_show", {"id": cfg.publisher.ckan_organization})["name"]
        == cfg.publisher.ckan_organization
    )
    by = datasets_by_table(client, cfg)
    for table, p in by.items():
        assert p["name"].isascii() and p["private"] is False and p["state"] == "active"
        assert p["title"].startswith(pkg.schemas.TABLE_TITLES[table][0])
        assert p["title_en"] and p["notes_en"] and p["update_frequency"] == "daily"
        assert p["license_id"] == "cc-by" and p["isopen"] is True and p["license_url"].startswith("http")
        assert p["contact_email"] == "opendata@example.org"
        assert p["author"] == cfg.publisher.name and p["maintainer"] and p["maintainer_email"] == p["contact_email"]
        assert "\\(" not in p["notes"] and "\\(" not in p["notes_en"]
        assert "06" in p["spatial_coverage"] and "19" in p["spatial_coverage"]
        extras = {e["key"]: e["value"] for e in p["extras"]}
        assert extras["stcat_table"] == table
        assert p["province_code_legacy"] == "06" and p["province_code"] == "19", "scheming fields, top level"
        assert p["frequency"].endswith("/DAILY") and p["spatial_text"] == p["spatial_coverage"]
        res = keyed(p)
        expected = {"parquet", "csv", "datapackage"} | ({"datastore"} if table in ("tasks", "publications") else set())
        assert set(res) == expected
        assert res["parquet"]["stcat_sha256"] == file_sha256(tables[table])
        assert res["parquet"]["hash"] == file_sha256(tables[table]), "bare hex: valid xsd:hexBinary"
        assert all(
            r["format"] and " " in r["name"] and not r["name"].endswith((".csv", ".json", ".parquet"))
            for r in res.values()
        ), "every resource named in words, with a format"
        if "datastore" in res:
            assert res["datastore"]["format"] == "API"
            views = client.call("resource_view_list", {"id": res["datastore"]["id"]})
            assert [v["view_type"] for v in views] == ["datatables_view"]
    tasks = by["tasks"]
    assert tasks["temporal_start"] == "2015-01" and tasks["temporal_end"] == "2024-12-31"
    csv = requests.get(keyed(tasks)["csv"]["url"], timeout=30).content
    assert csv.startswith(exports.BOM)
    assert hashlib.sha256(csv).hexdigest() == keyed(tasks)["csv"]["stcat_sha256"]
    assert '\'{""Ghi chú"": ""=SUM(A1)""}'.encode() not in csv  # JSON text cell is not a formula
    assert "Nghiên cứu phục tráng giống Bí thơm Ba Bể số 0".encode() in csv
    assert ds_total(client, keyed(tasks)["datastore"]["id"]) == 30
    assert ds_total(client, keyed(by["publications"])["datastore"]["id"]) == 20


def test_datastore_returns_typed_values_with_vietnamese_text(first):
    cfg, rows, tables, client, *_ = first
    by = datasets_by_table(client, cfg)
    rid = keyed(by["tasks"])["datastore"]["id"]
    res = client.call("datastore_search", {"resource_id": rid, "filters": {"task_id": "T000003"}})
    types = {f["id"]: f["type"] for f in res["fields"]}
    assert types["budget_vnd"] == "int8" and types["confidence"] == "numeric" and types["applied"] == "bool"
    assert types["fetched_at"] == "timestamp" and types["title"] == "text" and types["start_date"] == "text"
    rec = res["records"][0]
    src = rows["tasks"][3]
    assert rec["title"] == src["title"] and rec["host_org"] == "Trường Đại học Nông Lâm - Đại học Thái Nguyên"
    assert rec["budget_vnd"] == src["budget_vnd"] and isinstance(rec["budget_vnd"], int)
    assert rec["applied"] is True and rec["fetched_at"].startswith("2026-11-26T02:00:03")
    assert rec["record_hash"] == src["record_hash"]
    hits = client.call("datastore_search", {"resource_id": rid, "q": "Chợ Đồn", "limit": 1})
    assert hits["total"] == 30
    prid = keyed(by["publications"])["datastore"]["id"]
    pub = client.call("datastore_search", {"resource_id": prid, "filters": {"pub_id": "P00002"}})["records"][0]
    assert pub["authors"] == '["Lê Văn Đức", "Trần Thị Mỹ Ánh"]' and pub["year"] == 2020
    sql = client.call("datastore_search_sql", {"sql": f'SELECT count(*) AS n FROM "{prid}" WHERE year >= 2022'})
    assert int(sql["records"][0]["n"]) == sum(1 for r in rows["publications"] if r["year"] >= 2022)


def test_noop_republish_makes_zero_write_calls(first):
    cfg, rows, tables, client, *_ = first
    ids_before = {t: [r["id"] for r in p["resources"]] for t, p in datasets_by_table(client, cfg).items()}
    client.reset_counters()
    plan, report = run(cfg, tables, client)
    assert plan.noop, plan.render()
    assert client.write_calls == 0 and report.write_calls == 0, dict(client.calls)
    assert all(d.outcome == "unchanged" for d in report.datasets)
    assert {t: [r["id"] for r in p["resources"]] for t, p in datasets_by_table(client, cfg).items()} == ids_before


def test_dry_run_prints_plan_and_writes_nothing(first, caplog):
    cfg, rows, tables, client, *_ = first
    changed = write_tables(Path(tables["tasks"]).parents[2] / "dry", {**rows, "tasks": task_rows(31)})
    client.reset_counters()
    plan = C.plan_publish(cfg, changed, client)
    report = C.publish(cfg, plan, client, dry_run=True)
    assert client.write_calls == 0 and report.dry_run
    assert "rows: +1 added" in report.plan
    assert ds_total(client, keyed(datasets_by_table(client, cfg)["tasks"])["datastore"]["id"]) == 30


def test_changed_rows_touch_only_affected_rows_and_resources(first):
    cfg, rows, tables, client, *_ = first
    before = datasets_by_table(client, cfg)
    rid = keyed(before["tasks"])["datastore"]["id"]
    old_ids = {
        r["task_id"]: r["_id"] for r in client.call("datastore_search", {"resource_id": rid, "limit": 100})["records"]
    }
    tasks = task_rows(30)
    for i in (4, 7):
        tasks[i]["title"] = f"Ứng dụng công nghệ sinh học trong nhân giống lan Kim tuyến {i}"
        tasks[i]["record_hash"] = record_hash(tasks[i])
    tasks += task_rows(1, start=30)
    new = write_tables(Path(tables["tasks"]).parents[2] / "v2", {**rows, "tasks": tasks})
    client.reset_counters()
    plan = C.plan_publish(cfg, new, client)
    text = plan.render()
    assert "rows: +1 added ~2 changed \u22120 deleted" in text
    assert "T000004: title: 'Nghiên cứu phục tráng" in text and "Ứng dụng công nghệ sinh học" in text
    report = C.publish(cfg, plan, client, workdir=Path(tables["tasks"]).parents[2] / "work")
    assert report.ok
    out = {d.table: d for d in report.datasets}
    assert out["tasks"].outcome == "updated" and (out["tasks"].rows_added, out["tasks"].rows_changed) == (1, 2)
    assert all(out[t].outcome == "unchanged" for t in ("publications", "organizations", "people", "documents"))
    # only the changed rows were sent to the datastore: one insert batch, one upsert batch, no deletes
    assert client.calls["datastore_upsert"] == 2 and client.calls["datastore_delete"] == 0
    after = datasets_by_table(client, cfg)
    for t in ("publications", "organizations", "people", "documents"):
        assert after[t]["metadata_modified"] == before[t]["metadata_modified"]
    assert [r["id"] for r in after["tasks"]["resources"]] == [r["id"] for r in before["tasks"]["resources"]]
    recs = {r["task_id"]: r for r in client.call("datastore_search", {"resource_id": rid, "limit": 100})["records"]}
    assert len(recs) == 31 and recs["T000007"]["title"].startswith("Ứng dụng công nghệ sinh học")
    assert all(recs[k]["_id"] == v for k, v in old_ids.items())  # rows updated in place
    assert keyed(after["tasks"])["parquet"]["stcat_sha256"] == file_sha256(new["tasks"])
    client.reset_counters()
    assert C.plan_publish(cfg, new, client).noop and client.write_calls == 0


def test_deleted_rows_are_deleted_from_datastore(first):
    cfg, rows, tables, client, *_ = first
    new = write_tables(Path(tables["tasks"]).parents[2] / "v3", {**rows, "tasks": task_rows(30)[1:]})
    plan, report = run(cfg, new, client)
    assert report.ok and report.datasets[0].rows_deleted == 1
    rid = keyed(datasets_by_table(client, cfg)["tasks"])["datastore"]["id"]
    assert ds_total(client, rid) == 29
    assert client.call("datastore_search", {"resource_id": rid, "filters": {"task_id": "T000000"}})["records"] == []


def test_mass_deletion_guard_trips_then_force(first):
    cfg, rows, tables, client, *_ = first
    new = write_tables(Path(tables["tasks"]).parents[2] / "v4", {**rows, "tasks": task_rows(30)[:20]})
    plan = C.plan_publish(cfg, new, client)
    client.reset_counters()
    with pytest.raises(C.MassDeletionError) as e:
        C.publish(cfg, plan, client)
    msg = str(e.value)
    assert pkg.dataset_name(cfg, "tasks") in msg and "10 of 30" in msg and "33.3%" in msg
    assert client.write_calls == 0
    rid = keyed(datasets_by_table(client, cfg)["tasks"])["datastore"]["id"]
    assert ds_total(client, rid) == 30
    report = C.publish(cfg, plan, client, force=True, workdir=Path(new["tasks"]).parents[2] / "work")
    assert report.ok and ds_total(client, rid) == 20


def test_catalog_guard_trips_when_datasets_would_vanish(first):
    cfg, rows, tables, client, *_ = first
    plan = C.plan_publish(cfg, {"tasks": tables["tasks"]}, client)
    assert sum(d.action == "delete" for d in plan.datasets) == 4
    with pytest.raises(C.MassDeletionError, match=r"4 of 5 datasets of the catalog"):
        C.publish(cfg, plan, client)
    assert C.plan_publish(cfg, {"tasks": tables["tasks"]}, client, prune=False).noop


def test_validation_error_is_recorded_per_dataset_and_rerun_converges(ckan, tmp_path):
    cfg = ckan.new_config("val" + tmp_path.name[-5:].lower().replace("_", ""))
    tables = write_tables(tmp_path, all_tables())
    client = ckan.client(backoff=0.2)
    plan = C.plan_publish(cfg, tables, client)
    plan.dataset("people").desired["contact_email"] = "not an email"
    report = C.publish(cfg, plan, client, workdir=tmp_path / "work")
    assert not report.ok
    bad = {d.table: d for d in report.datasets}["people"]
    assert bad.outcome == "errored" and "contact_email" in bad.error_details
    assert sum(d.outcome == "created" for d in report.datasets) == 4
    plan, report = run(cfg, tables, client, workdir=tmp_path / "work")
    assert report.ok and {d.table: d.outcome for d in report.datasets}["people"] == "created"
    assert C.plan_publish(cfg, tables, client).noop


def test_duplicates_and_strays_are_removed_people_resources_kept(first, tmp_path):
    cfg, rows, tables, client, *_ = first
    p = datasets_by_table(client, cfg)["documents"]
    for key, name in (("csv", "van-ban-quyet-dinh.csv"), ("xlsx", "van-ban-cu.xlsx")):
        client.call(
            "resource_create",
            {
                "package_id": p["id"],
                "name": name,
                "url": "https://example.org/x",
                "stcat_key": key,
                "stcat_source": "old",
            },
        )
    client.call(
        "resource_create", {"package_id": p["id"], "name": "Ghi chú của cán bộ", "url": "https://example.org/n"}
    )
    plan, report = run(cfg, tables, client)
    assert report.ok and report.datasets[-1].resources_deleted == 2
    after = client.call("package_show", {"id": p["id"]})
    assert sorted(r.get("stcat_key") or "-" for r in after["resources"]) == ["-", "csv", "datapackage", "parquet"]
    assert keyed(after)["csv"]["id"] == keyed(p)["csv"]["id"]
    assert C.plan_publish(cfg, tables, client).noop


def test_package_search_finds_datasets_by_vietnamese_words(first):
    cfg, rows, tables, client, *_ = first
    org = cfg.publisher.ckan_organization
    for q, table in (
        ("nhiệm vụ khoa học", "tasks"),
        ("công bố khoa học", "publications"),
        ("Văn bản quyết định", "documents"),
        ("nhà khoa học", "people"),
    ):
        res = client.call("package_search", {"q": q, "fq": f"organization:{org}", "rows": 10})
        assert pkg.dataset_name(cfg, table) in [d["name"] for d in res["results"]], q


def test_dcat_catalog_lists_the_datasets(first, ckan):
    cfg, rows, tables, client, *_ = first
    r = requests.get(
        f"{ckan.url}/catalog.ttl", params={"fq": f"organization:{cfg.publisher.ckan_organization}"}, timeout=60
    )
    assert r.status_code == 200
    ttl = r.content.decode("utf-8")
    for t, p in datasets_by_table(client, cfg).items():
        assert f"/dataset/{p['id']}>" in ttl, t
    assert "Nhiệm vụ khoa học và công nghệ" in ttl and "dcat:Dataset" in ttl
    assert "frequency/DAILY" in ttl, "update frequency reaches dct:accrualPeriodicity"
    assert "dct:spatial" in ttl, "spatial coverage reaches dct:spatial"


def test_forced_dataset_deletion_then_tables_come_back(first):
    cfg, rows, tables, client, *_ = first
    plan = C.plan_publish(cfg, {"tasks": tables["tasks"]}, client)
    report = C.publish(cfg, plan, client, force=True)
    assert report.ok and sum(d.outcome == "deleted" for d in report.datasets) == 4
    gone = client.call("package_show", {"id": pkg.dataset_name(cfg, "people")})
    assert gone["state"] == "deleted"
    plan, report = run(cfg, tables, client)
    assert report.ok, report.to_dict()
    assert client.call("package_show", {"id": pkg.dataset_name(cfg, "people")})["state"] == "active"
    client.reset_counters()
    assert C.plan_publish(cfg, tables, client).noop and client.write_calls == 0
