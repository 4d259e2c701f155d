"""Debian's headless Chromium, driven from the command line: the DOM a reader's browser builds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _run(url: str, *extra: str, timeout: float = 90) -> subprocess.CompletedProcess:
    if CHROMIUM is None:  # a missing browser is a failure, not a skip (make ckan-up installs it)
        pytest.fail("headless Chromium is not installed (apt-get install chromium; make ckan-up does it)")
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--lang=vi",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def dom(url: str, wait_ms: int = 3000) -> str:
    """The page's DOM after load and scripts (virtual time budget), as HTML text."""
    return _run(url, f"--virtual-time-budget={wait_ms}", "--dump-dom").stdout


def screenshot(url: str, path: Path, size: str = "1200,1800") -> Path:
    _run(url, f"--window-size={size}", f"--screenshot={path}")
    return path
