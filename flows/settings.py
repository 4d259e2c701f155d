"""Prefect settings for the embedded (ephemeral) API, set before Prefect is imported.

Prefect's home, SQLite database and local result storage live under var/prefect so a run
leaves nothing in the user's home. The speed settings (measured in PERFORMANCE_FACTS:
logs not shipped to the API, batched recorder, no triggers service) only apply when the
user has not chosen otherwise; production with `prefect server start` sets its own.
"""
from __future__ import annotations

import os
from pathlib import Path

EMBEDDED_DEFAULTS: dict[str, str] = {
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_TASKS_DEFAULT_NO_CACHE": "true",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "500",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "100",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "500",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE": "100",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_UI_ENABLED": "false",
}


def configure_prefect(var_dir: Path | str = "var") -> None:
    """Point Prefect at var/prefect and apply the embedded-mode defaults (never overriding the user)."""
    home = Path(var_dir, "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    if "PREFECT_API_URL" not in os.environ:
        # Embedded mode only: a real server keeps logs in its UI, so leave those settings alone.
        for k, v in EMBEDDED_DEFAULTS.items():
            os.environ.setdefault(k, v)


def run_settings():
    """Settings for a flow run started from the command line or a test.

    The sync flow's heartbeat thread costs ~1 s at the end of every run (measured: a one-task
    flow takes 1.07 s with it, 0.10 s without); a short-lived CLI process does not need it.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
