"""What a fetch gives back: :class:`FetchResult` (an answered request), :class:`FetchError` (a
fetch that failed for good) and :class:`Headers`.

``Headers`` is a plain ``dict`` (lower-case keys, looked up case-insensitively) rather than
requests' ``CaseInsensitiveDict`` because results are also rebuilt from the archive's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from extractors.http.decoding import codec_name, decode


class FetchError(Exception):
    """A fetch failed for good. Names the URL, the reason and a machine-readable ``kind``."""

    def __init__(self, url: str, reason: str, *, kind: str = "http", status: int | None = None):
        self.url, self.reason, self.kind, self.status = url, reason, kind, status
        super().__init__(f"{url}: {reason}")


class Headers(dict):
    """A plain ``dict`` of response headers (lower-case keys) that looks names up case-insensitively."""

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        super().__init__()
        pairs = items.items() if isinstance(items, Mapping) else items
        for k, v in pairs:
            super().__setitem__(str(k).lower(), str(v))

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class FetchResult:
    """One answered request. ``not_modified``: the server said 304 and ``content`` is the archived
    body (``status`` is then the archived status, normally 200). ``from_archive``: the body came from
    the raw archive (offline replay or a 304)."""

    url: str
    status: int
    headers: Headers
    content: bytes
    not_modified: bool = False
    from_archive: bool = False
    archive_key: str = ""
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    requested_url: str = ""
    encoding_override: str | None = None

    @property
    def encoding(self) -> str:
        """The encoding ``text`` uses (extractors/http/decoding.py, or ``encoding_override``)."""
        return decode(self.content, self.headers.get("content-type"), self.encoding_override).charset

    @property
    def text(self) -> str:
        """The body decoded by the project's one charset detection (extractors/http/decoding.py)."""
        return self.decode()

    def decode(self, encoding_override: str | None = None) -> str:
        """The body decoded with an explicit encoding (or the detected one when None)."""
        override = codec_name(encoding_override) or self.encoding_override
        return decode(self.content, self.headers.get("content-type"), override).text

    def json(self) -> Any:
        """The body parsed as JSON (orjson straight from the bytes; the standard library for what
        only it accepts: NaN, integers beyond 64 bits, UTF-16/32, a BOM). ValueError when not JSON."""
        try:
            return orjson.loads(self.content)
        except orjson.JSONDecodeError:
            return json.loads(self.content)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400
