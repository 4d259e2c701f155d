"""Three CMS families (Drupal, DNN, ASP.NET) parsed from saved pages through their adapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError
from extractors.documents import records_from_article
from extractors.files import iter_records as iter_file_records
from extractors.sites.adapter import AdapterError, adapter_from_mapping, load_adapter
from extractors.sites.crawl import iter_records
from extractors.sites.article import iso_date, parse_article
from extractors.sites.listing import parse_listing
from extractors.sites.page import decode_html
from tests.unit.sites_support import FolderSession

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def _read(site_dir: str, name: str) -> str:
    return decode_html((FIX / site_dir / name).read_bytes()).text


@pytest.mark.parametrize(
    "site, folder, url, n_items, first_item, next_url",
    [
        (
            "drupal_backan",
            "khcnbackan",
            "https://khcnbackan.gov.vn/tin-tuc-su-kien/",
            3,
            "https://khcnbackan.gov.vn/tin-tuc-su-kien/tin-tuc-su-kien/ket-qua-du-an-nong-thon-mien-nui-2021-2023.html",
            "https://khcnbackan.gov.vn/tin-tuc-su-kien/page-1.html",
        ),
        (
            "dnn_thainguyen",
            "dosttn",
            "https://dosttn.gov.vn/tabid/119/LoaiHienThi/TinTuc/NhomTin/4/Default.aspx",
            2,
            "https://dosttn.gov.vn/tabid/119/LoaiHienThi/ChiTiet/NhomTin/4/ItemID/1790/Default.aspx",
            "https://dosttn.gov.vn/tabid/119/LoaiHienThi/TinTuc/NhomTin/4/currentpage/2/Default.aspx",
        ),
        (
            "aspnet_kontum",
            "kontum",
            "https://skhcn.kontum.gov.vn/thong-bao.html",
            2,
            "https://skhcn.kontum.gov.vn/thong-bao/thong-bao-danh-muc-nhiem-vu-khcn-dat-hang-nam-2023.html",
            None,
        ),
    ],
    ids=["drupal-backan", "dnn-thainguyen", "aspnet-kontum-postback-pager"],
)
def test_listing(site, folder, url, n_items, first_item, next_url):
    listing = parse_listing(_read(folder, "listing.html"), url, load_adapter(site))
    assert len(listing.items) == n_items
    assert listing.items[0][0] == first_item
    assert listing.next_url == next_url


@pytest.mark.parametrize(
    "site, folder, page, date_raw, page_date, n_rows",
    [
        ("drupal_backan", "khcnbackan", "article_table.html", "15/04/2022", "2022-04-15", 8),
        ("dnn_thainguyen", "dosttn", "article.html", "5/3/2018", "2018-05-03", 3),
        ("aspnet_kontum", "kontum", "article.html", "07-09-2022", "2022-09-07", 0),
    ],
    ids=["drupal-date-line", "dnn-month-first", "aspnet-breadcrumb-date"],
)
def test_article(site, folder, page, date_raw, page_date, n_rows):
    adapter = load_adapter(site)
    art = parse_article(_read(folder, page), f"https://example.gov.vn/{page}", adapter)
    assert art.date_raw == date_raw and art.page_date == page_date
    recs = list(records_from_article(art, source="s", fetched_at="t", adapter=adapter, with_prose=False))
    assert len(recs) == n_rows
    # the adapter's date_order reads the CMS date line; dates inside the content are Vietnamese d/m/y
    assert all(r["hints"]["date_order"] == adapter.content_date_order == "dmy" for r in recs)
    assert "Lượt xem" not in art.prose


def test_dnn_inline_markup_does_not_split_titles():
    adapter = load_adapter("dnn_thainguyen")
    art = parse_article(_read("dosttn", "article.html"), "https://dosttn.gov.vn/x", adapter)
    recs = list(records_from_article(art, source="s", fetched_at="t", adapter=adapter))
    assert recs[0]["fields"]["title"] == "Nghiên cứu sản xuất chè xanh chất lượng cao từ giống chè LDP1 tại Đại Từ"
    assert recs[0]["hints"]["row_no"] == "1" and recs[2]["fields"]["acceptance_grade"] == "Xuất sắc"


def test_kontum_hook_finds_tai_day_attachment_and_crawl_reads_it():
    art = parse_article(
        _read("kontum", "article.html"), "https://skhcn.kontum.gov.vn/thong-bao/a.html", load_adapter("aspnet_kontum")
    )
    assert art.attachments == [("https://skhcn.kontum.gov.vn/DownloadFile.aspx?id=3821", "TẠI ĐÂY")]
    session = FolderSession(
        FIX / "kontum",
        {
            "/thong-bao.html": (FIX / "kontum" / "listing.html").read_bytes(),
            "/thong-bao/thong-bao-danh-muc-nhiem-vu-khcn-dat-hang-nam-2023.html": (
                FIX / "kontum" / "article.html"
            ).read_bytes(),
            "/thong-bao/thong-bao-lich-tiep-cong-dan.html": b"<html><body><span id='ctl00_ContentPlaceHolder1_lblContent'>"
            b"<p>L\xe1\xbb\x8bch</p></span></body></html>",
        },
    )
    src = SourceConfig(
        "kontum", "html", {"site": "aspnet_kontum", "start_urls": ["https://skhcn.kontum.gov.vn/thong-bao.html"]}
    )
    recs = list(iter_records(src, ExtractContext(session=session, run_id="t")))
    rows = [r for r in recs if not r.get("reject")]
    assert len(rows) == 3 and rows[0]["source_url"].endswith("DownloadFile.aspx?id=3821")
    assert rows[0]["hints"]["attachment_of"].endswith("dat-hang-nam-2023.html")
    assert rows[0]["hints"]["page_date"] == "2022-09-07" and rows[0]["hints"]["file_format"] == "pdf"


@pytest.mark.parametrize(
    "raw, order, iso",
    [
        ("15/04/2022", "dmy", "2022-04-15"),
        ("5/3/2018", "mdy", "2018-05-03"),
        ("07-09-2022", "dmy", "2022-09-07"),
        ("19/8/8021", "dmy", None),
        ("31/02/2020", "dmy", None),
    ],
    ids=["dmy", "mdy", "dashes", "impossible-year", "impossible-day"],
)
def test_iso_date(raw, order, iso):
    assert iso_date(raw, order) == iso


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"listing_item": "a"}, "article_title"),
        ({"listing_item": "a", "article_title": "h1", "article_body": "div", "date_order": "ymd"}, "date_order"),
        ({"listing_item": "a", "article_title": "h1", "article_body": "div", "colour": "red"}, "unknown keys"),
    ],
    ids=["missing-selector", "bad-date-order", "unknown-key"],
)
def test_bad_adapter_config(mapping, message):
    with pytest.raises(AdapterError, match=message):
        adapter_from_mapping(mapping)


def test_inline_adapter_extends_a_named_one():
    a = load_adapter({"extends": "drupal_backan", "date_order": "mdy", "encoding": "windows-1258"})
    assert a.listing_item == load_adapter("drupal_backan").listing_item and a.date_order == "mdy"


def test_unknown_site_is_a_source_error():
    src = SourceConfig("x", "html", {"site": "nope", "start_urls": ["https://x.gov.vn/"]})
    with pytest.raises(SourceError, match="no site adapter 'nope'"):
        list(iter_records(src, ExtractContext(session=FolderSession(FIX), run_id="t")))


def test_file_source_reads_attachments_and_rejects_missing_ones():
    src = SourceConfig(
        "files",
        "file",
        {
            "urls": [
                "https://x.gov.vn/tasks_two_row_header.xls",
                "https://x.gov.vn/khong-co.pdf",
                "https://x.gov.vn/bad_scanned.pdf",
            ]
        },
    )
    ctx = ExtractContext(session=FolderSession(FIX / "documents"), run_id="t")
    recs = list(iter_file_records(src, ctx))
    assert sum(1 for r in recs if not r.get("reject")) == 3
    assert sorted(r["reason"].split(":")[0] for r in recs if r.get("reject")) == [
        "file fetch failed",
        "scanned PDF without a text layer (needs OCR)",
    ]
    assert ctx.new_cursor["records"] == 3


def test_file_source_all_unreachable_fails_the_source():
    src = SourceConfig("files", "file", {"urls": ["https://x.gov.vn/a.pdf"]})
    with pytest.raises(SourceError, match="none of the 1 file"):
        list(iter_file_records(src, ExtractContext(session=FolderSession(FIX / "documents"), run_id="t")))
