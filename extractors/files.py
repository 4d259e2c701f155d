"""Kind `file`: a configured list of attachment URLs (XLSX, XLS, DOCX, PDF, or HTML pages).

Settings: `urls` (list), optional `site` (adapter for date order / encoding). A URL that
cannot be fetched is a reject; when none can, the source fails. The record count feeds
the same breakage alarm as the HTML crawler (cursor: {"version", "records", ...}).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError, reject
from extractors.documents import records_from_bytes
from extractors.http import FetchError
from extractors.sites.adapter import AdapterError, load_adapter
from extractors.sites.crawl import CURSOR_VERSION, check_alarm, fetch_page

log = logging.getLogger(__name__)


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw task records (and rejects) of every listed file."""
    try:
        adapter = load_adapter(source.get("site"))
    except AdapterError as e:
        raise SourceError(source.name, f"site adapter: {e}") from None
    urls = [u for u in (source.get("urls") or []) if isinstance(u, str) and u]
    if not urls:
        raise SourceError(source.name, "no urls configured")
    seen = {"files": 0, "records": 0, "rejects": 0, "failed_fetches": 0}
    for url in urls:
        try:
            res = fetch_page(ctx.session, url)
        except FetchError as e:
            seen["failed_fetches"] += 1
            seen["rejects"] += 1
            yield reject(source.name, url, "extract", f"file fetch failed: {e}", field="attachment")
            continue
        seen["files"] += 1
        for rec in records_from_bytes(
            res.content or b"",
            source=source.name,
            url=res.url or url,
            fetched_at=res.fetched_at.isoformat(),
            adapter=adapter,
            content_type=str(res.headers.get("content-type", "")),
            hints={"date_order": adapter.content_date_order},
        ):
            seen["rejects" if rec.get("reject") else "records"] += 1
            yield rec
    if seen["failed_fetches"] == len(urls):
        raise SourceError(source.name, f"none of the {len(urls)} file(s) could be fetched", urls[0])
    check_alarm(source.name, urls[0], ctx.cursor, seen)
    ctx.new_cursor = {"version": CURSOR_VERSION, "min_share": float(source.get("min_share", 0.5)), **seen}
    log.info("%s: %s", source.name, seen)
