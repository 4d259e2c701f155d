"""A small threaded static file server on loopback, for the demo portal and `stcat catalog serve`."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger(__name__)


class _Handler(SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # else delayed-ACK stalls on every keep-alive response
    protocol_version = "HTTP/1.1"
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".parquet": "application/vnd.apache.parquet",
        ".jsonld": "application/ld+json",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".csv": "text/csv; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


@contextlib.contextmanager
def serve_directory(directory: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve a folder for the length of the block; yields its base URL (no trailing slash)."""
    server = make_server(directory, host, port)
    thread = threading.Thread(target=server.serve_forever, name=f"serve:{directory}", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
