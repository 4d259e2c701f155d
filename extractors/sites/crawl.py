"""Kind `html`: crawl a site's listing pages → articles → tables, attachments and prose mentions.

Settings (source config): `site` (adapter name or mapping), `start_urls`, `max_pages`
(listing pages per start URL, GET and postback alike, default 20), `max_articles` (default 500),
`attachments` (default true), `prose` (default true), `min_share` (breakage alarm threshold,
default 0.5).

Listing pages are followed through the adapter's `next_page` control: a link is fetched, an
ASP.NET postback (`pager` in adapter.py) is submitted as the form a browser would send, POSTed
through the session (cookies kept; archived by URL + request-body hash, so `--offline` replays
it: the form is rebuilt from the archived page, byte for byte the body that was sent). A pager
that asks for a page already requested, or answers with the items of an earlier page, stops
with a logged reason (counted in `pager_loops`).

The cursor (`ctx.cursor` in, `ctx.new_cursor` out) is a dict of what the last successful
run saw: record, article and listing-item counts. It drives the breakage alarm: a listing
selector that matched before and now matches nothing, or a record count below half the
last one, raises SourceError — a redesigned site is never read as "everything was deleted".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from config.loader import SourceConfig
from extractors.http.archive import sha256_hex
from extractors.base import ExtractContext, SourceError, reject
from extractors.documents import failed_document, records_from_article, records_from_bytes
from extractors.sites.adapter import AdapterError, SiteAdapter, load_adapter
from extractors.sites.article import parse_article
from extractors.sites.listing import parse_listing
from extractors.sites.page import PageProblem, decode_html
from extractors.sites.postback import Postback, next_page_no

log = logging.getLogger(__name__)
CURSOR_VERSION = 1
_ABSOLUTE_PAGE = re.compile(r"Page\$\d+")


def _iso(ts: Any) -> str:
    return ts.isoformat() if hasattr(ts, "isoformat") else str(ts or "")


def fetch_page(session: Any, url: str) -> Any:
    """GET through the project's HTTP session (FetchError propagates)."""
    return session.get(url)


def post_form(session: Any, postback: Postback, referer: str = "") -> Any:
    """Submit a postback form through the project's HTTP session: POSTed form-urlencoded (archived
    under URL + request-body hash, so offline replay finds it), or a GET for a method=get form.
    Robots, allowed domains, rate limits and the cookie jar apply as for any request."""
    if postback.method == "GET":
        return session.get(postback.get_url())
    headers = {
        "Content-Type": f"application/x-www-form-urlencoded; charset={postback.charset}"
        if postback.charset != "utf-8"
        else "application/x-www-form-urlencoded"
    }
    if referer:
        headers["Referer"] = referer
    return session.post(postback.action, data=postback.body(), headers=headers)


def _request_key(url: str | None, postback: Postback | None) -> tuple[str, ...]:
    """What identifies a listing request: the URL of a GET; for a postback the action, target and
    argument, plus the form state when the argument is relative (`lnkNext` with '' or `Page$Next`
    is the same call on every page: only __VIEWSTATE tells pages apart)."""
    if postback is None:
        return ("GET", url or "")
    key = (postback.method, postback.action, postback.target, postback.argument)
    if _ABSOLUTE_PAGE.fullmatch(postback.argument):
        return key
    return key + (sha256_hex(postback.body()),)


def _posts_back(res: Any, adapter: SiteAdapter) -> bool:
    """True when this listing page's next page is reached by postback."""
    if adapter.pager == "link" or not adapter.next_page:
        return False
    try:
        text = decode_html(res.content, str(res.headers.get("content-type", "")), adapter.encoding).text
        return parse_listing(text, res.url, adapter).next_postback is not None
    except PageProblem:
        return False


def _items_hash(items: list[tuple[str, str]]) -> str:
    return sha256_hex("\n".join(sorted(link for link, _ in items)).encode("utf-8"))


def _crawl_listing(
    source: str,
    start: str,
    session: Any,
    adapter: SiteAdapter,
    max_pages: int,
    allowed: set[str],
    seen: dict[str, int],
    articles: list[tuple[str, str]],
    article_set: set[str],
    fetch_error: type[Exception],
) -> None:
    """Walk one start URL's listing pages (GET links and postbacks), collecting article links.

    Stops at the last page, at `max_pages`, or with a logged reason when the pager loops: a
    request already made (see _request_key), or a page listing exactly the items of an earlier one.
    """
    url: str | None = start
    postback: Postback | None = None
    referer = ""
    requests_made: set[tuple[str, ...]] = set()
    hashes: dict[str, int] = {}
    page_no = n = 0
    while url or postback:
        where = postback.describe() if postback is not None else str(url)
        if n >= max_pages:
            log.info("%s: max_pages %d reached for %s; not following %s", source, max_pages, start, where)
            break
        key = _request_key(url, postback)
        if key in requests_made:
            seen["pager_loops"] += 1
            log.warning(
                "%s: pager loop at listing page %d of %s: %s was already requested; stopping pagination",
                source,
                n + 1,
                start,
                where,
            )
            break
        requests_made.add(key)
        n += 1
        try:
            if postback is not None:
                post = getattr(session, "post", None)
                if post is None:
                    log.warning("%s: the session cannot POST; postback pager not followed (%s)", source, where)
                    break
                res = post_form(session, postback, referer)
                seen["postback_pages"] += 1
            else:
                res = fetch_page(session, url)
                if getattr(res, "not_modified", False) and _posts_back(res, adapter):
                    # A 304 answers with the archived page, whose __VIEWSTATE may be bound to an older
                    # ASP.NET session (ViewStateUserKey): a page to post back from is fetched afresh.
                    res = session.get(url, conditional=False)
            page_url = res.url or (postback.action if postback is not None else url)
            decoded = decode_html(res.content, str(res.headers.get("content-type", "")), adapter.encoding)
            page_no = next_page_no(postback, page_no) if postback is not None else page_no + 1
            listing = parse_listing(decoded.text, page_url, adapter, page_no=page_no, charset=decoded.charset)
        except fetch_error as e:
            # An unreadable listing page means an incomplete crawl: fail the source, never publish a partial set.
            raise SourceError(source, f"listing page failed: {e}", where) from None
        except PageProblem as e:
            raise SourceError(source, f"listing page unreadable: {e}", where) from None
        seen["listing_pages"] += 1
        if not listing.items:
            if n == 1:
                raise SourceError(
                    source,
                    f"breakage alarm: listing selector {adapter.listing_item!r} matched nothing on the start page",
                    where,
                )
            log.warning("%s: listing page %s has no items; stopping pagination", source, where)
            break
        digest = _items_hash(listing.items)
        if digest in hashes:
            seen["pager_loops"] += 1
            log.warning(
                "%s: pager loop: listing page %d of %s (%s) lists the same %d item(s) as page %d; stopping pagination",
                source,
                n,
                start,
                where,
                len(listing.items),
                hashes[digest],
            )
            break
        hashes[digest] = n
        for link, text in listing.items:
            host = (urlsplit(link).hostname or "").lower()
            if allowed and host not in allowed:
                continue
            seen["listing_items"] += 1
            if link not in article_set:
                article_set.add(link)
                articles.append((link, text))
        if listing.problem:
            log.warning("%s: listing page %s: %s; stopping pagination", source, where, listing.problem)
        url, postback, referer = listing.next_url, listing.next_postback, page_url


def _fetch_error() -> type[Exception]:
    from extractors.http import FetchError

    return FetchError


def check_alarm(source: str, url: str, cursor: Any, seen: dict[str, int]) -> None:
    """Raise SourceError when this run saw far less than the last successful one."""
    prev = cursor if isinstance(cursor, dict) and cursor.get("version") == CURSOR_VERSION else None
    if prev is None:
        return
    share = float(prev.get("min_share", 0.5))
    for key, what in (("listing_items", "listing selector"), ("articles_with_body", "article body selector")):
        if prev.get(key, 0) > 0 and seen.get(key, 0) == 0:
            raise SourceError(
                source,
                f"breakage alarm: the {what} matched {prev[key]} item(s) last run and none now (site redesign?)",
                url,
            )
    before, now = int(prev.get("records", 0)), seen.get("records", 0)
    if before > 0 and now < before * share:
        raise SourceError(
            source,
            f"breakage alarm: {now} records now vs {before} last run (dropped more than {int((1 - share) * 100)}%)",
            url,
        )


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw task records (and extract-stage rejects) of one HTML source."""
    try:
        adapter = load_adapter(source.get("site"))
    except AdapterError as e:
        raise SourceError(source.name, f"site adapter: {e}") from None
    session = ctx.session
    if session is None:
        raise SourceError(source.name, "no HTTP session in the extract context")
    fetch_error = _fetch_error()
    start_urls: list[str] = list(source.get("start_urls") or [])
    max_pages = int(source.get("max_pages", 20))
    max_articles = int(source.get("max_articles", 500))
    want_att, want_prose = bool(source.get("attachments", True)), bool(source.get("prose", True))
    allowed = {h.lower() for h in (source.get("allowed_domains") or [])} | {
        (urlsplit(u).hostname or "").lower() for u in start_urls
    }
    seen: dict[str, int] = {
        "listing_pages": 0,
        "listing_items": 0,
        "articles": 0,
        "articles_with_body": 0,
        "attachments": 0,
        "records": 0,
        "mentions": 0,
        "rejects": 0,
        "postback_pages": 0,
        "pager_loops": 0,
    }
    articles: list[tuple[str, str]] = []
    article_set: set[str] = set()

    for start in start_urls:
        _crawl_listing(
            source.name, start, session, adapter, max_pages, allowed, seen, articles, article_set, fetch_error
        )

    for link, _text in articles[:max_articles]:
        yield from _article_records(
            source.name, link, session, adapter, seen, allowed, want_att, want_prose, fetch_error
        )
    if len(articles) > max_articles:
        log.warning(
            "%s: %d articles listed, only the first %d read (max_articles)", source.name, len(articles), max_articles
        )

    check_alarm(source.name, start_urls[0] if start_urls else "", ctx.cursor, seen)
    ctx.new_cursor = {
        "version": CURSOR_VERSION,
        "site": adapter.name,
        "min_share": float(source.get("min_share", 0.5)),
        **seen,
    }
    ctx.stats.update({f"html_{k}": v for k, v in seen.items()})
    log.info("%s: %s", source.name, seen)


def _article_records(
    source: str,
    link: str,
    session: Any,
    adapter: SiteAdapter,
    seen: dict[str, int],
    allowed: set[str],
    want_att: bool,
    want_prose: bool,
    fetch_error: type[Exception],
) -> Iterator[dict]:
    """Records of one article and its attachments; failures become rejects."""
    try:
        res = fetch_page(session, link)
    except fetch_error as e:
        seen["rejects"] += 1
        yield reject(source, link, "extract", f"article fetch failed: {e}", field="page")
        return
    fetched = _iso(res.fetched_at)
    seen["articles"] += 1
    try:
        decoded = decode_html(res.content, str(res.headers.get("content-type", "")), adapter.encoding)
        art = parse_article(decoded.text, res.url or link, adapter)
    except PageProblem as e:
        seen["rejects"] += 1
        yield reject(source, link, "extract", str(e), field="page", raw_value=res.content[:200].hex())
        return
    except Exception as e:  # noqa: BLE001 - any failure reading one page is its reject; the source goes on
        seen["rejects"] += 1
        yield failed_document(source, link, res.content or b"", e)
        return
    if not art.body_found:
        seen["rejects"] += 1
        yield reject(
            source, link, "extract", f"article body selector {adapter.article_body!r} matched nothing", field="page"
        )
    else:
        seen["articles_with_body"] += 1
    try:
        for rec in records_from_article(art, source=source, fetched_at=fetched, adapter=adapter, with_prose=want_prose):
            _count(rec, seen)
            yield rec
    except Exception as e:  # noqa: BLE001 - as above, after the records already read
        seen["rejects"] += 1
        yield failed_document(source, link, res.content or b"", e)
    if not want_att:
        return
    for att_url, att_text in art.attachments:
        host = (urlsplit(att_url).hostname or "").lower()
        if allowed and host not in allowed:
            log.info("%s: attachment on another host skipped: %s", source, att_url)
            continue
        seen["attachments"] += 1
        try:
            ares = fetch_page(session, att_url)
        except fetch_error as e:
            seen["rejects"] += 1
            yield reject(source, att_url, "extract", f"attachment fetch failed: {e}", field="attachment")
            continue
        hints = art.hints(adapter.content_date_order)
        hints.update({"attachment_of": art.url, "attachment_text": att_text})
        for rec in records_from_bytes(
            ares.content or b"",
            source=source,
            url=ares.url or att_url,
            fetched_at=_iso(ares.fetched_at),
            adapter=adapter,
            content_type=str(ares.headers.get("content-type", "")),
            hints=hints,
            with_prose=False,
        ):
            _count(rec, seen)
            yield rec


def _count(rec: dict, seen: dict[str, int]) -> None:
    if rec.get("reject"):
        seen["rejects"] += 1
    elif rec.get("confidence", 1.0) < 1.0:
        seen["mentions"] += 1
    else:
        seen["records"] += 1
