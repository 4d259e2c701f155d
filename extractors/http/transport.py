"""One HTTP attempt on the wire, cut at wall-clock deadlines however slowly bytes trickle.

requests sends the request (redirects off: the session checks every hop); a timer shuts the socket
when the attempt's deadline passes while the status line and headers are still arriving, and the
body is read with ``read1`` under a socket timeout shrunk to the time left. Hand-written because
requests and urllib3 bound each wait for bytes, never a whole response: a server dripping a byte
at a time would hold a fetch forever.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from extractors.http.result import FetchError, Headers
from extractors.http.retry import parse_retry_after
from extractors.redact import redact

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass
class Raw:
    """One response read off the wire (or a redirect whose body was skipped)."""

    url: str
    status: int
    headers: Headers
    content: bytes


# -- deadline watchdog for the request and response-header phase ----------------------------------
# Socket timeouts bound each wait for bytes, not a whole response: a server can drip its status
# line and headers a byte at a time. The connections below tell the sending thread which socket
# its request went out on, so a timer can shut that socket at the attempt's deadline. (The body is
# cut without a thread: see Transport._read_body.)
_sending = threading.local()


class _WatchedConnection:
    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(_sending, "watch", None)
        if watch is not None:
            watch.append(self)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_WatchedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report themselves to the deadline watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def _shut(watch: list[Any], fired: threading.Event) -> None:
    """Timer callback: the attempt's deadline passed while waiting for the response headers."""
    fired.set()
    for conn in list(watch):
        sock = getattr(conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Transport:
    """The wire: one requests session (pooled keep-alive connections, no retries of its own) and
    the deadlines, size cap and peer-address check of each attempt."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float,
        attempt_deadline: float,
        url_deadline: float,
        max_bytes: int,
        allow_private: bool,
        public_ip: Callable[[str], bool],
        retry: Retry,
        redact_url: Callable[[str], str],
        clock: Callable[[], float],
        stats: dict[str, Any],
        proxies: Mapping[str, str] | None = None,
    ):
        self.timeout, self.attempt_deadline, self.url_deadline = timeout, attempt_deadline, url_deadline
        self.max_bytes, self.allow_private, self.public_ip = max_bytes, allow_private, public_ip
        self.retry, self._redact, self.clock, self.stats = retry, redact_url, clock, stats
        self._s = requests.Session()
        self._s.trust_env = False  # library code does not read the environment
        if proxies:
            self._s.proxies.update(proxies)
        adapter = _WatchedAdapter(max_retries=0, pool_connections=8, pool_maxsize=8)
        self._s.mount("http://", adapter)
        self._s.mount("https://", adapter)
        self._s.headers.update(
            {
                "User-Agent": user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "*/*",
                "Accept-Language": "vi,en;q=0.8",
            }
        )

    def close(self) -> None:
        self._s.close()

    def send(
        self, method: str, url: str, headers: Mapping[str, str], data: Any, *, final: bool, deadline_at: float
    ) -> Raw:
        """One attempt: the response (its body read unless it is a redirect), :class:`AttemptFailed`
        when it is worth another attempt (unless ``final``), :class:`FetchError` when no attempt can
        succeed."""
        started = self.clock()
        url_first = deadline_at < started + self.attempt_deadline
        attempt_end = deadline_at if url_first else started + self.attempt_deadline
        deadline = (
            f"URL deadline of {self.url_deadline:g}s"
            if url_first
            else f"attempt deadline of {self.attempt_deadline:g}s"
        )
        wait = max(min(self.timeout, attempt_end - started), 0.001)
        watch: list[Any] = []
        fired = threading.Event()
        timer = threading.Timer(max(attempt_end - started, 0.0), _shut, (watch, fired))
        timer.daemon = True
        _sending.watch = watch
        timer.start()
        try:
            resp = self._s.request(
                method, url, headers=dict(headers), data=data, stream=True, allow_redirects=False, timeout=(wait, wait)
            )
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as e:
            if fired.is_set():
                raise AttemptFailed(
                    f"timeout: {deadline} passed before the response headers were complete", "timeout"
                ) from None
            if isinstance(e, requests.exceptions.Timeout):
                raise AttemptFailed(f"timeout after {wait:g}s ({type(e).__name__})", "timeout") from None
            raise AttemptFailed(f"connection failed ({short(e)})", "connection") from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidHeader,
        ) as e:
            raise FetchError(url, f"invalid request ({short(e)})", kind="bad_url") from None
        finally:
            timer.cancel()
            _sending.watch = None
        if fired.is_set():  # cut mid-headers, which http.client may take for their end
            resp.close()
            raise AttemptFailed(f"timeout: {deadline} passed before the response headers were complete", "timeout")
        with resp:
            if not self.allow_private:
                self._check_peer(url, resp)
            status = resp.status_code
            rheaders = Headers(resp.headers)
            if status in REDIRECT_STATUSES and "location" in rheaders:
                drain(resp, self._redact(url))
                return Raw(resp.url or url, status, rheaders, b"")
            if not final and self.retry.is_retry(method, status, "retry-after" in rheaders):
                drain(resp, self._redact(url))
                raise AttemptFailed(
                    f"HTTP {status}", "http", status=status, retry_after=parse_retry_after(rheaders.get("retry-after"))
                )
            declared = rheaders.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(
                    url,
                    f"too large: Content-Length {declared} > max_bytes {self.max_bytes}",
                    kind="too_large",
                    status=status,
                )
            content = self._read_body(url, resp, status, attempt_end, deadline)
        self.stats["bytes"] += len(content)
        return Raw(resp.url or url, status, rheaders, content)

    def _read_body(self, url: str, resp: requests.Response, status: int, end: float, deadline: str) -> bytes:
        """The (decoded) body, capped at max_bytes and cut at the wall-clock ``end``.

        Reads with ``read1`` (whatever has arrived, up to 64 KiB) and shrinks the socket timeout to
        the time left before each read, so a server that drips a byte at a time is cut off at the
        deadline, not after a full chunk (requests' ``iter_content`` waits for a full chunk)."""
        raw = resp.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                left = end - self.clock()
                if left <= 0:
                    raise AttemptFailed(
                        f"timeout: {deadline} passed with the body incomplete ({size} bytes read)", "timeout"
                    )
                if sock is not None:
                    sock.settimeout(max(min(self.timeout, left), 0.001))
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        url, f"too large: more than max_bytes {self.max_bytes} bytes", kind="too_large", status=status
                    )
                chunks.append(chunk)
        except (urllib3.exceptions.ReadTimeoutError, socket.timeout):
            if self.clock() >= end:
                raise AttemptFailed(
                    f"timeout: {deadline} passed with the body incomplete ({size} bytes read)", "timeout"
                ) from None
            raise AttemptFailed(f"timeout while reading the body: nothing for {self.timeout:g}s", "timeout") from None
        except urllib3.exceptions.DecodeError as e:
            raise FetchError(url, f"undecodable body ({short(e)})", kind="http", status=status) from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.SSLError, OSError) as e:
            raise AttemptFailed(f"connection broken while reading the body ({short(e)})", "connection") from None
        return b"".join(chunks)

    def _check_peer(self, url: str, resp: requests.Response) -> None:
        """Refuse a response whose connection ended at a non-public address although the name
        resolved to public ones when checked (DNS rebinding); no body is read from it."""
        conn = getattr(resp.raw, "connection", None)
        sock = getattr(conn, "sock", None)
        if sock is None:
            return  # through a proxy or already released: judged by name
        try:
            peer = str(sock.getpeername()[0])
        except OSError:
            return
        if not self.public_ip(peer):
            raise FetchError(
                url, f"connected to non-public address {peer} (allow_private is off)", kind="private_address"
            )


class AttemptFailed(Exception):
    """This attempt failed in a way worth retrying."""

    def __init__(self, reason: str, kind: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.kind, self.status, self.retry_after = reason, kind, status, retry_after


def drain(resp: requests.Response, safe_url: str, limit: int = _CHUNK) -> None:
    """Read a small unwanted body so the keep-alive connection can be reused; give up on big ones."""
    read = 0
    try:
        for chunk in resp.iter_content(8192):
            read += len(chunk)
            if read > limit:
                return
    except requests.exceptions.RequestException as e:
        log.debug("could not drain %s (%s): the connection is dropped instead", safe_url, redact(short(e), resp.url))


def short(e: BaseException) -> str:
    text = str(e)
    return text if len(text) <= 200 else text[:200] + "…"
