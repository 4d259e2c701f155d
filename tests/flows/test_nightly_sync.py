"""The nightly_sync flow end to end against the sample portal served on loopback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.cli import DEMO_CONFIG, demo_servers, main
from flows.settings import run_settings
from flows.sync import nightly_sync, summary_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def portal():
    with demo_servers() as variables:
        yield variables


def _files(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


def _run(var: Path, variables: dict, **kw):
    with run_settings():
        return nightly_sync(config_path=str(DEMO_CONFIG), var_dir=str(var), variables=variables, **kw)


def test_demo_sync_fills_tasks_and_rerun_rewrites_nothing(tmp_path, portal):
    var = tmp_path / "var"
    first = _run(var, portal)
    assert first["failed_sources"] == {}
    tasks = pq.read_table(var / "warehouse/tasks/tasks.parquet")
    assert first["tables"]["tasks"]["rows"] == tasks.num_rows >= 15
    assert first["tables"]["tasks"]["added"] == tasks.num_rows
    rows = tasks.to_pylist()
    # Every row is traceable to a page of the portal and keeps its original text.
    assert all(r["source_url"].startswith(portal["portal"]) for r in rows)
    assert all(r["title"] and r["title_raw"] for r in rows)
    assert len({r["task_id"] for r in rows}) == len(rows)
    # Money normalized to integer VND; at least one decision number and one PI title.
    budgets = [r["budget_vnd"] for r in rows if r["budget_vnd"] is not None]
    assert budgets and all(isinstance(b, int) and b >= 1_000_000 for b in budgets)
    assert any(r["decision_no"] for r in rows)
    assert any(r["pi_title"] for r in rows)

    # The catalog lists the tasks dataset with the rows of the portal.
    index = (var / "catalog/index.html").read_text(encoding="utf-8")
    assert "Nhiệm vụ khoa học và công nghệ" in index
    assert f'<dd class="rows">{tasks.num_rows}</dd>' in index

    # Summary per source and table.
    row = next(r for r in first["rows"] if r["table"] == "tasks")
    assert row["source"] == "sample-portal" and row["added"] == tasks.num_rows
    assert row["records_in"] >= tasks.num_rows

    # Nothing changed at the source: nothing is rewritten, and the summary says so.
    data = {**_files(var / "warehouse"), **_files(var / "catalog")}
    second = _run(var, portal)
    assert second["status"] == "unchanged"
    assert second["tables"]["tasks"]["unchanged"] == tasks.num_rows
    assert not any(t["written"] for t in second["tables"].values())
    assert {**_files(var / "warehouse"), **_files(var / "catalog")} == data


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_unreachable_source_is_reported_and_the_rest_goes_on(tmp_path, portal):
    cfg = tmp_path / "two.yaml"
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    dead = f"http://127.0.0.1:{_closed_port()}"
    text = text.replace(
        "sources:\n",
        "sources:\n  - name: dead-site\n    kind: html\n    site: drupal_backan\n"
        f'    start_urls: ["{dead}/tin-tuc-su-kien/"]\n    allow_private: true\n'
        "    rate_limit: 0\n    retries: 0\n",
        1,
    )
    cfg.write_text(text, encoding="utf-8")
    with run_settings():
        state = nightly_sync(config_path=str(cfg), var_dir=str(tmp_path / "var"), variables=portal, return_state=True)
    assert state.is_failed() and "source dead-site failed" in state.message, "a failed source fails the run"
    summary = summary_of(state)
    assert "dead-site" in summary["failed_sources"]
    assert "127.0.0.1" in summary["failed_sources"]["dead-site"]
    assert summary["tables"]["tasks"]["rows"] >= 15


def test_cli_run_exit_status_and_dry_run(tmp_path, portal, capsys):
    cfg = tmp_path / "demo.yaml"
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    cfg.write_text(text.replace("${portal}", portal["portal"]).replace("${pubs}", portal["pubs"]), encoding="utf-8")
    var = tmp_path / "var"
    code = main(["run", "--config", str(cfg), "--var-dir", str(var), "--dry-run"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "| sample-portal | tasks |" in out
    assert not (var / "catalog/index.html").exists(), "a dry run publishes nothing"


def test_summary_artifact_is_markdown_table(tmp_path, portal):
    from flows.summary import render_summary

    summary = _run(tmp_path / "var", portal)
    md = render_summary(summary)
    assert md.splitlines()[2].startswith("| source | table | records in | added | changed | unchanged")
    json.dumps(summary)  # the summary is plain data (returned by the flow, stored as an artifact)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["stcat-run-summary"])))
    assert any(summary["run_id"] in (a.data or "") for a in arts), "the run summary is a Prefect artifact"


def _concrete_config(tmp_path: Path, portal: dict, name: str = "demo.yaml") -> Path:
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    cfg = tmp_path / name
    cfg.write_text(text.replace("${portal}", portal["portal"]).replace("${pubs}", portal["pubs"]), encoding="utf-8")
    return cfg


def test_backfill_reparses_the_raw_archive_without_network(tmp_path):
    from flows.sync import backfill

    var = tmp_path / "var"
    with demo_servers() as variables:
        cfg = _concrete_config(tmp_path, variables)
        with run_settings():
            first = nightly_sync(config_path=str(cfg), var_dir=str(var))
    # The servers are gone now: only the archive can answer.
    with run_settings():
        again = backfill(config_path=str(cfg), var_dir=str(var), dry_run=False)
    assert again["failed_sources"] == {}
    assert again["tables"]["tasks"]["rows"] == first["tables"]["tasks"]["rows"]
    assert again["tables"]["tasks"]["unchanged"] == first["tables"]["tasks"]["rows"]
    assert again["status"] == "unchanged"


def test_national_fan_out_runs_each_province_in_its_own_folder(tmp_path, portal):
    from flows.sync import national_sync

    a = _concrete_config(tmp_path, portal, "a.yaml")
    b = _concrete_config(tmp_path, portal, "b.yaml")
    with run_settings():
        out = national_sync(config_paths=[str(a), str(b)], var_root=str(tmp_path / "provinces"))
    assert set(out) == {"a", "b"}
    for name in ("a", "b"):
        assert out[name]["tables"]["tasks"]["rows"] >= 15
        assert (tmp_path / "provinces" / name / "catalog/index.html").exists()
