"""Issue 15 end to end on the sample portal: the statistics and reconciliation datasets in the
local catalog, the demo's deliberate difference in the run summary and the Prefect artifact, and
an idle re-run that rewrites neither."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from prefect.artifacts import Artifact

from flows.cli import DEMO_CONFIG, demo_servers, main
from flows.settings import run_settings
from flows.summary import render_summary
from flows.sync import nightly_sync


@pytest.fixture(scope="module")
def portal():
    with demo_servers() as variables:
        yield variables


def _run(var: Path, variables: dict):
    with run_settings():
        return nightly_sync(config_path=str(DEMO_CONFIG), var_dir=str(var), variables=variables)


def test_demo_publishes_statistics_and_shows_the_deliberate_difference(tmp_path, portal, capsys):
    var = tmp_path / "var"
    first = _run(var, portal)
    assert first["reconciliation"]["counts"] == {"agree": 3, "differ": 1, "cannot_compare": 1}
    report = render_summary(first)
    assert "| tasks_accepted | 2023 | acceptance_grade=good | 7 | 6 | -1 | DIFFER |" in report
    artifact = Artifact.get("stcat-run-summary")
    assert artifact is not None and "acceptance_grade=good | 7 | 6 | -1 | DIFFER" in artifact.data

    # The statistics agree with the tasks table they are derived from.
    wh = var / "warehouse"
    tasks = pq.read_table(wh / "tasks/tasks.parquet").to_pylist()
    stats = {r["stat_id"]: r["value"] for r in pq.read_table(wh / "statistics/statistics.parquet").to_pylist()}
    assert stats["tasks_total|all|total=total"] == len(tasks)
    accepted_2023 = [
        t for t in tasks if t["acceptance_grade"] and (t["acceptance_date"] or t["decision_date"] or "")[:4] == "2023"
    ]
    assert stats["tasks_accepted|2023|total=total"] == len(accepted_2023) == 10

    # Both datasets in the local catalog, like every other one; the statistics page says how they reconcile.
    cat = var / "catalog"
    for slug, table in (("bac-kan-thong-ke-khcn", "statistics"), ("bac-kan-doi-chieu-thong-ke", "reconciliation")):
        assert (cat / slug / f"{table}.parquet").exists() and (cat / slug / f"{table}.csv").exists()
        assert (cat / slug / "datapackage.json").exists() and (cat / slug / "dcat.jsonld").exists()
    dcat = json.loads((cat / "bac-kan-thong-ke-khcn/dcat.jsonld").read_text(encoding="utf-8"))
    assert "3 khớp, 1 lệch, 1 không so sánh được" in json.dumps(dcat, ensure_ascii=False)

    # stcat reconcile prints the same report from the warehouse, no placeholder values given.
    capsys.readouterr()
    assert main(["reconcile", "--config", str(DEMO_CONFIG), "--var-dir", str(var)]) == 0
    assert capsys.readouterr().out.strip() == first["reconciliation"]["markdown"].strip()

    files = [
        wh / "statistics/statistics.parquet",
        wh / "reconciliation/reconciliation.parquet",
        *sorted((cat / "bac-kan-thong-ke-khcn").iterdir()),
        *sorted((cat / "bac-kan-doi-chieu-thong-ke").iterdir()),
    ]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    second = _run(var, portal)
    assert not second["tables"]["statistics"]["written"] and not second["tables"]["reconciliation"]["written"]
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == before
