"""Page furniture of the CMS families seen on provincial DOST sites, and the legacy encoders.

Used by make_html_cases.py. Each wrapper takes the article (title, date line, body HTML) and
returns a whole page with the menus, widgets, counters and footers such sites carry, using the
markup each family really emits (Drupal 7 fields, DNN skins and modules, WebForms ctl00_ ids,
NukeViet's news module, Word-exported HTML, WordPress themes, Liferay portlets, SharePoint
publishing pages). All names, figures and addresses are invented.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CHARMAPS = ROOT / "transforms" / "data" / "legacy_charmaps.json"


# ------------------------------------------------------------------ legacy encoders
# Hand-written: no maintained PyPI codec writes TCVN3/ABC or VNI-Windows bytes (iconv has TCVN5712-1,
# whose table transforms/data/legacy_charmaps.json holds; VNI has no codec anywhere).


def _surface_byte(ch: str) -> int:
    """The byte a cp1252 'surface' character of the charmap stands for (0x81/0x8D/... map to themselves)."""
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch)


def _tcvn3_table() -> dict[str, int]:
    tab = json.loads(CHARMAPS.read_text(encoding="utf-8"))["tcvn3"]
    rev = {uni: _surface_byte(surf) for surf, uni in tab.items()}
    rev.setdefault("ý", 0xFD)  # the one letter whose TCVN3 byte is its cp1252 byte: the table omits it
    return rev


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 (ABC) bytes, with the glibc TCVN5712-1 table restricted to what ABC fonts draw."""
    rev = _tcvn3_table()
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        if ch.isupper() and any(m in "\u0300\u0301\u0303\u0309\u0323" for m in d):
            # ABC (the VN3 subset) has no capital with a tone mark: typists wrote "Uỷ ban", or used .VnTimeH
            raise ValueError(f"TCVN3/ABC has no {ch!r}: write the text as .VnTime users did")
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in rev:
            out.append(rev[ch])
        else:
            raise ValueError(f"TCVN3 cannot write {ch!r}")
    return bytes(out)


_VNI_TONE = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ", "": ""}
_VNI_CIRC = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
_VNI_BREVE = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
_VNI_I = {"\u0301": "íÍ", "\u0300": "ìÌ", "\u0309": "æÆ", "\u0303": "óÓ", "\u0323": "òÒ"}


def _vni_char(ch: str) -> str:
    if ord(ch) < 0x80:
        return ch
    if ch in "đĐ":
        return "ñÑ"[ch == "Đ"]
    d = unicodedata.normalize("NFD", ch)
    if len(d) == 1:  # a symbol such as ° or »: the same byte
        return ch
    base, marks = d[0], d[1:]
    up = int(base.isupper())
    tone = next((m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"), "")
    if "\u0302" in marks:  # â ê ô (+ tone)
        return base + _VNI_CIRC[tone][up]
    if "\u0306" in marks:  # ă (+ tone)
        return base + _VNI_BREVE[tone][up]
    if "\u031b" in marks:  # ơ ư (+ tone)
        horn = {"o": "ôÔ", "u": "öÖ"}[base.lower()][up]
        return horn + (_VNI_TONE[tone][up] if tone else "")
    if base in "iI" and tone:
        return _VNI_I[tone][up]
    if base in "yY" and tone == "\u0323":
        return "îÎ"[up]
    if base.lower() in "aeouy" and tone:
        return base + _VNI_TONE[tone][up]
    raise ValueError(f"VNI cannot write {ch!r}")


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI-Windows bytes (base letter followed by its mark bytes, as the VNI fonts draw them)."""
    return "".join(_vni_char(c) for c in unicodedata.normalize("NFC", text)).encode("cp1252")


# ------------------------------------------------------------------ families


def _head(title: str, charset: str | None, extra: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n' if charset else ""
    return f"<head>\n{meta}<title>{title}</title>\n{extra}</head>"


def drupal(
    title: str, date_line: str, body: str, *, site_name: str, weather: str, views: str, sidebar: str = ""
) -> str:
    """Drupal 7 (khcnbackan.gov.vn shape: h1.page-header, .submitted, .field-name-body)."""
    side = sidebar or (
        '<section class="block block-statistics"><h2 class="block-title">Thống kê truy cập</h2>'
        "<p>Đang online: 17</p><p>Tổng lượt truy cập: 2.081.447</p></section>"
    )
    return f"""<!DOCTYPE html>
<html lang="vi" dir="ltr">
{
        _head(
            f"{title} | {site_name}",
            "utf-8",
            '<meta name="Generator" content="Drupal 7 (http://drupal.org)" />'
            '<link type="text/css" rel="stylesheet" href="/sites/all/themes/khcn/css/style.css" media="all" />',
        )
    }
<body class="html not-front not-logged-in one-sidebar sidebar-first page-node">
<div id="skip-link"><a href="#main-content" class="element-invisible">Chuyển tới nội dung chính</a></div>
<header id="navbar" role="banner">
 <div class="site-name">{site_name.upper()}</div>
 <div id="weather" class="block-weather">{weather}</div>
 <nav role="navigation"><ul class="menu nav"><li class="first leaf"><a href="/">Trang chủ</a></li>
 <li class="leaf"><a href="/gioi-thieu">Giới thiệu</a></li><li class="expanded active-trail"><a href="/tin-tuc-su-kien">Tin tức - Sự kiện</a></li>
 <li class="leaf"><a href="/thong-bao">Thông báo</a></li><li class="leaf"><a href="/van-ban">Văn bản</a></li><li class="last leaf"><a href="/lien-he">Liên hệ</a></li></ul></nav>
</header>
<div class="main-container container">
 <div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc-su-kien">Tin tức - Sự kiện</a></div>
 <aside class="col-sm-3" role="complementary">{side}</aside>
 <section class="col-sm-9"><a id="main-content"></a>
<h1 class="page-header">{title}</h1>
<article class="node node-article view-mode-full clearfix">
 <div class="submitted"><span property="dc:date dc:created">{date_line}</span></div>
 <div class="luot-xem">Lượt xem: {views}</div>
 <div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">
{body}
 </div></div></div>
 <div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài viết</a></div>
</article>
 </section>
</div>
<footer class="footer container"><p>Cơ quan chủ quản: {
        site_name
    }. Địa chỉ: tổ 1, phường Đức Xuân. Điện thoại: 0209.3870.111</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>
</body>
</html>
"""


def dnn(title: str, date_mdy: str, body: str, *, site_name: str, views: str) -> str:
    """DotNetNuke (dosttn.gov.vn shape: .tieude-chitiet, .ngaydang 'Ngày: m/d/yyyy', .noidung-chitiet)."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi-VN">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{title} &gt; {site_name}</title>
<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " />
<link href="/Portals/_default/Skins/SoKHCN/skin.css" type="text/css" rel="stylesheet" /></head>
<body id="Body"><form name="Form" method="post" action="/tabid/119/LoaiHienThi/TinTuc/Default.aspx" id="Form">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIBD2QWBAIB" />
<div id="dnn_wrapper">
 <div id="dnn_Banner"><img src="/Portals/0/banner.jpg" alt="{site_name}" /></div>
 <div id="dnn_Menu"><ul class="topmenu"><li><a href="/">TRANG CHỦ</a></li><li><a href="/tabid/60">GIỚI THIỆU</a></li>
 <li><a href="/tabid/119">TIN TỨC</a></li><li><a href="/tabid/121">THỦ TỤC HÀNH CHÍNH</a></li><li><a href="/tabid/140">LIÊN HỆ</a></li></ul></div>
 <div id="dnn_LeftPane"><div class="DNNModuleContent ModLienKetC"><span class="Head">Liên kết website</span>
 <select><option>Bộ Khoa học và Công nghệ</option><option>Cổng thông tin điện tử tỉnh</option></select></div></div>
 <div id="dnn_ContentPane"><div class="DNNModuleContent ModTinTucC">
  <span class="tieude-chitiet">{title}</span>
  <div><span class="ngaydang">Ngày: {date_mdy}</span> <span class="luotxem">Lượt xem: {views}</span></div>
  <div class="noidung-chitiet">
{body}
  </div>
 </div></div>
 <div id="dnn_Footer">Bản quyền thuộc {site_name}. Lượt truy cập: 4.512.906. Thiết kế bởi VNPT.</div>
</div></form></body></html>
"""


def aspnet(
    title: str,
    date_dmy: str,
    body: str,
    *,
    site_name: str,
    section: str = "Thông Báo",
    charset: str | None = "utf-8",
    head_extra: str = "",
) -> str:
    """ASP.NET WebForms (skhcn.kontum.gov.vn shape: ctl00_ContentPlaceHolder1_* ids, breadcrumb date)."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
{_head(title, charset, head_extra)}
<body><form name="aspnetForm" method="post" action="./ChiTietTin.aspx?id=2231" id="aspnetForm">
<div><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTExNjY5NzM3OTEPZBYCZg9kFgICAw9kFgQCAQ9kFgI=" /></div>
<div class="header"><img src="/images/banner.jpg" alt="banner" /><div class="date-now">Hôm nay: {date_dmy.replace("-", "/")}</div></div>
<div class="menu"><a href="/Default.aspx">Trang chủ</a> | <a href="/gioi-thieu.html">Giới thiệu</a> | <a href="/thong-bao.html">Thông báo</a> | <a href="/van-ban.html">Văn bản</a></div>
<table width="100%" cellpadding="0" cellspacing="0"><tr>
<td class="left-col" valign="top" width="200"><div class="box"><div class="box-title">Thời tiết</div>Nhiệt độ: 27°C<br/>Độ ẩm: 81%</div></td>
<td valign="top">
<div class="breadcrumb" id="ctl00_ContentPlaceHolder1_lblPath">Trang chủ &gt;&gt; {section} ({date_dmy})</div>
<h2><span id="ctl00_ContentPlaceHolder1_lblTitle" class="news-title">{title}</span></h2>
<div id="ctl00_ContentPlaceHolder1_lblContent" class="news-content">
{body}
</div>
<div class="print"><a href="/PrintNews.aspx?id=2231">In trang</a> | <a href="javascript:history.back()">Quay lại</a></div>
</td></tr></table>
<div class="footer">{site_name} - Số lượt truy cập: 903.118 - Đang truy cập: 9</div>
</form></body></html>
"""


def nukeviet(title: str, date_line: str, body: str, *, site_name: str, views: str, stats_table: bool = False) -> str:
    """NukeViet 4 news module (h1.title, .h-date 'Thứ năm - 04/07/2024 04:09', #news-bodyhtml)."""
    stats = (
        """<div class="panel panel-default"><div class="panel-heading">Thống kê truy cập</div>
<table class="table table-striped"><tr><td>Đang truy cập</td><td>23</td></tr><tr><td>Hôm nay</td><td>1.208</td></tr>
<tr><td>Tháng hiện tại</td><td>31.447</td></tr><tr><td>Tổng lượt truy cập</td><td>3.906.512</td></tr></table></div>"""
        if stats_table
        else '<div class="panel panel-default"><div class="panel-heading">Thống kê</div><ul><li>Đang truy cập: 23</li>'
        "<li>Tổng lượt truy cập: 3.906.512</li></ul></div>"
    )
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head><title>{title} - Tin tức - {site_name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1" /><meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="NukeViet v4.5" /><link rel="StyleSheet" href="/themes/default/css/news.css" /></head>
<body>
<noscript><div class="alert alert-danger">Trình duyệt đã tắt chức năng hỗ trợ JavaScript.</div></noscript>
<div class="body-bg"><div class="wraper">
<header><div class="logo"><a title="{site_name}" href="/"><img src="/uploads/logo.png" alt="{site_name}" /></a></div>
<div class="weather-box"><span class="city">Lào Cai</span> 22°C - Nhiều mây</div></header>
<nav class="second-nav" id="menusite"><ul class="nav navbar-nav"><li><a href="/">Trang nhất</a></li><li><a href="/news/">Tin tức</a></li>
<li><a href="/news/thong-bao/">Thông báo</a></li><li><a href="/laws/">Văn bản</a></li><li><a href="/contact/">Liên hệ</a></li></ul></nav>
<section><div class="row"><div class="col-md-18">
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{title}</h1>
<div class="row margin-bottom-lg"><span class="h-date">{date_line}</span></div>
<div class="hometext m-bottom">{title}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{body}
</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả bài viết: </strong>Phòng Quản lý khoa học</p></div>
<div class="news_column"><em class="fa fa-eye">&nbsp;</em> Lượt xem: {views}</div>
</div></div></div>
<div class="col-md-6">{stats}</div></div></section>
<footer id="footer"><div class="copyright">© {site_name}. Powered by <a href="https://nukeviet.vn/">NukeViet</a></div></footer>
</div></div></body></html>
"""


def frontpage(
    title: str,
    body: str,
    *,
    site_name: str,
    charset: str | None = "windows-1252",
    font: str = "Times New Roman",
    heading_font: str | None = None,
    lang: str = "VI",
) -> str:
    """A Word 2003 'Save as Web Page' article on an old FrontPage-era site (mso classes, <font>, VML)."""
    hfont = heading_font or font
    meta = f'<meta http-equiv=Content-Type content="text/html; charset={charset}">\n' if charset else ""
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
{meta}<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 11">
<meta name=Originator content="Microsoft Word 11">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View><w:Zoom>90</w:Zoom></w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face {{font-family:"{font}"; panose-1:2 11 114 0 0 0 0 0 0 0;}}
 p.MsoNormal, li.MsoNormal, div.MsoNormal {{margin:0cm; margin-bottom:.0001pt; font-size:13.0pt; font-family:"{font}";}}
 h2 {{font-family:"{hfont}"; font-size:14.0pt;}}
 table.MsoTableGrid {{border:solid windowtext 1.0pt; font-size:10.0pt; font-family:"{font}";}}
-->
</style>
</head>
<body lang=EN-US style='tab-interval:36.0pt'>
<table width="100%" border=0 cellpadding=0 cellspacing=0 class=layout><tr>
<td width=160 valign=top bgcolor="#003399"><font face=Arial color="#FFFFFF" size=2>
<a href="index.htm"><font color="#FFFFFF">Trang chủ</font></a><br><a href="tintuc.htm"><font color="#FFFFFF">Tin tức</font></a><br>
<a href="vanban.htm"><font color="#FFFFFF">Văn bản</font></a></font></td>
<td valign=top>
<div class=Section1>
{body}
</div>
</td></tr></table>
<p class=MsoNormal align=center style='text-align:center'><font face=Arial size=1>{site_name} - Bạn là người truy cập thứ: 000482117</font></p>
</body>
</html>
"""


def wordpress(title: str, date_line: str, body: str, *, site_name: str, widgets: str = "") -> str:
    """A WordPress theme single post (article.post, h1.entry-title, .entry-content, widget sidebar)."""
    wid = widgets or (
        '<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2>'
        '<ul><li><a href="/hoi-nghi-tong-ket-2024/">Hội nghị tổng kết công tác năm 2024</a></li></ul></section>'
    )
    return f"""<!doctype html>
<html lang="vi">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &#8211; {site_name}</title>
<meta name="generator" content="WordPress 6.4.3" />
<link rel='stylesheet' id='astra-theme-css-css' href='/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4' media='all' />
</head>
<body class="post-template-default single single-post postid-4127 single-format-standard">
<div id="page" class="hfeed site"><a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header"><p class="site-title"><a href="/" rel="home">{site_name}</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="/">Trang chủ</a></li>
<li class="menu-item"><a href="/category/tin-tuc/">Tin tức</a></li><li class="menu-item"><a href="/category/thong-bao/">Thông báo</a></li>
<li class="menu-item"><a href="/lien-he/">Liên hệ</a></li></ul></nav>
<div class="widget_weather_widget">Tuyên Quang: 29°C, nắng nhẹ</div></header>
<div id="content" class="site-content"><div class="ast-container">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4127" class="post-4127 post type-post status-publish format-standard hentry category-thong-bao">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published">{date_line}</time></span> <span class="byline">bởi <span class="author vcard">Quản trị viên</span></span></div></header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="/category/thong-bao/" rel="category tag">Thông báo</a></span>
<div class="post-views">Lượt xem: 1.366</div></footer>
</article></main></div>
<aside id="secondary" class="widget-area">{wid}</aside>
</div></div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2024 {site_name}. Vận hành bởi WordPress.</div></footer>
</div></body></html>
"""


def liferay(title: str, date_line: str, body: str, *, site_name: str, views: str) -> str:
    """A Liferay 6.2 portal page with an Asset Publisher / Web Content Display portlet."""
    return f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head><title>{title} - {site_name}</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="/o/classic-theme/images/favicon.ico" rel="Shortcut Icon" />
<link class="lfr-css-file" href="/html/css/main.css?browserId=other&amp;themeId=sokhcn_WAR_theme" rel="stylesheet" type="text/css" /></head>
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Bỏ qua để đến Nội dung</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner"><div id="heading"><h2 class="site-title"><span>{site_name}</span></h2></div>
<nav class="sort-pages modify-pages" id="navigation"><ul aria-label="Các trang của site" role="menubar">
<li><a href="/web/sokhcn/trang-chu"><span>Trang chủ</span></a></li><li><a href="/web/sokhcn/tin-tuc"><span>Tin tức</span></a></li>
<li><a href="/web/sokhcn/thong-bao"><span>Thông báo</span></a></li><li><a href="/web/sokhcn/lien-he"><span>Liên hệ</span></a></li></ul></nav></header>
<div id="content"><div class="columns-2" id="main-content" role="main"><div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1">
<div class="portlet-boundary portlet-boundary_101_ portlet-static portlet-asset-publisher" id="p_p_id_101_INSTANCE_aB3xQ9kLmN2p_">
<section class="portlet" id="portlet_101_INSTANCE_aB3xQ9kLmN2p"><div class="portlet-content"><div class="portlet-body">
<div class="asset-full-content default-asset-publisher show-asset-title">
<h3 class="header-title"><span>{title}</span></h3>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{date_line}</span>
<span class="metadata-entry metadata-view-count">{views} Lượt xem</span></div>
<div class="asset-content"><div class="journal-content-article">
{body}
</div></div></div></div></div></section></div></div>
<div class="portlet-column portlet-column-last span4" id="column-2">
<div class="portlet-boundary portlet-journal-content"><section class="portlet"><div class="portlet-body">
<div class="journal-content-article"><p><strong>Dự báo thời tiết</strong></p><p>Hà Giang: 19°C - 25°C, có mưa rào</p></div>
</div></section></div></div>
</div></div></div>
<footer id="footer" role="contentinfo"><p>Bản quyền © {site_name}. Lượt truy cập: 1.920.336</p></footer>
</div></body></html>
"""


def sharepoint(title: str, date_line: str, body: str, *, site_name: str, extra_zone: str = "") -> str:
    """A SharePoint 2013 publishing page (s4-workspace, ms-rtestate-field, web part zones)."""
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" />
<meta http-equiv="Content-type" content="text/html; charset=utf-8" /><title>
	{title}
</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2ZsT9ZLfPYbyA5v7EnE3ew%3D%3D"/></head>
<body><div id="imgPrefetch" style="display:none"></div>
<form method="post" action="./ChiTiet.aspx?ItemID=318" id="aspnetForm">
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header-portal"><div class="logo-title">{site_name}</div><div class="weather">Cao Bằng 18°C, sương mù</div>
<ul class="top-menu"><li><a href="/Pages/Home.aspx">Trang chủ</a></li><li><a href="/tintuc/Pages/default.aspx">Tin tức</a></li><li><a href="/vanban/Pages/default.aspx">Văn bản</a></li></ul></div>
<div id="contentRow"><div id="contentBox"><div id="DeltaPlaceHolderMain">
<div class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome ms-webpart-chrome-fullWidth">
<div class="news-detail-title"><span id="ctl00_PlaceHolderMain_ctl01_TitleField">{title}</span></div>
<div class="news-detail-date">Ngày đăng: {date_line}</div>
<div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">
{body}
</div></div></div>
{extra_zone}
</div></div></div>
<div class="footer-portal">Cơ quan chủ quản: {site_name}. Giấy phép số 12/GP-TTĐT. Lượt truy cập: 655.201</div>
</div></div></form></body></html>
"""
