"""A CSV over the catalog's upload limit (CKAN's ckan.max_resource_size) is published as a link to
the Datastore's CSV export of the same table; a raised limit uploads it again; any other file over
the limit fails its dataset with the reason. Against the real CKAN stack (deploy/ckan/up.sh)."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pytest
import requests

from catalog import ckan as C
from catalog import package as pkg
from catalog.exports import defuse

from .conftest import all_tables, write_tables

pytestmark = pytest.mark.ckan


def _publish(cfg, tables, client, work):
    plan = C.plan_publish(cfg, tables, client)
    return C.publish(cfg, plan, client, workdir=work)


def _resources(client, cfg, table: str) -> dict[str, dict]:
    p = client.call("package_show", {"id": pkg.dataset_name(cfg, table)})
    return {r.get("stcat_key"): r for r in p["resources"]}


def test_csv_over_the_limit_is_a_link_to_the_datastore_export(ckan, tmp_path):
    tag = tmp_path.name[-8:].lower().replace("_", "")
    rows = all_tables(tasks=2000, pubs=20)  # tasks.csv ~1.0 MB, every other file < 0.15 MB
    tables = write_tables(tmp_path, rows)
    client = ckan.client(backoff=0.2)
    cfg = ckan.new_config(tag, max_upload_mb=0.5)

    report = _publish(cfg, tables, client, tmp_path / "work")
    assert report.ok, [(d.name, d.error) for d in report.errors]
    res = _resources(client, cfg, "tasks")
    link, ds = res["csv"], res["datastore"]
    assert link["url"].endswith(f"/datastore/dump/{ds['id']}?bom=True")
    assert link.get("url_type") in (None, "")
    assert "over the upload limit" in link["description"] and "vượt giới hạn tải lên" in link["description"]
    # the small tables' CSVs are uploaded as before
    assert _resources(client, cfg, "publications")["csv"]["url_type"] == "upload"

    body = requests.get(link["url"], timeout=60).content
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark for Vietnamese"
    got = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(got) == 2000
    titles = {r["task_id"]: r["title"] for r in got}
    safe = defuse(pa.array([r["title"] for r in rows["tasks"]])).to_pylist()  # the export is formula-safe
    assert titles == dict(zip((r["task_id"] for r in rows["tasks"]), safe))

    # nothing changed: nothing is written
    again = _publish(cfg, tables, client, tmp_path / "work2")
    assert again.ok and again.write_calls == 0

    # the limit raised: the CSV is uploaded again, byte for byte what the local export writes
    bigger = ckan.new_config(tag, max_upload_mb=100)
    third = _publish(bigger, tables, client, tmp_path / "work3")
    assert third.ok
    up = _resources(client, bigger, "tasks")["csv"]
    assert up["url_type"] == "upload" and up["id"] == link["id"]
    filename = pkg.TABLE_SLUGS["tasks"] + ".csv"
    assert up["size"] == (tmp_path / "work3" / pkg.dataset_name(bigger, "tasks") / filename).stat().st_size
    assert "over the upload limit" not in up["description"]


def test_other_files_over_the_limit_fail_their_dataset(ckan, tmp_path):
    tag = tmp_path.name[-8:].lower().replace("_", "") + "x"
    tables = write_tables(tmp_path, all_tables(tasks=30, pubs=20))
    client = ckan.client(backoff=0.2)
    cfg = ckan.new_config(tag, max_upload_mb=0.001)  # ~1 KB: every Parquet file is over it
    report = _publish(cfg, tables, client, tmp_path / "work")
    assert not report.ok
    errors = {d.table: d.error for d in report.errors}
    assert set(errors) == set(all_tables(1, 1))
    assert all("max_upload_mb" in e and "parquet" in e for e in errors.values()), errors
