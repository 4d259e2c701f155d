"""Crossref works collector: DOI-prefix / affiliation / funder queries with cursor paging.

Settings (config ``sources[]`` of kind ``crossref``): ``filter`` (e.g. ``prefix:10.34238``),
``query_affiliation`` (``query.affiliation``), ``funder_id`` (filter ``funder:``),
``funder_text`` (free ``query`` over the metadata), ``mailto`` (polite pool),
``max_requests`` (default 100), ``rows`` (default 100, max 1000), ``base_url`` (default
https://api.crossref.org; loopback in tests).

Incremental: results are sorted by ``indexed`` ascending and filtered with
``from-index-date:<cursor>``; the cursor is the date of the last item harvested, so a run
cut short by the request budget still moves the cursor only as far as it really got.
429 and 5xx answers are retried with backoff (honouring Retry-After) by the session.

Pages are requested one after the other (politeness sets the pace); ``max_requests`` is counted
by :class:`extractors.budget.RequestBudget`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError, reject
from extractors.budget import BudgetExhausted, RequestBudget

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://api.crossref.org"


# ----------------------------------------------------------------------------- parsing (pure)


def _date_parts(obj: Any) -> list[int]:
    if isinstance(obj, dict):
        parts = obj.get("date-parts") or []
        if parts and isinstance(parts[0], list):
            return [p for p in parts[0] if isinstance(p, int)]
    return []


def _first(v: Any) -> str | None:
    if isinstance(v, list):
        return next((str(x) for x in v if x), None)
    return str(v) if v else None


def issued_date(item: dict) -> str | None:
    """The best publication date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""
    for key in ("issued", "published", "published-print", "published-online", "created"):
        parts = _date_parts(item.get(key))
        if parts:
            return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[:3]))
    return None


def parse_item(item: dict, *, source: str, fetched_at: str, base_url: str = DEFAULT_BASE) -> dict:
    """The raw publication record (DESIGN.md §1) of one Crossref work item."""
    doi = item.get("DOI")
    authors: list[str] = []
    affiliations: list[str] = []
    authorships = []
    for a in item.get("author") or []:
        family, given = a.get("family"), a.get("given")
        name = f"{family}, {given}" if family and given else (family or given or a.get("name"))
        affs = [x.get("name") for x in a.get("affiliation") or [] if isinstance(x, dict) and x.get("name")]
        if name:
            authors.append(name)
        for x in affs:
            if x not in affiliations:
                affiliations.append(x)
        authorships.append({"name": name, "affiliations": affs, "orcid": a.get("ORCID"), "sequence": a.get("sequence")})
    funders = []
    for f in item.get("funder") or []:
        if isinstance(f, dict):
            funders.append(" ".join(x for x in [f.get("name")] + list(f.get("award") or []) if x))
    date = issued_date(item)
    indexed = (item.get("indexed") or {}).get("date-time")
    fields = {
        "source_id": doi,
        "deleted": False,
        "title": _first(item.get("title")),
        "authors": authors,
        "year": int(date[:4]) if date else None,
        "published_date": date,
        "venue": _first(item.get("container-title")) or _first(item.get("short-container-title")),
        "language": item.get("language"),
        "affiliations": affiliations,
        "abstract": item.get("abstract"),
        "doi": doi,
        "url": item.get("URL"),
        "funding_text": "; ".join(funders) or None,
    }
    return {
        "table": "publications",
        "source": source,
        "record_ref": f"crossref:{(doi or '').lower()}",
        "source_url": f"{base_url.rstrip('/')}/works/{doi}",
        "fetched_at": fetched_at,
        "confidence": 1.0,
        "fields": fields,
        "hints": {
            "collector": "crossref",
            "indexed": indexed,
            "authorships": authorships,
            "type": item.get("type"),
            "prefix": item.get("prefix"),
            "publisher": item.get("publisher"),
        },
        "extras": {
            "subtitle": _first(item.get("subtitle")),
            "ISSN": item.get("ISSN"),
            "is-referenced-by-count": item.get("is-referenced-by-count", item.get("cited-count")),
        },
    }


def parse_works_page(data: dict) -> tuple[list[dict], str | None, int | None]:
    """(message.items, message.next-cursor, message.total-results) of one list page."""
    msg = data.get("message") if isinstance(data, dict) else None
    if not isinstance(msg, dict) or not isinstance(msg.get("items"), list):
        raise ValueError("not a Crossref work-list response (no message.items)")
    return msg["items"], msg.get("next-cursor"), msg.get("total-results")


# ----------------------------------------------------------------------------- settings + fetching


@dataclass
class CrossrefSettings:
    base_url: str = DEFAULT_BASE
    filter: str = ""
    query_affiliation: str | None = None
    funder_text: str | None = None
    mailto: str | None = None
    max_requests: int = 100
    rows: int = 100

    @classmethod
    def from_source(cls, source: SourceConfig) -> CrossrefSettings:
        s = source.settings
        parts = [p for p in [str(s.get("filter") or "").strip(" ,")] if p]
        if s.get("funder_id"):
            parts.append(f"funder:{s['funder_id']}")
        if not parts and not s.get("query_affiliation") and not s.get("funder_text"):
            raise SourceError(source.name, "crossref needs filter, query_affiliation, funder_id or funder_text")
        rows = int(s.get("rows", 100))
        if not 1 <= rows <= 1000:
            raise SourceError(source.name, f"crossref rows must be 1..1000, got {rows}")
        return cls(
            base_url=str(s.get("base_url") or DEFAULT_BASE).rstrip("/"),
            filter=",".join(parts),
            query_affiliation=s.get("query_affiliation"),
            funder_text=s.get("funder_text"),
            mailto=s.get("mailto"),
            max_requests=int(s.get("max_requests", 100)),
            rows=rows,
        )


def _get(session: Any, cfg: CrossrefSettings, params: dict[str, Any], *, source: str) -> Any:
    """One works page through the project session (which retries 429/5xx); not decoded."""
    from extractors.http import FetchError

    try:
        return session.get(f"{cfg.base_url}/works", params=params, conditional=False)
    except FetchError as e:
        raise SourceError(source, f"Crossref request failed: {e.reason}", e.url) from None


def _decode(res: Any, *, source: str) -> Any:
    try:
        return res.json()
    except ValueError as e:
        raise SourceError(source, f"Crossref answered something that is not JSON: {e}", res.url) from None


def _list_params(cfg: CrossrefSettings, filt: str, page_cursor: str) -> dict[str, Any]:
    params: dict[str, Any] = {"rows": cfg.rows, "cursor": page_cursor, "sort": "indexed", "order": "asc"}
    if filt:
        params["filter"] = filt
    if cfg.query_affiliation:
        params["query.affiliation"] = cfg.query_affiliation
    if cfg.funder_text:
        params["query"] = cfg.funder_text
    if cfg.mailto:
        params["mailto"] = cfg.mailto
    return params


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw publication records from Crossref since the cursor, within the request budget."""
    cfg = CrossrefSettings.from_source(source)
    session, stats = ctx.session, ctx.stats
    cursor = ctx.cursor if isinstance(ctx.cursor, dict) else {}
    since = cursor.get("indexed_since")
    filt = ",".join(p for p in (cfg.filter, f"from-index-date:{since}" if since else "") if p)
    page_cursor = "*"
    budget = RequestBudget(cfg.max_requests, stats)
    count = 0
    last_indexed: str | None = None
    complete = False
    while True:
        try:
            budget.spend()
        except BudgetExhausted:
            break
        res = _get(session, cfg, _list_params(cfg, filt, page_cursor), source=source.name)
        data = _decode(res, source=source.name)
        try:
            items, next_cursor, total = parse_works_page(data)
        except ValueError as e:
            raise SourceError(source.name, str(e), res.url) from None
        del data
        stats["pages"] = stats.get("pages", 0) + 1
        if total is not None:
            stats["total"] = total
        for rec in _to_records(items, source.name, res, cfg):
            if not rec.get("reject"):
                idx = rec["hints"].get("indexed")
                if idx and (last_indexed is None or idx > last_indexed):
                    last_indexed = idx
                count += 1
            yield rec
        if not items or not next_cursor or len(items) < cfg.rows:
            complete = True
            break
        page_cursor = next_cursor
    stats["records"] = count
    if not complete:
        log.warning(
            "%s: request budget of %d spent before the end; the cursor moves to the last item seen",
            source.name,
            cfg.max_requests,
        )
    new_since = last_indexed[:10] if last_indexed else since
    ctx.new_cursor = {"indexed_since": new_since}
    log.info("%s: %d Crossref works (from-index-date=%s, complete=%s)", source.name, count, since, complete)


def _to_records(items: list, source: str, res: Any, cfg: CrossrefSettings) -> Iterator[dict]:
    """The records (and rejects: items without a DOI) of a list page."""
    fetched_at = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else str(res.fetched_at)
    yield from items_to_records(items, source, f"{res.url}#item", fetched_at, base_url=cfg.base_url)


def items_to_records(
    items: list, source: str, ref: str, fetched_at: str, *, base_url: str = DEFAULT_BASE
) -> Iterator[dict]:
    """The raw records of Crossref work items, and a reject (naming ``ref``) for each item without a DOI."""
    for item in items:
        if not isinstance(item, dict) or not item.get("DOI"):
            yield reject(
                source,
                ref,
                "extract",
                "Crossref item without a DOI",
                field="DOI",
                raw_value=str(item)[:500],
                table="publications",
            )
            continue
        yield parse_item(item, source=source, fetched_at=fetched_at, base_url=base_url)
