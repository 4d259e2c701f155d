"""ASP.NET postback paging on saved and hand-written WebForms pages: parsing __doPostBack calls, building the form a browser
sends, picking the GridView page, and the crawl loop's stops (no network)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from selectolax.lexbor import LexborHTMLParser

from config.loader import SourceConfig
from extractors.base import ExtractContext
from extractors.http import Headers
from extractors.sites.adapter import AdapterError, load_adapter
from extractors.sites.crawl import iter_records
from extractors.sites.listing import parse_listing
from extractors.sites.page import decode_html
from extractors.sites.postback import PostbackCall, build_postback, parse_postback, pick_postback, postback_call
from tests.unit.sites_support import SavedResult

KONTUM = Path(__file__).resolve().parents[1] / "fixtures" / "kontum"
BASE = "https://skhcn.kontum.gov.vn/thong-bao.html"
NEXT = "ctl00$ContentPlaceHolder1$lnkNext"
GRID = "ctl00$ContentPlaceHolder1$gvList"
GRID_ADAPTER = {
    "extends": "aspnet_kontum",
    "listing_item": "#ctl00_ContentPlaceHolder1_gvList a.detail",
    "next_page": "#ctl00_ContentPlaceHolder1_gvList tr.pager a",
}


# Hand-written pages in the markup ASP.NET WebForms renders (kontum's theme and a GridView list),
# next to the saved tests/fixtures/kontum/listing.html: page 2 of the lnkNext pager, its last page
# (disabled "Trang sau"), and a filtered GridView list on page 2 of its pager.
LISTING_PAGE2 = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>Thông báo - Sở KH&amp;CN Kon Tum</title></head>
<body>
<form method="post" action="./thong-bao.html" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgICAQ8PFgIeB1Zpc2libGVoZGRk+2/p" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAPkVh2D4nSQ8Lr5v1c3+TqMGr4WZ0s=" />
</div>
<div class="search"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" placeholder="Tìm kiếm..." />
<input type="submit" name="ctl00$btnSearch" value="Tìm" id="ctl00_btnSearch" /></div>
<div id="ctl00_ContentPlaceHolder1_pnlList">
 <div class="item-news"><a class="title" href="/thong-bao/thong-bao-tuyen-chon-to-chuc-ca-nhan-chu-tri-2023.html">Thông báo tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN năm 2023</a><span class="date">(22-08-2022)</span></div>
 <div class="item-news"><a class="title" href="/thong-bao/thong-bao-nghiem-thu-de-tai-sam-ngoc-linh.html">Thông báo nghiệm thu đề tài Sâm Ngọc Linh</a><span class="date">(15-08-2022)</span></div>
</div>
<div class="pager"><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$lnkPrev&#39;,&#39;&#39;)" id="ctl00_ContentPlaceHolder1_lnkPrev">Trang trước</a>
<a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$lnkNext&#39;,&#39;&#39;)" id="ctl00_ContentPlaceHolder1_lnkNext">Trang sau</a></div>
</form></body></html>
"""

LISTING_LAST = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>Thông báo - Sở KH&amp;CN Kon Tum</title></head>
<body>
<form method="post" action="./thong-bao.html" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgICAQ8PFgIeB1Zpc2libGVnZGRkLAST" />
</div>
<div id="ctl00_ContentPlaceHolder1_pnlList">
 <div class="item-news"><a class="title" href="/thong-bao/thong-bao-ket-qua-xet-chon-2021.html">Thông báo kết quả xét chọn nhiệm vụ năm 2021</a><span class="date">(10-12-2020)</span></div>
</div>
<div class="pager"><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$lnkPrev&#39;,&#39;&#39;)" id="ctl00_ContentPlaceHolder1_lnkPrev">Trang trước</a>
<a id="ctl00_ContentPlaceHolder1_lnkNext" class="aspNetDisabled">Trang sau</a></div>
</form></body></html>
"""

LISTING_GRIDVIEW = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><base href="https://skhcn.kontum.gov.vn/Pages/" /><title>Danh mục nhiệm vụ KH&amp;CN - Sở KH&amp;CN Kon Tum</title></head>
<body>
<div id="header"><form action="https://www.google.com/search" method="get"><input type="text" name="q" value="site:kontum.gov.vn" /></form></div>
<form method="post" action="DanhMucNhiemVu.aspx?cat=12" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__LASTFOCUS" id="__LASTFOCUS" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTM4NjI5NzY0Mg9kFgJmD2QWAgIDD2QWAgIBDzwrABEDAA8WBB4LXyFEYXRhQm91bmRnHgtfIUl0ZW1Db3VudAIYZAEQFgAWABYADBQrAAAWAmYPZBYKZg8PFgIeB1Zpc2libGVoZGQ=" />
</div>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="9B1F5C2A" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAbJ+zU1Fx3Hq7XkA/Pd0Xw8eBqKWZCzzwFtoDgT4N6Ypw==" />
</div>
<div class="filter">
<input name="ctl00$ContentPlaceHolder1$txtKeyword" type="text" value="nông nghiệp &amp; nông thôn" id="ctl00_ContentPlaceHolder1_txtKeyword" />
<select name="ctl00$ContentPlaceHolder1$ddlNam" id="ctl00_ContentPlaceHolder1_ddlNam">
 <option value="">-- Năm --</option><option value="2021">2021</option><option selected="selected" value="2022">2022</option>
</select>
<select name="ctl00$ContentPlaceHolder1$ddlLoai" id="ctl00_ContentPlaceHolder1_ddlLoai"><option>Tất cả</option><option>Đề tài</option></select>
<input id="ctl00_ContentPlaceHolder1_chkCapTinh" type="checkbox" name="ctl00$ContentPlaceHolder1$chkCapTinh" checked="checked" />
<input id="ctl00_ContentPlaceHolder1_chkCapCoSo" type="checkbox" name="ctl00$ContentPlaceHolder1$chkCapCoSo" />
<input type="radio" name="ctl00$ContentPlaceHolder1$rblTrangThai" value="all" />
<input type="radio" name="ctl00$ContentPlaceHolder1$rblTrangThai" value="dang-thuc-hien" checked="checked" />
<textarea name="ctl00$ContentPlaceHolder1$txtGhiChu" rows="2">dòng 1
dòng 2</textarea>
<input name="ctl00$ContentPlaceHolder1$txtMa" type="text" value="KT-01" disabled="disabled" />
<input type="file" name="ctl00$ContentPlaceHolder1$fuTep" />
<input type="submit" name="ctl00$ContentPlaceHolder1$btnLoc" value="Lọc" id="ctl00_ContentPlaceHolder1_btnLoc" />
<input type="image" name="ctl00$ContentPlaceHolder1$btnExcel" src="/images/excel.png" />
<button type="submit" name="ctl00$ContentPlaceHolder1$btnIn">In</button>
<input type="button" value="Quay lại" onclick="history.back()" />
</div>
<div>
<table class="grid" cellspacing="0" rules="all" border="1" id="ctl00_ContentPlaceHolder1_gvList" style="border-collapse:collapse;">
 <tr class="header"><th scope="col">STT</th><th scope="col">Tên nhiệm vụ</th><th scope="col">Chi tiết</th></tr>
 <tr><td>11</td><td>Nghiên cứu nhân giống Sâm Ngọc Linh</td><td><a class="detail" href="ChiTietNhiemVu.aspx?id=311">Xem</a></td></tr>
 <tr><td>12</td><td>Xây dựng mô hình trồng cà phê xứ lạnh</td><td><a class="detail" href="ChiTietNhiemVu.aspx?id=312">Xem</a></td></tr>
 <tr class="pager">
  <td colspan="3"><table><tr>
   <td><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$gvList&#39;,&#39;Page$1&#39;)">1</a></td>
   <td><span>2</span></td>
   <td><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$gvList&#39;,&#39;Page$3&#39;)">3</a></td>
   <td><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$gvList&#39;,&#39;Page$4&#39;)">4</a></td>
   <td><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$gvList&#39;,&#39;Page$11&#39;)">...</a></td>
   <td><a href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$gvList&#39;,&#39;Page$Last&#39;)">Cuối</a></td>
  </tr></table></td>
 </tr>
</table>
</div>
</form>
</body></html>
"""

PAGES = {
    "listing_page2.html": LISTING_PAGE2,
    "listing_last.html": LISTING_LAST,
    "listing_gridview.html": LISTING_GRIDVIEW,
}


def _text(name: str) -> str:
    return PAGES[name] if name in PAGES else decode_html((KONTUM / name).read_bytes()).text


def _bytes(name: str) -> bytes:
    return _text(name).encode("utf-8")


# -- parsing the call -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "script, target, argument",
    [
        ("javascript:__doPostBack('ctl00$ContentPlaceHolder1$lnkNext','')", NEXT, ""),
        ('javascript:__doPostBack("ctl00$ContentPlaceHolder1$lnkNext", "")', NEXT, ""),
        ("javascript:__doPostBack('ctl00\\$ContentPlaceHolder1\\$lnkNext','')", NEXT, ""),
        ("javascript:__doPostBack('ctl00\\x24ContentPlaceHolder1\\u0024lnkNext','')", NEXT, ""),
        ("javascript:__doPostBack(%27ctl00%24ContentPlaceHolder1%24lnkNext%27,%27%27)", NEXT, ""),
        ("javascript:__doPostBack('ctl00$ContentPlaceHolder1$gvList','Page$2')", GRID, "Page$2"),
        (
            'javascript: __doPostBack( "ctl00$ContentPlaceHolder1$gvList" , "Page$Next" ); return false;',
            GRID,
            "Page$Next",
        ),
        ("__doPostBack('ctl00$ContentPlaceHolder1$lnkNext')", NEXT, ""),
        ("__doPostBack('a\\'b','x,y')", "a'b", "x,y"),
        (
            'javascript:WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions("ctl00$ContentPlaceHolder1$lnkNext", '
            '"", true, "", "", false, true))',
            NEXT,
            "",
        ),
    ],
    ids=[
        "single-quotes",
        "double-quotes",
        "escaped-dollar",
        "hex-unicode-escapes",
        "percent-encoded",
        "gridview",
        "spaces-and-return",
        "one-argument",
        "escaped-quote-and-comma",
        "webform-options",
    ],
)
def test_parse_postback(script, target, argument):
    call = parse_postback(script)
    assert call is not None and (call.target, call.argument) == (target, argument)


def test_parse_postback_cross_page_action():
    call = parse_postback(
        'WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions("ctl00$cph$lnkNext", "", '
        'false, "", "DanhSach.aspx?p=2", false, true))'
    )
    assert call == PostbackCall("ctl00$cph$lnkNext", "", "DanhSach.aspx?p=2")


@pytest.mark.parametrize(
    "script",
    [
        "",
        "javascript:void(0)",
        "#",
        "/thong-bao/trang-2.html",
        "javascript:__doPostBack('','')",
        "javascript:__doPostBack('unterminated,'')",
    ],
    ids=["empty", "void", "hash", "plain-link", "empty-target", "unterminated"],
)
def test_not_a_postback(script):
    assert parse_postback(script) is None


# -- building the form from saved pages ---------------------------------------------------------
def test_saved_kontum_listing_posts_viewstate_and_event():
    listing = parse_listing(_text("listing.html"), BASE, load_adapter("aspnet_kontum"))
    assert listing.next_url is None and len(listing.items) == 2
    pb = listing.next_postback
    assert pb is not None and pb.method == "POST" and pb.action == BASE
    assert pb.fields == (
        ("__EVENTTARGET", NEXT),
        ("__EVENTARGUMENT", ""),
        ("__VIEWSTATE", "/wEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgI="),
    )
    assert pb.body() == (
        b"__EVENTTARGET=ctl00%24ContentPlaceHolder1%24lnkNext&__EVENTARGUMENT="
        b"&__VIEWSTATE=%2FwEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgI%3D"
    )


def test_saved_page_two_replaces_rendered_event_fields_and_skips_buttons():
    listing = parse_listing(_text("listing_page2.html"), BASE, load_adapter("aspnet_kontum"), page_no=2)
    pb = listing.next_postback
    assert pb is not None
    assert [k for k, _ in pb.fields] == [
        "__EVENTTARGET",
        "__EVENTARGUMENT",
        "__VIEWSTATE",
        "__VIEWSTATEGENERATOR",
        "__EVENTVALIDATION",
        "ctl00$txtSearch",
    ]
    assert pb.field("__EVENTTARGET") == NEXT  # lnkNext, not the lnkPrev link before it
    assert pb.field("__EVENTVALIDATION") == "/wEdAAPkVh2D4nSQ8Lr5v1c3+TqMGr4WZ0s="
    # '+' and '/' of the view state survive the round trip through form encoding
    assert dict(parse_qsl(pb.body().decode(), keep_blank_values=True)) == dict(pb.fields)


def test_last_page_has_a_disabled_next_link():
    listing = parse_listing(_text("listing_last.html"), BASE, load_adapter("aspnet_kontum"), page_no=3)
    assert listing.items and listing.next_url is None and listing.next_postback is None and not listing.problem


def test_gridview_form_is_what_a_browser_sends():
    listing = parse_listing(
        _text("listing_gridview.html"),
        "https://skhcn.kontum.gov.vn/Pages/DanhMucNhiemVu.aspx",
        load_adapter(GRID_ADAPTER),
        page_no=2,
    )
    assert [u for u, _ in listing.items] == [
        "https://skhcn.kontum.gov.vn/Pages/ChiTietNhiemVu.aspx?id=311",
        "https://skhcn.kontum.gov.vn/Pages/ChiTietNhiemVu.aspx?id=312",
    ]
    pb = listing.next_postback
    assert pb is not None
    assert pb.action == "https://skhcn.kontum.gov.vn/Pages/DanhMucNhiemVu.aspx?cat=12"  # <base href> + action
    assert pb.fields == (
        ("__EVENTTARGET", GRID),
        ("__EVENTARGUMENT", "Page$3"),
        ("__LASTFOCUS", ""),
        (
            "__VIEWSTATE",
            "/wEPDwUKMTM4NjI5NzY0Mg9kFgJmD2QWAgIDD2QWAgIBDzwrABEDAA8WBB4LXyFEYXRhQm91bmRnHgtfIUl0ZW1Db3VudA"
            "IYZAEQFgAWABYADBQrAAAWAmYPZBYKZg8PFgIeB1Zpc2libGVoZGQ=",
        ),
        ("__VIEWSTATEGENERATOR", "9B1F5C2A"),
        ("__EVENTVALIDATION", "/wEdAAbJ+zU1Fx3Hq7XkA/Pd0Xw8eBqKWZCzzwFtoDgT4N6Ypw=="),
        ("ctl00$ContentPlaceHolder1$txtKeyword", "nông nghiệp & nông thôn"),
        ("ctl00$ContentPlaceHolder1$ddlNam", "2022"),
        ("ctl00$ContentPlaceHolder1$ddlLoai", "Tất cả"),  # no value attribute: the option text
        ("ctl00$ContentPlaceHolder1$chkCapTinh", "on"),
        ("ctl00$ContentPlaceHolder1$rblTrangThai", "dang-thuc-hien"),
        ("ctl00$ContentPlaceHolder1$txtGhiChu", "dòng 1\r\ndòng 2"),
    )  # not: the search form's q, disabled txtMa, file, submit/image/button controls
    assert b"txtKeyword=n%C3%B4ng+nghi%E1%BB%87p+%26+n%C3%B4ng+th%C3%B4n" in pb.body()


def test_gridview_pager_reads_the_current_page_from_the_pager():
    tree = LexborHTMLParser(_text("listing_gridview.html"))  # <span>2</span>: page 2 whatever we thought
    for page_no in (1, 2, 5):
        assert pick_postback(tree.css("#ctl00_ContentPlaceHolder1_gvList tr.pager a"), page_no)[1].argument == "Page$3"


def _pager(numbers: list[str]) -> list:
    cells = "".join(f"<td><a href=\"javascript:__doPostBack('{GRID}','Page${n}')\">{n}</a></td>" for n in numbers)
    return LexborHTMLParser(
        f"<table id='g'><tr class='pager'><td><table><tr>{cells}</tr></table></td></tr></table>"
    ).css("#g tr.pager a")


@pytest.mark.parametrize(
    "page_no, argument",
    [(1, "Page$2"), (2, "Page$3"), (10, "Page$11"), (4, None), (11, None)],
    ids=["first", "second", "ellipsis", "missing-number", "past-the-end"],
)
def test_gridview_pager_without_a_current_marker_uses_the_tracked_page(page_no, argument):
    picked = pick_postback(_pager(["1", "2", "3", "4", "11", "Last"]), page_no)
    assert (picked[1].argument if picked else None) == argument


def test_gridview_last_page_has_no_next():
    tree = LexborHTMLParser(_text("listing_gridview.html").replace("Page$3", "Page$X").replace("Page$11", "Page$Y"))
    assert pick_postback(tree.css("#ctl00_ContentPlaceHolder1_gvList tr.pager a"), 2) is None


def test_gridview_next_previous_mode_prefers_page_next():
    tree = LexborHTMLParser(f"""<table><tr class="pager"><td>
        <a href="javascript:__doPostBack('{GRID}','Page$Prev')">&lt;</a>
        <a href="javascript:__doPostBack('{GRID}','Page$Next')">&gt;</a></td></tr></table>""")
    assert pick_postback(tree.css("tr.pager a"), 7)[1] == PostbackCall(GRID, "Page$Next")


def test_page_without_a_form_has_no_postback_and_says_why():
    html = f"""<html><body><div id="ctl00_ContentPlaceHolder1_pnlList"><div class="item-news">
        <a class="title" href="/thong-bao/a.html">A</a></div></div>
        <a id="ctl00_ContentPlaceHolder1_lnkNext" href="javascript:__doPostBack('{NEXT}','')">Trang sau</a></body></html>"""
    listing = parse_listing(html, BASE, load_adapter("aspnet_kontum"))
    assert listing.items and listing.next_postback is None and listing.next_url is None
    assert "no form" in listing.problem


def test_page_without_a_next_link():
    html = """<html><body><form method="post" action="./thong-bao.html"><input type="hidden" name="__VIEWSTATE"
        value="x"/><div id="ctl00_ContentPlaceHolder1_pnlList"><div class="item-news"><a class="title"
        href="/thong-bao/a.html">A</a></div></div></form></body></html>"""
    listing = parse_listing(html, BASE, load_adapter("aspnet_kontum"))
    assert len(listing.items) == 1 and listing.next_postback is None and listing.next_url is None
    assert not listing.problem


def test_misnested_form_still_sends_its_controls():
    # a form opened inside a table: the HTML parser leaves it empty and the controls outside it
    html = f"""<html><body><table><form method="post" action="List.aspx" id="aspnetForm"><tr><td>
        <input type="hidden" name="__VIEWSTATE" value="vs"/><input type="hidden" name="__EVENTVALIDATION" value="ev"/>
        <a id="next" href="javascript:__doPostBack('{NEXT}','')">sau</a></td></tr></form></table></body></html>"""
    tree = LexborHTMLParser(html)
    node = tree.css_first("#next")
    pb = build_postback(tree, node, parse_postback(node.attributes["href"]), "http://x.gov.vn/a/List.aspx")
    assert pb is not None and pb.action == "http://x.gov.vn/a/List.aspx"
    assert pb.fields == (
        ("__EVENTTARGET", NEXT),
        ("__EVENTARGUMENT", ""),
        ("__VIEWSTATE", "vs"),
        ("__EVENTVALIDATION", "ev"),
    )


def test_submit_button_pager_sends_its_name_and_value():
    html = """<html><body><form method="post" action=""><input type="hidden" name="__VIEWSTATE" value="vs"/>
        <input type="submit" name="ctl00$cph$btnNext" value="Trang sau &gt;" class="next"/></form></body></html>"""
    tree = LexborHTMLParser(html)
    node = tree.css_first("input.next")
    pb = build_postback(tree, node, postback_call(node), "http://x.gov.vn/List.aspx?id=3")
    assert pb.action == "http://x.gov.vn/List.aspx?id=3"  # empty action: the page itself
    assert pb.fields == (("__VIEWSTATE", "vs"), ("ctl00$cph$btnNext", "Trang sau >"))


def test_form_in_a_legacy_charset_is_encoded_in_it():
    html = """<html><body><form method="post" action="L.aspx"><input type="hidden" name="__VIEWSTATE" value="vs"/>
        <input type="text" name="q" value="Kon Tum đặc sản"/>
        <a id="n" href="javascript:__doPostBack('n','')">n</a></form></body></html>"""
    tree = LexborHTMLParser(html)
    node = tree.css_first("#n")
    pb = build_postback(tree, node, parse_postback(node.attributes["href"]), "http://x.gov.vn/", charset="cp1258")
    assert pb.charset == "cp1258"
    # đ is one cp1258 byte; ặ is not in cp1258 and goes as a character reference, as browsers send it
    assert pb.body().endswith(b"&q=Kon+Tum+%F0%26%237863%3Bc+s%26%237843%3Bn")


def test_method_get_form_becomes_a_query():
    html = """<html><body><form method="get" action="/tim-kiem.aspx"><input type="hidden" name="p" value="1"/>
        <a id="n" href="javascript:__doPostBack('pager','2')">2</a></form></body></html>"""
    tree = LexborHTMLParser(html)
    node = tree.css_first("#n")
    pb = build_postback(tree, node, parse_postback(node.attributes["href"]), "http://x.gov.vn/a.html")
    assert pb.method == "GET"
    assert pb.get_url() == "http://x.gov.vn/tim-kiem.aspx?__EVENTTARGET=pager&__EVENTARGUMENT=2&p=1"


@pytest.mark.parametrize(
    "pager, has_url, has_postback", [("auto", True, False), ("link", True, False), ("postback", False, True)]
)
def test_pager_setting_chooses_links_or_postbacks(pager, has_url, has_postback):
    html = f"""<html><body><form method="post" action="L.aspx"><input type="hidden" name="__VIEWSTATE" value="v"/>
        <ul class="list-news"><li><a class="title" href="/a.html">A</a></li></ul>
        <div class="pager"><a class="next" href="/thong-bao.html?page=2"
           onclick="javascript:__doPostBack('{NEXT}','');return false;">sau</a></div></form></body></html>"""
    listing = parse_listing(html, BASE, load_adapter({"extends": "aspnet_kontum", "pager": pager}))
    assert (listing.next_url is not None, listing.next_postback is not None) == (has_url, has_postback)


def test_link_pager_ignores_postbacks():
    listing = parse_listing(_text("listing.html"), BASE, load_adapter({"extends": "aspnet_kontum", "pager": "link"}))
    assert listing.next_postback is None and listing.next_url is None


def test_bad_pager_setting():
    with pytest.raises(AdapterError, match="pager must be one of"):
        load_adapter({"extends": "aspnet_kontum", "pager": "infinite-scroll"})


# -- the crawl loop on saved pages ----------------------------------------------------------------
class PostbackSession:
    """GET answers from `gets`; POST answers from a list in order (the last repeats). Records calls."""

    def __init__(self, gets: dict[str, bytes], posts: list[bytes]):
        self.gets, self.posts, self.calls = gets, list(posts), []

    def _res(self, url: str, body: bytes) -> SavedResult:
        return SavedResult(
            url,
            200,
            Headers({"content-type": "text/html; charset=utf-8"}),
            body,
            fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        )

    def get(self, url: str) -> SavedResult:
        self.calls.append(("GET", url, b""))
        path = url.split("skhcn.kontum.gov.vn", 1)[-1]
        return self._res(
            url,
            self.gets.get(
                path, b"<html><body><span id='ctl00_ContentPlaceHolder1_lblContent'><p>x</p></span></body></html>"
            ),
        )

    def post(self, url: str, *, data: bytes, headers: dict[str, str]) -> SavedResult:
        self.calls.append(("POST", url, data))
        assert headers["Content-Type"] == "application/x-www-form-urlencoded"
        body = self.posts.pop(0) if len(self.posts) > 1 else self.posts[0]
        return self._res(url, body)


def _crawl(session: PostbackSession, **settings) -> ExtractContext:
    src = SourceConfig(
        "kontum", "html", {"site": "aspnet_kontum", "start_urls": [BASE], "attachments": False, **settings}
    )
    ctx = ExtractContext(session=session, run_id="t")
    list(iter_records(src, ctx))
    return ctx


def test_crawl_follows_saved_postback_pages_to_the_last():
    session = PostbackSession(
        {"/thong-bao.html": _bytes("listing.html")}, [_bytes("listing_page2.html"), _bytes("listing_last.html")]
    )
    ctx = _crawl(session)
    posts = [c for c in session.calls if c[0] == "POST"]
    assert len(posts) == 2 and all(url == BASE for _, url, _ in posts)
    assert b"__VIEWSTATE=%2FwEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgI%3D" in posts[0][2]
    assert b"__EVENTVALIDATION=%2FwEdAAPkVh2D4nSQ8Lr5v1c3%2BTqMGr4WZ0s%3D" in posts[1][2]
    assert ctx.new_cursor["listing_pages"] == 3 and ctx.new_cursor["postback_pages"] == 2
    assert ctx.new_cursor["articles"] == 5 and ctx.new_cursor["pager_loops"] == 0


def test_crawl_stops_when_the_same_postback_would_be_sent_again(caplog):
    # every answer lists new items but carries the same view state: the next request repeats itself
    page2 = _bytes("listing_page2.html")
    answers = [page2.replace(b"chu-tri-2023.html", f"chu-tri-{i}.html".encode()) for i in range(5)]
    session = PostbackSession({"/thong-bao.html": _bytes("listing.html")}, answers)
    with caplog.at_level(logging.WARNING, logger="extractors.sites.crawl"):
        ctx = _crawl(session, max_pages=50)
    assert sum(1 for c in session.calls if c[0] == "POST") == 2
    assert ctx.new_cursor["pager_loops"] == 1 and "was already requested" in caplog.text


def test_crawl_stops_when_a_page_repeats_earlier_items(caplog):
    page2 = _bytes("listing_page2.html")
    answers = [page2, page2.replace(b"+2/p", b"+3/p"), page2.replace(b"+2/p", b"+4/p")]  # new state, same items
    session = PostbackSession({"/thong-bao.html": _bytes("listing.html")}, answers)
    with caplog.at_level(logging.WARNING, logger="extractors.sites.crawl"):
        ctx = _crawl(session, max_pages=50)
    assert sum(1 for c in session.calls if c[0] == "POST") == 2
    assert ctx.new_cursor["pager_loops"] == 1 and "lists the same 2 item(s) as page 2" in caplog.text
    assert ctx.new_cursor["articles"] == 4


def test_crawl_respects_max_pages_for_postbacks(caplog):
    page2 = _bytes("listing_page2.html")
    session = PostbackSession({"/thong-bao.html": _bytes("listing.html")}, [page2])
    with caplog.at_level(logging.INFO, logger="extractors.sites.crawl"):
        ctx = _crawl(session, max_pages=2)
    assert sum(1 for c in session.calls if c[0] == "POST") == 1
    assert ctx.new_cursor["listing_pages"] == 2 and "max_pages 2 reached" in caplog.text


def test_get_pager_that_serves_the_same_page_for_every_number_stops():
    page = b"""<html><body><ul class="list-news"><li><a class="title" href="/a.html">A</a></li></ul>
        <div class="pager"><a class="next" href="/thong-bao.html?page=%d">sau</a></div></body></html>"""

    class Numbered(PostbackSession):
        def get(self, url: str) -> SavedResult:
            self.calls.append(("GET", url, b""))
            n = int(url.rsplit("=", 1)[1]) if "page=" in url else 1
            return self._res(url, page % (n + 1) if "a.html" not in url else b"<html><body></body></html>")

    session = Numbered({}, [b""])
    ctx = _crawl(session, max_pages=50)
    assert [c[1] for c in session.calls if "thong-bao" in c[1]] == [BASE, BASE + "?page=2"]
    assert ctx.new_cursor["pager_loops"] == 1
