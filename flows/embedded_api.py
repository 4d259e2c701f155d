"""The app the embedded Prefect API serves (``uvicorn --factory flows.embedded_api:create``).

Prefect's own ephemeral mode starts the same app in a child process it cannot tie to our
lifetime; flows/settings.py starts this one itself so the child dies with the run."""

from __future__ import annotations

from typing import Any


def create() -> Any:
    from prefect.server.api.server import create_app

    return create_app(ephemeral=True, final=True)
