"""Write the blind batch of the evaluation corpus: tests/eval/cases/blind_*.{ext,expected.jsonl,meta.json}.

    .venv/bin/python tests/eval/make_blind_cases.py [ID_PART ...]

A small independent check in the spirit of issue 11: 24 documents written by someone who has not
read the extractor, the transforms or the other cases' documents. Content is invented (titles,
people, organisations, numbers, decisions); layouts and wording follow real provincial DOST pages
(decision pages with 'Căn cứ …' grounds, 'Thông báo kết quả tuyển chọn' notices, annexes 'Kèm theo
Quyết định số …'). The document model, the Office/PDF writers and the legacy encoders are imported
from make_office_cases.py and html_pages.py; the CMS page shells and the HTML table writer are
written here so the pages do not share furniture with the other HTML cases.

Each task is one row object: the document is rendered from it and its expected line is made from
it (make_office_cases.expected: a field no column or sentence shows is null), so a label says only
what the document shows. Deterministic apart from the DOC cases (LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import random
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_office_cases as mo  # noqa: E402
from html_pages import encode_tcvn3, encode_vni  # noqa: E402
from make_office_cases import (  # noqa: E402
    Break,
    C,
    Col,
    Para,
    Table,
    T,
    cell_text,
    dong,
    million,  # noqa: E402
    task_table,
    vn_number,
)

log = logging.getLogger(__name__)
OUT = HERE / "cases"
RT, TP, ST, SC = "research_topic", "trial_production_project", "st_project", "scheme"
D = dt.date

# --------------------------------------------------------------------------- invented pools (not the other cases')
TITLES = {
    RT: [
        "Nghiên cứu phục tráng giống lúa Khẩu mang nọi tại huyện Bắc Quang",
        "Nghiên cứu đặc điểm sinh thái và khả năng nhân giống cây Tam thất hoang trên núi đá vôi",
        "Đánh giá chất lượng nước sinh hoạt nông thôn và đề xuất mô hình cấp nước phù hợp vùng cao",
        "Nghiên cứu giải pháp phát triển sinh kế bền vững cho đồng bào Mông vùng biên giới",
        "Nghiên cứu quy trình trồng và sơ chế cây Đương quy theo tiêu chuẩn GACP-WHO",
        "Nghiên cứu bảo tồn và phát huy giá trị lễ hội Gầu Tào của người Mông",
        "Nghiên cứu xây dựng bản đồ phân vùng nguy cơ lũ quét và sạt lở đất cấp xã",
        "Nghiên cứu chọn lọc cây đầu dòng chè Shan tuyết cổ thụ có năng suất, chất lượng cao",
        "Nghiên cứu ứng dụng dữ liệu viễn thám giám sát biến động rừng phòng hộ đầu nguồn",
        "Nghiên cứu tỷ lệ đái tháo đường type 2 ở người trưởng thành và giải pháp dự phòng tại cộng đồng",
        "Nghiên cứu đánh giá hiệu quả các mô hình hợp tác xã nông nghiệp kiểu mới trên địa bàn tỉnh",
        "Nghiên cứu thành phần sâu bệnh hại cây cam sành và biện pháp quản lý tổng hợp",
        "Nghiên cứu sử dụng phụ phẩm cây sắn làm thức ăn cho bò thịt nuôi nhốt",
        "Nghiên cứu thực trạng tảo hôn, hôn nhân cận huyết thống và giải pháp can thiệp",
        "Nghiên cứu khả năng thích nghi của giống mận tam hoa ghép trên gốc mận địa phương",
        "Nghiên cứu đề xuất giải pháp nâng cao chỉ số năng lực cạnh tranh cấp tỉnh",
        "Nghiên cứu đặc điểm địa chất thủy văn phục vụ khai thác nước ngầm vùng cao nguyên đá",
        "Nghiên cứu ứng dụng mô hình học máy dự báo năng suất cà phê vối",
        "Nghiên cứu xây dựng quy trình nuôi cá Lăng chấm trong ao đất",
        "Nghiên cứu biện pháp kỹ thuật thâm canh cây Hồ tiêu bền vững thích ứng hạn hán",
        "Nghiên cứu tình hình kháng kháng sinh của vi khuẩn gây nhiễm khuẩn bệnh viện tại tuyến tỉnh",
        "Nghiên cứu giải pháp bảo tồn nhà trình tường của người Hà Nhì",
        "Nghiên cứu chế tạo thiết bị sấy nông sản sử dụng năng lượng mặt trời kết hợp sinh khối",
        "Nghiên cứu đánh giá trữ lượng các-bon rừng trồng keo phục vụ chi trả dịch vụ môi trường rừng",
        "Nghiên cứu quy trình chiết xuất cao khô từ lá cây Xạ đen",
        "Nghiên cứu xây dựng bộ tài liệu giáo dục địa phương về lịch sử đấu tranh cách mạng của tỉnh",
        "Nghiên cứu thực trạng suy dinh dưỡng thấp còi ở học sinh bán trú và giải pháp cải thiện",
        "Nghiên cứu đánh giá tiềm năng phát triển điện gió trên địa bàn các huyện ven biển",
        "Nghiên cứu kỹ thuật nhân giống cây Ba kích tím bằng phương pháp giâm hom",
        "Nghiên cứu giải pháp quản lý chất thải rắn sinh hoạt tại các thị trấn miền núi",
    ],
    TP: [
        "Sản xuất thử nghiệm giống vịt bầu Quỳ theo hướng hàng hóa",
        "Hoàn thiện quy trình công nghệ sản xuất trà túi lọc từ lá Đinh lăng",
        "Sản xuất thử nghiệm nấm Đông trùng hạ thảo trên giá thể nhộng tằm",
        "Hoàn thiện công nghệ chế biến mật ong bạc hà dạng viên",
        "Sản xuất thử nghiệm phân hữu cơ vi sinh từ bã thải chế biến tinh bột sắn",
        "Hoàn thiện quy trình sản xuất giống khoai sọ núi sạch bệnh",
        "Sản xuất thử nghiệm rượu vang từ quả sim rừng",
        "Hoàn thiện quy trình nhân nuôi ong mật giống nội quy mô nông hộ",
    ],
    ST: [
        "Ứng dụng tiến bộ khoa học kỹ thuật xây dựng mô hình trồng dâu nuôi tằm tập trung",
        "Chuyển giao công nghệ chế biến thức ăn chăn nuôi từ thân cây ngô sau thu hoạch",
        "Xây dựng mô hình ứng dụng nhà màng trồng dưa lưới công nghệ cao",
        "Ứng dụng công nghệ IoT giám sát môi trường ao nuôi tôm thẻ chân trắng",
        "Xây dựng mô hình liên kết sản xuất và tiêu thụ gạo hữu cơ",
        "Ứng dụng công nghệ sinh học sản xuất giống hoa lan bản địa",
        "Chuyển giao quy trình canh tác cây ăn quả ôn đới trên đất dốc",
        "Ứng dụng năng lượng sinh khối cho lò sấy chè quy mô hợp tác xã",
    ],
    SC: [
        "Đề án phát triển sản phẩm chủ lực cấp tỉnh gắn với chỉ dẫn địa lý",
        "Đề án hỗ trợ doanh nghiệp nâng cao năng suất chất lượng sản phẩm hàng hóa",
        "Đề án xây dựng cơ sở dữ liệu khoa học và công nghệ dùng chung của tỉnh",
        "Đề án phát triển thị trường khoa học và công nghệ đến năm 2030",
        "Đề án đào tạo nguồn nhân lực khoa học và công nghệ trẻ",
    ],
}
HOSTS = [
    "Viện Nghiên cứu Rau quả",
    "Trường Đại học Tây Bắc",
    "Trung tâm Khuyến nông tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Viện Di truyền Nông nghiệp",
    "Trung tâm Khoa học và Công nghệ tỉnh",
    "Trường Đại học Y Dược - Đại học Thái Nguyên",
    "Viện Bảo vệ thực vật",
    "Ban Quản lý rừng phòng hộ Sông Chảy",
    "Hợp tác xã Chè Phìn Hồ",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Viện Khoa học Lâm nghiệp Việt Nam",
    "Trung tâm Kiểm soát bệnh tật tỉnh",
    "Công ty Cổ phần Dược liệu Hoàng Liên",
    "Trường Đại học Nông Lâm Huế",
    "Viện Văn hóa Nghệ thuật quốc gia Việt Nam",
    "Sở Giáo dục và Đào tạo",
    "Viện Khoa học Địa chất và Khoáng sản",
    "Trung tâm Quan trắc tài nguyên và môi trường tỉnh",
    "Hội Nông dân tỉnh",
]
PEOPLE = [
    ("TS.", "Vàng Seo Páo"),
    ("ThS.", "Lò Thị Xuân"),
    ("PGS.TS.", "Đặng Đình Thục"),
    ("KS.", "Giàng A Dế"),
    ("TS.", "Nguyễn Hồng Nhung"),
    ("ThS.", "Cầm Văn Thành"),
    ("GS.TS.", "Trịnh Xuân Vũ"),
    ("BSCKII.", "Mai Văn Toàn"),
    ("ThS.", "Hầu A Lềnh"),
    ("TS.", "Phan Thanh Hải"),
    ("CN.", "Sùng Thị Mỷ"),
    ("PGS.TS.", "Võ Thị Mai Hương"),
    ("ThS.", "Bùi Quang Trung"),
    ("TS.", "Tống Văn Lực"),
    ("KS.", "Lý Seo Chứ"),
    ("ThS.", "Quàng Văn Đôi"),
    ("TS.", "Huỳnh Minh Nhựt"),
    (None, "Phùng Văn Sáng"),
    ("ThS.", "Kha Thị Út"),
    ("TS.", "Ngô Xuân Phong"),
    ("ThS.", "Thào Thị Dợ"),
    ("PGS.TS.", "Hồ Sỹ Hạnh"),
    ("KS.", "Điêu Chính Tơi"),
    ("ThS.", "Lương Văn Bình"),
]


@dataclass
class B(T):
    """A task row with display overrides (what the document prints where the value is unusual)."""

    show: dict = field(default_factory=dict)


def rows(
    seed: int,
    kinds: list[str | None],
    year: int,
    *,
    grades: bool = False,
    day: bool = False,
    round_to: int = 100_000,
    state_share: bool = True,
    titles: list[str] | None = None,
) -> list[B]:
    """Invented rows without repeats; kind None = a bare 'Dự án' (title from the st pool)."""
    rnd = random.Random(seed)
    pools = {k: rnd.sample(v, len(v)) for k, v in TITLES.items()}
    hosts, people = rnd.sample(HOSTS, len(HOSTS)), rnd.sample(PEOPLE, len(PEOPLE))
    out = []
    for i, kind in enumerate(kinds):
        title = titles[i] if titles else pools[kind or ST].pop()
        m0 = rnd.choice((1, 2, 3, 5, 6, 7, 10))
        start = D(year, m0, rnd.randint(2, 28) if day else 1)
        months = rnd.choice((12, 18, 20, 24, 24, 30, 36))
        ey, em = divmod(m0 - 1 + months - 1, 12)
        end = D(year + ey, em + 1, rnd.randint(2, 28) if day else 1)
        budget = rnd.randint(3_000_000_000 // round_to, 25_000_000_000 // round_to) // 10 * round_to
        if state_share and kind in (TP, ST, None) and rnd.random() < 0.8:
            state = budget * rnd.choice((35, 50, 60, 70)) // 100 // round_to * round_to
        else:
            state = budget
        pt, pn = people[i % len(people)]
        grade = rnd.choice(("excellent", "good", "good", "pass", "pass")) if grades else None
        out.append(B(title, kind, None, hosts[i % len(hosts)], pn, pt, start, end, budget, state, grade))
    return out


# --------------------------------------------------------------------------- cases
@dataclass
class Blind:
    cid: str
    fmt: str
    family: str
    classes: list[int]
    note: str
    tasks: list[B]
    shown: set[str]
    level: str | None
    decision: tuple[str, str] | None
    kind_shown: bool
    date_prec: str = "month"
    blocks: list | None = None  # Office/PDF document model
    page: str | bytes | None = None  # HTML
    fix: Callable[[list[dict]], None] | None = None  # hand corrections of expected lines (documented per case)


def expected(c: Blind) -> list[dict]:
    """make_office_cases.expected, then the case's own corrections; strings NFC with single spaces."""
    recs = mo.expected(
        mo.Case(c.cid, c.fmt, c.classes, c.note, [], c.tasks, c.shown, c.level, c.decision, c.kind_shown, c.date_prec)
    )
    for t, r in zip(c.tasks, recs):
        for k, v in t.show.get("exp", {}).items():
            r[k] = v
    if c.fix:
        c.fix(recs)
    for r in recs:
        for k, v in r.items():
            if isinstance(v, str):
                r[k] = " ".join(unicodedata.normalize("NFC", v).split())
    return recs


def e(s: str) -> str:
    return html.escape(s, quote=False)


def html_table(
    tab: Table,
    *,
    attrs: str = 'border="1" cellspacing="0" cellpadding="3"',
    head_tag: str = "th",
    strong_head: bool = False,
    p_cells: bool = False,
) -> str:
    """Table model -> HTML (merges become rowspan/colspan; a hand line break in a label becomes <br />)."""
    start = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in tab.merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in tab.merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    out = [f"<table {attrs}>"]
    for r, row in enumerate(tab.rows):
        head = r < tab.header_rows
        tag = head_tag if head else "td"
        cells = []
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            text = "<br />".join(e(x) for x in cell_text(v).split("\n"))
            if (head and strong_head) or (isinstance(v, C) and v.bold and not head):
                text = f"<strong>{text}</strong>"
            if p_cells:
                text = f'<p class="MsoNormal">{text}</p>'
            span = ""
            if (r, c) in start:
                rs, cs = start[(r, c)]
                span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<{tag}{span}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ---- CMS shells (the furniture each family emits; names and figures invented)
def shell_drupal(title: str, body: str, site: str, date: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi" dir="ltr"><head><meta charset="utf-8" /><title>{e(title)} | {e(site)}</title>
<meta name="Generator" content="Drupal 8 (https://www.drupal.org)" /></head>
<body class="path-node page-node-type-article">
<div class="region region-header"><a href="/" rel="home">{e(site)}</a>
<nav role="navigation"><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav></div>
<main><article role="article" class="node node--type-article">
<h1 class="page-title"><span class="field field--name-title">{e(title)}</span></h1>
<div class="node__meta"><span class="field--name-created">{date}</span></div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">
{body}
</div></article></main>
<aside class="region-sidebar"><h2>Liên kết website</h2><ul><li><a href="https://most.gov.vn">Bộ Khoa học và Công nghệ</a></li></ul>
<div class="block-statistics">Đang truy cập: 27 · Tổng lượt truy cập: 1.204.551</div></aside>
<footer><p>Bản quyền thuộc {e(site)}. Địa chỉ: số 8 đường Nguyễn Trãi.</p></footer></body></html>"""


def shell_dnn(title: str, body: str, site: str, date: str) -> str:
    return f"""<!DOCTYPE html>
<html><head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{e(title)}</title><!--**********************************************************************************-->
<!-- DotNetNuke - http://www.dotnetnuke.com --></head>
<body id="Body"><form method="post" action="/tin-tuc/tabid/95/Default.aspx" id="Form">
<div id="dnn_HeaderPane"><span id="dnn_dnnLOGO_lblLogo">{e(site)}</span></div>
<div id="dnn_dnnNAV_ctldnnNAV"><a href="/">TRANG CHỦ</a> | <a href="/gioithieu">GIỚI THIỆU</a> | <a href="/thongbao">THÔNG BÁO</a></div>
<div id="dnn_ContentPane"><div class="DnnModule DnnModule-NewsArticles">
<h1 class="Head"><span id="dnn_ctr512_ViewArticle_lblTitle">{e(title)}</span></h1>
<span class="articleDate">{date}</span>
<div id="dnn_ctr512_ViewArticle_ArticleContent" class="articleContent">{body}</div>
</div></div>
<div id="dnn_RightPane"><div class="Normal">Lượt truy cập: 88.310</div></div>
<div id="dnn_FooterPane">{e(site)} - Điện thoại: 0219.3866.123</div></form></body></html>"""


def shell_aspnet(title: str, body: str, site: str, date: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{e(title)}
</title></head>
<body><form name="aspnetForm" method="post" action="ChiTiet.aspx?id=2291" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2NjQ1NTQ3MDcPZBYCZg9kFgICAw9kFgQ=" />
<div id="header"><img src="/images/banner.jpg" alt="{e(site)}" /></div>
<table width="100%"><tr><td id="ctl00_leftCol" width="200"><ul><li><a href="/">Trang chủ</a></li><li><a href="/ThongBao.aspx">Thông báo</a></li></ul></td>
<td><span id="ctl00_ContentPlaceHolder1_lblTieuDe" class="tieude">{e(title)}</span><br />
<span id="ctl00_ContentPlaceHolder1_lblNgayDang" class="ngaydang">Ngày đăng: {date}</span>
<div id="ctl00_ContentPlaceHolder1_pnNoiDung"><span id="ctl00_ContentPlaceHolder1_lblNoiDung">{body}</span></div>
<div class="cactinkhac"><b>Các tin khác:</b><ul><li><a href="ChiTiet.aspx?id=2290">Hội nghị tổng kết công tác năm</a></li></ul></div>
</td></tr></table>
<div id="footer">{e(site)} · Giấy phép số 12/GP-STTTT</div></form></body></html>"""


def shell_nukeviet(title: str, body: str, site: str, date: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#"><head>
<title>{e(title)} - {e(site)}</title><meta name="generator" content="NukeViet v4.5" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" /></head>
<body><div class="wraper"><header><div class="logo"><a href="/"><span>{e(site)}</span></a></div></header>
<nav class="second-nav"><ul><li><a href="/vi/news/">Tin tức</a></li><li><a href="/vi/laws/">Văn bản</a></li></ul></nav>
<div class="col-md-18"><div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{e(title)}</h1>
<span class="h5">{date}</span>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body}</div>
<div class="keywords">Từ khóa: <a href="/vi/news/tag/khoa-hoc">khoa học</a></div>
</div></div></div>
<div class="col-md-6"><div class="panel-heading">Thống kê truy cập</div><ul class="counter"><li>Đang truy cập 19</li><li>Hôm nay 1.207</li></ul></div>
<footer><div class="copyright">&copy; {e(site)}</div></footer></div></body></html>"""


def shell_frontpage(title: str, body: str, charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    return f"""<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head>
{meta}<meta name="GENERATOR" content="Microsoft FrontPage 5.0">
<meta name="ProgId" content="FrontPage.Editor.Document">
<title>{title}</title>
<style><!-- p.MsoNormal {{margin:0cm; font-size:13.0pt; font-family:"Times New Roman"}} --></style>
</head>
<body bgcolor="#FFFFFF">
<table border="0" width="760" align="center"><tr><td>
<img border="0" src="images/banner.gif" width="760" height="90"></td></tr><tr><td>
{body}
</td></tr></table>
<p align="center"><font size="1" face="Arial">Trang chủ | Tin tức | Liên hệ</font></p>
</body></html>"""


def shell_wordpress(title: str, body: str, site: str, date: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="UTF-8"><title>{e(title)} &#8211; {e(site)}</title>
<meta name="generator" content="WordPress 6.4.2" /><link rel='stylesheet' href='/wp-content/themes/flatsome/style.css' /></head>
<body class="post-template-default single single-post">
<header id="header"><div class="header-main"><a href="/" class="logo">{e(site)}</a>
<ul class="nav header-nav"><li class="menu-item"><a href="/">Trang chủ</a></li><li class="menu-item"><a href="/category/thong-bao/">Thông báo</a></li></ul></div></header>
<main id="main"><article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{e(title)}</h1>
<div class="entry-meta"><span class="posted-on">Đăng ngày <time class="entry-date published">{date}</time></span> bởi <span class="author">admin</span></div></header>
<div class="entry-content single-page">{body}</div>
<footer class="entry-meta"><span class="cat-links">Chuyên mục: <a href="/category/thong-bao/">Thông báo</a></span></footer></article>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h3>Bài viết mới</h3>
<ul><li><a href="/hoi-thao-chuyen-doi-so/">Hội thảo chuyển đổi số trong doanh nghiệp</a></li></ul></section></aside></main>
<footer id="footer"><div class="copyright-footer">Copyright 2024 &copy; {e(site)}</div></footer></body></html>"""


def shell_liferay(title: str, body: str, site: str, date: str, charset: str = "UTF-8", extra_head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN"><head><title>{title} - {site}</title>
<meta content="text/html; charset={charset}" http-equiv="content-type" />{extra_head}</head>
<body class="yui3-skin-sam controls-visible signed-out public-page site"><div id="wrapper">
<header id="banner" role="banner"><div id="heading"><h1 class="site-title"><span>{site}</span></h1></div>
<nav class="sort-pages modify-pages" id="navigation"><ul><li><a href="/web/guest/trang-chu"><span>Trang chủ</span></a></li></ul></nav></header>
<div id="content"><div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_101_INSTANCE_xK4r_">
<div class="portlet-body"><div class="asset-full-content"><h3 class="header-title"><span>{title}</span></h3>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{date}</span></div>
<div class="asset-content"><div class="journal-content-article">{body}</div></div></div></div></div></div>
<footer id="footer" role="contentinfo"><p class="powered-by">Powered by Liferay Portal</p></footer></div></body></html>"""


# ---- HTML cases
def html_cases() -> list[Blind]:
    out: list[Blind] = []

    # 1 Drupal: decision in the lead after grounds, a Thông báo and a Công văn; kind column 'Loại nhiệm vụ'
    ts = rows(9101, [RT, RT, TP, ST, RT], 2024)
    kinds = {RT: "Đề tài", TP: "Dự án SXTN", ST: "Dự án KH&CN"}
    cols = [
        Col("Tên nhiệm vụ", lambda t: t.title, ()),
        Col("Loại nhiệm vụ", lambda t: kinds[t.kind], ()),
        Col("Tổ chức chủ trì", lambda t: t.host, ("host_org",)),
        Col("Chủ nhiệm nhiệm vụ", mo.pi_full, ("principal_investigator", "pi_title")),
        Col("Thời gian thực hiện", lambda t: f"{mo.mm(t.start)} - {mo.mm(t.end)}", ("start_date", "end_date")),
        Col("Kinh phí\n(triệu đồng)", lambda t: million(t.budget), ("budget_vnd",)),
    ]
    body = f"""<p>Căn cứ Quyết định số 26/2019/QĐ-UBND ngày 14/8/2019 của UBND tỉnh Hà Giang ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ sử dụng ngân sách nhà nước; căn cứ Thông báo số 41/TB-SKHCN ngày 02/02/2024 của Sở Khoa học và Công nghệ về kết quả họp Hội đồng tư vấn tuyển chọn,</p>
<p>Ngày 18/3/2024, Ủy ban nhân dân tỉnh Hà Giang đã ban hành Quyết định số 512/QĐ-UBND về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2024. Danh mục gồm 05 nhiệm vụ như sau:</p>
{html_table(task_table(cols, ts, stt="TT"), attrs='class="table table-bordered" style="width:100%"')}
<p>Sở Khoa học và Công nghệ đã có Công văn số 233/SKHCN-QLKH ngày 20/3/2024 đề nghị các tổ chức chủ trì hoàn thiện thuyết minh để ký hợp đồng.</p>"""
    out.append(
        Blind(
            "blind_html_drupal_lead_cancu_congvan",
            "html",
            "drupal",
            [1, 2],
            "decision in the lead after 'Căn cứ Quyết định … Thông báo số …/TB-'; a Công văn after the "
            "table; kind column 'Loại nhiệm vụ'; 'Kinh phí<br />(triệu đồng)' with decimal commas",
            ts,
            {"host_org", "principal_investigator", "pi_title", "start_date", "end_date", "budget_vnd"},
            "provincial",
            ("512/QĐ-UBND", "2024-03-18"),
            True,
            page=shell_drupal(
                "Phê duyệt danh mục nhiệm vụ KH&CN cấp tỉnh bắt đầu thực hiện năm 2024",
                body,
                "Sở Khoa học và Công nghệ tỉnh Hà Giang",
                "Thứ Tư, 20/03/2024 - 15:12",
            ),
        )
    )

    # 2 DNN: acceptance decision of the Sở in an <h2>, an older decision in passing; grassroots; own title column
    ts = rows(9102, [RT, RT, RT, RT], 2021, grades=True)
    cols = [
        Col("Tên đề tài", lambda t: t.title, ()),
        Col("Chủ nhiệm đề tài", lambda t: t.pi, ("principal_investigator",)),
        Col("Học hàm/học vị", lambda t: t.pi_title or "", ("pi_title",)),
        Col("Đơn vị chủ trì", lambda t: t.host, ("host_org",)),
        Col("Kết quả xếp loại", lambda t: mo.GRADES[t.grade], ("acceptance_grade",)),
    ]
    body = f"""<h2 style="text-align:center">Quyết định số 214/QĐ-SKHCN ngày 27/9/2023 về việc công nhận kết quả thực hiện đề tài khoa học và công nghệ cấp cơ sở</h2>
<p>Giám đốc Sở Khoa học và Công nghệ tỉnh Sơn La đã ký Quyết định công nhận kết quả thực hiện 04 đề tài khoa học và công nghệ cấp cơ sở đã được nghiệm thu. Các đề tài này được phê duyệt tại Quyết định số 95/QĐ-SKHCN ngày 10/3/2021 và triển khai trong giai đoạn 2021 - 2023.</p>
{html_table(task_table(cols, ts, stt="STT"), attrs='class="Normal" border="1" cellpadding="4"', head_tag="td", strong_head=True)}
<p>Các tổ chức chủ trì có trách nhiệm nộp sản phẩm và đăng ký kết quả thực hiện nhiệm vụ theo quy định.</p>"""
    out.append(
        Blind(
            "blind_html_dnn_h2_acceptance_hocvi",
            "html",
            "dnn",
            [1, 3],
            "grassroots acceptance decision in an <h2>, the approval decision of 2021 mentioned in passing; "
            "'Học hàm/học vị' column beside 'Chủ nhiệm đề tài'; grades",
            ts,
            {"principal_investigator", "pi_title", "host_org", "acceptance_grade"},
            "grassroots",
            ("214/QĐ-SKHCN", "2023-09-27"),
            True,
            page=shell_dnn(
                "Công nhận kết quả thực hiện đề tài KH&CN cấp cơ sở",
                body,
                "Sở Khoa học và Công nghệ Sơn La",
                "9/29/2023 8:15:00 AM",
            ),
        )
    )

    # 3 ASP.NET: decision in a <strong> title block, kind merged down, money in đồng (dots)
    ts = rows(9103, [RT, RT, RT, TP, TP, SC], 2024)
    kinds = {RT: "Đề tài", TP: "Dự án sản xuất thử nghiệm", SC: "Đề án"}
    cols = [
        Col("Loại hình", lambda t: kinds[t.kind], (), merge_same=True),
        Col("Tên nhiệm vụ", lambda t: t.title, ()),
        Col("Cơ quan chủ trì", lambda t: t.host, ("host_org",)),
        Col("Chủ nhiệm", mo.pi_full, ("principal_investigator", "pi_title")),
        Col("Thời gian thực hiện", lambda t: f"{mo.mm(t.start)}-{mo.mm(t.end)}", ("start_date", "end_date")),
        Col("Tổng kinh phí (đồng)", lambda t: dong(t.budget), ("budget_vnd",)),
        Col("Trong đó NSNN (đồng)", lambda t: dong(t.state), ("budget_state_vnd",)),
    ]
    body = f"""<p align="center"><strong>DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG THỰC HIỆN TỪ NĂM 2024</strong></p>
<p align="center"><strong><em>(Kèm theo Quyết định số 2045/QĐ-UBND ngày 30 tháng 10 năm 2023 của Ủy ban nhân dân tỉnh Quảng Trị)</em></strong></p>
{html_table(task_table(cols, ts, stt="STT"), attrs='border="1" cellpadding="2" style="border-collapse:collapse"')}"""
    out.append(
        Blind(
            "blind_html_aspnet_strong_block_rowspan_dong",
            "html",
            "aspnet",
            [1, 2],
            "ordering list: decision in a <strong><em> '(Kèm theo Quyết định số … ngày … tháng … năm …)' "
            "block; 'Loại hình' merged down by rowspan; total and state budget in đồng",
            ts,
            {
                "host_org",
                "principal_investigator",
                "pi_title",
                "start_date",
                "end_date",
                "budget_vnd",
                "budget_state_vnd",
            },
            "provincial",
            ("2045/QĐ-UBND", "2023-10-30"),
            True,
            page=shell_aspnet(
                "Danh mục nhiệm vụ KH&CN cấp tỉnh đặt hàng thực hiện từ năm 2024",
                body,
                "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
                "02/11/2023",
            ),
        )
    )

    # 4 NukeViet: tuyển chọn result as numbered paragraph blocks restarting under kind headings; no decision
    ts = rows(9104, [RT, RT, RT, TP, TP], 2024)
    ts[1].show["period"] = "thực hiện trong {n} tháng (từ tháng {s} đến tháng {e})"

    def block4(t: B, n: int) -> str:
        months = (t.end.year - t.start.year) * 12 + t.end.month - t.start.month + 1
        per = t.show.get("period", "{n} tháng, từ tháng {s} đến tháng {e}").format(
            n=months, s=f"{t.start.month}/{t.start.year}", e=f"{t.end.month}/{t.end.year}"
        )
        money = (
            f"Tổng kinh phí {million(t.budget)} triệu đồng (ngân sách sự nghiệp khoa học tỉnh: "
            f"{million(t.state)} triệu đồng)"
        )
        return (
            f"<p><strong>{n}. Tên nhiệm vụ: {e(t.title)}</strong></p>\n<p>- Tổ chức trúng tuyển chủ trì: {e(t.host)}</p>\n"
            f"<p>- Chủ nhiệm nhiệm vụ: {e(mo.pi_full(t))}</p>\n<p>- Thời gian thực hiện: {per}</p>\n<p>- Kinh phí: {money}</p>"
        )

    body = (
        "<p>Căn cứ Quyết định số 1756/QĐ-UBND ngày 05/9/2023 của UBND tỉnh Ninh Bình phê duyệt danh mục nhiệm vụ "
        "khoa học và công nghệ cấp tỉnh đặt hàng để tuyển chọn thực hiện từ năm 2024;</p>\n"
        "<p>Căn cứ kết quả làm việc của các Hội đồng khoa học và công nghệ tư vấn tuyển chọn tổ chức, cá nhân chủ trì "
        "nhiệm vụ, Sở Khoa học và Công nghệ thông báo kết quả tuyển chọn (Thông báo số 318/TB-SKHCN ngày 12/12/2023) "
        "như sau:</p>\n<h3>I. ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ</h3>\n"
        + "\n".join(block4(t, i) for i, t in enumerate(ts[:3], 1))
        + "\n<h3>II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM</h3>\n"
        + "\n".join(block4(t, i) for i, t in enumerate(ts[3:], 1))
        + "\n<p>Đề nghị các tổ chức trúng tuyển hoàn thiện hồ sơ trước ngày 25/12/2023.</p>"
    )
    out.append(
        Blind(
            "blind_html_nukeviet_tuyenchon_blocks_no_decision",
            "html",
            "nukeviet",
            [1, 2, 6],
            "tuyển chọn result as numbered <p> blocks restarting under 'I. ĐỀ TÀI' / 'II. DỰ ÁN SẢN XUẤT THỬ "
            "NGHIỆM'; only a grounds decision and a Thông báo number: decision null; money as sentences",
            ts,
            {
                "host_org",
                "principal_investigator",
                "pi_title",
                "start_date",
                "end_date",
                "budget_vnd",
                "budget_state_vnd",
            },
            "provincial",
            None,
            True,
            page=shell_nukeviet(
                "Thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&CN cấp tỉnh thực hiện từ năm 2024",
                body,
                "Sở Khoa học và Công nghệ tỉnh Ninh Bình",
                "Thứ tư - 13/12/2023 09:41",
            ),
        )
    )

    # 5 WordPress: kind only from the title's opening words (one bare 'Dự án'); two-level money header
    low = lambda s: s[0].lower() + s[1:]  # noqa: E731
    titles = [
        "Đề tài " + low(TITLES[RT][20]),
        "Dự án sản xuất thử nghiệm " + low(TITLES[TP][1]),
        "Dự án " + low(TITLES[ST][2]),
        TITLES[SC][3],
        "Đề tài " + low(TITLES[RT][28]),
    ]
    ts = rows(9105, [RT, TP, None, SC, RT], 2025, titles=titles)
    cols = [
        Col("Tên đề tài, dự án, đề án", lambda t: t.title, ()),
        Col("Đơn vị chủ trì", lambda t: t.host, ("host_org",)),
        Col("Chủ nhiệm", mo.pi_full, ("principal_investigator", "pi_title")),
        Col("Tổng số", lambda t: million(t.budget), ("budget_vnd",), top="Kinh phí (triệu đồng)"),
        Col("Ngân sách tỉnh", lambda t: million(t.state), ("budget_state_vnd",), top="Kinh phí (triệu đồng)"),
    ]
    body = f"""<p>Ngày 15/8/2024, Chủ tịch UBND tỉnh Bến Tre ký <strong>Quyết định số 1789/QĐ-UBND</strong> phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện năm 2025. Quyết định này thay thế Quyết định số 1502/QĐ-UBND ngày 03/7/2024.</p>
<figure class="wp-block-table"><table class="has-fixed-layout">{html_table(task_table(cols, ts, stt="Stt"), attrs="")[len("<table >") :]}</figure>
<p><em>Nguồn: Phòng Quản lý khoa học</em></p>"""
    out.append(
        Blind(
            "blind_html_wordpress_title_prefix_kinds_twolevel",
            "html",
            "wordpress",
            [1, 2],
            "kind only from the title's opening words ('Đề tài …', 'Dự án sản xuất thử nghiệm …', a bare "
            "'Dự án …' = null, 'Đề án …'); decision in <strong> of the lead, a replaced decision in passing; "
            "two-level 'Kinh phí (triệu đồng)' header",
            ts,
            {"host_org", "principal_investigator", "pi_title", "budget_vnd", "budget_state_vnd"},
            "provincial",
            ("1789/QĐ-UBND", "2024-08-15"),
            True,
            page=shell_wordpress(
                "Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025",
                body,
                "Sở Khoa học và Công nghệ Bến Tre",
                "19/08/2024",
            ),
        )
    )

    # 6 Liferay, TCVN3 served as windows-1252 (.VnTime)
    ts = rows(9106, [RT, RT, RT], 2022, titles=[TITLES[RT][0], TITLES[RT][7], TITLES[RT][14]])
    f = ".VnTime"
    cols = [
        Col("Tên đề tài", lambda t: t.title, ()),
        Col("Cơ quan chủ trì", lambda t: t.host, ("host_org",)),
        Col("Chủ nhiệm đề tài", mo.pi_full, ("principal_investigator", "pi_title")),
        Col("Thời gian", lambda t: f"{t.start.year} - {t.end.year}", ("start_date", "end_date")),
        Col("Kinh phí (tr.đ)", lambda t: million(t.budget), ("budget_vnd",)),
    ]
    for t in ts:
        if t.end.year == t.start.year:
            t.end = t.end.replace(year=t.start.year + 1)
    body = f"""<p style="font-family:'{f}'">Theo Quyết định số 2210/QĐ-UBND ngày 15/11/2021 của Uỷ ban nhân dân tỉnh Hà Giang, danh mục đề tài khoa học cấp tỉnh thực hiện năm 2022 gồm các đề tài sau:</p>
<div style="font-family:'{f}'">{html_table(task_table(cols, ts, stt="TT"), attrs='border="1" cellspacing="0"')}</div>"""
    uni = shell_liferay(
        "Danh mục đề tài khoa học cấp tỉnh năm 2022",
        body,
        "Sở Khoa học và Công nghệ Hà Giang",
        "22/11/2021",
        charset="windows-1252",
        extra_head="<style>body{font-family:'.VnTime', serif}</style>",
    )
    out.append(
        Blind(
            "blind_html_liferay_tcvn3_cp1252",
            "html",
            "liferay",
            [1, 5],
            "whole Liferay page in TCVN3 bytes declared windows-1252, font-family '.VnTime'; 'Theo Quyết "
            "định …' lead; year-only periods",
            ts,
            {"host_org", "principal_investigator", "pi_title", "start_date", "end_date", "budget_vnd"},
            "provincial",
            ("2210/QĐ-UBND", "2021-11-15"),
            True,
            date_prec="year",
            page=encode_tcvn3(uni),
        )
    )

    # 7 FrontPage, VNI-Times, no charset: acceptance list with grades
    ts = rows(9107, [RT, RT, ST], 2019, grades=True)
    f = "VNI-Times"

    def fp(s: str) -> str:
        return f'<font face="{f}">{e(s)}</font>'

    trs = "\n".join(
        f"<tr><td>{i}</td><td>{fp(t.title)}</td><td>{fp(mo.pi_full(t))}</td><td>{fp(t.host)}</td>"
        f"<td>{fp(mo.GRADES[t.grade])}</td></tr>"
        for i, t in enumerate(ts, 1)
    )
    body = f"""<p class="MsoNormal" align="center"><b>{fp("DANH MỤC ĐỀ TÀI, DỰ ÁN KH&CN CẤP TỈNH ĐÃ ĐƯỢC CÔNG NHẬN KẾT QUẢ")}</b></p>
<p class="MsoNormal" align="center"><i>{fp("(Ban hành kèm theo Quyết định số 1330/QĐ-UBND ngày 08/7/2021 của UBND tỉnh Phú Yên)")}</i></p>
<table border="1" cellspacing="0" cellpadding="0" width="100%">
<tr><td><b>{fp("STT")}</b></td><td><b>{fp("Tên đề tài, dự án")}</b></td><td><b>{fp("Chủ nhiệm")}</b></td><td><b>{fp("Cơ quan chủ trì")}</b></td><td><b>{fp("Xếp loại")}</b></td></tr>
{trs}
</table>"""
    page = encode_vni(shell_frontpage("Cong nhan ket qua", body, None))
    out.append(
        Blind(
            "blind_html_frontpage_vni_nocharset_grades",
            "html",
            "frontpage",
            [1, 5],
            "FrontPage page in VNI-Windows bytes (<font face=VNI-Times>), no charset; acceptance list "
            "issued 'Ban hành kèm theo Quyết định …'; grades",
            ts,
            {"principal_investigator", "pi_title", "host_org", "acceptance_grade"},
            "provincial",
            ("1330/QĐ-UBND", "2021-07-08"),
            False,
            page=page,
        )
    )

    # 8 Drupal: decision in <h3>, then the task table, then visitor statistics and a reception schedule
    ts = rows(9108, [RT, ST, RT, RT], 2023)
    cols = [
        Col("Tên nhiệm vụ", lambda t: t.title, ()),
        Col("Tổ chức chủ trì", lambda t: t.host, ("host_org",)),
        Col("Họ và tên chủ nhiệm", lambda t: t.pi, ("principal_investigator",)),
        Col("Học vị", lambda t: t.pi_title or "", ("pi_title",)),
        Col("Bắt đầu", lambda t: f"tháng {t.start.month}/{t.start.year}", ("start_date",)),
        Col("Kết thúc", lambda t: f"tháng {t.end.month}/{t.end.year}", ("end_date",)),
    ]
    body = f"""<h3>Quyết định số 88/QĐ-UBND ngày 16/01/2023 của UBND tỉnh Lai Châu phê duyệt nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2023</h3>
{html_table(task_table(cols, ts, stt="TT"))}
<p><strong>Lịch tiếp công dân của Lãnh đạo Sở quý I/2023</strong></p>
<table border="1"><tr><th>STT</th><th>Họ và tên</th><th>Chức vụ</th><th>Thời gian tiếp</th><th>Địa điểm</th></tr>
<tr><td>1</td><td>Nguyễn Văn Quyết</td><td>Giám đốc Sở</td><td>Thứ Năm, 12/01/2023</td><td>Phòng tiếp công dân</td></tr>
<tr><td>2</td><td>Lò Văn Inh</td><td>Phó Giám đốc Sở</td><td>Thứ Năm, 09/02/2023</td><td>Phòng tiếp công dân</td></tr></table>
<p><strong>Thống kê truy cập cổng thông tin</strong></p>
<table border="1"><tr><th>Tháng</th><th>Lượt truy cập</th><th>Tin bài đăng</th></tr><tr><td>01/2023</td><td>12.540</td><td>38</td></tr><tr><td>02/2023</td><td>10.122</td><td>31</td></tr></table>"""
    out.append(
        Blind(
            "blind_html_drupal_h3_decision_two_unrelated_tables",
            "html",
            "drupal",
            [1, 3, 7],
            "decision only in an <h3>; 'Học vị' column; 'tháng 6/2023' start/end columns; a reception "
            "schedule with names and a visitor-statistics table after the task table",
            ts,
            {"host_org", "principal_investigator", "pi_title", "start_date", "end_date"},
            "provincial",
            ("88/QĐ-UBND", "2023-01-16"),
            False,
            page=shell_drupal(
                "Nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2023",
                body,
                "Sở Khoa học và Công nghệ tỉnh Lai Châu",
                "Thứ Sáu, 20/01/2023 - 10:02",
            ),
        )
    )

    # 9 ASP.NET: headers without diacritics, 'Hoc ham hoc vi', English-style đồng, dd/mm/yyyy
    ts = rows(9109, [RT, RT, ST, RT], 2024, day=True)
    cols = [
        Col("Ten nhiem vu", lambda t: t.title, ()),
        Col("Co quan chu tri", lambda t: t.host, ("host_org",)),
        Col("Ho va ten chu nhiem", lambda t: t.pi, ("principal_investigator",)),
        Col("Hoc ham hoc vi", lambda t: (t.pi_title or "").rstrip("."), ("pi_title",)),
        Col("Ngay bat dau", lambda t: t.start.strftime("%d/%m/%Y"), ("start_date",)),
        Col("Ngay ket thuc", lambda t: t.end.strftime("%d/%m/%Y"), ("end_date",)),
        Col("Kinh phi (dong)", lambda t: f"{t.budget:,}", ("budget_vnd",)),
    ]
    body = f"""<p>Thực hiện Công văn số 1120/UBND-KGVX ngày 02/4/2024 của UBND tỉnh, Sở Khoa học và Công nghệ đã ký hợp đồng thực hiện các nhiệm vụ khoa học và công nghệ cấp tỉnh được phê duyệt tại Quyết định số 655/QĐ-UBND ngày 22/4/2024 của Chủ tịch UBND tỉnh Đắk Nông, cụ thể:</p>
{html_table(task_table(cols, ts, stt="STT"), attrs='class="tbl" rules="all" border="1"')}"""
    out.append(
        Blind(
            "blind_html_aspnet_ascii_headers_day_dates",
            "html",
            "aspnet",
            [1, 3],
            "headers without diacritics ('Ho va ten chu nhiem', 'Hoc ham hoc vi', 'Ngay bat dau'); titles "
            "without dots ('TS', 'PGS.TS'); dd/mm/yyyy dates; đồng with commas; a Công văn before the "
            "decision",
            ts,
            {"host_org", "principal_investigator", "pi_title", "start_date", "end_date", "budget_vnd"},
            "provincial",
            ("655/QĐ-UBND", "2024-04-22"),
            False,
            date_prec="day",
            page=shell_aspnet(
                "Ký hợp đồng thực hiện nhiệm vụ KH&CN cấp tỉnh năm 2024",
                body,
                "Sở Khoa học và Công nghệ tỉnh Đắk Nông",
                "06/05/2024",
            ),
        )
    )

    # 10 WordPress: one paragraph per task, fields joined by dashes
    ts = rows(9110, [RT, ST, RT, TP], 2025)

    def block10(t: B, n: int) -> str:
        months = (t.end.year - t.start.year) * 12 + t.end.month - t.start.month + 1
        money = (
            f"{million(t.budget)} triệu đồng (ngân sách sự nghiệp KH&CN tỉnh: {million(t.state)} triệu đồng)"
            if t.state != t.budget
            else f"{million(t.budget)} triệu đồng từ ngân sách sự nghiệp KH&CN tỉnh"
        )
        kindw = {RT: "Đề tài", ST: "Dự án ứng dụng", TP: "Dự án SXTN"}[t.kind]
        return (
            f"<p>{n}. Tên nhiệm vụ ({kindw}): {e(t.title)} – Tổ chức chủ trì: {e(t.host)} – Chủ nhiệm: "
            f"{e(mo.pi_full(t))} – Thời gian thực hiện: {months} tháng ({mo.mm(t.start)} – {mo.mm(t.end)}) – "
            f"Kinh phí: {e(money)}.</p>"
        )

    body = (
        "<p>Ngày 09/01/2025, UBND tỉnh Cao Bằng ban hành Quyết định số 45/QĐ-UBND phê duyệt tổ chức, cá nhân "
        "trúng tuyển chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025, gồm:</p>\n"
        + "\n".join(block10(t, i) for i, t in enumerate(ts, 1))
        + "\n<p>(Kèm theo Thông báo số 12/TB-SKHCN ngày 13/01/2025)</p>"
    )
    out.append(
        Blind(
            "blind_html_wordpress_dash_paragraphs_kind_in_label",
            "html",
            "wordpress",
            [1, 2, 6],
            "one <p> per task, fields joined by ' – ', kind in brackets after 'Tên nhiệm vụ', '30 tháng "
            "(06/2025 – 11/2027)' periods, state share in brackets; a Thông báo number after",
            ts,
            {
                "host_org",
                "principal_investigator",
                "pi_title",
                "start_date",
                "end_date",
                "budget_vnd",
                "budget_state_vnd",
            },
            "provincial",
            ("45/QĐ-UBND", "2025-01-09"),
            True,
            page=shell_wordpress(
                "Kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&CN cấp tỉnh năm 2025",
                body,
                "Sở Khoa học và Công nghệ Cao Bằng",
                "14/01/2025",
            ),
        )
    )

    # 11 NukeViet negative: workshop news with a programme table
    body = """<p>Sáng 21/6/2024, Sở Khoa học và Công nghệ phối hợp với Trường Đại học Tây Bắc tổ chức hội thảo "Nâng cao hiệu quả ứng dụng kết quả nhiệm vụ khoa học và công nghệ vào sản xuất". Giai đoạn 2021 - 2023, tỉnh đã triển khai 46 đề tài, dự án cấp tỉnh; theo Quyết định số 1190/QĐ-UBND ngày 12/6/2024, năm 2024 có thêm 11 nhiệm vụ mở mới.</p>
<p><strong>Chương trình hội thảo</strong></p>
<table border="1" cellpadding="3"><tr><th>Thời gian</th><th>Nội dung</th><th>Người thực hiện</th></tr>
<tr><td>8h00 - 8h30</td><td>Đón tiếp đại biểu</td><td>Ban tổ chức</td></tr>
<tr><td>8h30 - 9h15</td><td>Báo cáo tổng quan kết quả thực hiện đề tài, dự án giai đoạn 2021 - 2023</td><td>TS. Phan Thanh Hải, Phó Giám đốc Sở</td></tr>
<tr><td>9h15 - 10h30</td><td>Tham luận: chuyển giao kết quả dự án sản xuất thử nghiệm giống khoai sọ núi</td><td>ThS. Lò Thị Xuân</td></tr>
<tr><td>10h30 - 11h00</td><td>Thảo luận, kết luận hội thảo</td><td>Lãnh đạo Sở</td></tr></table>
<p>Hội thảo đã ghi nhận 17 ý kiến đóng góp của các nhà khoa học và doanh nghiệp.</p>"""
    out.append(
        Blind(
            "blind_html_nukeviet_negative_workshop_programme",
            "html",
            "nukeviet",
            [7, 8],
            "negative: workshop news citing task counts and a decision, with a programme table naming "
            "people with titles; no task list",
            [],
            set(),
            None,
            None,
            False,
            page=shell_nukeviet(
                "Hội thảo nâng cao hiệu quả ứng dụng kết quả nhiệm vụ KH&CN",
                body,
                "Sở Khoa học và Công nghệ tỉnh Sơn La",
                "Thứ sáu - 21/06/2024 16:20",
            ),
        )
    )

    # 12 Liferay: national-level tasks hosted in the province, codes, money in tỷ đồng
    ts = rows(9112, [RT, RT, ST], 2024, round_to=10_000_000)
    for i, t in enumerate(ts, 1):
        t.code = f"NVQG-2024/ĐT.{20 + i}"
    cols = [
        Col("Mã số", lambda t: t.code, ("code",)),
        Col("Tên nhiệm vụ", lambda t: t.title, ()),
        Col("Tổ chức chủ trì", lambda t: t.host, ("host_org",)),
        Col("Chủ nhiệm", mo.pi_full, ("principal_investigator", "pi_title")),
        Col("Thời gian thực hiện", lambda t: f"{mo.mm(t.start)} đến {mo.mm(t.end)}", ("start_date", "end_date")),
        Col("Kinh phí từ NSNN (tỷ đồng)", lambda t: vn_number(t.state / 1e9, 2), ("budget_state_vnd",)),
    ]
    body = f"""<p>Bộ Khoa học và Công nghệ đã ban hành Quyết định số 1034/QĐ-BKHCN ngày 12/4/2024 phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp quốc gia thuộc Chương trình phát triển tài sản trí tuệ, trong đó có 03 nhiệm vụ do các tổ chức trên địa bàn tỉnh Yên Bái chủ trì:</p>
{html_table(task_table(cols, ts, stt="TT"), attrs='class="table" border="1"')}"""
    out.append(
        Blind(
            "blind_html_liferay_national_codes_ty",
            "html",
            "liferay",
            [1],
            "national tasks (Quyết định …/QĐ-BKHCN) hosted in the province; code column; 'MM/YYYY đến "
            "MM/YYYY'; state budget in tỷ đồng with a decimal comma",
            ts,
            {"code", "host_org", "principal_investigator", "pi_title", "start_date", "end_date", "budget_state_vnd"},
            "national",
            ("1034/QĐ-BKHCN", "2024-04-12"),
            False,
            page=shell_liferay(
                "Nhiệm vụ KH&amp;CN cấp quốc gia do tổ chức của tỉnh chủ trì năm 2024",
                body,
                "Sở Khoa học và Công nghệ Yên Bái",
                "25/04/2024",
            ),
        )
    )
    return out


# ---- Office and PDF cases
def office_cases() -> list[Blind]:
    out: list[Blind] = []

    def ocase(
        cid,
        fmt,
        classes,
        note,
        before,
        cols,
        body,
        after,
        level,
        decision,
        kind_shown,
        date_prec="month",
        stt="STT",
        split_at=None,
        total=None,
        fix=None,
    ):
        tab = task_table(cols, body, stt=stt, total=total)
        tables = mo.split_table(tab, split_at) if split_at else [tab]
        tasks = [x for x in body if isinstance(x, T)]
        return Blind(
            cid,
            fmt,
            "pdf" if fmt == "pdf" else "office",
            classes,
            note,
            tasks,
            mo.shown_fields(cols),
            level,
            decision,
            kind_shown,
            date_prec,
            blocks=before + tables + after,
            fix=fix,
        )

    # 13 XLSX: month cells mm/yyyy, kind column 'Loại nhiệm vụ', own 'Học vị' column
    ts = rows(9201, [RT, TP, RT, RT, ST, TP], 2024)
    kinds = {RT: "Đề tài", TP: "Dự án SXTN", ST: "Dự án KH&CN"}
    out.append(
        ocase(
            "blind_xlsx_month_cells_loainhiemvu",
            "xlsx",
            [1, 2, 3, 4],
            "title block 'Kèm theo Quyết định số …'; 'Loại nhiệm vụ'; 'Họ và tên chủ nhiệm' + 'Học vị'; "
            "start/end cells formatted 'mm/yyyy'; numeric triệu; a 'Tổng cộng' row",
            [
                Para("UBND TỈNH TÂY NINH", True),
                Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ", True),
                *mo.title_lines(
                    "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2024",
                    "(Kèm theo Quyết định số 1120/QĐ-UBND ngày 28/6/2024 của UBND tỉnh Tây Ninh)",
                ),
            ],
            [
                mo.c_title(),
                Col("Loại nhiệm vụ", lambda t: kinds[t.kind], ()),
                mo.c_host("Đơn vị chủ trì"),
                mo.c_pi_name("Họ và tên chủ nhiệm"),
                mo.c_pi_title("Học vị"),
                mo.c_date("Bắt đầu", "start", "mm/yyyy", top="Thời gian thực hiện"),
                mo.c_date("Kết thúc", "end", "mm/yyyy", top="Thời gian thực hiện"),
                mo.c_million("Tổng kinh phí (triệu đồng)", numeric=True),
                mo.c_million("Trong đó NSNN (triệu đồng)", "state", numeric=True),
            ],
            ts,
            [],
            "provincial",
            ("1120/QĐ-UBND", "2024-06-28"),
            True,
            total="Tổng cộng",
        )
    )

    # 14 XLSX: group rows, day cells, đồng numeric '#,##0', total row
    ts = rows(9202, [RT, RT, RT, TP, TP, SC], 2023, day=True)
    body = mo.grouped(ts, {RT: ("I", "Đề tài"), TP: ("II", "Dự án sản xuất thử nghiệm"), SC: ("III", "Đề án")})
    ts = [x for x in body if isinstance(x, T)]
    money = lambda h, w: Col(  # noqa: E731
        h, lambda t: C(getattr(t, w), "#,##0"), ("budget_vnd" if w == "budget" else "budget_state_vnd",), sum_of=w
    )
    out.append(
        ocase(
            "blind_xlsx_group_rows_day_cells_dong",
            "xlsx",
            [1, 2, 4],
            "'(Ban hành kèm theo Quyết định số … ngày … tháng … năm …)'; group rows 'I. Đề tài', 'II. Dự án "
            "sản xuất thử nghiệm', 'III. Đề án' with numbers restarting; dd/mm/yyyy date cells; đồng as "
            "numbers formatted '#,##0'",
            mo.title_lines(
                "DANH MỤC ĐỀ TÀI, DỰ ÁN, ĐỀ ÁN KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NĂM 2023",
                "(Ban hành kèm theo Quyết định số 2301/QĐ-UBND ngày 14 tháng 12 năm 2022 của Ủy ban "
                "nhân dân tỉnh Hậu Giang)",
            ),
            [
                mo.c_title("Tên đề tài, dự án"),
                mo.c_host("Cơ quan chủ trì"),
                mo.c_pi_full("Chủ nhiệm"),
                mo.c_date("Ngày bắt đầu", "start", "dd/mm/yyyy"),
                mo.c_date("Ngày kết thúc", "end", "dd/mm/yyyy"),
                money("Tổng kinh phí (đồng)", "budget"),
                money("Kinh phí sự nghiệp KH&CN (đồng)", "state"),
            ],
            body,
            [],
            "provincial",
            ("2301/QĐ-UBND", "2022-12-14"),
            True,
            date_prec="day",
        )
    )

    # 15 XLSX negative: certified S&T enterprises (decisions, dates, names) — no tasks
    ent = Table(
        [
            [
                C(h, bold=True)
                for h in ("STT", "Tên doanh nghiệp", "Người đại diện", "Địa chỉ", "Số Giấy chứng nhận", "Ngày cấp")
            ],
            [
                1,
                "Công ty TNHH Nông nghiệp công nghệ cao Thành Đạt",
                "Nguyễn Văn Đạt",
                "Xã Tân Bình, huyện Tân Biên",
                "01/DNKHCN",
                C(D(2021, 3, 12), "dd/mm/yyyy"),
            ],
            [
                2,
                "Công ty Cổ phần Sinh học Tây Ninh",
                "Trần Thị Hoa",
                "Phường 3, thành phố Tây Ninh",
                "02/DNKHCN",
                C(D(2022, 8, 5), "dd/mm/yyyy"),
            ],
            [
                3,
                "Hợp tác xã Dịch vụ nông nghiệp Hòa Thành",
                "Lê Minh Tâm",
                "Thị xã Hòa Thành",
                "03/DNKHCN",
                C(D(2023, 11, 20), "dd/mm/yyyy"),
            ],
        ],
        widths=[0.4, 3, 1.5, 2.5, 1.2, 1.0],
    )
    out.append(
        Blind(
            "blind_xlsx_negative_st_enterprises",
            "xlsx",
            "office",
            [7, 8],
            "negative: list of certified S&T enterprises issued under a Sở decision (representatives, "
            "certificate numbers, date cells); no tasks",
            [],
            set(),
            None,
            None,
            False,
            blocks=mo.title_lines(
                "DANH SÁCH DOANH NGHIỆP KHOA HỌC VÀ CÔNG NGHỆ TRÊN ĐỊA BÀN TỈNH",
                "(Cập nhật theo Quyết định số 77/QĐ-SKHCN ngày 30/12/2023)",
            )
            + [ent],
        )
    )

    # 16 XLS: code column, month cells, kind from title words, older decision replaced in the title block
    titles = [TITLES[RT][3], TITLES[RT][9], TITLES[ST][0], TITLES[RT][16], TITLES[RT][12]]
    ts = rows(9203, [RT, RT, ST, RT, RT], 2025, titles=titles)
    for i, t in enumerate(ts, 1):
        t.code = f"NV.{i:02d}/KHCN-2025"
    out.append(
        ocase(
            "blind_xls_codes_month_cells_replaced_decision",
            "xls",
            [1, 4],
            "XLS: code column 'Mã số'; 'mm/yyyy' month cells; a second title line '(Thay thế Phụ lục kèm "
            "theo Quyết định số … )' naming an older decision; kinds not stated",
            mo.title_lines(
                "PHỤ LỤC",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG NĂM 2025",
                "(Kèm theo Quyết định số 1412/QĐ-UBND ngày 09/10/2024 của UBND tỉnh Ninh Bình)",
            )
            + [Para("(Thay thế Phụ lục kèm theo Quyết định số 1201/QĐ-UBND ngày 26/8/2024)", center=True)],
            [
                mo.c_code("Mã số"),
                mo.c_title(),
                mo.c_host(),
                mo.c_pi_full("Chủ nhiệm nhiệm vụ"),
                mo.c_date("Từ tháng", "start", "mm/yyyy"),
                mo.c_date("Đến tháng", "end", "mm/yyyy"),
                mo.c_million("Kinh phí NSNN (triệu đồng)", "state", numeric=True),
            ],
            ts,
            [],
            "provincial",
            ("1412/QĐ-UBND", "2024-10-09"),
            False,
        )
    )

    # 17 XLS: acceptance, each row names its own decision
    ts = rows(9204, [RT, RT, ST, RT], 2020, grades=True)
    for i, t in enumerate(ts):
        t.dec, t.dec_date = f"{1450 + 13 * i}/QĐ-UBND", D(2023, 3 + 2 * i, 10 + i)
    out.append(
        ocase(
            "blind_xls_row_decisions_grades",
            "xls",
            [1],
            "XLS acceptance register: every row names its own 'Số, ngày QĐ công nhận' ('1450/QĐ-UBND, "
            "10/3/2023'); grades; a report-level Công văn in the title block",
            mo.title_lines(
                "TỔNG HỢP NHIỆM VỤ KH&CN CẤP TỈNH ĐÃ CÔNG NHẬN KẾT QUẢ NĂM 2023",
                "(Kèm theo Công văn số 402/SKHCN-QLKH ngày 29/12/2023 của Sở Khoa học và Công nghệ)",
            ),
            [
                mo.c_title("Tên nhiệm vụ"),
                mo.c_pi_full("Chủ nhiệm"),
                mo.c_host("Tổ chức chủ trì"),
                Col(
                    "Số, ngày QĐ công nhận",
                    lambda t: f"{t.dec}, {t.dec_date.day}/{t.dec_date.month}/{t.dec_date.year}",
                    ("decision_no",),
                ),
                mo.c_grade("Xếp loại"),
            ],
            ts,
            [],
            "provincial",
            None,
            False,
        )
    )

    # 18 XLS: ascii headers broken by line breaks, years
    ts = mo.fix_years(rows(9205, [RT, RT, RT, RT], 2024))
    out.append(
        ocase(
            "blind_xls_ascii_linebreak_headers_years",
            "xls",
            [1, 3, 8],
            "XLS headers without diacritics and with Alt+Enter breaks ('Chu nhiem\\nnhiem vu', 'Hoc ham,\\nhoc "
            "vi', 'Kinh phi\\n(trieu dong)'); year periods '2024-2026'",
            mo.title_lines(
                "DANH MUC NHIEM VU KH&CN CAP TINH NAM 2024",
                "(Kèm theo Quyết định số 77/QĐ-UBND ngày 15/01/2024 của UBND tỉnh Lai Châu)",
            ),
            [
                mo.c_title("Ten nhiem vu"),
                mo.c_host("Don vi\nchu tri"),
                mo.c_pi_name("Chu nhiem\nnhiem vu"),
                mo.c_pi_title("Hoc ham,\nhoc vi"),
                Col("Thoi gian\nthuc hien", lambda t: f"{t.start.year}-{t.end.year}", ("start_date", "end_date")),
                mo.c_million("Kinh phi\n(trieu dong)", numeric=True),
            ],
            ts,
            [],
            "provincial",
            ("77/QĐ-UBND", "2024-01-15"),
            False,
            date_prec="year",
        )
    )

    # 19 DOCX: vmerge kind, two-level money, decision after a grounds line in the title block
    ts = rows(9206, [RT, RT, ST, ST, TP], 2025)
    out.append(
        ocase(
            "blind_docx_vmerge_kind_twolevel_money",
            "docx",
            [1, 2],
            "DOCX annex: 'Hình thức' merged down ('Đề tài', 'Dự án KH&CN', 'Dự án SXTN'); 'Kinh phí (triệu "
            "đồng)' over 'Tổng số' / 'NSNN'; a 'Căn cứ Quyết định …' paragraph above the title block",
            [
                Para(
                    "Căn cứ Quyết định số 3012/QĐ-UBND ngày 20/11/2023 của UBND tỉnh Sơn La phê duyệt kế hoạch "
                    "khoa học và công nghệ giai đoạn 2024 - 2025;"
                )
            ]
            + mo.title_lines(
                "Phụ lục I",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2025",
                "(Kèm theo Quyết định số 118/QĐ-UBND ngày 21/01/2025 của Chủ tịch UBND tỉnh Sơn La)",
            ),
            [
                Col(
                    "Hình thức",
                    lambda t: {RT: "Đề tài", ST: "Dự án KH&CN", TP: "Dự án SXTN"}[t.kind],
                    (),
                    merge_same=True,
                ),
                mo.c_title(),
                mo.c_host(),
                mo.c_pi_full(),
                mo.c_period(sep=" - "),
                mo.c_million("Tổng số", top="Kinh phí (triệu đồng)"),
                mo.c_million("NSNN", "state", top="Kinh phí (triệu đồng)"),
            ],
            ts,
            [],
            "provincial",
            ("118/QĐ-UBND", "2025-01-21"),
            True,
        )
    )

    # 20 DOCX: tuyển chọn notice as numbered paragraphs, no list decision (only grounds and the TB number)
    ts = rows(9207, [RT, RT, TP], 2024)
    ts[2].start = ts[2].end = None
    paras = mo.header_block("UBND TỈNH CAO BẰNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ") + [
        Para("Số: 210/TB-SKHCN", right="Cao Bằng, ngày 28 tháng 5 năm 2024"),
        Para(""),
        Para("THÔNG BÁO", True, True),
        Para(
            "Kết quả tuyển chọn tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024",
            True,
            True,
        ),
        Para(
            "Căn cứ Quyết định số 602/QĐ-UBND ngày 10/4/2024 của UBND tỉnh Cao Bằng về việc phê duyệt danh mục "
            "nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng để tuyển chọn năm 2024;"
        ),
        Para(
            "Căn cứ biên bản họp của các Hội đồng tư vấn tuyển chọn, Sở Khoa học và Công nghệ thông báo kết quả "
            "tuyển chọn như sau:"
        ),
    ]
    for i, t in enumerate(ts, 1):
        label = "Tên đề tài" if t.kind == RT else "Tên dự án sản xuất thử nghiệm"
        per = (
            f"- Thời gian thực hiện: từ tháng {t.start.month}/{t.start.year} đến tháng {t.end.month}/{t.end.year}"
            if t.start
            else "- Thời gian thực hiện: 24 tháng"
        )
        paras += [
            Para(f"{i}. {label}: {t.title}", True),
            Para(f"- Cơ quan chủ trì: {t.host}"),
            Para(f"- Chủ nhiệm: {mo.pi_full(t)}"),
            Para(per),
            Para(f"- Kinh phí hỗ trợ từ ngân sách nhà nước: {million(t.state)} triệu đồng"),
        ]
    paras += [
        Para(
            "Sở Khoa học và Công nghệ đề nghị các tổ chức, cá nhân trúng tuyển hoàn thiện hồ sơ theo kết luận "
            "của Hội đồng."
        ),
        Para("Nơi nhận:", right="GIÁM ĐỐC"),
        Para("- Như trên;", right="Nông Thanh Tùng"),
    ]
    out.append(
        Blind(
            "blind_docx_tuyenchon_paragraphs_tb_number",
            "docx",
            "office",
            [1, 2, 6],
            "DOCX 'THÔNG BÁO Kết quả tuyển chọn' (Số: …/TB-SKHCN): numbered paragraphs with dash lines, "
            "'Tên dự án sản xuất thử nghiệm:' label; only a grounds decision: decision null; one '24 tháng' "
            "period (no dates); state budget only",
            ts,
            {"host_org", "principal_investigator", "pi_title", "start_date", "end_date", "budget_state_vnd"},
            "provincial",
            None,
            True,
            blocks=paras,
        )
    )

    # 21 DOC: group rows (st projects), 'Họ và tên chủ nhiệm' + 'Học vị', unpadded month periods
    ts = rows(9208, [RT, RT, ST, ST, ST], 2024)
    body = mo.grouped(ts, {RT: ("I", "ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ"), ST: ("II", "DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ")})
    out.append(
        ocase(
            "blind_doc_group_rows_st_projects_hocvi",
            "doc",
            [1, 2, 3],
            "Word 97: group rows 'I. ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ' / 'II. DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ'; "
            "'Họ và tên chủ nhiệm' + 'Học vị'; periods '3/2024-2/2026' unpadded",
            mo.header_block("ỦY BAN NHÂN DÂN", "TỈNH YÊN BÁI")
            + mo.title_lines(
                "DANH MỤC",
                "ĐỀ TÀI, DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN NĂM 2024",
                "(Kèm theo Quyết định số 156/QĐ-UBND ngày 02 tháng 02 năm 2024 của UBND tỉnh Yên Bái)",
            ),
            [
                mo.c_title("Tên đề tài, dự án"),
                mo.c_host("Tổ chức chủ trì"),
                mo.c_pi_name("Họ và tên chủ nhiệm"),
                mo.c_pi_title("Học vị"),
                Col(
                    "Thời gian thực hiện",
                    lambda t: f"{t.start.month}/{t.start.year}-{t.end.month}/{t.end.year}",
                    ("start_date", "end_date"),
                ),
                mo.c_million("Kinh phí SNKH (triệu đồng)", "state"),
            ],
            body,
            [],
            "provincial",
            ("156/QĐ-UBND", "2024-02-02"),
            True,
            stt="TT",
        )
    )

    # 22 DOC: acceptance list, kinds in a 'Loại' column, grades upper case, year periods
    ts = mo.fix_years(rows(9209, [RT, TP, RT, SC], 2019, grades=True))
    out.append(
        ocase(
            "blind_doc_acceptance_loai_upper_grades",
            "doc",
            [1, 2],
            "Word 97 acceptance list '(Kèm theo Quyết định công nhận số … ngày … tháng … năm …)'; kind "
            "column 'Loại' ('Đề tài', 'Dự án SXTN', 'Đề án'); grades in capitals; years '2019 - 2021'",
            mo.title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ",
                "(Kèm theo Quyết định công nhận số 1888/QĐ-UBND ngày 03 tháng 10 năm 2022 của UBND tỉnh Phú Yên)",
            ),
            [
                mo.c_title(),
                Col("Loại", lambda t: {RT: "Đề tài", TP: "Dự án SXTN", SC: "Đề án"}[t.kind], ()),
                mo.c_host(),
                mo.c_pi_full(),
                mo.c_years("Thời gian"),
                mo.c_grade("Kết quả", upper=True),
            ],
            ts,
            [],
            "provincial",
            ("1888/QĐ-UBND", "2022-10-03"),
            True,
            date_prec="year",
        )
    )

    # 23 PDF: decision page with distractors, annex split over pages without header, '24 tháng (…)' periods
    ts = rows(9210, [RT] * 9 + [TP] * 4 + [ST] * 3, 2025)
    kinds = {RT: "Đề tài", TP: "Dự án SXTN", ST: "Dự án KH&CN"}
    page = mo.header_block("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG") + [
        Para("Số: 1421/QĐ-UBND", right="Đắk Nông, ngày 06 tháng 11 năm 2024"),
        Para(""),
        Para("QUYẾT ĐỊNH", True, True),
        Para("Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2025", True, True),
        Para("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", True, True),
        Para(mo.LAW),
        Para(mo.ST_LAW),
        Para(
            "Căn cứ Quyết định số 2980/QĐ-UBND ngày 28/12/2023 của UBND tỉnh ban hành kế hoạch khoa học và công nghệ "
            "năm 2025;"
        ),
        Para(
            "Căn cứ Thông báo số 33/TB-SKHCN ngày 15/10/2024 của Sở Khoa học và Công nghệ về kết quả họp Hội đồng tư vấn "
            "xác định nhiệm vụ;"
        ),
        Para(
            "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 148/TTr-SKHCN ngày 30/10/2024.",
        ),
        Para("QUYẾT ĐỊNH:", True, True),
        Para(
            "Điều 1. Phê duyệt danh mục 16 nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2025 "
            "(có Phụ lục kèm theo)."
        ),
        Para(
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 1290/QĐ-UBND ngày 14/10/2024."
        ),
        Para("Nơi nhận:", right="KT. CHỦ TỊCH"),
        Para("- Như Điều 2;", right="PHÓ CHỦ TỊCH"),
        Para("- Lưu: VT, KGVX.", right="Tôn Thị Ngọc Hạnh"),
        Break(),
    ]

    def per23(t):
        months = (t.end.year - t.start.year) * 12 + t.end.month - t.start.month + 1
        return f"{months} tháng ({mo.mm(t.start)}-{mo.mm(t.end)})"

    out.append(
        ocase(
            "blind_pdf_decision_page_split_annex",
            "pdf",
            [1, 2, 7],
            "PDF decision page ('Số: 1421/QĐ-UBND', grounds citing a decision and a Thông báo, a replaced "
            "decision in Điều 2) then a 16-row annex split over two pages, header not repeated; 'Loại "
            "nhiệm vụ' column; '24 tháng (01/2025-12/2026)' periods",
            page
            + mo.title_lines(
                "PHỤ LỤC",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG THỰC HIỆN TỪ NĂM 2025",
                "(Kèm theo Quyết định số 1421/QĐ-UBND ngày 06/11/2024 của Chủ tịch UBND tỉnh Đắk Nông)",
            ),
            [
                mo.c_title(),
                Col("Loại nhiệm vụ", lambda t: kinds[t.kind], (), width=1.0),
                mo.c_host(),
                mo.c_pi_full(),
                Col("Thời gian thực hiện", per23, ("start_date", "end_date"), width=1.4),
                mo.c_million("Kinh phí SNKH (triệu đồng)", "state"),
            ],
            ts,
            [],
            "provincial",
            ("1421/QĐ-UBND", "2024-11-06"),
            True,
            stt="TT",
            split_at=9,
        )
    )

    # 24 PDF: acceptance list in tỷ/triệu mix, then a council meeting schedule (people, dates) that is not tasks
    ts = rows(9211, [RT, RT, RT, ST, RT], 2021, grades=True)
    sched = Table(
        [
            [C(h, bold=True) for h in ("TT", "Nội dung", "Thời gian", "Chủ trì", "Địa điểm")],
            [
                1,
                "Họp Hội đồng đánh giá, nghiệm thu đề tài chè Shan tuyết",
                "08h00 ngày 12/3/2024",
                "PGS.TS. Đặng Đình Thục",
                "Phòng họp tầng 3",
            ],
            [
                2,
                "Kiểm tra tiến độ dự án sản xuất thử nghiệm",
                "14h00 ngày 14/3/2024",
                "ThS. Bùi Quang Trung",
                "Huyện Mường Tè",
            ],
            [
                3,
                "Họp Hội đồng tư vấn xác định nhiệm vụ năm 2025",
                "08h00 ngày 20/3/2024",
                "TS. Tống Văn Lực",
                "Hội trường Sở",
            ],
        ],
        widths=[0.4, 3.5, 1.4, 1.8, 1.6],
    )
    out.append(
        ocase(
            "blind_pdf_acceptance_then_schedule",
            "pdf",
            [1, 7],
            "PDF acceptance annex ('Danh sách … kèm theo Quyết định số …'), periods 'tháng 6/2021 - tháng "
            "5/2023', then a council meeting schedule (names with titles, times) that must yield nothing",
            mo.title_lines(
                "DANH SÁCH NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ NGHIỆM THU",
                "(Kèm theo Quyết định số 402/QĐ-UBND ngày 29/02/2024 của UBND tỉnh Lai Châu về việc "
                "công nhận kết quả thực hiện nhiệm vụ KH&CN)",
            ),
            [
                mo.c_title(),
                mo.c_host("Đơn vị chủ trì"),
                mo.c_pi_full("Chủ nhiệm"),
                Col(
                    "Thời gian thực hiện",
                    lambda t: f"tháng {t.start.month}/{t.start.year} - tháng {t.end.month}/{t.end.year}",
                    ("start_date", "end_date"),
                    width=1.4,
                ),
                mo.c_million("Kinh phí (triệu đồng)"),
                mo.c_grade("Xếp loại"),
            ],
            ts,
            [Para(""), Para("LỊCH HỌP HỘI ĐỒNG VÀ KIỂM TRA NHIỆM VỤ THÁNG 3/2024", True, True), sched],
            "provincial",
            ("402/QĐ-UBND", "2024-02-29"),
            False,
            stt="TT",
        )
    )
    return out


def render(c: Blind) -> bytes | None:
    if c.fmt == "html":
        return c.page if isinstance(c.page, bytes) else c.page.encode("utf-8")
    return mo.render(
        mo.Case(
            c.cid, c.fmt, c.classes, c.note, c.blocks, c.tasks, c.shown, c.level, c.decision, c.kind_shown, c.date_prec
        )
    )


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    OUT.mkdir(parents=True, exist_ok=True)
    for c in html_cases() + office_cases():
        if argv and not any(a in c.cid for a in argv):
            continue
        if c.fmt == "doc" and shutil.which("soffice") is None:
            log.warning("%s: soffice (LibreOffice) not found, left as it is", c.cid)
            continue
        data = render(c)
        (OUT / f"{c.cid}.{c.fmt}").write_bytes(data)
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in expected(c)]
        (OUT / f"{c.cid}.expected.jsonl").write_text("".join(lines), encoding="utf-8")
        meta = {"format": c.fmt, "family": c.family, "classes": c.classes, "note": c.note, "site": None}
        (OUT / f"{c.cid}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log.info("%s: %d tasks", c.cid, len(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
