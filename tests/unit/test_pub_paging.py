"""Sequential paging of OAI-PMH (resumption tokens) and OpenAlex (cursors) over canned pages:
pages requested in order and once, the request budget, the cursor kept, failures met after the
records before them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from config.loader import SourceConfig
from extractors import oai_pmh, openalex
from extractors.base import ExtractContext, SourceError
from extractors.http import FetchError, FetchResult, Headers

OAI = "http://www.openarchives.org/OAI/2.0/"


def _oai_page(records: str, tail: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI}"><responseDate>2026-01-01T00:00:00Z'
        f"</responseDate><ListRecords>{records}{tail}</ListRecords></OAI-PMH>\n"
    ).encode()


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


def test_oai_pages_requested_in_order_and_once():
    session = CannedSession(_oai_pages(4))
    recs, ctx = _oai_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == [f"oai:x:{n}" for n in range(1, 9)]
    assert [p.get("resumptionToken") for p in session.requests] == [None, None, "p1", "p2", "p3"]
    assert ctx.stats["requests"] == 5 and ctx.stats["pages"] == 4


def test_oai_failure_of_a_page_comes_after_the_records_before_it():
    session = CannedSession(_oai_pages(4, broken=2))
    got: list[dict] = []
    with pytest.raises(SourceError, match="HTTP 503"):
        for rec in oai_pmh.iter_records(
            SourceConfig("j", "oai_pmh", {"base_url": "http://x/oai"}), ExtractContext(session=session, run_id="r")
        ):
            got.append(rec)
    assert [r["fields"]["source_id"] for r in got] == [f"oai:x:{n}" for n in range(1, 5)]


def test_oai_budget_is_never_exceeded():
    session = CannedSession(_oai_pages(6))
    ctx = ExtractContext(session=session, run_id="r")
    src = SourceConfig("j", "oai_pmh", {"base_url": "http://x/oai", "max_requests": 3})
    with pytest.raises(SourceError, match="budget of 3 exhausted.*the cursor is not moved"):
        list(oai_pmh.iter_records(src, ctx))
    assert len(session.requests) == 3
    assert ctx.stats["requests"] == 3 and ctx.stats["budget_exhausted"] and ctx.new_cursor is None


def test_oai_token_of_another_namespace_ends_the_list():
    other = '<x:resumptionToken xmlns:x="urn:other">p1</x:resumptionToken>'
    session = CannedSession(_oai_pages(3, tails={0: other}))
    recs, ctx = _oai_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == ["oai:x:1", "oai:x:2"]
    assert ctx.stats["pages"] == 1
    assert [p.get("resumptionToken") for p in session.requests] == [None, None]


def test_oai_closing_the_harvest_early_sends_no_further_request():
    session = CannedSession(_oai_pages(5))
    recs, _ = _oai_harvest(session, limit=3)
    assert len(recs) == 3
    assert [p.get("resumptionToken") for p in session.requests] == [None, None, "p1"]  # Identify, 2 pages


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


def test_openalex_pages_requested_in_order_and_cursor_kept():
    session = CannedSession(_openalex_pages(3))
    recs, ctx = _openalex_harvest(session)
    assert [r["fields"]["source_id"] for r in recs] == ["W00", "W01", "W02", "W10", "W11", "W12", "W20", "W21", "W22"]
    assert [p["cursor"] for p in session.requests] == ["*", "c1", "c2"]
    assert ctx.new_cursor == {"updated_since": "2024-01-03"}


def test_openalex_budget_spent_keeps_the_page_cursor():
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
    assert [p["cursor"] for p in session.requests] == ["*", "c1"]
