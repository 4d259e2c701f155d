"""OpenAlex works collector: cursor paging, an API key passed in by the flow, a request budget.

Settings (config ``sources[]`` of kind ``openalex``):

- ``filter``: an OpenAlex filter string, e.g.
  ``authorships.institutions.country_code:VN,raw_affiliation_strings.search:"Bac Kan"``;
  ``institutions`` (OpenAlex ids ``I…``), ``ror`` (ROR ids or URLs), ``country`` and
  ``affiliation_search`` are added to it when given;
- ``api_key_env``: the *name* of the environment variable holding the key. The flow
  resolves it and passes the value in ``ctx.secrets["api_key"]`` (or
  ``settings["api_key"]``); this module never reads the environment;
- ``mailto``, ``max_requests`` (default 100), ``per_page`` (default 200, max 200),
  ``work_ids`` (works fetched one by one; merged works answer 301 and are followed),
  ``base_url`` (default https://api.openalex.org; loopback in tests).

List pages are requested one after the other (politeness sets the pace); ``max_requests`` is
counted by :class:`extractors.budget.RequestBudget`.

Incremental: the filter gets ``from_updated_date:<cursor>`` where the cursor is the latest
``updated_date`` seen in the last complete harvest. When the budget runs out mid-window the
cursor keeps the old date and remembers the page cursor to resume from next time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError, reject
from extractors.budget import BudgetExhausted, RequestBudget

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://api.openalex.org"
_WORK_ID = re.compile(r"(W\d+)$")
_EMPTY: dict = {}


# ----------------------------------------------------------------------------- parsing (pure)


def rebuild_abstract(inverted: dict[str, list[int]] | None) -> str | None:
    """The abstract text from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not inverted:
        return None
    positions = {i: word for word, idxs in inverted.items() for i in (idxs or ()) if isinstance(i, int)}
    if not positions:
        return None
    return " ".join(map(positions.__getitem__, sorted(positions)))


def short_id(openalex_id: str | None) -> str | None:
    """'https://openalex.org/W123' -> 'W123'."""
    if not openalex_id:
        return None
    m = _WORK_ID.search(openalex_id.rstrip("/"))
    return m.group(1) if m else openalex_id.rsplit("/", 1)[-1]


def _venue(work: dict) -> str | None:
    loc = work.get("primary_location") or {}
    src = loc.get("source") or {}
    if src.get("display_name"):
        return src["display_name"]
    hv = work.get("host_venue") or {}  # pre-2023 shape
    return hv.get("display_name")


def _url(work: dict) -> str | None:
    loc = work.get("primary_location") or {}
    return loc.get("landing_page_url") or (work.get("host_venue") or {}).get("url") or work.get("doi")


def parse_work(
    work: dict, *, source: str, fetched_at: str, base_url: str = DEFAULT_BASE, merged_from: str | None = None
) -> dict:
    """The raw publication record (DESIGN.md §1) of one OpenAlex work."""
    wid = short_id(work.get("id"))
    authors: list[str] = []
    affiliations: list[str] = []
    authorships = []
    for a in work.get("authorships") or ():
        author = a.get("author") or _EMPTY
        name = author.get("display_name") or a.get("raw_author_name")
        raw_affs = list(a.get("raw_affiliation_strings") or ())
        if not raw_affs and a.get("raw_affiliation_string"):
            raw_affs = [a["raw_affiliation_string"]]
        institutions = a.get("institutions")
        inst = [i.get("display_name") for i in institutions if i.get("display_name")] if institutions else []
        if name:
            authors.append(name)
        for x in (inst + raw_affs) if inst else raw_affs:
            if x and x not in affiliations:
                affiliations.append(x)
        authorships.append({"name": name, "affiliations": inst or raw_affs, "orcid": author.get("orcid")})
    grants = work.get("grants") or work.get("funders") or []
    funding = "; ".join(
        " ".join(x for x in (g.get("funder_display_name") or g.get("display_name"), g.get("award_id")) if x)
        for g in grants
        if isinstance(g, dict)
    )
    fields = {
        "source_id": wid,
        "deleted": False,
        "title": work.get("title") or work.get("display_name"),
        "authors": authors,
        "year": work.get("publication_year"),
        "published_date": work.get("publication_date"),
        "venue": _venue(work),
        "language": work.get("language"),
        "affiliations": affiliations,
        "abstract": rebuild_abstract(work.get("abstract_inverted_index")),
        "doi": work.get("doi") or (work.get("ids") or {}).get("doi"),
        "url": _url(work),
        "funding_text": funding or None,
    }
    hints: dict[str, Any] = {
        "collector": "openalex",
        "updated_date": work.get("updated_date"),
        "authorships": authorships,
        "type": work.get("type"),
    }
    if merged_from:
        hints["merged_from"] = merged_from
    return {
        "table": "publications",
        "source": source,
        "record_ref": f"openalex:{wid}",
        "source_url": f"{base_url.rstrip('/')}/works/{wid}",
        "fetched_at": fetched_at,
        "confidence": 1.0,
        "fields": fields,
        "hints": hints,
        "extras": {"is_retracted": work.get("is_retracted"), "cited_by_count": work.get("cited_by_count")},
    }


def parse_works_page(data: dict) -> tuple[list[dict], str | None, int | None]:
    """(results, meta.next_cursor, meta.count) of one list page."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError("not an OpenAlex list response (no 'results' list)")
    meta = data.get("meta") or {}
    return data["results"], meta.get("next_cursor"), meta.get("count")


# ----------------------------------------------------------------------------- settings


@dataclass
class OpenAlexSettings:
    base_url: str = DEFAULT_BASE
    filter: str = ""
    api_key: str | None = None
    mailto: str | None = None
    max_requests: int = 100
    per_page: int = 200
    work_ids: list[str] = field(default_factory=list)

    @classmethod
    def from_source(cls, source: SourceConfig, secrets: dict[str, str] | None = None) -> OpenAlexSettings:
        s = source.settings
        parts = [p for p in [str(s.get("filter") or "").strip(" ,")] if p]
        inst = s.get("institutions") or []
        if inst:
            parts.append("authorships.institutions.lineage:" + "|".join(short_id(str(i)) or str(i) for i in inst))
        ror = s.get("ror") or []
        if ror:
            ror = [ror] if isinstance(ror, str) else ror
            parts.append("authorships.institutions.ror:" + "|".join(str(r).rsplit("/", 1)[-1] for r in ror))
        if s.get("country"):
            parts.append(f"authorships.institutions.country_code:{s['country']}")
        if s.get("affiliation_search"):
            parts.append(f'raw_affiliation_strings.search:"{s["affiliation_search"]}"')
        work_ids = [str(w) for w in (s.get("work_ids") or [])]
        if not parts and not work_ids:
            raise SourceError(
                source.name,
                "openalex needs a filter (filter, institutions, ror, country, affiliation_search) or work_ids",
            )
        per_page = int(s.get("per_page", 200))
        if not 1 <= per_page <= 200:
            raise SourceError(source.name, f"openalex per_page must be 1..200, got {per_page}")
        key = s.get("api_key") or (secrets or {}).get("api_key")
        if not key and s.get("api_key_env"):
            log.warning(
                "%s: no OpenAlex API key resolved from %s; requests may be refused", source.name, s["api_key_env"]
            )
        return cls(
            base_url=str(s.get("base_url") or DEFAULT_BASE).rstrip("/"),
            filter=",".join(parts),
            api_key=key,
            mailto=s.get("mailto"),
            max_requests=int(s.get("max_requests", 100)),
            per_page=per_page,
            work_ids=work_ids,
        )


# ----------------------------------------------------------------------------- fetching


def _fetch(session: Any, url: str, params: dict[str, Any], *, source: str) -> Any:
    """One request through the project session; transport failures become SourceError."""
    from extractors.http import FetchError

    try:
        return session.get(url, params=params, conditional=False)
    except FetchError as e:
        if e.status in (401, 403):
            raise SourceError(
                source, f"OpenAlex refused the request (HTTP {e.status}): API key missing or invalid", _redact(e.url)
            ) from None
        raise SourceError(source, f"OpenAlex request failed: {e.reason}", _redact(e.url)) from None


def _decode(res: Any, *, source: str) -> Any:
    try:
        return res.json()
    except ValueError as e:
        raise SourceError(source, f"OpenAlex answered something that is not JSON: {e}", _redact(res.url)) from None


def _fetch_json(session: Any, url: str, params: dict[str, Any], *, source: str) -> tuple[Any, Any]:
    res = _fetch(session, url, params, source=source)
    return res, _decode(res, source=source)


def _redact(url: str | None) -> str | None:
    """The URL without its API key (the session already redacts; kept for URLs built here)."""
    from extractors.http import redact_url

    return redact_url(url) if url else url


def fetch_work(session: Any, cfg: OpenAlexSettings, work_id: str, *, source: str) -> tuple[dict, str | None, Any]:
    """One work by id; a merged work's 301 is followed. Returns (work, merged_from, result)."""
    wid = short_id(work_id) if work_id.startswith("http") else work_id
    params = {k: v for k, v in (("api_key", cfg.api_key), ("mailto", cfg.mailto)) if v}
    res, data = _fetch_json(session, f"{cfg.base_url}/works/{wid}", params, source=source)
    new_id = short_id(data.get("id")) if isinstance(data, dict) else None
    merged_from = wid if new_id and wid.startswith("W") and new_id != wid else None
    return data, merged_from, res


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw publication records from OpenAlex since the cursor, within the request budget."""
    cfg = OpenAlexSettings.from_source(source, getattr(ctx, "secrets", None))
    session, stats = ctx.session, ctx.stats
    cursor = ctx.cursor if isinstance(ctx.cursor, dict) else {}
    since = cursor.get("updated_since")
    budget = RequestBudget(cfg.max_requests, stats)
    max_updated = cursor.get("max_seen") if cursor.get("resume_cursor") else None

    for wid in cfg.work_ids:
        try:
            budget.spend()
        except BudgetExhausted:
            log.warning("%s: budget of %d requests spent on work_ids", source.name, cfg.max_requests)
            break
        try:
            work, merged_from, res = fetch_work(session, cfg, wid, source=source.name)
        except SourceError as e:
            yield reject(
                source.name, f"openalex:{wid}", "extract", str(e), field="work_id", raw_value=wid, table="publications"
            )
            continue
        if merged_from:
            stats["merged"] = stats.get("merged", 0) + 1
            log.info("%s: work %s was merged into %s", source.name, merged_from, short_id(work.get("id")))
        yield from _to_records([work], source.name, res, cfg, merged_from)

    if not cfg.filter:
        ctx.new_cursor = dict(cursor) or None
        return
    filt = cfg.filter + (f",from_updated_date:{since}" if since else "")
    page_cursor = cursor.get("resume_cursor") if cursor.get("filter") == filt else None
    if page_cursor:
        log.info("%s: resuming the window from a saved page cursor", source.name)
    page_cursor = page_cursor or "*"
    complete = False
    count = 0
    while True:
        try:
            budget.spend()
        except BudgetExhausted:
            break
        params: dict[str, Any] = {"filter": filt, "per-page": cfg.per_page, "cursor": page_cursor}
        if cfg.api_key:
            params["api_key"] = cfg.api_key
        if cfg.mailto:
            params["mailto"] = cfg.mailto
        try:
            res, data = _fetch_json(session, f"{cfg.base_url}/works", params, source=source.name)
        except SourceError:
            if page_cursor != "*" and count == 0 and cursor.get("resume_cursor") == page_cursor:
                log.warning("%s: saved page cursor refused; restarting the window", source.name)
                page_cursor = "*"
                cursor = {k: v for k, v in cursor.items() if k != "resume_cursor"}
                continue
            raise
        try:
            results, next_cursor, total = parse_works_page(data)
        except ValueError as e:
            raise SourceError(source.name, str(e), _redact(res.url)) from None
        del data
        stats["pages"] = stats.get("pages", 0) + 1
        if total is not None:
            stats["total"] = total
        for rec in _to_records(results, source.name, res, cfg, None):
            if not rec.get("reject"):
                count += 1
                ud = rec["hints"].get("updated_date")
                if ud and (max_updated is None or ud > max_updated):
                    max_updated = ud
            yield rec
        if not next_cursor or not results:
            complete = True
            break
        page_cursor = next_cursor
    stats["records"] = count
    if complete:
        new_since = max_updated or since
        ctx.new_cursor = {"updated_since": new_since[:10] if new_since else None}
    else:
        log.warning(
            "%s: request budget of %d spent before the end of the window; next run resumes",
            source.name,
            cfg.max_requests,
        )
        ctx.new_cursor = {"updated_since": since, "filter": filt, "resume_cursor": page_cursor, "max_seen": max_updated}


def _to_records(works: list, source: str, res: Any, cfg: OpenAlexSettings, merged_from: str | None) -> Iterator[dict]:
    fetched_at = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else str(res.fetched_at)
    yield from works_to_records(
        works, source, f"{_redact(res.url)}#?", fetched_at, base_url=cfg.base_url, merged_from=merged_from
    )


def works_to_records(
    works: list,
    source: str,
    ref: str,
    fetched_at: str,
    *,
    base_url: str = DEFAULT_BASE,
    merged_from: str | None = None,
) -> Iterator[dict]:
    """The raw records of OpenAlex works, and a reject (naming ``ref``) for each work without an id."""
    for w in works:
        if not isinstance(w, dict) or not w.get("id"):
            yield reject(
                source,
                ref,
                "extract",
                "OpenAlex work without an id",
                field="id",
                raw_value=str(w)[:500],
                table="publications",
            )
            continue
        yield parse_work(w, source=source, fetched_at=fetched_at, base_url=base_url, merged_from=merged_from)
