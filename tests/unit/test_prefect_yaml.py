"""prefect.yaml: every deployment's entrypoint imports and takes the parameters given to it."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))


def _load(entrypoint: str):
    path, func = entrypoint.split(":")
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, func)


@pytest.mark.parametrize("dep", DOC["deployments"], ids=[d["name"] for d in DOC["deployments"]])
def test_entrypoint_imports_and_accepts_parameters(dep):
    fl = _load(dep["entrypoint"])
    params = inspect.signature(fl.fn).parameters
    for name in dep.get("parameters", {}):
        assert name in params, f"{dep['name']}: {name} is not a parameter of {dep['entrypoint']}"
    required = {n for n, p in params.items() if p.default is inspect.Parameter.empty}
    assert required <= set(dep.get("parameters", {})), f"{dep['name']}: required parameters not given"


def test_nightly_schedule_is_two_am_vietnam_time():
    dep = next(d for d in DOC["deployments"] if d["name"] == "nightly-sync")
    assert dep["schedules"][0]["cron"] == "0 2 * * *"
    assert dep["schedules"][0]["timezone"] == "Asia/Ho_Chi_Minh"
    cfg = dep["parameters"]["config_path"]
    assert (ROOT / cfg).exists()
