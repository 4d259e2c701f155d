"""OAI-PMH harvester for journal platforms (OJS, VJOL): Identify, ListSets, ListRecords (oai_dc).

Resumption-token paging lives in one iterator, one page after the other (politeness sets the
pace); the harvest is incremental by datestamp (``from`` = the cursor, the last datestamp
harvested, formatted at the repository's granularity). Every protocol error code has its own
exception class (:mod:`extractors.oai.protocol`); ``noRecordsMatch`` means "nothing new" and an
expired or bad resumption token restarts the window from the last datestamp seen. Deleted
records become tombstones (``fields.deleted = True``). Pages are read by
:mod:`extractors.oai.records`.

Settings (config ``sources[]`` of kind ``oai_pmh``): ``base_url`` (required),
``metadata_prefix`` (only ``oai_dc`` is parsed), ``set``, ``from`` (first harvest start),
``until``, ``max_requests`` (default 10,000; :class:`extractors.budget.RequestBudget`: a harvest
that runs out fails without moving the cursor), ``max_restarts`` (default 3).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError, reject
from extractors.budget import BudgetExhausted, RequestBudget
from extractors.oai.protocol import (
    OAI_ERRORS,
    OAI_NS,
    BadArgument,
    BadResumptionToken,
    BadVerb,
    CannotDisseminateFormat,
    Identify,
    IdDoesNotExist,
    NoMetadataFormats,
    NoRecordsMatch,
    NoSetHierarchy,
    OAIError,
    UnsafeXMLError,
    format_datestamp,
    parse_datestamp,
    parse_identify,
    parse_list_sets,
    parse_xml,
    raise_for_oai_error,
)
from extractors.oai.records import (
    DC_NS,
    OAI_DC_NS,
    ListRecordsPage,
    OAIRecord,
    ParsedPage,
    iter_page_records,
    parse_list_records,
    parse_page,
    to_raw_record,
)

log = logging.getLogger(__name__)

__all__ = [  # the protocol and page readers are re-exported: extractors.oai_pmh is the collector's API
    "OAI_ERRORS",
    "OAI_NS",
    "DC_NS",
    "OAI_DC_NS",
    "BadArgument",
    "BadResumptionToken",
    "BadVerb",
    "CannotDisseminateFormat",
    "IdDoesNotExist",
    "Identify",
    "ListRecordsPage",
    "NoMetadataFormats",
    "NoRecordsMatch",
    "NoSetHierarchy",
    "OAIError",
    "OAIRecord",
    "OAISettings",
    "ParsedPage",
    "UnsafeXMLError",
    "fetch_identify",
    "fetch_oai",
    "fetch_sets",
    "format_datestamp",
    "iter_page_records",
    "iter_records",
    "parse_datestamp",
    "parse_identify",
    "parse_list_records",
    "parse_list_sets",
    "parse_page",
    "parse_xml",
    "raise_for_oai_error",
    "to_raw_record",
]


@dataclass
class OAISettings:
    base_url: str
    metadata_prefix: str = "oai_dc"
    set: str | None = None
    from_: str | None = None
    until: str | None = None
    max_requests: int = 10_000
    max_restarts: int = 3

    @classmethod
    def from_source(cls, source: SourceConfig) -> OAISettings:
        s = source.settings
        base = s.get("base_url")
        if not isinstance(base, str) or not base.startswith(("http://", "https://")):
            raise SourceError(source.name, f"oai_pmh base_url must be an http(s) URL, got {base!r}")
        prefix = s.get("metadata_prefix", "oai_dc")
        if prefix != "oai_dc":
            raise SourceError(source.name, f"metadata_prefix {prefix!r} is not supported (only oai_dc)", base)
        for key in ("from", "until"):
            if s.get(key) and parse_datestamp(str(s[key])) is None:
                raise SourceError(
                    source.name,
                    f"oai_pmh {key} must be a date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, got {s[key]!r}",
                    base,
                )
        return cls(
            base_url=base,
            metadata_prefix=prefix,
            set=s.get("set") or None,
            from_=str(s["from"]) if s.get("from") else None,
            until=str(s["until"]) if s.get("until") else None,
            max_requests=int(s.get("max_requests", 10_000)),
            max_restarts=int(s.get("max_restarts", 3)),
        )


def fetch_oai(session: Any, base_url: str, params: dict[str, str], *, source: str) -> Any:
    """One OAI-PMH request through the project session; transport failures become SourceError."""
    from extractors.http import FetchError

    try:
        return session.get(base_url, params=params, conditional=False)
    except FetchError as e:
        raise SourceError(source, f"OAI-PMH {params.get('verb')} failed: {e.reason}", e.url) from None


def fetch_identify(session: Any, base_url: str, *, source: str) -> Identify:
    res = fetch_oai(session, base_url, {"verb": "Identify"}, source=source)
    try:
        return parse_identify(res.content)
    except (etree.XMLSyntaxError, UnsafeXMLError, ValueError, OAIError) as e:
        raise SourceError(source, f"Identify answer unusable: {e}", base_url) from None


def _spend(budget: RequestBudget, source: str, url: str) -> None:
    """One request from the budget; a spent budget fails the source (the cursor is not moved)."""
    try:
        budget.spend()
    except BudgetExhausted:
        raise SourceError(
            source,
            f"request budget of {budget.limit} exhausted before the harvest finished; the cursor is not moved",
            url,
        ) from None


def fetch_sets(
    session: Any, base_url: str, *, source: str, budget: RequestBudget | None = None
) -> list[tuple[str, str | None]]:
    """All sets of the repository (empty when it has no set hierarchy)."""
    out: list[tuple[str, str | None]] = []
    params = {"verb": "ListSets"}
    while True:
        if budget:
            _spend(budget, source, base_url)
        res = fetch_oai(session, base_url, params, source=source)
        try:
            sets, token = parse_list_sets(res.content)
        except NoSetHierarchy:
            return out
        except (etree.XMLSyntaxError, UnsafeXMLError, ValueError, OAIError) as e:
            raise SourceError(source, f"ListSets answer unusable: {e}", res.url) from None
        out.extend(sets)
        if not token:
            return out
        params = {"verb": "ListSets", "resumptionToken": token}


def _cursor_datestamp(cursor: Any) -> str | None:
    if isinstance(cursor, dict):
        return cursor.get("datestamp")
    if isinstance(cursor, str):
        return cursor
    return None


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw publication records (and tombstones) of an OAI-PMH repository since the cursor."""
    cfg = OAISettings.from_source(source)
    session = ctx.session
    stats = ctx.stats
    budget = RequestBudget(cfg.max_requests, stats)
    _spend(budget, source.name, cfg.base_url)
    ident = fetch_identify(session, cfg.base_url, source=source.name)
    gran = ident.granularity
    if cfg.set:
        sets = fetch_sets(session, cfg.base_url, source=source.name, budget=budget)
        if sets and cfg.set not in {s for s, _ in sets}:
            raise SourceError(
                source.name, f"set {cfg.set!r} is not offered by the repository (has {len(sets)} sets)", cfg.base_url
            )
    since = _cursor_datestamp(ctx.cursor) or cfg.from_
    window_from = format_datestamp(since, gran) if since else None
    until = format_datestamp(cfg.until, gran) if cfg.until else None
    max_seen: str | None = _cursor_datestamp(ctx.cursor)
    max_seen_dt = parse_datestamp(max_seen) if max_seen else None
    yielded: set[tuple[str, str]] = set()
    restarts = 0
    start_from = window_from
    last_ds: str | None = None
    last_dt: dt.datetime | None = None  # parse_datestamp(last_ds), kept to parse once
    monotonic = True
    count = 0
    while True:
        params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": cfg.metadata_prefix}
        if start_from:
            params["from"] = start_from
        if until:
            params["until"] = until
        if cfg.set:
            params["set"] = cfg.set
        try:
            for fetched_at, page in _iter_pages(session, cfg, params, source.name, budget, stats):
                for rec in iter_page_records(page):
                    identifier, datestamp = rec.identifier, rec.datestamp
                    key = (identifier, datestamp)
                    ds = parse_datestamp(datestamp) if datestamp else None
                    if last_ds and ds and last_dt and ds < last_dt:
                        monotonic = False
                    if datestamp:
                        last_ds, last_dt = datestamp, ds
                    if ds and (max_seen_dt is None or ds > max_seen_dt):
                        max_seen_dt, max_seen = ds, datestamp
                    if key in yielded:
                        continue
                    yielded.add(key)
                    if not identifier:
                        yield reject(
                            source.name,
                            f"{cfg.base_url}#record-without-identifier",
                            "extract",
                            "OAI-PMH record header without an identifier",
                            field="identifier",
                            table="publications",
                        )
                        continue
                    if not rec.deleted and not rec.dc:
                        yield reject(
                            source.name,
                            f"{cfg.base_url}#{identifier}",
                            "extract",
                            "record has no oai_dc metadata",
                            field="metadata",
                            table="publications",
                        )
                        continue
                    count += 1
                    yield to_raw_record(
                        rec,
                        source=source.name,
                        base_url=cfg.base_url,
                        fetched_at=fetched_at,
                        repository_name=ident.repository_name,
                    )
            break
        except BadResumptionToken as e:
            restarts += 1
            stats["restarts"] = restarts
            if restarts > cfg.max_restarts:
                raise SourceError(
                    source.name, f"resumption token rejected {restarts} times: {e.message}", cfg.base_url
                ) from None
            if monotonic and last_ds:
                start_from = format_datestamp(last_ds, gran)
            else:
                start_from = window_from
            log.warning(
                "%s: resumption token rejected (%s); restarting from %s",
                source.name,
                e.message,
                start_from or "the beginning",
            )
    stats["records"] = count
    ctx.new_cursor = {"datestamp": format_datestamp(max_seen, gran) if max_seen else None, "granularity": gran}
    log.info("%s: %d OAI-PMH records harvested (from=%s)", source.name, count, window_from)


def _iter_pages(
    session: Any, cfg: OAISettings, params: dict[str, str], source: str, budget: RequestBudget, stats: dict
) -> Iterator[tuple[str, ParsedPage]]:
    """(fetched_at, parsed page) per resumption-token page of one ListRecords request, one request
    after the other; the caller is done with each page before the next one is requested."""
    while True:
        _spend(budget, source, cfg.base_url)
        res = fetch_oai(session, cfg.base_url, params, source=source)
        fetched_at = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else str(res.fetched_at)
        try:
            page = parse_page(res.content, res.url)
        except NoRecordsMatch:
            return
        except BadResumptionToken:
            raise
        except CannotDisseminateFormat as e:
            raise SourceError(
                source, f"repository cannot disseminate {cfg.metadata_prefix}: {e.message}", res.url
            ) from None
        except OAIError as e:
            raise SourceError(source, f"OAI-PMH error {e.code}: {e.message}", res.url) from None
        except (etree.XMLSyntaxError, UnsafeXMLError, ValueError) as e:
            raise SourceError(source, f"ListRecords answer unusable: {e}", res.url) from None
        stats["pages"] = stats.get("pages", 0) + 1
        yield fetched_at, page
        if not page.token:
            return
        params = {"verb": "ListRecords", "resumptionToken": page.token}
