"""A real Prefect server on loopback for tests and benchmarks: `prefect server start` in a
subprocess on a free port, with its own home; and helpers to run the `prefect` command
against it (work pools, deploy, workers), as the README's production walk-through does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrefectServer:
    """`prefect server start` on 127.0.0.1:<free port>, home under `home`; env() is what a client,
    worker or `prefect deploy` is given (PREFECT_API_URL and the project's STCAT_HOME)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.children: list[subprocess.Popen] = []
        base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        self.base_env = {
            **base,
            "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_CLI_PROMPT": "false",
            "STCAT_HOME": str(ROOT),
        }
        self.log = open(home / "server.log", "wb")
        self.process = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.base_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def env(self, **extra: str) -> dict[str, str]:
        return {**self.base_env, "PREFECT_API_URL": self.url, **extra}

    def wait(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError("prefect server did not answer in time")

    def prefect(self, *args: str, check: bool = True, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        """Run the `prefect` command against this server from the project folder."""
        r = subprocess.run(
            [str(BIN / "prefect"), *args],
            env=self.env(**env),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and r.returncode != 0:
            raise RuntimeError(
                f"prefect {' '.join(args)} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
            )
        return r

    def start(self, argv: list[str], log_name: str, **env: str) -> subprocess.Popen:
        """A long-running child (worker, sample portal) in its own session, stopped by stop()."""
        out = open(self.home / log_name, "wb")
        p = subprocess.Popen(
            argv, env=self.env(**env), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.children.append(p)
        return p

    def stop(self) -> None:
        for p in [*self.children, self.process]:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in [*self.children, self.process]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        self.log.close()
