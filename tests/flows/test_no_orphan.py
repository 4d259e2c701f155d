"""Issue 12 item 9: after kill -9 of a `stcat` run, its embedded Prefect API child is not left
running (parent-death signal set in the child before it starts)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> dict[int, str]:
    """pid -> command line of the live processes whose parent is `pid`."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                out[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent has not reaped it


def test_kill_9_of_a_run_takes_the_embedded_api_with_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "flows", "demo", "--var-dir", str(tmp_path / "var")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    api = None
    try:
        for _ in range(1200):  # the child appears once the command has read its config
            api = next((p for p, cmd in _children(run.pid).items() if "flows.embedded_api" in cmd), None)
            if api or run.poll() is not None:
                break
            time.sleep(0.1)
        assert api, "the run started no embedded API child"
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        for _ in range(300):
            if not _alive(api):
                break
            time.sleep(0.1)
        assert not _alive(api), "the embedded Prefect API outlived the killed run"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if api and _alive(api):
            os.kill(api, signal.SIGKILL)
