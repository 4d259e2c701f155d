"""`stcat demo`'s servers: the sample portal and publication APIs of the top-level demo package on
loopback, and the ports they were last served on (so `stcat demo --serve` and the `demo` deployment
find each other)."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import demo

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONFIG = ROOT / "config" / "demo.yaml"
DEMO_PORTAL = Path(demo.__file__).resolve().parent / "portal"

log = logging.getLogger("flows.demo")


def ports_file(var_dir: Path | str) -> Path:
    return Path(var_dir, "state", "demo_ports.json")


def _enter_on_port(stack: contextlib.ExitStack, start: Callable[[int], Any], port: int) -> str:
    """Start a server on `port` if it is free, else on any free port; returns its base URL."""
    if port:
        try:
            return stack.enter_context(start(port))
        except OSError:
            log.info("port %d is taken; using a free one", port)
    return stack.enter_context(start(0))


@contextlib.contextmanager
def demo_servers(var_dir: Path | str | None = None) -> Iterator[dict[str, str]]:
    """The sample portal and sample publication APIs on 127.0.0.1; yields the config variables
    (``portal``, ``pubs``: base URLs).

    The first run takes free ports and remembers them under var/state; later runs ask for the
    same ports again, so the records' source URLs (and hashes) stay the same from run to run
    and an idle re-run really changes nothing.
    """
    from demo.publications.server import serve_pubs  # sample OAI-PMH / OpenAlex / Crossref
    from flows.serve import serve_directory
    from transforms.atomic import write_bytes_atomic

    state = ports_file(var_dir) if var_dir else None
    ports = json.loads(state.read_text(encoding="utf-8")) if state and state.exists() else {}
    with contextlib.ExitStack() as stack:
        variables = {
            "portal": _enter_on_port(stack, lambda p: serve_directory(DEMO_PORTAL, port=p), ports.get("portal", 0)),
            "pubs": _enter_on_port(stack, lambda p: serve_pubs(port=p), ports.get("pubs", 0)),
        }
        if state:
            chosen = {k: int(v.rsplit(":", 1)[1]) for k, v in variables.items()}
            write_bytes_atomic(state, json.dumps(chosen, sort_keys=True).encode())
        yield variables


def served_variables(var_dir: Path | str) -> dict[str, str]:
    """The variables of the sample servers `stcat demo --serve --var-dir VAR_DIR` keeps up.

    Raises RuntimeError (one line) when they were never started or no longer answer."""
    state = ports_file(var_dir)
    hint = f"start the sample portal first: stcat demo --serve --var-dir {var_dir}"
    if not state.exists():
        raise RuntimeError(f"{state} not found; {hint}")
    ports = json.loads(state.read_text(encoding="utf-8"))
    for name, port in ports.items():
        try:
            socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
        except OSError:
            raise RuntimeError(f"the sample {name} server (127.0.0.1:{port}) does not answer; {hint}") from None
    return {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
