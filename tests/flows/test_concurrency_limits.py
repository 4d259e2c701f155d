"""A source that names a Prefect global concurrency limit holds one of its slots while it is
extracted: runs in other processes (national_sync over many provinces) take turns at the host."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

from flows.cli import DEMO_CONFIG, demo_servers
from flows.settings import run_settings
from flows.sync import nightly_sync, summary_of


@pytest.fixture(scope="module")
def portal():
    with demo_servers() as variables:
        yield variables


def _config(tmp_path: Path, limit: str, timeout: float | None = None) -> Path:
    extra = f"    concurrency_limit: {limit}\n" + (f"    concurrency_timeout: {timeout}\n" if timeout else "")
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace("    max_pages: 10\n", "    max_pages: 10\n" + extra, 1)
    assert extra in text
    cfg = tmp_path / "limited.yaml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def _limit(slots: int) -> str:
    name = f"stcat-test-{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=slots))
    return name


def _sync(cfg: Path, var: Path, portal: dict) -> dict:
    """The run summary, whether the run ended Completed or Failed (a source that failed)."""
    return summary_of(
        nightly_sync(
            config_path=str(cfg), var_dir=str(var), variables=portal, sources=["sample-portal"], return_state=True
        )
    )


def test_the_slot_is_taken_and_given_back(tmp_path, portal):
    with run_settings():
        name = _limit(1)
        summary = _sync(_config(tmp_path, name), tmp_path / "var", portal)
        with get_client(sync_client=True) as client:
            limit = client.read_global_concurrency_limit_by_name(name)
    assert summary["failed_sources"] == {}
    assert summary["tables"]["tasks"]["rows"] >= 15
    assert limit.active_slots == 0, "the slot is released after the extract"


def test_a_source_waiting_past_its_timeout_fails_and_the_run_goes_on(tmp_path, portal):
    with run_settings():
        name = _limit(1)
        with get_client(sync_client=True) as client:  # another process holds the only slot
            held = client.increment_concurrency_slots_with_lease(
                names=[name], slots=1, mode="concurrency", lease_duration=120
            )
        assert held.status_code == 200
        summary = _sync(_config(tmp_path, name, timeout=1), tmp_path / "var", portal)
    assert list(summary["failed_sources"]) == ["sample-portal"]
    assert "TimeoutError" in summary["failed_sources"]["sample-portal"]
    assert summary["status"] != "ok"
