"""Test-wide setup: Prefect on its embedded API with its home in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports Prefect: keep its database and settings out of the user's home.
_PREFECT_VAR = Path(tempfile.mkdtemp(prefix="stcat-test-prefect-"))
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_HOME"] = str(_PREFECT_VAR / "prefect")

from flows.settings import configure_prefect  # noqa: E402

configure_prefect(_PREFECT_VAR)

ROOT = Path(__file__).resolve().parent.parent
