"""The bundled sample portal crawled end to end through the drupal_backan adapter (saved files, no network)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from config.loader import load_config
from extractors.base import ExtractContext, SourceError
from extractors.sites.crawl import iter_records
from tests.unit.sites_support import FolderSession

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "demo" / "portal"
BASE = "http://127.0.0.1:8765"


def _source():
    return load_config(ROOT / "config" / "demo.yaml", {"portal": BASE, "pubs": "http://127.0.0.1:8766"}).source(
        "sample-portal"
    )


def _crawl(session, cursor=None):
    ctx = ExtractContext(session=session, run_id="test", cursor=cursor)
    return list(iter_records(_source(), ctx)), ctx


def test_demo_portal_yields_all_task_rows_and_mentions():
    recs, ctx = _crawl(FolderSession(PORTAL))
    kinds = Counter("reject" if r.get("reject") else r["confidence"] for r in recs)
    # table rows (HTML, XLSX, Word 97), results-bulletin records, prose mentions, and the one
    # bulletin record that names no PI (the invented bulletin carries it on purpose)
    assert kinds == {1.0: 26, 0.9: 10, 0.5: 2, "reject": 1}
    by_title = {r["fields"]["title"]: r for r in recs if not r.get("reject")}
    bi = by_title["Phục tráng giống Bí thơm Ba Bể tại tỉnh Bắc Kạn"]
    assert bi["fields"]["budget"] == "1.250,5"
    assert bi["hints"]["money_unit"] == "triệu đồng"
    assert bi["hints"]["section"] == "I. LĨNH VỰC NÔNG NGHIỆP"
    assert bi["hints"]["page_date"] == "2022-04-15"
    assert bi["extras"] == {"Phương thức": "Giao trực tiếp"}
    # rowspan: the host organization of row 1 is repeated on row 2
    hong = by_title["Ứng dụng tiến bộ kỹ thuật xây dựng mô hình thâm canh cây Hồng không hạt Bắc Kạn"]
    assert hong["fields"]["host_org"] == bi["fields"]["host_org"]
    xl = [r for r in recs if not r.get("reject") and r["source_url"].endswith(".xlsx")]
    assert len(xl) == 10
    assert xl[0]["hints"]["section"] == "A. ĐỀ TÀI" and xl[-1]["hints"]["section"] == "B. DỰ ÁN SẢN XUẤT THỬ NGHIỆM"
    assert xl[0]["fields"]["start_date"] == "01/2021" and xl[0]["hints"]["level"] == "provincial"
    doc = [r for r in recs if not r.get("reject") and r["source_url"].endswith(".doc")]
    assert [r["fields"]["title"] for r in doc] == [
        "Nghiên cứu phát triển chuỗi giá trị sản phẩm Miến dong Na Rì theo hướng hữu cơ",
        "Ứng dụng công nghệ viễn thám giám sát biến động rừng tỉnh Bắc Kạn giai đoạn 2025 - 2027",
        "Xây dựng mô hình nuôi cá Anh vũ thương phẩm trong lồng tại hồ Ba Bể",
    ]
    assert doc[0]["fields"]["decision"] == "2145/QĐ-UBND" and doc[0]["hints"]["file_format"] == "doc"
    bulletin = [r for r in recs if not r.get("reject") and r["source_url"].endswith(".pdf")]
    assert len(bulletin) == 10 and bulletin[0]["fields"]["code"] == "ĐT-2021-41305-ĐT"
    [rej] = [r for r in recs if r.get("reject")]
    assert rej["record_ref"].endswith("#ĐT-2022-50961-ĐT") and rej["field"] == "principal_investigator"
    assert ctx.new_cursor["records"] == 26 and ctx.new_cursor["listing_items"] == 10


def test_record_shape_follows_design():
    recs, _ = _crawl(FolderSession(PORTAL))
    for r in recs:
        if r.get("reject"):
            assert {"source", "record_ref", "stage", "field", "reason"} <= set(r)
            continue
        assert set(r) == {
            "table",
            "source",
            "record_ref",
            "source_url",
            "fetched_at",
            "confidence",
            "fields",
            "hints",
            "extras",
        }
        assert r["table"] == "tasks" and r["source"] == "sample-portal"
        assert r["record_ref"].startswith(r["source_url"] + "#")
        assert all(isinstance(v, str) and v for v in r["fields"].values())
    assert len({r["record_ref"] for r in recs}) == len(recs)


def test_breakage_alarm_when_listing_selector_finds_nothing():
    redesigned = b"<html><body><div class='new-theme'><a href='/x.html'>x</a></div></body></html>"
    with pytest.raises(SourceError, match="breakage alarm"):
        _crawl(FolderSession(PORTAL, {"/tin-tuc-su-kien/": redesigned}))


def test_breakage_alarm_when_record_count_halves():
    _, ctx = _crawl(FolderSession(PORTAL))
    cursor = dict(ctx.new_cursor, records=100)
    with pytest.raises(SourceError, match="26 records now vs 100"):
        _crawl(FolderSession(PORTAL), cursor=cursor)


def test_missing_article_is_a_reject_and_the_run_goes_on():
    session = FolderSession(PORTAL)
    missing = "/tin-tuc-su-kien/tin-tuc-su-kien/hoi-nghi-tong-ket-cong-tac-khcn-nam-2023.html"
    page0 = (
        (PORTAL / "tin-tuc-su-kien" / "index.html")
        .read_bytes()
        .replace(b"hoi-nghi-tong-ket-cong-tac-khcn-nam-2023.html", b"khong-con.html")
    )
    session.overrides["/tin-tuc-su-kien/"] = page0
    recs, _ = _crawl(session)
    rejects = [r for r in recs if r.get("reject") and "article fetch failed" in r["reason"]]
    assert len(rejects) == 1
    assert sum(1 for r in recs if not r.get("reject")) == 38
    assert missing not in session.calls


@pytest.mark.parametrize("where", ["parse_article", "records_from_article"])
def test_a_page_whose_reading_raises_is_a_reject_and_the_crawl_goes_on(monkeypatch, where):
    """Any exception while reading one article (not only PageProblem) becomes that page's reject."""
    import extractors.sites.crawl as crawl

    real = getattr(crawl, where)
    bad = "hoi-thao-dau-bo-mo-hinh-bi-thom-ba-be"

    def flaky(*args, **kwargs):
        url = args[1] if where == "parse_article" else args[0].url
        if bad in url:
            raise RecursionError("maximum recursion depth exceeded")
        return real(*args, **kwargs)

    monkeypatch.setattr(crawl, where, flaky)
    recs, _ = _crawl(FolderSession(PORTAL))
    [rej] = [r for r in recs if r.get("reject") and "RecursionError" in r["reason"]]
    assert bad in rej["record_ref"] and rej["field"] == "document"
    assert sum(1 for r in recs if not r.get("reject") and r["confidence"] == 1.0) == 26
