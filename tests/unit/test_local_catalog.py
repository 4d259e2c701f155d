"""Local file catalog: downloads people can open, and an idle night rewrites nothing."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from catalog.local import publish_local
from config.loader import load_config
from transforms import schemas
from transforms.warehouse import store, table_path

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc)


def _tasks(rows):
    base = {"source": "s", "record_hash": "h"}
    return schemas.conform("tasks", [{**base, **r} for r in rows])


def _warehouse(tmp_path, rows):
    wh = tmp_path / "warehouse"
    store(wh, "tasks", _tasks(rows))
    return {"tasks": table_path(wh, "tasks")}


ROWS = [
    {"task_id": "t-1", "title": "Nghiên cứu phục tráng giống Bí thơm Ba Bể", "budget_vnd": 1_250_500_000,
     "host_org": "Trung tâm Ứng dụng KH&CN", "start_date": "2021-01", "end_date": "2022-12", "record_hash": "a"},
    {"task_id": "t-2", "title": "=HYPERLINK(\"http://evil\")", "principal_investigator": "+Nguyễn Văn A",
     "start_date": "2023-03-01", "end_date": "2024-06", "record_hash": "b"},
]


def test_publish_writes_every_download_and_index(tmp_path):
    cfg = load_config(ROOT / "config/provinces/backan.yaml")
    out = tmp_path / "catalog"
    rep = publish_local(cfg, _warehouse(tmp_path, ROWS), out, now=NOW)
    ds = out / "bac-kan-nhiem-vu-khcn"
    assert rep.datasets == {"bac-kan-nhiem-vu-khcn": "created"}
    assert pq.read_table(ds / "tasks.parquet").num_rows == 2

    raw = (ds / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["title"] == "Nghiên cứu phục tráng giống Bí thơm Ba Bể"
    assert rows[0]["budget_vnd"] == "1250500000"
    assert rows[1]["title"].startswith("'="), "formula cells must be defused"
    assert rows[1]["principal_investigator"] == "'+Nguyễn Văn A"

    dp = json.loads((ds / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in dp["resources"][0]["schema"]["fields"]}
    assert fields["budget_vnd"]["type"] == "integer"
    assert fields["title"]["description_vi"] and fields["title"]["description_en"]
    assert dp["resources"][0]["schema"]["primaryKey"] == ["task_id"]

    dcat = json.loads((ds / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@type"] == "dcat:Dataset" and len(dcat["dcat:distribution"]) == 3
    assert dcat["dct:temporal"] == {"dcat:startDate": "2021-01", "dcat:endDate": "2024-06"}

    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Nhiệm vụ khoa học và công nghệ" in index
    assert '<dd class="rows">2</dd>' in index
    assert 'href="bac-kan-nhiem-vu-khcn/tasks.csv"' in index


def test_second_publish_with_same_data_touches_no_file(tmp_path):
    cfg = load_config(ROOT / "config/provinces/backan.yaml")
    out = tmp_path / "catalog"
    tables = _warehouse(tmp_path, ROWS)
    publish_local(cfg, tables, out, now=NOW)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    rep = publish_local(cfg, tables, out, now=NOW + dt.timedelta(days=1))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert rep.files_written == [] and rep.datasets["bac-kan-nhiem-vu-khcn"] == "unchanged"
    assert before == after


def test_changed_data_moves_last_update(tmp_path):
    cfg = load_config(ROOT / "config/provinces/backan.yaml")
    out = tmp_path / "catalog"
    publish_local(cfg, _warehouse(tmp_path, ROWS), out, now=NOW)
    later = NOW + dt.timedelta(days=1)
    rep = publish_local(cfg, _warehouse(tmp_path, ROWS[:1]), out, now=later)
    assert rep.datasets["bac-kan-nhiem-vu-khcn"] == "updated"
    dcat = json.loads((out / "bac-kan-nhiem-vu-khcn" / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["dct:modified"] == later.replace(microsecond=0).isoformat()
