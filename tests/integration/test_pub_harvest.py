"""Publication collectors against real loopback servers (OAI-PMH, OpenAlex- and Crossref-shaped)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from extractors import crossref, oai_pmh, openalex
from extractors.base import SourceError
from tests.servers.pubs import PubServer, context, load_works, source
from transforms.publications import build_publications

OAI_LIVE = [w for w in load_works() if "oai" in w["in"]]


def harvest(mod, src, ctx) -> list[dict]:
    return list(mod.iter_records(src, ctx))


# --------------------------------------------------------------------------- OAI-PMH


def test_oai_full_harvest_pages_and_sets_cursor():
    with PubServer(oai_page_size=3) as srv:
        ctx = context()
        recs = harvest(oai_pmh, source("tnu-jst", "oai_pmh", base_url=f"{srv.base_url}/oai", set="jst:ART"), ctx)
    assert len(recs) == len(OAI_LIVE)
    assert sum(r["fields"]["deleted"] for r in recs) == 1
    assert ctx.stats["pages"] == -(-len(OAI_LIVE) // 3)
    assert ctx.new_cursor == {"datestamp": max(w["datestamp"] for w in OAI_LIVE), "granularity": "YYYY-MM-DDThh:mm:ssZ"}
    assert any("verb=ListSets" in r for r in srv.requests)


def test_oai_incremental_from_cursor_and_no_records_match():
    with PubServer() as srv:
        src = source("tnu-jst", "oai_pmh", base_url=f"{srv.base_url}/oai")
        ctx = context(cursor={"datestamp": "2024-01-01T00:00:00Z"})
        recs = harvest(oai_pmh, src, ctx)
        assert {r["hints"]["datestamp"] for r in recs} == {
            w["datestamp"] for w in OAI_LIVE if w["datestamp"] >= "2024-01-01"
        }
        assert any("from=2024-01-01T00%3A00%3A00Z" in r for r in srv.requests)
        latest = ctx.new_cursor
        ctx2 = context(cursor={"datestamp": "2030-01-01T00:00:00Z"})
        assert harvest(oai_pmh, src, ctx2) == []  # noRecordsMatch = nothing new
        assert ctx2.new_cursor["datestamp"] == "2030-01-01T00:00:00Z"
    assert latest["datestamp"] >= "2024-01-01"


def test_oai_bad_resumption_token_restarts_from_last_datestamp_without_duplicates():
    with PubServer(oai_page_size=3, faults={"oai_bad_token": 2}) as srv:
        ctx = context()
        recs = harvest(oai_pmh, source("tnu-jst", "oai_pmh", base_url=f"{srv.base_url}/oai"), ctx)
    refs = [r["record_ref"] for r in recs]
    assert len(refs) == len(set(refs)) == len(OAI_LIVE)
    assert ctx.stats["restarts"] == 2


def test_oai_token_rejected_too_often_fails_the_source():
    with PubServer(oai_page_size=3, faults={"oai_bad_token": 99}) as srv:
        with pytest.raises(SourceError, match="resumption token rejected"):
            harvest(oai_pmh, source("tnu-jst", "oai_pmh", base_url=f"{srv.base_url}/oai", max_restarts=2), context())


def test_oai_500_is_retried_by_the_session():
    with PubServer(faults={"oai_500": 1}) as srv:
        ctx = context()
        recs = harvest(oai_pmh, source("tnu-jst", "oai_pmh", base_url=f"{srv.base_url}/oai"), ctx)
    assert len(recs) == len(OAI_LIVE)
    assert ctx.session.stats["retries"] == 1


def test_oai_unknown_set_and_bad_dates_are_source_errors():
    with PubServer() as srv:
        with pytest.raises(SourceError, match="not offered"):
            harvest(oai_pmh, source("j", "oai_pmh", base_url=f"{srv.base_url}/oai", set="nope"), context())
        with pytest.raises(SourceError, match="until must be a date"):
            harvest(oai_pmh, source("j", "oai_pmh", base_url=f"{srv.base_url}/oai", until="2024-13-45"), context())


# --------------------------------------------------------------------------- OpenAlex

OA_FILTER = 'authorships.institutions.country_code:VN,raw_affiliation_strings.search:"Bac Kan"'


def test_openalex_cursor_paging_api_key_and_429():
    with PubServer(require_api_key=True, faults={"openalex_429": 1}) as srv:
        src = source(
            "openalex",
            "openalex",
            base_url=f"{srv.base_url}/openalex",
            filter=OA_FILTER,
            api_key_env="OPENALEX_API_KEY",
            mailto="x@example.org",
            per_page=3,
        )
        ctx = context(secrets={"api_key": "k-123"})
        recs = harvest(openalex, src, ctx)
        n = len(srv.openalex)
        assert len(recs) == n and len({r["record_ref"] for r in recs}) == n
        assert ctx.stats["pages"] == -(-n // 3)
        assert all("api_key=k-123" in r and "mailto=x%40example.org" in r for r in srv.requests)
        assert ctx.new_cursor == {"updated_since": max(w["updated_date"] for w in srv.openalex.values())[:10]}
        with pytest.raises(SourceError, match="API key"):
            harvest(openalex, src, context())


def test_openalex_merged_work_is_followed():
    with PubServer() as srv:
        src = source("openalex", "openalex", base_url=f"{srv.base_url}/openalex", work_ids=["W4300000911", "W999"])
        ctx = context()
        recs = harvest(openalex, src, ctx)
    good = [r for r in recs if not r.get("reject")]
    assert [r["fields"]["source_id"] for r in good] == ["W4300000011"]
    assert good[0]["hints"]["merged_from"] == "W4300000911"
    [rej] = [r for r in recs if r.get("reject")]
    assert rej["record_ref"] == "openalex:W999" and rej["table"] == "publications"


def test_openalex_budget_exhaustion_resumes_next_run():
    with PubServer() as srv:
        src = source(
            "openalex", "openalex", base_url=f"{srv.base_url}/openalex", filter=OA_FILTER, per_page=3, max_requests=2
        )
        ctx = context(cursor={"updated_since": "2020-01-01"})
        first = harvest(openalex, src, ctx)
        assert len(first) == 6 and ctx.stats["budget_exhausted"]
        assert ctx.new_cursor["updated_since"] == "2020-01-01" and ctx.new_cursor["resume_cursor"]
        ctx2 = context(cursor=ctx.new_cursor)
        rest = harvest(openalex, src, ctx2)
    assert {r["record_ref"] for r in first} | {r["record_ref"] for r in rest} == {f"openalex:{w}" for w in srv.openalex}
    assert "resume_cursor" not in ctx2.new_cursor and ctx2.new_cursor["updated_since"] > "2020-01-01"


# --------------------------------------------------------------------------- Crossref


def test_crossref_paging_retry_and_incremental():
    with PubServer(faults={"crossref_429": 1, "crossref_500": 1}) as srv:
        src = source(
            "crossref",
            "crossref",
            base_url=f"{srv.base_url}/crossref",
            query_affiliation="Bac Kan",
            mailto="x@example.org",
            rows=2,
        )
        ctx = context()
        recs = harvest(crossref, src, ctx)
        assert len(recs) == len(srv.crossref)
        assert ctx.session.stats["retries"] == 2
        assert all("mailto=x%40example.org" in r and "sort=indexed" in r for r in srv.requests)
        last = ctx.new_cursor["indexed_since"]
        assert last == max(i["indexed"]["date-time"] for i in srv.crossref)[:10]
        ctx2 = context(cursor=ctx.new_cursor)
        again = harvest(crossref, src, ctx2)
    assert [r["fields"]["doi"] for r in again] == [
        i["DOI"] for i in srv.crossref if i["indexed"]["date-time"][:10] >= last
    ]


def test_crossref_prefix_filter_and_budget_moves_cursor_only_as_far_as_seen():
    with PubServer() as srv:
        src = source(
            "crossref",
            "crossref",
            base_url=f"{srv.base_url}/crossref",
            filter="prefix:10.34238",
            rows=1,
            max_requests=2,
        )
        ctx = context()
        recs = harvest(crossref, src, ctx)
    assert all(r["fields"]["doi"].startswith("10.34238/") for r in recs) and len(recs) == 2
    assert ctx.stats["budget_exhausted"]
    assert ctx.new_cursor["indexed_since"] == recs[-1]["hints"]["indexed"][:10]


# --------------------------------------------------------------------------- end to end


def test_three_sources_dedup_and_rerun_is_idempotent():
    def run() -> list[dict]:
        with PubServer() as srv:
            b = srv.base_url
            out = []
            out += harvest(oai_pmh, source("tnu-jst", "oai_pmh", base_url=f"{b}/oai"), context())
            out += harvest(
                openalex,
                source("openalex", "openalex", base_url=f"{b}/openalex", filter=OA_FILTER, work_ids=["W4300000911"]),
                context(),
            )
            out += harvest(
                crossref,
                source("crossref", "crossref", base_url=f"{b}/crossref", query_affiliation="Bac Kan"),
                context(),
            )
            return out

    recs = run()
    works = load_works()
    tasks = pa.table({"task_id": ["t-dt01"], "code": ["ĐT.01-2021"], "title": ["Quýt Bắc Kạn VietGAP"]})
    res = build_publications(recs, tasks)
    pubs = res.publications.to_pylist()
    live = [w for w in works if not w.get("deleted") and w.get("title")]
    assert len(pubs) == len(live)  # every work once, across 1-3 sources
    by_key = {w["key"]: w for w in works}
    multi = {len(p["sources"]) for p in pubs}
    assert multi == {1, 2, 3}
    quyt = next(p for p in pubs if p["doi"] == by_key["w01"]["doi"])
    assert quyt["sources"] == ["crossref", "oai_pmh", "openalex"] and quyt["task_ids"] == ["t-dt01"]
    assert [r["field"] for r in res.rejects.to_pylist()] == ["title"]  # the untitled OAI record
    again = build_publications(recs + run(), tasks).publications
    assert again.drop_columns(["fetched_at"]).equals(res.publications.drop_columns(["fetched_at"]))
