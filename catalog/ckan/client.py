"""The CKAN client: ckanapi's RemoteCKAN on a requests.Session whose HTTPAdapter carries the one
retry policy (urllib3's Retry, extractors.http.retry: 5xx, 429, connection and read errors,
backoff, Retry-After), with a counter of the requests sent.

The API token and any credentials in the CKAN URL live only in `_Secret` objects: they are put
on the request when it is sent and never appear in a repr, an exception, a log line or a report.
Non-idempotent creates are sent without retries and go through `create_verified`, which looks
for what a failed attempt may have made before trying again.
"""

from __future__ import annotations

import collections
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from ckanapi import RemoteCKAN
from requests.adapters import HTTPAdapter
from requests_toolbelt.multipart.encoder import MultipartEncoder
from urllib3.exceptions import MaxRetryError, ResponseError

from extractors.http.retry import RetryPolicy, retry_policy
from extractors.redact import REDACTED, register_secret, register_url_secrets

log = logging.getLogger(__name__)

READ_ACTIONS_SUFFIXES = ("_show", "_list", "_search", "_search_sql", "_autocomplete", "_info")
# CKAN's own error documents, answered with a 5xx status: an answer, not an outage
CKAN_ERROR_TYPES = ("Validation Error", "Search Index Error", "Search Query Error", "Not Found Error")


class CkanUnavailable(RuntimeError):
    """CKAN did not answer (connection error, timeout, HTTP 5xx) after the retries."""


class _Outage(Exception):
    """A 5xx that is not one of CKAN's error documents (raised inside the client only)."""


class _Secret:
    """A value that never shows itself: repr/str are redacted and it refuses to be pickled."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return REDACTED

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a secret (CKAN API token) cannot be pickled or serialized")


def is_write(action: str) -> bool:
    """True for actions that change CKAN (everything but show/list/search/info)."""
    return not (action.endswith(READ_ACTIONS_SUFFIXES) or action in ("status_show", "help_show"))


class _Retry(RetryPolicy):
    """The one retry policy (extractors.http.retry) for CKAN actions, all POST: a 500 carrying JSON
    is CKAN's own error document (e.g. Search Index Error) and is returned, not retried; every
    retry is reported to `on_retry(url, problem, delay)` so the client counts the requests sent."""

    on_retry: Callable[[str, str, float], None] | None = None

    def new(self, **kw: Any) -> _Retry:
        new = super().new(**kw)
        new.on_retry = self.on_retry
        return new  # type: ignore[return-value]

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # type: ignore[no-untyped-def, override]
        if response is not None and response.status == 500 and "json" in response.headers.get("Content-Type", ""):
            raise MaxRetryError(_pool, url or "", ResponseError("CKAN answered with an error document"))  # type: ignore[arg-type]
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        if self.on_retry is not None:
            problem = type(error).__name__ if error is not None else f"HTTP {response.status if response else '?'}"
            self.on_retry(url or "", problem, new.get_backoff_time())
        return new


class _MultipartBody:
    """A multipart/form-data body streamed from disk by requests-toolbelt's MultipartEncoder
    (constant memory, known length), which urllib3 can rewind for a retry: seek(0) builds the
    encoder again on a reopened file, with the same boundary."""

    def __init__(self, fields: dict[str, str], file_field: str, path: Path, filename: str, content_type: str):
        self._fields, self._file_field = fields, file_field
        self._path, self._filename, self._type = path, filename, content_type
        self._boundary: str | None = None
        self._file: Any = None
        self.seek(0)

    def seek(self, pos: int, whence: int = 0) -> int:
        if pos != 0 or whence != 0:
            raise OSError("a multipart body rewinds to its start only")
        if self._file is not None:
            self._file.close()
        self._file = open(self._path, "rb")
        parts: dict[str, Any] = {**self._fields, self._file_field: (self._filename, self._file, self._type)}
        self._enc = MultipartEncoder(parts, boundary=self._boundary)
        self._boundary = self._enc.boundary_value
        self._pos = 0
        return 0

    @property
    def content_type(self) -> str:
        return self._enc.content_type

    def __len__(self) -> int:
        return self._enc.len

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        data = self._enc.read(None if n is None or n < 0 else n)
        self._pos += len(data)
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _Upload:
    """The file of an upload action, as `files` passes it through ckanapi."""

    def __init__(self, path: Path, filename: str, content_type: str):
        self.path, self.filename, self.content_type = path, filename, content_type


def _is_ckan_error(r: requests.Response) -> bool:
    """A 5xx carrying a CKAN error document (e.g. Search Index Error) is an answer, not an outage."""
    if "json" not in r.headers.get("Content-Type", ""):
        return False
    try:
        doc = r.json()
    except ValueError:
        return False
    err = doc.get("error") if isinstance(doc, dict) else None
    return isinstance(err, dict) and err.get("__type") in CKAN_ERROR_TYPES


class _RemoteCKAN(RemoteCKAN):
    """ckanapi's RemoteCKAN on CKAN's versioned API path. The address it knows (and shows in its
    errors) has no credentials; the wire endpoint and the token are added when a request is sent.
    A file goes as a streamed multipart body; a 5xx that is not a CKAN answer raises _Outage."""

    base_url = "api/3/action/"

    def __init__(self, address: str, endpoint: _Secret, token: _Secret, user_agent: str, session: requests.Session):
        super().__init__(address, user_agent=user_agent, session=session)
        self._wire, self._token = endpoint, token

    def _request_fn(self, url, data, headers, files, requests_kwargs):  # type: ignore[no-untyped-def]
        wire = self._wire.reveal() + url[len(self.address.rstrip("/")) :]
        headers = {**headers, "Authorization": self._token.reveal()}
        body: _MultipartBody | None = None
        if files:
            (name, up), *_ = files.items()
            fields = {k.decode(): v.decode("utf-8") for k, v in data.items()}
            body = _MultipartBody(fields, name, up.path, up.filename, up.content_type)
            data, headers["Content-Type"] = body, body.content_type
        try:
            r = self.session.post(wire, data=data, headers=headers, allow_redirects=False, **requests_kwargs)
        finally:
            if body is not None:
                body.close()
        if r.status_code >= 500:
            if not _is_ckan_error(r):
                raise _Outage(f"HTTP {r.status_code}")
            log.warning("CKAN %s answered HTTP %s with an error body", url.rsplit("/", 1)[-1], r.status_code)
        return r.status_code, r.text


class CkanClient:
    """CKAN actions through ckanapi's RemoteCKAN: timeouts, a User-Agent, urllib3 retries with
    backoff on 5xx, timeouts and connection errors, CKAN's own exceptions, and a counter of the
    requests sent (`calls`, `write_calls`; each retry counts)."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        user_agent: str,
        timeout: tuple[float, float] = (5.0, 300.0),
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 15.0,
        session: requests.Session | None = None,
    ):
        # CKAN_URL may carry credentials (user:pw@...): they go on the wire only; `url`, the one
        # shown in messages and written into resource URLs, has none, and the redactor
        # (extractors.redact) scrubs them and the token from every message and log line
        register_url_secrets(url)
        register_secret(token)
        parts = urlsplit(url.strip())
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else (parts.hostname or "")
        self.url = urlunsplit(
            (parts.scheme, host + (f":{parts.port}" if parts.port else ""), parts.path.rstrip("/"), "", "")
        )
        if parts.query or parts.fragment:
            raise ValueError(
                f"CKAN URL {self.url}: a query string (?token=...) is not supported: CKAN reads "
                "a query instead of the request body; give the API token in CKAN_API_TOKEN"
            )
        self._endpoint = _Secret(urlunsplit(parts).rstrip("/"))
        self._token = _Secret(token)
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.calls: collections.Counter[str] = collections.Counter()
        self.write_calls = 0
        # counters are shared by the datastore load's worker threads; each of them sends through
        # its own requests.Session (worker_session), the calling thread through .session
        self._count_lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self.session = self._mount(session or requests.Session(), retries)
        self._local.remotes = {retries: self._remote_for(self.session)}

    def __repr__(self) -> str:
        return f"CkanClient(url={self.url!r}, user_agent={self.user_agent!r})"

    def _mount(self, s: requests.Session, retries: int) -> requests.Session:
        policy = retry_policy(retries, self.backoff, backoff_max=self.max_backoff, cls=_Retry)
        policy.on_retry = self._retried  # type: ignore[attr-defined]
        adapter = HTTPAdapter(max_retries=policy)
        s.mount("http://", adapter)
        s.mount("https://", adapter)
        self._sessions.append(s)
        return s

    def _new_session(self, retries: int) -> requests.Session:
        s = requests.Session()
        s.trust_env, s.verify, s.cert = self.session.trust_env, self.session.verify, self.session.cert
        s.proxies = dict(self.session.proxies)
        return self._mount(s, retries)

    def _remote_for(self, s: requests.Session) -> _RemoteCKAN:
        return _RemoteCKAN(self.url, self._endpoint, self._token, self.user_agent, s)

    def reset_counters(self) -> None:
        with self._count_lock:
            self.calls.clear()
            self.write_calls = 0

    def worker_session(self) -> requests.Session:
        """Give the calling (worker) thread its own requests.Session for this client's calls;
        the caller closes it when the thread is done."""
        s = self._new_session(self.retries)
        self._local.remotes = {self.retries: self._remote_for(s)}
        return s

    def _session(self) -> requests.Session:
        return self._remote(self.retries).session

    def _remote(self, retries: int) -> _RemoteCKAN:
        """This thread's RemoteCKAN for a retry budget (the client's own, or 0 for creates)."""
        remotes = getattr(self._local, "remotes", None)
        if remotes is None:
            remotes = self._local.remotes = {}
        if retries not in remotes:
            remotes[retries] = self._remote_for(self._new_session(retries))
        return remotes[retries]

    def _count(self, action: str) -> None:
        with self._count_lock:
            self.calls[action] += 1
            if is_write(action):
                self.write_calls += 1

    def _retried(self, url: str, problem: str, delay: float) -> None:
        action = url.rsplit("/", 1)[-1]
        self._local.attempts = getattr(self._local, "attempts", 1) + 1
        log.warning("CKAN %s: %s; retrying in %.1fs (attempt %d)", action, problem, delay, self._local.attempts)
        self._count(action)

    def call(self, action: str, data: dict[str, Any] | None = None, *, retries: int | None = None) -> Any:
        """Call one action with a JSON body; return its result."""
        return self._send(action, data or {}, None, retries)

    def upload(
        self,
        action: str,
        fields: dict[str, Any],
        path: Path,
        *,
        filename: str,
        content_type: str = "application/octet-stream",
        retries: int | None = 0,
    ) -> Any:
        """Call resource_create/resource_patch with a file streamed from disk as `upload`."""
        flat = {
            k: (json.dumps(v) if isinstance(v, (dict, list, bool)) else str(v))
            for k, v in fields.items()
            if v is not None
        }
        return self._send(action, flat, _Upload(Path(path), filename, content_type), retries)

    def _send(self, action: str, data: dict[str, Any], upload: _Upload | None, retries: int | None) -> Any:
        remote = self._remote(self.retries if retries is None else retries)
        self._count(action)
        self._local.attempts = 1
        try:
            return remote.call_action(
                action,
                data,
                files={"upload": upload} if upload is not None else None,
                requests_kwargs={"timeout": self.timeout},
            )
        except (_Outage, requests.ConnectionError, requests.Timeout, requests.exceptions.RetryError) as e:
            problem = str(e) if isinstance(e, _Outage) else type(e).__name__
            n = self._local.attempts
            raise CkanUnavailable(
                f"CKAN {self.url} action {action}: {problem} (after {n} attempt{'s' if n > 1 else ''})"
            ) from None

    def close(self) -> None:
        for s in self._sessions:
            s.close()


def connect(
    url: str,
    token: str,
    *,
    user_agent: str,
    timeout: tuple[float, float] = (5.0, 300.0),
    retries: int = 4,
    backoff: float = 1.0,
) -> CkanClient:
    """A client for the CKAN at `url` (the token stays inside the client)."""
    if not url:
        raise ValueError("CKAN url is empty")
    if not token:
        raise ValueError("CKAN API token is empty")
    return CkanClient(url, token, user_agent=user_agent, timeout=timeout, retries=retries, backoff=backoff)


def create_verified(
    client: CkanClient, create: Callable[[], dict[str, Any]], find: Callable[[], dict[str, Any] | None], what: str
) -> dict[str, Any]:
    """Run a non-idempotent create (sent without retries); after an outage, look for what it may
    have made before trying again, with the client's backoff."""
    for attempt in range(client.retries + 1):
        try:
            return create()
        except CkanUnavailable:
            if attempt == client.retries:
                raise
            time.sleep(min(client.max_backoff, client.backoff * 2**attempt))
            try:
                found = find()
            except CkanUnavailable:
                continue
            if found is not None:
                log.info("%s: created despite the error, reusing %s", what, found.get("id"))
                return found
    raise AssertionError("unreachable")
