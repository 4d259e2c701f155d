"""Test helpers: a session that answers GETs from a folder of saved pages (no network)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from extractors.http import FetchError, Headers

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".docx": "application/octet-stream",
    ".xls": "application/vnd.ms-excel",
}


@dataclass
class SavedResult:
    url: str
    status: int
    headers: Headers
    content: bytes
    not_modified: bool = False
    from_archive: bool = False
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


class FolderSession:
    """GET http://site/<path> → <root>/<path> (a trailing / serves index.html); missing → FetchError 404."""

    def __init__(self, root: Path, overrides: dict[str, bytes] | None = None):
        self.root, self.overrides, self.calls = root, dict(overrides or {}), []

    def get(self, url: str) -> SavedResult:
        self.calls.append(url)
        path = urlsplit(url).path
        if path in self.overrides:
            return SavedResult(url, 200, Headers({"content-type": "text/html"}), self.overrides[path])
        file = self.root / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            raise FetchError(url, "HTTP 404", status=404)
        return SavedResult(
            url, 200, Headers({"content-type": _TYPES.get(file.suffix, "application/octet-stream")}), file.read_bytes()
        )
