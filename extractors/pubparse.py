"""`stcat parse FILE --table publications`: one saved response of a publication source.

Accepts an OAI-PMH ListRecords/GetRecord XML, an OpenAlex works JSON (a list page or one
work) or a Crossref works JSON (a work-list or one work), and sniffs which from the content.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from extractors import crossref, oai_pmh, openalex
from extractors.base import SourceError, reject

log = logging.getLogger(__name__)


def sniff(content: bytes) -> str:
    """'oai_pmh', 'openalex', 'crossref' or 'unknown' from the first bytes and shape."""
    return _sniff(content)[0]


def _loads(content: bytes) -> Any:
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return json.loads(content)  # what only the standard library reads (BOM, NaN…)


def _sniff(content: bytes) -> tuple[str, Any]:
    """The kind of document and, for JSON, the decoded data (decoded once)."""
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if head.startswith(b"<"):
        return ("oai_pmh" if b"OAI-PMH" in head or oai_pmh.OAI_NS.encode() in head else "unknown"), None
    if not head.startswith((b"{", b"[")):
        return "unknown", None
    try:
        data = _loads(content)
    except ValueError:
        return "unknown", None
    return _sniff_json(data), data


def _sniff_json(data: Any) -> str:
    if isinstance(data, dict):
        if "message-type" in data or ("message" in data and isinstance(data["message"], dict)):
            return "crossref"
        if "results" in data and "meta" in data:
            return "openalex"
        if str(data.get("id", "")).startswith("https://openalex.org/"):
            return "openalex"
        if "DOI" in data and "title" in data:
            return "crossref"
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return _sniff_json(data[0]) if "id" in data[0] else ("crossref" if "DOI" in data[0] else "unknown")
    return "unknown"


def parse_bytes(content: bytes, *, ref: str, site: str | None = None, fetched_at: str | None = None) -> Iterator[dict]:
    """Raw publication records of one saved response (pure)."""
    fetched_at = fetched_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    kind, data = _sniff(content)
    source = site or kind
    if kind == "oai_pmh":
        try:
            page = oai_pmh.parse_list_records(content, ref)
        except oai_pmh.NoRecordsMatch:
            return
        for rec in page.records:
            yield oai_pmh.to_raw_record(rec, source=source, base_url=ref, fetched_at=fetched_at)
        return
    if kind == "unknown":
        yield reject(
            source,
            ref,
            "extract",
            "not an OAI-PMH XML, OpenAlex JSON or Crossref JSON document",
            field="document",
            raw_value=content[:200].decode("utf-8", "replace"),
            table="publications",
        )
        return
    if kind == "openalex":
        works = (
            data["results"]
            if isinstance(data, dict) and "results" in data
            else (data if isinstance(data, list) else [data])
        )
        yield from openalex.works_to_records(works, source, ref, fetched_at)
        return
    msg = data.get("message") if isinstance(data, dict) and "message" in data else data
    items = msg.get("items") if isinstance(msg, dict) and "items" in msg else (msg if isinstance(msg, list) else [msg])
    yield from crossref.items_to_records(items, source, ref, fetched_at)


def parse_document(path_or_url: str, *, site: str | None = None, session: Any = None) -> Iterator[dict]:
    """Raw publication records of one file or URL (fetched through the project session)."""
    if path_or_url.startswith(("http://", "https://")):
        if session is None:
            raise ValueError("a URL needs an HTTP session (extractors.http.make_session)")
        from extractors.http import FetchError

        try:
            res = session.get(path_or_url)
        except FetchError as e:
            raise SourceError(site or "parse", e.reason, e.url) from None
        fetched = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else None
        yield from parse_bytes(res.content, ref=res.url, site=site, fetched_at=fetched)
        return
    p = Path(path_or_url)
    content = p.read_bytes()
    mtime = dt.datetime.fromtimestamp(p.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
    yield from parse_bytes(content, ref=p.resolve().as_uri(), site=site, fetched_at=mtime)
