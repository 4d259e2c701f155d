"""Crossref: the next page read ahead (cursor and total from the raw bytes) and pages converted
with the garbage collector paused. Harvests over canned pages must behave like sequential ones."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from config.loader import SourceConfig
from extractors import crossref
from extractors.base import ExtractContext, SourceError
from extractors.http import FetchError, FetchResult, Headers
from extractors.pub_demo_data.server import PubServer

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "publications"


# --------------------------------------------------------------------------- prediction from bytes

HEAD = '{"status":"ok","message-type":"work-list","message-version":"1.0.0","message":'


@pytest.mark.parametrize(
    "body, expected",
    [
        # Crossref's own order: next-cursor and total-results before items
        (
            HEAD + '{"facets":{},"next-cursor":"DnF1ZXJ5+/Gg=","total-results":250,"items":[{"DOI":"10.1/a"}],'
            '"items-per-page":20,"query":{"start-index":0,"search-terms":null}}}',
            ("DnF1ZXJ5+/Gg=", 250),
        ),
        # the loopback server's order: the cursor closes the message
        (
            '{"status": "ok", "message": {"facets": {}, "total-results": 9, "items": [], "items-per-page": 2, '
            '"query": {"start-index": 0}, "next-cursor": "eyJvIjoyfQ"}}\n',
            ("eyJvIjoyfQ", 9),
        ),
        (HEAD + '{"facets":{},"next-cursor":null,"total-results":3,"items":[]}}', (None, 3)),
        (HEAD + '{"facets":{},"next-cursor":"","total-results":3,"items":[]}}', (None, 3)),
        (HEAD + '{"facets":{},"next-cursor":42,"total-results":3,"items":[]}}', (None, 3)),
        (HEAD + '{"facets":{},"next-cursor":"a\\"b","total-results":3,"items":[]}}', (None, None)),  # escaped
        (HEAD + '{"facets":{},"next-cursor":"a\\/b","total-results":3,"items":[]}}', (None, None)),
        (HEAD + '{"facets":{},"total-results":3,"items":[],"next-cursor":"a\\u0041"}}', (None, 3)),  # escaped tail
        (HEAD + '{"facets":{},"next-cursor":"caf\u00e9","total-results":3,"items":[]}}', (None, None)),
        (HEAD + '{"facets":{},"total-results":3,"items":[]}}', (None, 3)),  # missing
        (HEAD + '{"facets":{},"total-results":3,"items":[],"query":{"next-cursor":"x"}}}', (None, 3)),  # nested
        (HEAD + '{"facets":{"type-name":{"value-count":1}},"next-cursor":"x","items":[]}}', (None, None)),
        (HEAD + '{"next-cursor":"x","next-cursor":"y","total-results":3,"items":[]}}', (None, None)),  # repeated
        (HEAD + '{"facets":{},"next-cursor":"x","total-results":3,"items":[{"DOI":"10.1/a"', (None, None)),  # cut
        ('{"message":{"next-cursor":null,"items":[]},"next-cursor":"x"}', (None, None)),
        ('{"items":[],"message":{"next-cursor":"x","items":[]}}', ("x", None)),
        ('{"meta": {"next_cursor": "x"}, "results": []}', (None, None)),  # OpenAlex
        ("", (None, None)),
    ],
    ids=[
        "crossref-order",
        "tail-order",
        "null",
        "empty",
        "number",
        "escaped-quote",
        "escaped-slash",
        "escaped-tail",
        "non-ascii",
        "missing",
        "nested",
        "facets-not-empty",
        "repeated",
        "truncated",
        "null-in-head",
        "top-level-items",
        "openalex",
        "empty-body",
    ],
)
def test_cursor_and_total_read_from_the_bytes(body, expected):
    content = body.encode()
    assert crossref.read_ahead_hint(content) == expected
    assert crossref.predict_next_cursor(content) == expected[0]


def test_prediction_on_the_saved_page_agrees_with_the_parser():
    content = (FIX / "crossref_works_page.json").read_bytes()
    _, next_cursor, total = crossref.parse_works_page(json.loads(content))
    assert crossref.read_ahead_hint(content) == (next_cursor, total) == ("DnF1ZXJ5VGhlbkZldGNoBgAAAAAAAAAA", 3)
    assert crossref.read_ahead_hint((FIX / "openalex_works_page.json").read_bytes()) == (None, None)


def test_prediction_on_loopback_pages_agrees_with_the_parser():
    srv = PubServer()  # pages rendered as the handler sends them
    try:
        cur, pages = "*", 0
        while True:
            obj = srv.crossref_list({"rows": "2", "cursor": cur, "query.affiliation": "Bac Kan"})
            content = json.dumps(obj, ensure_ascii=False).encode()
            items, next_cursor, total = crossref.parse_works_page(json.loads(content))
            assert crossref.read_ahead_hint(content) == (next_cursor, total)
            pages += 1
            if len(items) < 2:
                break
            cur = next_cursor
        assert pages == len(srv.crossref) // 2 + 1
    finally:
        srv.httpd.server_close()


# --------------------------------------------------------------------------- harvests over canned pages


class CannedSession:
    """Answers GETs from a function of the query; records every request in order and the threads."""

    def __init__(self, answer: Any):
        self.answer, self.requests, self.threads = answer, [], set()
        self._lock = threading.Lock()

    def get(self, url: str, *, params: dict[str, Any] | None = None, conditional: bool = True) -> FetchResult:
        params = dict(params or {})
        with self._lock:
            self.requests.append(params)
            self.threads.add(threading.current_thread().name)
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
    except Exception as e:  # noqa: BLE001 - compared between the two harvests
        err = e
    return out, ctx, err


Harvest = tuple[list[dict], ExtractContext, "Exception | None", list]


def _sequential(monkeypatch: pytest.MonkeyPatch, answer: Any, **kw: Any) -> Harvest:
    """The same harvest with nothing read ahead (the bytes never give a cursor): the records,
    the context, the error and the requests of a sequential harvest."""
    with monkeypatch.context() as m:
        m.setattr(crossref, "read_ahead_hint", lambda content: (None, None))
        session = CannedSession(answer)
        recs, ctx, err = _harvest(session, **kw)
    return recs, ctx, err, session.requests


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
def test_harvest_reading_ahead_is_the_sequential_harvest(monkeypatch, n_items, rows, order, settings):
    answer = _pages(n_items, rows, order=order)
    want, want_ctx, want_err, want_requests = _sequential(
        monkeypatch, answer, rows=rows, cursor={"indexed_since": "2023-05-01"}, **settings
    )
    session = CannedSession(answer)
    recs, ctx, err = _harvest(session, rows=rows, cursor={"indexed_since": "2023-05-01"}, **settings)
    assert err is None and want_err is None
    assert recs == want
    assert [r["fields"]["doi"] for r in recs] == [f"10.1/{n}" for n in range(len(recs))]
    assert ctx.stats == want_ctx.stats and ctx.new_cursor == want_ctx.new_cursor
    assert session.requests == want_requests
    assert all(p["filter"].endswith("from-index-date:2023-05-01") for p in session.requests)
    if len(session.requests) > 1:
        assert any(t.startswith("prefetch-") for t in session.threads)


def test_pages_requested_ahead_in_order_and_once_and_cursor_moved():
    session = CannedSession(_pages(10, 3))
    recs, ctx, err = _harvest(session, rows=3)
    assert err is None and len(recs) == 10
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6", "c9"]  # no request past the end
    assert ctx.stats == {"requests": 4, "pages": 4, "total": 10, "records": 10}
    assert ctx.new_cursor == {"indexed_since": max(r["hints"]["indexed"] for r in recs)[:10]}
    assert any(t.startswith("prefetch-") for t in session.threads)


def test_budget_is_never_exceeded_by_reading_ahead():
    session = CannedSession(_pages(30, 3))
    recs, ctx, err = _harvest(session, rows=3, max_requests=2)
    assert err is None and len(recs) == 6 and len(session.requests) == 2
    assert ctx.stats["budget_exhausted"] and ctx.stats["requests"] == 2


@pytest.mark.parametrize("order", ["crossref", "tail"])
def test_failure_of_a_page_read_ahead_comes_after_the_records_before_it(monkeypatch, order):
    answer = _pages(12, 3, order=order, broken=6)
    want, _, want_err, want_requests = _sequential(monkeypatch, answer, rows=3)
    session = CannedSession(answer)
    got, ctx, err = _harvest(session, rows=3)
    assert isinstance(err, SourceError) and "HTTP 503" in str(err) and str(err) == str(want_err)
    assert got == want and [r["fields"]["doi"] for r in got] == [f"10.1/{n}" for n in range(6)]
    assert session.requests == want_requests and ctx.stats["requests"] == 3


def test_cursor_read_ahead_that_the_decoded_page_contradicts_is_dropped(caplog):
    # on the first page a second next-cursor after the items: the decoded page (last key wins)
    # says c4, the head c3
    answer = _pages(8, 3, extra=lambda off: ',"next-cursor":"c4"' if off == 0 else "")
    session = CannedSession(answer)
    with caplog.at_level(logging.WARNING, logger="extractors.crossref"):
        recs, ctx, err = _harvest(session, rows=3)
    assert err is None
    assert [r["fields"]["doi"] for r in recs] == [f"10.1/{n}" for n in (0, 1, 2, 4, 5, 6, 7)]
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c4", "c7"]  # c3 read ahead, dropped
    assert ctx.stats["pages"] == 3 and ctx.stats["requests"] == 4
    assert "differs from the decoded one" in caplog.text


def test_total_that_overstates_the_list_costs_one_dropped_request(caplog):
    session = CannedSession(_pages(5, 3, total=99))
    with caplog.at_level(logging.WARNING, logger="extractors.crossref"):
        recs, ctx, err = _harvest(session, rows=3)
    assert err is None and len(recs) == 5 and ctx.stats["pages"] == 2
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6"]
    assert "past the last one" in caplog.text and ctx.new_cursor is not None


def test_total_that_understates_the_list_only_stops_reading_ahead():
    session = CannedSession(_pages(10, 3, total=4))
    recs, ctx, err = _harvest(session, rows=3)
    assert err is None and len(recs) == 10
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6", "c9"]


def test_items_without_doi_are_rejects_in_place(monkeypatch):
    def item(n: int) -> Any:
        return {"title": ["no doi"]} if n == 4 else ("junk" if n == 7 else _item(n))

    answer = _pages(9, 3, item=item)
    want, want_ctx, _, _ = _sequential(monkeypatch, answer, rows=3)
    recs, ctx, err = _harvest(CannedSession(answer), rows=3)
    assert err is None and recs == want and ctx.stats == want_ctx.stats
    assert [bool(r.get("reject")) for r in recs] == [n in (4, 7) for n in range(9)]
    assert recs[4]["reason"] == "Crossref item without a DOI"
    assert recs[4]["record_ref"] == "http://x/works?cursor=c3#item"
    assert ctx.stats["records"] == 7


def test_converter_failure_comes_after_the_records_before_it(monkeypatch):
    def item(n: int) -> Any:
        return {**_item(n), "author": ["not a dict"]} if n == 4 else _item(n)

    answer = _pages(9, 3, item=item)
    want, _, want_err, want_requests = _sequential(monkeypatch, answer, rows=3)
    session = CannedSession(answer)
    recs, ctx, err = _harvest(session, rows=3)
    assert isinstance(err, AttributeError) and type(want_err) is AttributeError
    assert recs == want and [r["fields"]["doi"] for r in recs] == ["10.1/0", "10.1/1", "10.1/2", "10.1/3"]
    assert gc.isenabled()
    assert [p["cursor"] for p in want_requests] == ["*", "c3"]
    assert [p["cursor"] for p in session.requests] == ["*", "c3", "c6"]  # c6 was read ahead


def test_page_that_is_not_json_fails_like_a_sequential_harvest(monkeypatch):
    good = _pages(9, 3)

    def answer(params: dict[str, Any]) -> Any:
        if params["cursor"] == "c3":  # a plain head, then garbage
            return b'{"status":"ok","message":{"facets":{},"next-cursor":"c6","total-results":9,"items":[?]}}'
        return good(params)

    want, _, want_err, _ = _sequential(monkeypatch, answer, rows=3)
    before = threading.active_count()
    recs, _, err = _harvest(CannedSession(answer), rows=3)
    assert isinstance(err, SourceError) and "not JSON" in str(err) and str(err) == str(want_err)
    assert recs == want and len(recs) == 3
    assert gc.isenabled() and threading.active_count() == before


def test_closing_the_harvest_early_leaves_no_request_running():
    session = CannedSession(_pages(30, 3))
    before = threading.active_count()
    recs, _, err = _harvest(session, limit=4, rows=3)
    assert err is None and len(recs) == 4
    assert len(session.requests) <= 3  # 2 pages, at most one read ahead
    assert threading.active_count() == before
