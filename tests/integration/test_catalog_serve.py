"""`stcat catalog serve`: the local catalog over real HTTP on loopback."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import requests

from catalog.local import publish_local
from config.loader import load_config
from transforms import schemas
from transforms.warehouse import store, table_path

ROOT = Path(__file__).resolve().parents[2]


def test_catalog_serve_serves_index_and_downloads(tmp_path):
    cfg = load_config(ROOT / "config/provinces/backan.yaml")
    wh = tmp_path / "warehouse"
    store(
        wh,
        "tasks",
        schemas.conform(
            "tasks", [{"task_id": "t-1", "title": "Phục tráng giống Bí thơm Ba Bể", "source": "s", "record_hash": "h"}]
        ),
    )
    out = tmp_path / "catalog"
    publish_local(cfg, {"tasks": table_path(wh, "tasks")}, out, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "catalog", "serve", "--dir", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = proc.stdout.readline()  # "Serving … at http://127.0.0.1:PORT/ …"
        base = line.split(" at ", 1)[1].split(" ", 1)[0]
        for _ in range(50):
            try:
                index = requests.get(base, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert index.status_code == 200 and "Nhiệm vụ khoa học và công nghệ" in index.text
        csv = requests.get(f"{base}bac-kan-nhiem-vu-khcn/tasks.csv", timeout=5)
        assert csv.headers["Content-Type"].startswith("text/csv")
        assert csv.content.startswith(b"\xef\xbb\xbf") and "Bí thơm Ba Bể" in csv.content.decode("utf-8-sig")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
