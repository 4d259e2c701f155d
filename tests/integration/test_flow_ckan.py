"""`stcat run --catalog ckan` end to end: sample portal on loopback -> flow -> real CKAN."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from flows.cli import DEMO_CONFIG, demo_servers, main

pytestmark = pytest.mark.ckan


@pytest.fixture()
def province_config(tmp_path, ckan):
    """The demo config with a unique organization and province name, pointing at live servers."""
    uid = ckan.session_id[:10] + "flow"
    org = f"stcat-test-{uid}"
    ckan.orgs.append(org)
    with demo_servers() as variables:
        text = DEMO_CONFIG.read_text(encoding="utf-8")
        text = text.replace("${portal}", variables["portal"]).replace("${pubs}", variables["pubs"])
        text = text.replace("so-khcn-bac-kan-demo", org).replace("name: Tỉnh Bắc Kạn", f"name: Tỉnh Bắc Kạn {uid}")
        cfg = tmp_path / "province.yaml"
        cfg.write_text(text, encoding="utf-8")
        yield cfg, org


def test_run_publishes_to_ckan_then_an_idle_rerun_writes_nothing(tmp_path, ckan, province_config, monkeypatch, capsys):
    cfg, org = province_config
    monkeypatch.setenv("CKAN_URL", ckan.url)
    monkeypatch.setenv("CKAN_API_TOKEN", ckan.token)
    var = tmp_path / "var"

    code = main(["run", "--config", str(cfg), "--catalog", "ckan", "--var-dir", str(var)])
    first = capsys.readouterr()
    assert code in (0, 1), first.err  # 1: the demo journal carries one record without a title
    assert ckan.token not in first.out + first.err

    api = f"{ckan.url}/api/3/action"
    found = requests.get(f"{api}/package_search", params={"fq": f"organization:{org}", "rows": 50}, timeout=30).json()
    names = {d["name"] for d in found["result"]["results"]}
    tasks_ds = next(n for n in names if n.endswith("nhiem-vu-khcn"))
    pkg = requests.get(f"{api}/package_show", params={"id": tasks_ds}, timeout=30).json()["result"]
    assert not pkg["private"], "a staged dataset is made public once filled and checked"
    assert pkg["title_en"].startswith("Science and technology tasks")
    ds_res = next(r for r in pkg["resources"] if r.get("datastore_active"))
    rows = requests.get(
        f"{api}/datastore_search", params={"resource_id": ds_res["id"], "limit": 1000}, timeout=30
    ).json()["result"]
    assert rows["total"] >= 15
    assert any("Bắc Kạn" in (r.get("title") or "") or "Ba Bể" in (r.get("title") or "") for r in rows["records"])
    types = {f["id"]: f["type"] for f in rows["fields"]}
    assert types["budget_vnd"] in ("int8", "int4", "int", "numeric")
    # Issue 15: the statistics dataset, its page saying how it reconciles, and the reconciliation
    # beside it in the datastore with the demo's deliberate difference (7 good officially, 6 listed).
    stats = next(n for n in names if n.endswith("thong-ke-khcn"))
    stats_pkg = requests.get(f"{api}/package_show", params={"id": stats}, timeout=30).json()["result"]
    assert "3 khớp, 1 lệch, 1 không so sánh được" in stats_pkg["notes"]
    recon = next(n for n in names if n.endswith("doi-chieu-thong-ke"))
    recon_pkg = requests.get(f"{api}/package_show", params={"id": recon}, timeout=30).json()["result"]
    recon_res = next(r for r in recon_pkg["resources"] if r.get("datastore_active"))
    checks = requests.get(f"{api}/datastore_search", params={"resource_id": recon_res["id"]}, timeout=30).json()[
        "result"
    ]["records"]
    differ = [
        (c["breakdown_value"], c["official_value"], c["catalog_value"]) for c in checks if c["outcome"] == "differ"
    ]
    assert differ == [("good", 7, 6)]

    code = main(["run", "--config", str(cfg), "--catalog", "ckan", "--var-dir", str(var)])
    second = capsys.readouterr()
    assert code in (0, 1), second.err
    assert "unchanged" in second.out
    assert ckan.token not in second.out + second.err
    summary_line = next(line for line in second.out.splitlines() if line.startswith("## stcat run"))
    assert summary_line.endswith("unchanged")
    # The publish report of the second run: zero write calls against CKAN.
    reports = sorted(Path(var).rglob("last_publish.json"))
    assert reports, "the flow keeps the last publish report"
    assert json.loads(reports[-1].read_text(encoding="utf-8"))["write_calls"] == 0
