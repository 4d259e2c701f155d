"""Content-addressed archive of raw HTTP responses, per-run manifests and conditional-GET validators.

Layout under the archive root (``var/raw`` by default), one folder per source::

    <source>/<sha256[:2]>/<sha256>            the raw body, exactly as received (after transfer decoding)
    <source>/<sha256[:2]>/<sha256>.json       small metadata: size, content type, first URL and time seen
    <source>/runs/<run_id>.jsonl              one line per response: url -> sha256, status, headers subset…
    <source>/validators.json                  ETag / Last-Modified per URL (written by ValidatorStore)

Why: every page a run parsed can be re-parsed later without the network (``stcat run --offline``),
an unchanged page is stored once, and a 304 Not Modified can be answered with the archived body.

Blobs and JSON files are written by the one atomic writer (transforms/atomic.py: a temporary
name, then ``os.replace``), so a crash never leaves half a file. A manifest is append-only: each
entry is one ``os.write`` of one complete line on an ``O_APPEND`` descriptor, and the reader skips
a torn last line.

Hand-written because no maintained library keeps responses by content with a manifest per run
(requests-cache keys its store by request and replays no particular run).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from extractors.http.result import FetchError, FetchResult, Headers
from extractors.redact import SENSITIVE_HEADERS, redact_url
from transforms.atomic import write_bytes_atomic

log = logging.getLogger(__name__)

_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
#: response headers kept in the manifest and served back offline
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-disposition",
    "content-language",
    "etag",
    "last-modified",
    "date",
    "location",
)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of a body: the archive key."""
    return hashlib.sha256(data).hexdigest()


def _write_json(path: Path, obj: Any, *, fsync: bool = True, mkdir: bool = True) -> None:
    """Atomically write ``obj`` as compact UTF-8 JSON with sorted keys (state files: fsync by default)."""
    write_bytes_atomic(path, orjson.dumps(obj, option=orjson.OPT_SORT_KEYS), if_changed=False, fsync=fsync, mkdir=mkdir)


def archivable_headers(headers: Mapping[str, str], redactor: Any = None) -> dict[str, str]:
    """The subset of response headers kept in the archive (:data:`KEPT_HEADERS`, never a
    :data:`SENSITIVE_HEADERS` one); a ``Location`` is redacted (by ``redactor``, an
    :class:`extractors.redact.Redactor`, or the default one)."""
    out = {}
    for k, v in headers.items():
        k = k.lower()
        if k in KEPT_HEADERS and k not in SENSITIVE_HEADERS:
            out[k] = (redactor.url if redactor else redact_url)(v) if k == "location" else v
    return out


def new_run_id() -> str:
    """A sortable, unique run id: UTC time plus a short random suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _loads(data: bytes) -> Any:
    """JSON from bytes: orjson, or the standard library for what only it accepts (NaN, big ints,
    UTF-16, a BOM); ValueError when neither can read it."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def check_run_id(run_id: str) -> str:
    """A run id is used as a file name: letters, digits, '.', '_' and '-' only."""
    if not _RUN_ID.match(run_id):
        raise ValueError(f"run_id must match {_RUN_ID.pattern}, got {run_id!r}")
    return run_id


class RawArchive:
    """The raw archive of one source: blobs by SHA-256 plus one manifest per run."""

    def __init__(self, root: Path, source: str, *, url_key: Callable[[str], str] | None = None):
        """``url_key`` maps a URL to the form it is indexed by (the session's redaction), so
        manifests written before redaction existed are still found by the redacted URL."""
        self.root = Path(root)
        self._url_key = url_key
        self.source = source or "default"
        if "/" in self.source or self.source in (".", ".."):
            raise ValueError(f"source name cannot be used as a folder: {source!r}")
        self.dir = self.root / self.source
        self._lock = threading.Lock()
        self._fds: dict[str, int] = {}
        self._index: dict[str | None, dict[tuple[str, ...], dict]] = {}
        self._made_dirs: set[str] = set()

    # -- blobs -------------------------------------------------------------------------------
    def blob_path(self, sha: str) -> Path:
        """Where the body with this SHA-256 lives."""
        return self.dir / sha[:2] / sha

    def has(self, sha: str) -> bool:
        """True when the body is archived."""
        return self.blob_path(sha).is_file()

    def put(
        self, content: bytes, *, url: str = "", content_type: str = "", fetched_at: str = "", sha: str | None = None
    ) -> str:
        """Store a body (once per distinct content) and return its SHA-256."""
        sha = sha or sha256_hex(content)
        path = self.blob_path(sha)
        if not path.is_file():
            if sha[:2] not in self._made_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made_dirs.add(sha[:2])
            write_bytes_atomic(path, content, if_changed=False, mkdir=False)
            meta = {
                "sha256": sha,
                "size": len(content),
                "content_type": content_type,
                "first_url": url,
                "first_fetched_at": fetched_at,
                "source": self.source,
            }
            _write_json(path.with_name(sha + ".json"), meta, fsync=False, mkdir=False)
        return sha

    def get(self, sha: str) -> bytes:
        """The archived body; KeyError when it is missing."""
        try:
            return self.blob_path(sha).read_bytes()
        except FileNotFoundError:
            raise KeyError(sha) from None

    # -- manifests ---------------------------------------------------------------------------
    def manifest_path(self, run_id: str) -> Path:
        """The manifest file of one run."""
        return self.dir / "runs" / f"{check_run_id(run_id)}.jsonl"

    def record(self, run_id: str, entry: dict[str, Any]) -> None:
        """Append one manifest entry (one complete line per write)."""
        line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        with self._lock:
            fd = self._fds.get(run_id)
            if fd is None:
                path = self.manifest_path(run_id)
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                self._fds[run_id] = fd
            os.write(fd, line)
            self._index.clear()

    def record_response(
        self,
        run_id: str,
        *,
        url: str,
        final_url: str,
        method: str,
        request_body: bytes,
        status: int,
        headers: dict[str, str],
        sha: str,
        fetched_at: str,
        not_modified: bool = False,
    ) -> None:
        """Append the manifest entry of one answered request (URLs already redacted, headers
        already cut to :func:`archivable_headers`)."""
        entry: dict[str, Any] = {
            "url": url,
            "final_url": final_url,
            "method": method,
            "status": status,
            "sha256": sha,
            "fetched_at": fetched_at,
            "not_modified": not_modified,
            "headers": headers,
        }
        if request_body:
            entry["request_sha256"] = sha256_hex(request_body)
        self.record(run_id, entry)

    def replay(self, method: str, url: str, body: bytes = b"", *, run_id: str | None = None) -> FetchResult:
        """The archived answer to a request (offline runs), from one run or the newest of any.
        FetchError ``not_in_archive`` when there is none, ``http`` when it was an error status."""
        entry = self.lookup(url, method=method, body_sha256=sha256_hex(body) if body else "", run_id=run_id)
        if entry is None:
            where = f"run {run_id}" if run_id else f"any run of source {self.source!r}"
            raise FetchError(url, f"not in archive ({method} in {where})", kind="not_in_archive")
        try:
            content = self.get(entry["sha256"])
        except KeyError:
            raise FetchError(
                url, f"not in archive: manifest names body {entry['sha256']} but it is missing", kind="not_in_archive"
            ) from None
        status = int(entry.get("status", 200))
        if status >= 400:
            raise FetchError(entry.get("final_url") or url, f"HTTP {status} (archived)", kind="http", status=status)
        fetched_at = entry.get("fetched_at")
        key = self._url_key or (lambda u: u)
        return FetchResult(
            key(entry.get("final_url") or url),
            status,
            Headers(entry.get("headers", {})),
            content,
            from_archive=True,
            archive_key=entry["sha256"],
            fetched_at=dt.datetime.fromisoformat(fetched_at) if fetched_at else dt.datetime.now(dt.timezone.utc),
            requested_url=url,
        )

    def close(self) -> None:
        """Close open manifest files."""
        with self._lock:
            for fd in self._fds.values():
                os.close(fd)
            self._fds.clear()

    def runs(self) -> list[str]:
        """Run ids that have a manifest, oldest file first."""
        folder = self.dir / "runs"
        if not folder.is_dir():
            return []
        files = sorted(folder.glob("*.jsonl"), key=lambda p: (p.stat().st_mtime, p.name))
        return [p.stem for p in files]

    def iter_manifest(self, run_id: str) -> Iterator[dict[str, Any]]:
        """Entries of one run's manifest; a torn or corrupt line is logged and skipped."""
        path = self.manifest_path(run_id)
        try:
            fh = path.open("rb")
        except FileNotFoundError:
            return
        with fh:
            for n, raw in enumerate(fh, 1):
                try:
                    entry = _loads(raw)
                except ValueError:
                    log.warning("skipping unreadable line %d of %s", n, path)
                    continue
                if isinstance(entry, dict) and "url" in entry and "sha256" in entry:
                    yield entry

    def lookup(
        self, url: str, *, method: str = "GET", body_sha256: str = "", run_id: str | None = None
    ) -> dict[str, Any] | None:
        """The newest manifest entry for a request (by ``fetched_at``), in one run or in all runs.

        An entry for the URL asked for wins; failing that, one whose redirects ended at this URL.
        """
        index = self._index.get(run_id)
        if index is None:
            index = self._build_index(run_id)
        key = (method.upper(), self._url_key(url) if self._url_key else url, body_sha256)
        return index.get(("asked",) + key) or index.get(("final",) + key)

    def _build_index(self, run_id: str | None) -> dict[tuple[str, ...], dict]:
        index: dict[tuple[str, ...], dict] = {}
        for rid in [run_id] if run_id else self.runs():
            for entry in self.iter_manifest(rid):
                method = str(entry.get("method", "GET")).upper()
                body = str(entry.get("request_sha256", ""))
                for kind, u in (("asked", entry["url"]), ("final", entry.get("final_url") or entry["url"])):
                    key = (kind, method, self._url_key(u) if self._url_key else u, body)
                    old = index.get(key)
                    if old is None or str(entry.get("fetched_at", "")) >= str(old.get("fetched_at", "")):
                        index[key] = entry
        with self._lock:
            self._index[run_id] = index
        return index


class ValidatorStore:
    """ETag / Last-Modified per URL, kept between runs in one JSON file (written atomically).

    Entries also name the SHA-256 of the body they validate, so a 304 can be answered
    from the archive. Not safe for two processes writing the same file at once: one
    session per source per run.
    """

    def __init__(self, path: Path, *, flush_every: int = 200, url_key: Callable[[str], str] | None = None):
        """``url_key`` maps a URL to the key it is stored under (the session's redaction); keys of
        an older file are migrated on load, and the file is rewritten at the next save."""
        self.path = Path(path)
        self.flush_every = flush_every
        self._lock = threading.Lock()
        self._dirty = 0
        self._key: Callable[[str], str] = url_key or (lambda u: u)
        self._data: dict[str, dict[str, Any]] = self._load()
        if url_key is not None:
            migrated = {self._key(k): v for k, v in self._data.items()}
            if list(migrated) != list(self._data):
                self._data = migrated
                self._dirty += 1

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            raw = _loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            log.warning(
                "validator store %s is unreadable (%s): starting empty, pages are fetched in full", self.path, e
            )
            return {}
        if not isinstance(raw, dict):
            log.warning("validator store %s is not a JSON object: starting empty", self.path)
            return {}
        return {k: v for k, v in raw.items() if isinstance(v, dict)}

    def get(self, url: str) -> dict[str, Any] | None:
        """Validators stored for a URL: ``etag``, ``last_modified``, ``sha256``, ``status``, ``headers``."""
        url = self._key(url)
        with self._lock:
            entry = self._data.get(url)
            return dict(entry) if entry else None

    def set(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        sha256: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Remember validators for a URL, with the status and headers subset of the body they
        validate (or forget them when the response carried none)."""
        url = self._key(url)
        with self._lock:
            if not etag and not last_modified:
                if self._data.pop(url, None) is not None:
                    self._dirty += 1
            else:
                entry: dict[str, Any] = {"sha256": sha256, "status": status}
                if headers:
                    entry["headers"] = dict(headers)
                if etag:
                    entry["etag"] = etag
                if last_modified:
                    entry["last_modified"] = last_modified
                if self._data.get(url) != entry:
                    self._data[url] = entry
                    self._dirty += 1
            due = self._dirty >= self.flush_every
        if due:
            self.save()

    def forget(self, url: str) -> None:
        """Drop a URL's validators (e.g. when its archived body is gone)."""
        url = self._key(url)
        with self._lock:
            if self._data.pop(url, None) is not None:
                self._dirty += 1

    def save(self) -> None:
        """Write the store atomically when it changed."""
        with self._lock:
            if not self._dirty:
                return
            snapshot = dict(self._data)
            self._dirty = 0
        _write_json(self.path, snapshot)

    def __len__(self) -> int:
        return len(self._data)
