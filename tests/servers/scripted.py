"""A scripted loopback HTTP server: each path answers from a queue of canned responses.

Real sockets, real HTTP/1.1 keep-alive (``ThreadingHTTPServer`` with TCP_NODELAY), so the
client under test does exactly what it does against a portal. A route's responses are served
in order and the last one repeats; every request is recorded for assertions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    """One scripted response. ``chunked`` sends the body without Content-Length."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    chunked: bool = False


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Responder = Callable[[Seen], Canned]


class ScriptedServer:
    """Loopback server: ``server.route(path, *responses)``; ``server.url(path)``; ``server.requests``."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, list[Canned] | Responder] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                canned = outer._next(seen)
                if canned.delay:
                    time.sleep(canned.delay)
                try:
                    self.send_response(canned.status)
                    for k, v in canned.headers.items():
                        self.send_header(k, v)
                    if canned.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for i in range(0, len(canned.body), 4096):
                            part = canned.body[i : i + 4096]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.send_header("Content-Length", str(len(canned.body)))
                        self.end_headers()
                        if self.command != "HEAD":
                            self.wfile.write(canned.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (timeout tests)

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:  # quiet client aborts
                return

        self.httpd = Server((host, 0), Handler)
        self.host, self.port = host, self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def route(self, path: str, *responses: Canned | Responder) -> ScriptedServer:
        """Script a path: canned responses in order (the last repeats), or one callable."""
        if len(responses) == 1 and callable(responses[0]) and not isinstance(responses[0], Canned):
            self.routes[path] = responses[0]  # type: ignore[assignment]
        else:
            self.routes[path] = list(responses)  # type: ignore[arg-type]
        return self

    def _next(self, seen: Seen) -> Canned:
        with self._lock:
            self.requests.append(seen)
            script = self.routes.get(seen.path)
            if script is None:
                script = self.routes.get(seen.path.split("?")[0])
            if script is None:
                return Canned(404, b"not found", {"Content-Type": "text/plain"})
            if callable(script):
                return script(seen)
            return script.pop(0) if len(script) > 1 else script[0]

    def url(self, path: str = "/", host: str | None = None) -> str:
        """Absolute URL of a path on this server."""
        return f"http://{host or self.host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        """Requests received for a path (query string included in the match when given)."""
        return [s for s in self.requests if s.path == path or ("?" not in path and s.path.split("?")[0] == path)]

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def html_page(title: str, body: str = "", charset: str = "utf-8") -> bytes:
    """A small Vietnamese-looking HTML page."""
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    ).encode(charset)


def pages(n: int, size: int = 2000) -> Iterable[tuple[str, bytes]]:
    """``n`` listing pages ``/list?page=i`` of about ``size`` bytes each."""
    filler = "Nhiệm vụ khoa học và công nghệ cấp tỉnh. " * max(1, size // 45)
    for i in range(n):
        yield f"/list?page={i}", html_page(f"Trang {i}", f"<p>{filler}</p><a href='/list?page={i + 1}'>sau</a>")
