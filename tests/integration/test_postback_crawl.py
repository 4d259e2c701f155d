"""The html crawler against a loopback ASP.NET WebForms site (tests/servers/aspnet_site.py):
listing pages reached by postback through the real HttpSession (cookies, robots, allowed
domains, rate limit, raw archive), then replayed offline from the archive."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import pytest

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError
from extractors.http import HttpSession, make_session
from extractors.sites.crawl import iter_records
from tests.servers.aspnet_site import GRID_TARGET, LISTING, NEXT_TARGET, AspNetSite
from tests.clock import Clock

UA = "stcat-test/0.1 (+https://example.org/stcat; test@example.org)"
GRID_SITE = {"extends": "aspnet_kontum", "next_page": "#ctl00_ContentPlaceHolder1_gvList tr.pager a"}


@pytest.fixture
def sessions(tmp_path: Path):
    made: list[HttpSession] = []

    def make(**kw) -> HttpSession:
        opts = dict(
            user_agent=UA,
            allowed_domains=["127.0.0.1"],
            rate_limit=0,
            allow_private=True,
            archive_dir=tmp_path / "raw",
            source="kontum",
            run_id="run-1",
            timeout=5,
            retries=0,
        )
        opts.update(kw)
        s = make_session(**opts)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def crawl(site: AspNetSite, session: HttpSession, adapter=None, **settings) -> tuple[list[dict], ExtractContext]:
    src = SourceConfig(
        "kontum",
        "html",
        {"site": adapter or "aspnet_kontum", "start_urls": [site.url(LISTING)], "max_pages": 50, **settings},
    )
    ctx = ExtractContext(session=session, run_id=session.run_id)
    return list(iter_records(src, ctx)), ctx


def _article_gets(site: AspNetSite) -> Counter:
    return Counter(h.path for h in site.hits if h.method == "GET" and h.path.startswith("/thong-bao/"))


@pytest.mark.parametrize(
    "pager, adapter, target",
    [("link", None, NEXT_TARGET), ("grid", GRID_SITE, GRID_TARGET)],
    ids=["lnkNext", "gridview"],
)
def test_three_postback_pages_every_article_once(pager, adapter, target, sessions):
    with AspNetSite(pager=pager) as site:
        recs, ctx = crawl(site, sessions(), adapter)
    assert site.errors == []  # view state, event validation, cookie, fields all round-tripped
    posts = site.posts()
    assert [h.page for h in posts] == [2, 3]
    assert [dict(h.form)["__EVENTTARGET"] for h in posts] == [target, target]
    assert [dict(h.form)["__EVENTARGUMENT"] for h in posts] == (["", ""] if pager == "link" else ["Page$2", "Page$3"])
    # one session cookie, set once by the first GET and sent back with every postback
    assert len(site.sessions) == 1
    sid = next(iter(site.sessions))
    assert all(f"ASP.NET_SessionId={sid}" in h.headers.get("cookie", "") for h in posts)
    assert all(h.headers["referer"] == site.url(LISTING) for h in posts)
    # every article listed (3 pages x 3 + one pinned on every page) fetched exactly once
    assert _article_gets(site) == Counter({p: 1 for p in site.article_paths()})
    rows = [r for r in recs if not r.get("reject")]
    assert len(rows) == len(recs) == 10
    assert ctx.new_cursor["listing_pages"] == 3 and ctx.new_cursor["postback_pages"] == 2
    assert ctx.new_cursor["listing_items"] == 12 and ctx.new_cursor["pager_loops"] == 0


@pytest.mark.parametrize(
    "pager, adapter, fresh",
    [("link", None, False), ("grid", GRID_SITE, True)],
    ids=["lnkNext-same-state", "gridview-fresh-state"],
)
def test_pager_stuck_on_page_two_stops_with_a_reason(pager, adapter, fresh, sessions, caplog):
    with AspNetSite(pager=pager, buggy=True, fresh_viewstate=fresh) as site:
        with caplog.at_level(logging.WARNING, logger="extractors.sites.crawl"):
            recs, ctx = crawl(site, sessions(), adapter)
    assert site.errors == []
    assert [h.page for h in site.posts()] == [2, 2]  # asked for page 3 once, got page 2: stop there
    assert _article_gets(site) == Counter({p: 1 for p in site.article_paths(upto_page=2)})
    assert len(recs) == 7 and ctx.new_cursor["pager_loops"] == 1
    assert "pager loop" in caplog.text and "as page 2" in caplog.text


def test_max_pages_caps_postbacks(sessions):
    with AspNetSite() as site:
        _, ctx = crawl(site, sessions(), max_pages=2)
    assert [h.page for h in site.posts()] == [2]
    assert ctx.new_cursor["listing_pages"] == 2


def test_offline_replay_of_postback_pages(sessions, tmp_path):
    with AspNetSite(pager="grid", fresh_viewstate=True) as site:
        online, _ = crawl(site, sessions(run_id="run-1"), GRID_SITE)
        seen_online = len(site.hits)
        entries = [
            json.loads(line) for line in (tmp_path / "raw" / "kontum" / "runs" / "run-1.jsonl").read_text().splitlines()
        ]
        posted = [e for e in entries if e["method"] == "POST"]
        assert len(posted) == 2 and all(len(e["request_sha256"]) == 64 for e in posted)
        assert len({e["request_sha256"] for e in posted}) == 2
        offline, ctx = crawl(site, sessions(run_id="replay-1", offline=True), GRID_SITE)
        assert len(site.hits) == seen_online  # the site was not asked anything

    def strip(rs):
        return sorted(
            json.dumps({k: v for k, v in r.items() if k != "fetched_at"}, sort_keys=True, ensure_ascii=False)
            for r in rs
        )

    assert strip(offline) == strip(online) and len(online) == 10
    assert ctx.new_cursor["postback_pages"] == 2


def test_offline_replay_misses_a_postback_never_sent(sessions, tmp_path):
    with AspNetSite() as site:
        crawl(site, sessions(run_id="run-1"), max_pages=2)  # page 3 was never asked for
    with pytest.raises(SourceError, match="not in archive"):
        crawl(site, sessions(run_id="replay-2", offline=True))


def test_not_modified_listing_is_refetched_for_a_fresh_view_state(sessions, tmp_path):
    with AspNetSite(etag=True) as site:
        first = sessions(run_id="run-1")
        crawl(site, first)
        first.close()  # validators saved: run 2 sends If-None-Match
        recs, ctx = crawl(site, sessions(run_id="run-2"))  # a new session: a new ASP.NET_SessionId
    assert site.errors == []
    assert [h.status for h in site.get_hits(LISTING)] == [200, 304, 200]
    assert len(site.sessions) == 2 and len(recs) == 10 and ctx.new_cursor["postback_pages"] == 2


def test_robots_applies_to_the_postback(sessions):
    with AspNetSite(action="/Pager.aspx", robots="User-agent: *\nDisallow: /Pager.aspx\n") as site:
        with pytest.raises(SourceError, match="robots"):
            crawl(site, sessions())
    assert site.posts() == []
    assert len(site.get_hits(LISTING)) == 1


def test_allowed_domains_apply_to_the_postback(sessions):
    with AspNetSite() as site:
        site.action = site.url(LISTING, host="localhost")  # the form posts to another host
        with pytest.raises(SourceError, match="allowed domains"):
            crawl(site, sessions())
    assert site.posts() == []


def test_rate_limit_spaces_postbacks_like_gets(sessions):
    clock = Clock()
    with AspNetSite() as site:
        crawl(site, sessions(rate_limit=2, clock=clock, sleep=clock.sleep))
    assert len(site.posts()) == 2
    # every request after the first (robots.txt, listing GET, 2 POSTs, 10 articles) waited its 0.5 s slot
    assert len(site.hits) == 14 and clock.sleeps == [0.5] * (len(site.hits) - 1)


def test_form_fields_sent_are_the_browser_ones(sessions):
    with AspNetSite() as site:
        crawl(site, sessions(), max_pages=2)
    form = site.posts()[0].form
    assert [k for k, _ in form] == [
        "__EVENTTARGET",
        "__EVENTARGUMENT",
        "__VIEWSTATE",
        "__VIEWSTATEGENERATOR",
        "__EVENTVALIDATION",
        "ctl00$txtSearch",
        "ctl00$hdfLang",
        "ctl00$ddlCat",
        "ctl00$chkAll",
    ]
    assert dict(form)["ctl00$ddlCat"] == "2" and dict(form)["ctl00$chkAll"] == "on"
