"""Crossref cursor paging over canned pages: pages requested in order and once, a short page ends
the list, the request budget, the cursor moved as far as the harvest got, failures met after the
records before them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from config.loader import SourceConfig
from extractors import crossref
from extractors.base import ExtractContext, SourceError
from extractors.http import FetchError, FetchResult, Headers


class CannedSession:
    """Answers GETs from a function of the query; records every request in order."""

    def __init__(self, answer: Any):
        self.answer, self.requests = answer, []

    def get(self, url: str, *, params: dict[str, Any] | None = None, conditional: bool = True) -> FetchResult:
        params = dict(params or {})
        self.requests.append(params)
        body = self.answer(params)
        if isinstance(body, Exception):
            raise body
        return FetchResult(
            f"{url}?cursor={params['cursor']}",
            200,
            Headers({}),
            body,
            fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        )


def _item(n: int) -> dict:
    return {
        "DOI": f"10.1/{n}",
        "title": [f"T{n}"],
        "indexed": {"date-time": f"2024-01-{n % 28 + 1:02d}T00:00:00Z"},
        "author": [{"family": "Lê", "given": "An", "affiliation": [{"name": "TNU"}]}],
        "issued": {"date-parts": [[2020, 1, 2]]},
    }


def _pages(
    n_items: int,
    rows: int,
    *,
    order: str = "crossref",
    total: int | None = None,
    item: Any = _item,
    broken: int | None = None,
    extra: Any = None,
) -> Any:
    """Cursor pages over ``n_items`` items: 'c<offset>' cursors, a cursor on every page (as Crossref
    answers, the last one included); ``total`` overrides total-results; ``broken``: the offset whose
    request fails; ``extra(offset)``: members added after the items."""

    def answer(params: dict[str, Any]) -> Any:
        off = 0 if params["cursor"] == "*" else int(params["cursor"][1:])
        if off == broken:
            return FetchError("http://x/works", "HTTP 503 after 4 attempts", kind="http", status=503)
        items = [item(n) for n in range(off, min(off + rows, n_items))]
        n_total = n_items if total is None else total
        nxt = json.dumps(f"c{off + rows}")
        more = extra(off) if extra else ""
        if order == "crossref":
            body = (
                f'{{"status":"ok","message-type":"work-list","message":{{"facets":{{}},"next-cursor":{nxt},'
                f'"total-results":{n_total},"items":{json.dumps(items)},"items-per-page":{rows}{more}}}}}'
            )
        else:
            body = (
                f'{{"status": "ok", "message": {{"facets": {{}}, "total-results": {n_total}, '
                f'"items": {json.dumps(items)}, "items-per-page": {rows}{more}, "next-cursor": {nxt}}}}}'
            )
        return body.encode()

    return answer


def _harvest(
    session: CannedSession, limit: int | None = None, cursor: Any = None, **settings: Any
) -> tuple[list[dict], ExtractContext, Exception | None]:
    ctx = ExtractContext(session=session, run_id="r", cursor=cursor)
    src = SourceConfig("cr", "crossref", {"base_url": "http://x", "query_affiliation": "Bac Kan", **settings})
    out: list[dict] = []
    err = None
    gen = crossref.iter_records(src, ctx)
    try:
        for rec in gen:
            out.append(rec)
            if limit and len(out) >= limit:
                gen.close()
                break
    except Exception as e:  # noqa: BLE001 - checked by the tests
        err = e
    return out, ctx, err


@pytest.mark.parametrize(
    "n_items, rows, order, settings",
    [
        (10, 3, "crossref", {}),
        (10, 3, "tail", {}),
        (9, 3, "crossref", {}),  # exact multiple: one empty page at the end
        (2, 5, "crossref", {}),  # one short page
        (0, 5, "tail", {}),
        (20, 3, "crossref", {"max_requests": 3}),  # budget spent mid-way
        (9, 3, "tail", {"max_requests": 3}),  # budget spent exactly on the last full page
        (20, 4, "crossref", {"max_requests": 1}),
        (20, 4, "crossref", {"max_requests": 0}),
        (10, 3, "crossref", {"filter": "prefix:10.1", "mailto": "x@example.org"}),
    ],
    ids=[
        "crossref-order",
        "tail-order",
        "exact-multiple",
        "one-page",
        "empty",
        "budget",
        "budget-at-end",
        "budget-1",
        "budget-0",
        "filter-mailto",
    ],
)
def test_harvest_pages_budget_and_cursor(n_items, rows, order, settings):
    session = CannedSession(_pages(n_items, rows, order=order))
    recs, ctx, err = _harvest(session, rows=rows, cursor={"indexed_since": "2023-05-01"}, **settings)
    assert err is None
    needed = n_items // rows + 1  # full pages, then the short (or empty) one that ends the list
    sent = min(needed, settings.get("max_requests", 100))
    assert [p["cursor"] for p in session.requests] == ["*" if k == 0 else f"c{rows * k}" for k in range(sent)]
    assert [r["fields"]["doi"] for r in recs] == [f"10.1/{n}" for n in range(min(n_items, sent * rows))]
    stats = {"records": len(recs)}
    if sent:
        stats |= {"requests": sent, "pages": sent, "total": n_items}
    if sent < needed:
        stats["budget_exhausted"] = True
    assert ctx.stats == stats
    indexed = [r["hints"]["indexed"] for r in recs]
    assert ctx.new_cursor == {"indexed_since": max(indexed)[:10] if indexed else "2023-05-01"}
    assert all(p["filter"].endswith("from-index-date:2023-05-01") for p in session.requests)
    if "mailto" in settings:
        assert all(p["filter"] == "prefix:10.1,from-index-date:2023-05-01" for p in session.requests)
        assert all(p["mailto"] == "x@example.org" for p in session.requests)


def test_pages_requested_in_order_and_once_and_cursor_moved():
    session = CannedSession(_pages(10, 3))
    recs, ctx, err = _harvest(session, rows=3)
    assert err is None and len(recs) == 10
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6", "c9"]  # no request past the end
    assert ctx.stats == {"requests": 4, "pages": 4, "total": 10, "records": 10}
    assert ctx.new_cursor == {"indexed_since": max(r["hints"]["indexed"] for r in recs)[:10]}


def test_budget_is_never_exceeded():
    session = CannedSession(_pages(30, 3))
    recs, ctx, err = _harvest(session, rows=3, max_requests=2)
    assert err is None and len(recs) == 6 and len(session.requests) == 2
    assert ctx.stats["budget_exhausted"] and ctx.stats["requests"] == 2


@pytest.mark.parametrize("order", ["crossref", "tail"])
def test_failure_of_a_page_comes_after_the_records_before_it(order):
    session = CannedSession(_pages(12, 3, order=order, broken=6))
    got, ctx, err = _harvest(session, rows=3)
    assert isinstance(err, SourceError) and "HTTP 503" in str(err)
    assert [r["fields"]["doi"] for r in got] == [f"10.1/{n}" for n in range(6)]
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6"] and ctx.stats["requests"] == 3


@pytest.mark.parametrize("total", [99, 4], ids=["overstated", "understated"])
def test_a_short_page_ends_the_list_whatever_the_total_says(total):
    session = CannedSession(_pages(5, 3, total=total))
    recs, ctx, err = _harvest(session, rows=3)
    assert err is None and len(recs) == 5 and ctx.stats["pages"] == 2
    assert [p["cursor"] for p in session.requests] == ["*", "c3"]
    assert ctx.new_cursor is not None and "budget_exhausted" not in ctx.stats


def test_items_without_doi_are_rejects_in_place():
    def item(n: int) -> Any:
        return {"title": ["no doi"]} if n == 4 else ("junk" if n == 7 else _item(n))

    recs, ctx, err = _harvest(CannedSession(_pages(9, 3, item=item)), rows=3)
    assert err is None
    assert [bool(r.get("reject")) for r in recs] == [n in (4, 7) for n in range(9)]
    assert recs[4]["reason"] == "Crossref item without a DOI"
    assert recs[4]["record_ref"] == "http://x/works?cursor=c3#item"
    assert recs[7]["raw_value"] == "junk"
    assert ctx.stats["records"] == 7


def test_converter_failure_comes_after_the_records_before_it():
    def item(n: int) -> Any:
        return {**_item(n), "author": ["not a dict"]} if n == 4 else _item(n)

    session = CannedSession(_pages(9, 3, item=item))
    recs, ctx, err = _harvest(session, rows=3)
    assert isinstance(err, AttributeError)
    assert [r["fields"]["doi"] for r in recs] == ["10.1/0", "10.1/1", "10.1/2", "10.1/3"]
    assert [p["cursor"] for p in session.requests] == ["*", "c3"]


def test_page_that_is_not_json_fails_the_source():
    good = _pages(9, 3)

    def answer(params: dict[str, Any]) -> Any:
        if params["cursor"] == "c3":  # a plain head, then garbage
            return b'{"status":"ok","message":{"facets":{},"next-cursor":"c6","total-results":9,"items":[?]}}'
        return good(params)

    recs, _, err = _harvest(CannedSession(answer), rows=3)
    assert isinstance(err, SourceError) and "not JSON" in str(err)
    assert len(recs) == 3


def test_closing_the_harvest_early_sends_no_further_request():
    session = CannedSession(_pages(30, 3))
    recs, _, err = _harvest(session, limit=4, rows=3)
    assert err is None and len(recs) == 4
    assert [p["cursor"] for p in session.requests] == ["*", "c3"]
