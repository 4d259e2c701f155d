"""Reading the next page ahead (OAI-PMH, OpenAlex): token/cursor prediction from raw bytes, the
one-request-ahead worker, and harvests over canned pages that must behave like sequential ones."""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from config.loader import SourceConfig
from extractors import oai_pmh, openalex
from extractors.base import ExtractContext, SourceError
from extractors.http import FetchError, FetchResult, Headers
from extractors.prefetch import Prefetcher, gc_paused

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "publications"
OAI = "http://www.openarchives.org/OAI/2.0/"


# --------------------------------------------------------------------------- prediction from bytes


def _oai_page(records: str, tail: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI}"><responseDate>2026-01-01T00:00:00Z'
        f"</responseDate><ListRecords>{records}{tail}</ListRecords></OAI-PMH>\n"
    ).encode()


@pytest.mark.parametrize(
    "tail, expected",
    [
        ('<resumptionToken completeListSize="9" cursor="0">abc.DEF-123</resumptionToken>', "abc.DEF-123"),
        ("<resumptionToken>\n  tok  \n</resumptionToken>", "tok"),
        ('<oai:resumptionToken xmlns:oai="http://www.openarchives.org/OAI/2.0/">p</oai:resumptionToken>', "p"),
        ('<resumptionToken completeListSize="9" cursor="8"/>', None),  # last page
        ("<resumptionToken>a&amp;b</resumptionToken>", None),  # entity: left to the tree
        ("<resumptionToken><![CDATA[x]]></resumptionToken>", None),
        ("<resumptionToken>t\u00e9</resumptionToken>", None),  # not ASCII
        ("", None),
    ],
    ids=["plain", "whitespace", "prefixed", "self-closing", "entity", "cdata", "non-ascii", "none"],
)
def test_oai_token_read_from_the_tail(tail, expected):
    assert oai_pmh.predict_token(_oai_page("", tail)) == expected


def test_oai_token_prediction_on_fixtures_agrees_with_the_parser():
    for path in sorted(FIX.glob("oai_*.xml")):
        content = path.read_bytes()
        predicted = oai_pmh.predict_token(content)
        if predicted is not None:
            assert predicted == oai_pmh.parse_list_records(content).token
    assert oai_pmh.predict_token((FIX / "oai_listrecords.xml").read_bytes()) == "b2FpX2RjLzIwMjYvNA"
    assert oai_pmh.predict_token((FIX / "oai_error_badresumptiontoken.xml").read_bytes()) is None


@pytest.mark.parametrize(
    "head, expected",
    [
        ('{"meta": {"count": 3, "page": null, "next_cursor": "IlsxMDBd", "x": 1}, "results": []}', "IlsxMDBd"),
        ('{"meta":{"next_cursor":"a/b+c="},"results":[]}', "a/b+c="),
        ('{"meta": {"count": 3, "next_cursor": null}, "results": []}', None),
        ('{"meta": {"count": 3, "next_cursor": "a\\"b"}, "results": []}', None),  # escaped: left to orjson
        ('{"results": [], "meta": {"next_cursor": "x"}}', None),  # meta not first
        ('{"meta": {"nested": {"next_cursor": "x"}}, "results": []}', None),
    ],
    ids=["plain", "compact", "null", "escaped", "meta-last", "nested"],
)
def test_openalex_cursor_read_from_the_head(head, expected):
    assert openalex.predict_next_cursor(head.encode()) == expected


# --------------------------------------------------------------------------- the worker


def test_prefetcher_hands_over_the_matching_answer_and_its_error():
    with Prefetcher("t") as p:
        p.start("a", lambda x: x * 2, 21, wait_sent=True)
        assert p.pending == "a"
        assert p.take("a") == (True, 42)
        assert p.take("a") == (False, None)

        def boom() -> None:
            raise SourceError("s", "failed later")

        p.start("b", boom)
        with pytest.raises(SourceError, match="failed later"):
            p.take("b")


def test_prefetcher_drops_an_unmatched_answer_after_it_finishes():
    done = threading.Event()

    def slow() -> str:
        done.wait(5)
        return "x"

    p = Prefetcher("t")
    p.start("a", slow)
    with pytest.raises(RuntimeError):
        p.start("b", slow)  # one request in flight at most
    done.set()
    assert p.take("other") == (False, None)
    assert p.pending is None
    p.close()
    p.close()


def test_gc_pause_is_restored_even_on_error():
    """extractors.prefetch.gc_paused, used by the OpenAlex and Crossref page converters."""
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with gc_paused():
            assert not gc.isenabled()
            raise ValueError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()


# --------------------------------------------------------------------------- harvests over canned pages


class CannedSession:
    """Answers GETs from a function of the query; records every request in order, and which
    thread sent it."""

    def __init__(self, answer: Any):
        self.answer, self.requests, self.threads = answer, [], set()

    def get(self, url: str, *, params: dict[str, Any] | None = None, conditional: bool = True) -> FetchResult:
        params = dict(params or {})
        self.requests.append(params)
        self.threads.add(threading.current_thread().name)
        body = self.answer(params)
        if isinstance(body, Exception):
            raise body
        return FetchResult(url, 200, Headers({}), body, fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def _record(n: int) -> str:
    return (
        f"<record><header><identifier>oai:x:{n}</identifier><datestamp>2024-01-{n:02d}</datestamp></header>"
        f'<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T{n}</dc:title></oai_dc:dc></metadata></record>'
    )


IDENTIFY = (
    f'<OAI-PMH xmlns="{OAI}"><Identify><repositoryName>R</repositoryName><granularity>YYYY-MM-DD'
    "</granularity></Identify></OAI-PMH>"
).encode()


def _oai_pages(n_pages: int, tails: dict[int, str] | None = None, broken: int | None = None) -> Any:
    def answer(params: dict[str, Any]) -> Any:
        if params["verb"] == "Identify":
            return IDENTIFY
        page = int(params.get("resumptionToken", "p0")[1:])
        if page == broken:
            return FetchError("http://x/oai", "HTTP 503 after 4 attempts", kind="http", status=503)
        tail = f"<resumptionToken>p{page + 1}</resumptionToken>" if page + 1 < n_pages else ""
        tail = (tails or {}).get(page, tail)
        return _oai_page(_record(page * 2 + 1) + _record(page * 2 + 2), tail)

    return answer


def _oai_harvest(
    session: CannedSession, limit: int | None = None, **settings: Any
) -> tuple[list[dict], ExtractContext]:
    ctx = ExtractContext(session=session, run_id="r")
    src = SourceConfig("j", "oai_pmh", {"base_url": "http://x/oai", **settings})
    out = []
    gen = oai_pmh.iter_records(src, ctx)
    for rec in gen:
        out.append(rec)
        if limit and len(out) >= limit:
            gen.close()
            break
    return out, ctx


def test_oai_pages_requested_ahead_in_order_and_once():
    session = CannedSession(_oai_pages(4))
    recs, ctx = _oai_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == [f"oai:x:{n}" for n in range(1, 9)]
    assert [p.get("resumptionToken") for p in session.requests] == [None, None, "p1", "p2", "p3"]
    assert ctx.stats["requests"] == 5 and ctx.stats["pages"] == 4
    assert any(t.startswith("prefetch-") for t in session.threads)


def test_oai_failure_of_a_page_read_ahead_comes_after_the_records_before_it():
    session = CannedSession(_oai_pages(4, broken=2))
    got: list[dict] = []
    with pytest.raises(SourceError, match="HTTP 503"):
        for rec in oai_pmh.iter_records(
            SourceConfig("j", "oai_pmh", {"base_url": "http://x/oai"}), ExtractContext(session=session, run_id="r")
        ):
            got.append(rec)
    assert [r["fields"]["source_id"] for r in got] == [f"oai:x:{n}" for n in range(1, 5)]


def test_oai_budget_is_never_exceeded_by_reading_ahead():
    session = CannedSession(_oai_pages(6))
    with pytest.raises(SourceError, match="budget of 3"):
        _oai_harvest(session, max_requests=3)
    assert len(session.requests) == 3


def test_oai_token_read_ahead_that_the_tree_contradicts_is_dropped():
    # the tail names a resumptionToken in another namespace: the parsed page has no token
    other = '<x:resumptionToken xmlns:x="urn:other">p1</x:resumptionToken>'
    session = CannedSession(_oai_pages(3, tails={0: other}))
    recs, ctx = _oai_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == ["oai:x:1", "oai:x:2"]
    assert ctx.stats["pages"] == 1
    assert [p.get("resumptionToken") for p in session.requests] == [None, None, "p1"]  # one dropped


def test_oai_closing_the_harvest_early_leaves_no_request_running():
    session = CannedSession(_oai_pages(5))
    before = threading.active_count()
    recs, _ = _oai_harvest(session, limit=3)
    assert len(recs) == 3
    assert len(session.requests) <= 4  # Identify, 2 pages, at most one read ahead
    assert threading.active_count() == before


def _openalex_pages(n_pages: int, bad_work_on: int | None = None) -> Any:
    def answer(params: dict[str, Any]) -> bytes:
        cur = params["cursor"]
        page = 0 if cur == "*" else int(cur[1:])
        works: list[Any] = [
            {"id": f"https://openalex.org/W{page}{i}", "title": f"t{page}{i}", "updated_date": f"2024-01-0{page + 1}"}
            for i in range(3)
        ]
        if page == bad_work_on:
            works[1]["authorships"] = ["not a dict"]
        nxt = f"c{page + 1}" if page + 1 < n_pages else None
        return json.dumps({"meta": {"count": 3 * n_pages, "next_cursor": nxt}, "results": works}).encode()

    return answer


def _openalex_harvest(session: CannedSession, **settings: Any) -> tuple[list[dict], ExtractContext]:
    ctx = ExtractContext(session=session, run_id="r")
    src = SourceConfig("oa", "openalex", {"base_url": "http://x/openalex", "filter": "x:y", **settings})
    return list(openalex.iter_records(src, ctx)), ctx


def test_openalex_pages_requested_ahead_in_order_and_cursor_kept():
    session = CannedSession(_openalex_pages(3))
    recs, ctx = _openalex_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == ["W00", "W01", "W02", "W10", "W11", "W12", "W20", "W21", "W22"]
    assert [p["cursor"] for p in session.requests] == ["*", "c1", "c2"]
    assert ctx.new_cursor == {"updated_since": "2024-01-03"}


def test_openalex_budget_stops_reading_ahead():
    session = CannedSession(_openalex_pages(5))
    recs, ctx = _openalex_harvest(session, max_requests=2)
    assert len(recs) == 6 and len(session.requests) == 2
    assert ctx.new_cursor["resume_cursor"] == "c2" and ctx.stats["budget_exhausted"]


def test_openalex_converter_failure_comes_after_the_records_before_it():
    session = CannedSession(_openalex_pages(3, bad_work_on=1))
    ctx = ExtractContext(session=session, run_id="r")
    got: list[dict] = []
    with pytest.raises(AttributeError):
        for rec in openalex.iter_records(
            SourceConfig("oa", "openalex", {"base_url": "http://x/openalex", "filter": "x:y"}), ctx
        ):
            got.append(rec)
    assert [r["fields"]["source_id"] for r in got] == ["W00", "W01", "W02", "W10"]
    assert gc.isenabled()
