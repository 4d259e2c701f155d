"""Local file catalog: downloads people can open, pages they can read, and an idle night rewrites nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from catalog.exports import write_csv
from catalog.local import publish_local
from config.loader import load_config
from transforms import schemas
from transforms.parquet import write_table
from transforms.warehouse import store, table_path

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc)
DS = "bac-kan-nhiem-vu-khcn"


def _tasks(rows):
    base = {"source": "s", "record_hash": "h"}
    return schemas.conform("tasks", [{**base, **r} for r in rows])


def _warehouse(tmp_path, rows):
    wh = tmp_path / "warehouse"
    store(wh, "tasks", _tasks(rows))
    return {"tasks": table_path(wh, "tasks")}


ROWS = [
    {
        "task_id": "t-1",
        "title": "Nghiên cứu phục tráng giống Bí thơm Ba Bể",
        "budget_vnd": 1_250_500_000,
        "host_org": "Trung tâm Ứng dụng KH&CN",
        "start_date": "2021-01",
        "end_date": "2022-12",
        "record_hash": "a",
        "level": "provincial",
        "kind": "research_topic",
        "acceptance_grade": "good",
        "field_code": "401",
        "title_raw": "Nghiên cứu phục tráng…",
        "field_sources": '{"*": "s"}',
    },
    {
        "task_id": "t-2",
        "title": '=HYPERLINK("http://evil")',
        "principal_investigator": "+Nguyễn Văn A",
        "start_date": "2023-03-01",
        "end_date": "2024-06",
        "record_hash": "b",
        "applied": True,
    },
]


def _cfg():
    return load_config(ROOT / "config/provinces/backan.yaml")


def test_csv_is_for_people_and_parquet_keeps_machine_names(tmp_path):
    out = tmp_path / "catalog"
    rep = publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW)
    ds = out / DS
    assert rep.datasets == {DS: "created"}
    assert pq.read_table(ds / "tasks.parquet").column_names == schemas.columns("tasks")

    raw = (ds / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    rows = list(reader)
    assert reader.fieldnames == [vi for vi, _ in schemas.LABELS["tasks"].values()]
    assert not any(h.endswith("_raw") or "hash" in h or h in ("field_sources", "extras") for h in reader.fieldnames)
    assert rows[0]["Tên nhiệm vụ"] == "Nghiên cứu phục tráng giống Bí thơm Ba Bể"
    assert rows[0]["Tổng kinh phí (đồng)"] == "1250500000"
    assert (rows[0]["Cấp quản lý"], rows[0]["Loại nhiệm vụ"], rows[0]["Kết quả nghiệm thu"]) == (
        "Cấp tỉnh",
        "Đề tài",
        "Khá",
    )
    assert rows[0]["Lĩnh vực"] == "401 Trồng trọt"
    assert rows[1]["Đã ứng dụng"] == "Có"
    assert rows[1]["Tên nhiệm vụ"].startswith("'="), "formula cells must be defused"
    assert rows[1]["Chủ nhiệm"] == "'+Nguyễn Văn A"


def test_datapackage_maps_both_audiences(tmp_path):
    out = tmp_path / "catalog"
    publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW)
    dp = json.loads((out / DS / "datapackage.json").read_text(encoding="utf-8"))
    assert dp["profile"] == "tabular-data-package"
    assert all(r["profile"] == "tabular-data-resource" for r in dp["resources"])
    csv_res, parquet_res = dp["resources"]
    fields = {f["x_column"]: f for f in csv_res["schema"]["fields"]}
    assert fields["budget_vnd"]["name"] == "Tổng kinh phí (đồng)" and fields["budget_vnd"]["type"] == "integer"
    assert "Cấp tỉnh" in fields["level"]["constraints"]["enum"]
    assert csv_res["schema"]["primaryKey"] == ["Mã định danh"]
    machine = {f["name"]: f for f in parquet_res["schema"]["fields"]}
    assert machine["level"]["label_vi"] == "Cấp quản lý" and "provincial" in machine["level"]["constraints"]["enum"]
    assert machine["title"]["description_vi"] and machine["title"]["description_en"]
    assert dp["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "\\(" not in json.dumps(dp, ensure_ascii=False)


def test_dcat_has_absolute_iris_licence_and_typed_period(tmp_path):
    out = tmp_path / "catalog"
    publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW, base_url="https://data.example.vn/khcn/")
    dcat = json.loads((out / DS / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@context"]["foaf"] == "http://xmlns.com/foaf/0.1/"
    assert dcat["@id"] == f"https://data.example.vn/khcn/{DS}/#dataset"
    assert dcat["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert dcat["dct:temporal"]["dcat:startDate"] == {"@value": "2021-01", "@type": "xsd:gYearMonth"}
    urls = [d["dcat:downloadURL"]["@id"] for d in dcat["dcat:distribution"]]
    assert urls[0] == f"https://data.example.vn/khcn/{DS}/tasks.parquet" and len(urls) == 3
    sums = [d["spdx:checksum"]["spdx:checksumValue"]["@value"] for d in dcat["dcat:distribution"]]
    assert all(len(s) == 64 and int(s, 16) >= 0 for s in sums)


def test_undated_table_has_no_temporal_and_default_base_is_the_folder(tmp_path):
    wh = tmp_path / "warehouse"
    store(wh, "people", schemas.conform("people", [{"person_id": "p-1", "name": "Nông Thị Hồng", "record_hash": "x"}]))
    out = tmp_path / "catalog"
    publish_local(_cfg(), {"people": table_path(wh, "people")}, out, now=NOW)
    dcat = json.loads((out / "bac-kan-nha-khoa-hoc" / "dcat.jsonld").read_text(encoding="utf-8"))
    assert "dct:temporal" not in dcat
    assert dcat["@id"].startswith(out.resolve().as_uri() + "/")


def test_index_and_dataset_page_read_as_a_person_expects(tmp_path):
    out = tmp_path / "catalog"
    publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{DS}/index.html"' in index and f'href="{DS}/tasks.csv"' in index
    assert '<dd class="rows">2</dd>' in index
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in index
    assert "26/11/2026 09:00 (giờ Việt Nam" in index, "02:00 UTC is 09:00 in Hà Nội"
    assert "01/2021 – 06/2024" in index and "? – ?" not in index
    assert "\\(" not in index
    page = (out / DS / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "<script" not in page
    assert "<td><code>budget_vnd</code></td><td>Tổng kinh phí (đồng)</td>" in page
    assert 'href="tasks.csv"' in page and "mailto:opendata@khcnbackan.gov.vn" in page
    assert "Khá" in page  # a sample row in Vietnamese values


def test_second_publish_with_same_data_touches_no_file(tmp_path):
    out = tmp_path / "catalog"
    tables = _warehouse(tmp_path, ROWS)
    publish_local(_cfg(), tables, out, now=NOW)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    rep = publish_local(_cfg(), tables, out, now=NOW + dt.timedelta(days=1))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert rep.files_written == [] and rep.datasets[DS] == "unchanged"
    assert before == after


def test_changed_data_moves_last_update(tmp_path):
    out = tmp_path / "catalog"
    publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW)
    later = NOW + dt.timedelta(days=1)
    rep = publish_local(_cfg(), _warehouse(tmp_path, ROWS[:1]), out, now=later)
    assert rep.datasets[DS] == "updated"
    dcat = json.loads((out / DS / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["dct:modified"]["@value"] == later.replace(microsecond=0).isoformat()


def test_recovery_after_a_crash_between_data_and_metadata_dates_the_dataset(tmp_path):
    """The data files of a new night were written, then the run died before the metadata: the
    re-run rewrites no data file but still says 'updated' and moves the date (from the hashes)."""
    out = tmp_path / "catalog"
    publish_local(_cfg(), _warehouse(tmp_path, ROWS), out, now=NOW)
    new = _tasks(ROWS[:1])
    write_table(new, out / DS / "tasks.parquet")  # what the crashed run got to write
    write_csv(new, out / DS / "tasks.csv", "tasks")
    later = NOW + dt.timedelta(days=1)
    rep = publish_local(_cfg(), _warehouse(tmp_path, ROWS[:1]), out, now=later)
    assert rep.datasets[DS] == "updated"
    assert not any(p.endswith((".parquet", ".csv")) for p in rep.files_written)
    dcat = json.loads((out / DS / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["dct:modified"]["@value"] == later.replace(microsecond=0).isoformat()
    assert "27/11/2026 09:00" in (out / "index.html").read_text(encoding="utf-8")
