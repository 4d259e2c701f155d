"""Prefect settings for the embedded API, set before Prefect is imported; stcat's log levels;
the embedded API server, a child process that dies with the run.

Prefect's home, SQLite database and local result storage live under var/prefect so a run
leaves nothing in the user's home. The speed settings (logs not shipped to the API, batched
recorder, no triggers service) only apply when the
user has not chosen otherwise; production with `prefect server start` sets its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
    # Prefect's own embedded server (tests, notebooks) may take more than its default 20 s to
    # start on two busy cores; a slow start is not a failure.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}

# The loggers stcat's own modules log under (explicit names: a worker loads flows/sync.py by path).
STCAT_LOGGERS = ("flows", "extractors", "transforms", "catalog", "config")

PR_SET_PDEATHSIG = 1  # linux/prctl.h

log = logging.getLogger("flows.settings")


def configure_prefect(var_dir: Path | str = "var") -> None:
    """Point Prefect at var/prefect and apply the embedded-mode defaults (never overriding the user)."""
    home = Path(var_dir, "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    if "PREFECT_API_URL" not in os.environ:
        # Embedded mode only: a real server keeps logs in its UI, so leave those settings alone.
        for k, v in EMBEDDED_DEFAULTS.items():
            os.environ.setdefault(k, v)


def stcat_loggers_at_info() -> None:
    """INFO for stcat's own loggers where nobody chose a level, so that under a Prefect worker
    (PREFECT_LOGGING_EXTRA_LOGGERS ships them to the run's logs) stage, source and failure lines
    show, while the root logger and other libraries stay at their WARNING."""
    for name in STCAT_LOGGERS:
        lg = logging.getLogger(name)
        if lg.level == logging.NOTSET:
            lg.setLevel(logging.INFO)


def run_settings():
    """Settings for a flow run started from the command line or a test.

    The sync flow's heartbeat thread holds the end of every run for about its period (a second);
    a short-lived CLI process does not need it.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def _die_with(parent: int):
    """preexec_fn of the API child: the kernel sends it SIGTERM when its parent dies, even by
    kill -9 (prctl PR_SET_PDEATHSIG; Linux), and it quits at once if the parent is already gone."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: no dlopen after fork

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:  # noqa: S310 - loopback URL we built
            return r.status == 200
    except OSError:
        return False


class EmbeddedApi:
    """Prefect's API for one stcat process: a uvicorn child serving flows.embedded_api on a free
    loopback port, tied to this process (parent-death signal) so nothing is left running after
    a crash or kill -9. Started before Prefect is imported, so the import overlaps its boot.
    The server's own log (its services retry what fails, e.g. a busy SQLite) goes to ``log_path``,
    not to the user's terminal; a server that does not start reports the end of that log."""

    def __init__(self, log_path: Path) -> None:
        self.port = _free_port()
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log_path, "ab")  # closed in stop()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "flows.embedded_api:create",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**os.environ, "PREFECT_UI_ENABLED": "false"},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with(os.getpid()) if sys.platform.startswith("linux") else None,
        )

    def wait(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not _healthy(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the embedded Prefect API exited with status {self.process.returncode}{self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"the embedded Prefect API did not answer within {timeout:.0f} s{self._log_tail()}")
            time.sleep(0.1)

    def _log_tail(self, lines: int = 20) -> str:
        self._log.flush()
        try:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return f" (its log, {self.log_path}:\n" + "\n".join(tail) + ")" if tail else f" (log: {self.log_path})"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@contextlib.contextmanager
def prefect_api(var_dir: Path | str = "var") -> Iterator[str | None]:
    """Prefect ready for a flow run from the command line; yields the embedded API's URL, or
    None when the user named a server (PREFECT_API_URL) or this process already runs Prefect
    (a test, a notebook), which keep theirs. Logs how long the start took."""
    configure_prefect(var_dir)
    t0 = time.perf_counter()
    log.info("starting Prefect…")
    server = None
    if "PREFECT_API_URL" not in os.environ and "prefect" not in sys.modules:
        server = EmbeddedApi(Path(os.environ["PREFECT_HOME"]) / "embedded-api.log")
    try:
        import flows.sync  # noqa: F401 - Prefect's import overlaps the API's boot
        from prefect.settings import PREFECT_API_URL, temporary_settings

        if server is None:
            log.info("Prefect ready in %.1f s", time.perf_counter() - t0)
            yield None
            return
        server.wait()
        log.info("Prefect ready in %.1f s", time.perf_counter() - t0)
        os.environ["STCAT_EMBEDDED_API_URL"] = server.url  # national_sync: not a server to fan out on
        with temporary_settings({PREFECT_API_URL: server.url}):  # this run only, nothing left behind
            yield server.url
    finally:
        if server:
            server.stop()
            os.environ.pop("STCAT_EMBEDDED_API_URL", None)
