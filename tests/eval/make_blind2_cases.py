"""Write the second blind batch of evaluation cases (tests/eval/cases/blind2_*).

Written without reading the extractor, the transforms or the other cases' documents: each case is
an invented provincial S&T document (HTML of seven CMS families, XLSX, XLS, DOCX, DOC, text-layer
PDF) and the records it truly lists, labelled by hand from what the document prints. Every row's
cells are written here as literal text beside its expected values, so a label says only what the
page shows.

    .venv/bin/python tests/eval/make_blind2_cases.py

Files are written by the libraries (openpyxl, xlwt, python-docx, reportlab, LibreOffice for DOC);
the legacy-font HTML pages reuse the byte encoders of tests/eval/html_pages.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from html_pages import encode_tcvn3, encode_vni  # noqa: E402

from demo.make_attachments import to_word97  # noqa: E402

CASES = HERE / "cases"
KEYS = (
    "title",
    "code",
    "level",
    "kind",
    "host_org",
    "principal_investigator",
    "pi_title",
    "start_date",
    "end_date",
    "budget_vnd",
    "budget_state_vnd",
    "acceptance_grade",
    "decision_no",
    "decision_date",
)
TR = 1_000_000
RT, TP, ST, SC = "research_topic", "trial_production_project", "st_project", "scheme"


def E(
    title,
    org=None,
    pi=None,
    pt=None,
    kind=None,
    start=None,
    end=None,
    budget=None,
    state=None,
    grade=None,
    code=None,
    level="provincial",
    dno=None,
    ddate=None,
) -> dict:
    return {
        "title": title,
        "code": code,
        "level": level,
        "kind": kind,
        "host_org": org,
        "principal_investigator": pi,
        "pi_title": pt,
        "start_date": start,
        "end_date": end,
        "budget_vnd": budget,
        "budget_state_vnd": state,
        "acceptance_grade": grade,
        "decision_no": dno,
        "decision_date": ddate,
    }


def dec(rows: list[dict], no: str | None, date: str | None) -> list[dict]:
    for r in rows:
        if r["decision_no"] is None:
            r["decision_no"], r["decision_date"] = no, date
    return rows


def write(cid: str, fmt: str, data: bytes, rows: list[dict], family: str, classes: list[int], note: str) -> None:
    CASES.mkdir(parents=True, exist_ok=True)
    (CASES / f"{cid}.{fmt}").write_bytes(data)
    lines = []
    for r in rows:
        e = {k: r[k] for k in KEYS}
        for k, v in e.items():
            if isinstance(v, str):
                e[k] = " ".join(unicodedata.normalize("NFC", v).split())
        lines.append(json.dumps(e, ensure_ascii=False) + "\n")
    (CASES / f"{cid}.expected.jsonl").write_text("".join(lines), encoding="utf-8")
    meta = {"format": fmt, "family": family, "classes": classes, "note": note, "site": None}
    (CASES / f"{cid}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def tr(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


# =========================================================================== HTML
def drupal_views_sections_method_col():
    rows = [
        E(
            "Nghiên cứu xây dựng bản đồ phân vùng nguy cơ lũ quét, sạt lở đất huyện Hoàng Su Phì",
            kind=RT,
            org="Viện Địa chất, Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
            start="2024",
            end="2025",
            budget=1450 * TR,
        ),
        E(
            "Nghiên cứu bảo tồn và phát triển giống chè Shan tuyết cổ thụ tại xã Lũng Phìn",
            kind=RT,
            org="Trường Đại học Nông Lâm Bắc Giang",
            start="2024",
            end="2026",
            budget=980 * TR,
        ),
        E(
            "Sản xuất thử nghiệm giống lợn đen bản địa theo chuỗi giá trị tại huyện Đồng Văn",
            kind=TP,
            org="Trung tâm Giống cây trồng và vật nuôi tỉnh",
            start="2024",
            end="2025",
            budget=2100 * TR,
        ),
        E(
            "Phát triển thương hiệu mật ong bạc hà cao nguyên đá theo hướng hàng hóa",
            kind=TP,
            org="Hợp tác xã Mật ong Mèo Vạc",
            start="2024",
            end="2025",
            budget=1320 * TR,
        ),
    ]
    dec(rows, "402/QĐ-UBND", "2024-03-14")
    body = [
        tr(
            "TT",
            "Tên nhiệm vụ KH&amp;CN",
            "Phương thức tổ chức thực hiện",
            "Cơ quan chủ trì",
            "Thời gian thực hiện",
            "Dự kiến kinh phí<br/>(triệu đồng)",
            tag="th",
        )
    ]
    meth = ["Tuyển chọn", "Giao trực tiếp", "Tuyển chọn", "Giao trực tiếp"]
    money = ["1.450", "980", "2.100", "1.320"]
    for i, r in enumerate(rows):
        if i == 0:
            body.append('<tr><td colspan="6"><b>1. Đề tài khoa học và công nghệ</b></td></tr>')
        if i == 2:
            body.append('<tr><td colspan="6"><b>2. Dự án sản xuất thử nghiệm</b></td></tr>')
        body.append(
            tr(str(i % 2 + 1), r["title"], meth[i], r["host_org"], f"{r['start_date']}-{r['end_date']}", money[i])
        )
    page = f"""<!DOCTYPE html><html lang="vi" dir="ltr"><head><meta charset="utf-8"/>
<title>Phê duyệt danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2024 | Sở Khoa học và Công nghệ Hà Giang</title></head>
<body class="path-node page-node-type-article"><div class="dialog-off-canvas-main-canvas">
<header role="banner"><div class="region region-header"><a href="/" rel="home">Sở KH&amp;CN tỉnh Hà Giang</a></div></header>
<main role="main"><div class="region region-content"><article role="article" class="node node--type-article">
<h1 class="page-title"><span class="field field--name-title">Phê duyệt danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2024</span></h1>
<div class="node__meta">Gửi bởi quantri vào 18/03/2024 - 09:12</div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">
<p>Ngày 14/3/2024, Ủy ban nhân dân tỉnh Hà Giang ban hành Quyết định số 402/QĐ-UBND phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024 (Quyết định này thay thế Quyết định số 1988/QĐ-UBND ngày 02/11/2023 của UBND tỉnh). Danh mục gồm 04 nhiệm vụ như sau:</p>
<div class="table-responsive"><table class="table table-bordered"><tbody>
{chr(10).join(body)}
</tbody></table></div>
<p>Sở Khoa học và Công nghệ sẽ thông báo tuyển chọn đối với các nhiệm vụ theo phương thức tuyển chọn trên Cổng thông tin điện tử của Sở.</p>
</div></article></div></main>
<footer><div class="region region-footer">Bản quyền © Sở Khoa học và Công nghệ tỉnh Hà Giang. Lượt truy cập: 1.204.553</div></footer>
</div></body></html>"""
    write(
        "blind2_html_drupal_views_sections_method_col",
        "html",
        page.encode(),
        rows,
        "drupal",
        [1, 2],
        "approval list: lead decision followed by the replaced decision in brackets; section rows '1. Đề tài khoa học "
        "và công nghệ' / '2. Dự án sản xuất thử nghiệm' numbering restart; a method column 'Phương thức tổ chức thực "
        "hiện' (Tuyển chọn / Giao trực tiếp) that is no kind; no PI; year periods '2024-2025'; 'Dự kiến kinh phí'",
    )


def dnn_grassroots_grade_words():
    rows = [
        E(
            "Nghiên cứu thực trạng nhiễm khuẩn vết mổ tại Bệnh viện Đa khoa tỉnh Lai Châu năm 2022",
            kind=RT,
            org="Bệnh viện Đa khoa tỉnh Lai Châu",
            pi="Lò Văn Thắm",
            pt="BSCKII.",
            start="2022-01",
            end="2022-12",
            grade="good",
            level="grassroots",
        ),
        E(
            "Ứng dụng phần mềm quản lý hồ sơ bệnh án điện tử tại Trung tâm Y tế huyện Tam Đường",
            kind=RT,
            org="Trung tâm Y tế huyện Tam Đường",
            pi="Tẩn Thị Mẩy",
            pt="ThS.",
            start="2022-03",
            end="2023-02",
            grade="pass",
            level="grassroots",
        ),
        E(
            "Đánh giá hiệu quả can thiệp dinh dưỡng cho phụ nữ mang thai người dân tộc Mông",
            kind=RT,
            org="Trung tâm Kiểm soát bệnh tật tỉnh",
            pi="Vàng A Sử",
            pt=None,
            start="2022-06",
            end="2023-05",
            grade="excellent",
            level="grassroots",
        ),
    ]
    dec(rows, "215/QĐ-SKHCN", "2024-04-05")
    grade_show = ["Đạt - loại Khá", "Đạt", "Đạt - loại Xuất sắc"]
    pi_show = ["BSCKII. Lò Văn Thắm", "ThS. Tẩn Thị Mẩy", "Vàng A Sử"]
    per = ["01/2022 đến 12/2022", "03/2022 đến 02/2023", "06/2022 đến 05/2023"]
    body = [
        tr(
            "<b>Số TT</b>",
            "<b>Tên đề tài</b>",
            "<b>Đơn vị thực hiện</b>",
            "<b>Người thực hiện</b>",
            "<b>Thời gian</b>",
            "<b>Kết quả đánh giá, nghiệm thu</b>",
        )
    ]
    for i, r in enumerate(rows):
        body.append(tr(f"{i + 1:02d}", r["title"], r["host_org"], pi_show[i], per[i], grade_show[i]))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi-VN"><head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>Công nhận kết quả 03 đề tài KH&amp;CN cấp cơ sở ngành Y tế</title></head>
<body id="Body"><form method="post" action="/tin-tuc/articleType/ArticleView/articleId/3391" id="Form">
<div id="dnn_ctr1510_ContentPane" class="DNNModuleContent ModEasyDNNnewsC">
<div class="edn_article edn_clearFix"><h1 class="edn_articleTitle">Công nhận kết quả 03 đề tài KH&amp;CN cấp cơ sở ngành Y tế</h1>
<div class="edn_metaDetails"><span class="edn_articleDate">Thứ Hai, 08/04/2024</span></div>
<div class="edn_articleSummary">Sở Y tế phối hợp với Sở Khoa học và Công nghệ tổ chức nghiệm thu các đề tài khoa học cấp cơ sở năm 2023.</div>
<div class="edn_articleContent">
<p>Trên cơ sở kết quả đánh giá của các Hội đồng khoa học (thành lập theo Quyết định số 1032/QĐ-SYT ngày 20/11/2023), Giám đốc Sở Khoa học và Công nghệ đã ký Quyết định số 215/QĐ-SKHCN ngày 05/4/2024 công nhận kết quả thực hiện 03 đề tài khoa học và công nghệ cấp cơ sở, cụ thể:</p>
<table style="width:100%;border-collapse:collapse" border="1">{"".join(body)}</table>
<p style="text-align:right"><em>Thu Hà - Phòng Quản lý khoa học</em></p>
</div></div></div>
<div id="dnn_ctr1530_ContentPane">Liên kết website | Thống kê truy cập: Đang online 27</div>
</form></body></html>"""
    write(
        "blind2_html_dnn_grassroots_grade_words",
        "html",
        page.encode(),
        rows,
        "dnn",
        [1, 3],
        "grassroots acceptance by a Sở decision in the body, the council's establishing decision in brackets before "
        "it; 'Người thực hiện' holds 'BSCKII. name'; grades written 'Đạt - loại Khá'; periods 'MM/YYYY đến MM/YYYY'",
    )


def aspnet_gridview_loai_dong():
    rows = [
        E(
            "Nghiên cứu giải pháp phục hồi rừng ngập mặn ven biển huyện Gio Linh",
            kind=RT,
            org="Trường Đại học Khoa học, Đại học Huế",
            pi="Trần Đăng Khoa",
            pt="TS.",
            start="2023-09-01",
            end="2025-08-31",
            budget=1_250_000_000,
            state=1_250_000_000,
        ),
        E(
            "Ứng dụng công nghệ IoT trong quản lý tưới tiết kiệm nước cho cây hồ tiêu tại huyện Cam Lộ",
            kind=ST,
            org="Công ty TNHH Nông nghiệp công nghệ cao Quảng Trị",
            pi="Lê Thị Thu Thảo",
            pt="ThS.",
            start="2023-10-01",
            end="2025-03-31",
            budget=2_480_500_000,
            state=1_100_000_000,
        ),
        E(
            "Nghiên cứu đặc điểm văn hóa truyền thống của người Pa Kô ở huyện Đakrông",
            kind=RT,
            org="Hội Văn học nghệ thuật tỉnh",
            pi="Hồ Văn Hiền",
            pt="PGS.TS.",
            start="2023-09-01",
            end="2024-12-31",
            budget=760_000_000,
            state=760_000_000,
        ),
    ]
    dec(rows, "1536/QĐ-UBND", "2023-08-22")
    loai = ["Đề tài KH&amp;CN", "Dự án KH&amp;CN", "Đề tài KH&amp;CN"]
    money = [("1.250.000.000", "1.250.000.000"), ("2.480.500.000", "1.100.000.000"), ("760.000.000", "760.000.000")]
    dates = [("01/09/2023", "31/08/2025"), ("01/10/2023", "31/03/2025"), ("01/09/2023", "31/12/2024")]
    body = [
        '<tr class="gvHeader"><th scope="col">STT</th><th scope="col">Loại nhiệm vụ</th><th scope="col">Tên nhiệm vụ</th>'
        '<th scope="col">Tổ chức chủ trì</th><th scope="col">Chủ nhiệm</th><th scope="col">Từ ngày</th>'
        '<th scope="col">Đến ngày</th><th scope="col">Tổng kinh phí (đồng)</th><th scope="col">Trong đó NSNN (đồng)</th></tr>'
    ]
    for i, r in enumerate(rows):
        cls = "gvRow" if i % 2 == 0 else "gvAltRow"
        body.append(
            f'<tr class="{cls}"><td>{i + 1}</td><td>{loai[i]}</td><td>{r["title"]}</td><td>{r["host_org"]}</td>'
            f"<td>{r['pi_title']} {r['principal_investigator']}</td><td>{dates[i][0]}</td><td>{dates[i][1]}</td>"
            f'<td align="right">{money[i][0]}</td><td align="right">{money[i][1]}</td></tr>'
        )
    page = f"""<html><head><title>Sở Khoa học và Công nghệ Quảng Trị - Chi tiết tin</title>
<meta http-equiv="content-type" content="text/html; charset=utf-8"></head>
<body><form name="aspnetForm" method="post" action="./ChiTietTin.aspx?id=2231" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAgIFD2QWAgIBDxYCHgRUZXh0BXhTw6B0" />
<div id="ctl00_pnMenu">Trang chủ | Giới thiệu | Tin tức | Văn bản</div>
<div id="ctl00_ContentPlaceHolder1_pnDetail">
<span id="ctl00_ContentPlaceHolder1_lblTitle" class="title-news">Phê duyệt kinh phí 03 nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2023</span>
<span id="ctl00_ContentPlaceHolder1_lblDate" class="date">(25/08/2023 15:40)</span>
<div id="ctl00_ContentPlaceHolder1_lblContent"><p>Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 112/TTr-SKHCN ngày 10/8/2023, Chủ tịch UBND tỉnh đã ban hành Quyết định số 1536/QĐ-UBND ngày 22/8/2023 phê duyệt tổ chức chủ trì, chủ nhiệm, thời gian và kinh phí thực hiện 03 nhiệm vụ khoa học và công nghệ cấp tỉnh như sau:</p></div>
<table cellspacing="0" rules="all" border="1" id="ctl00_ContentPlaceHolder1_GridView1" style="border-collapse:collapse;">
{chr(10).join(body)}
</table></div>
<div id="ctl00_pnFooter">Sở Khoa học và Công nghệ tỉnh Quảng Trị - 204 Hùng Vương, Đông Hà</div>
</form></body></html>"""
    write(
        "blind2_html_aspnet_gridview_loai_dong",
        "html",
        page.encode(),
        rows,
        "aspnet",
        [1, 2],
        "GridView table with <th scope=col>; decision after a Tờ trình number in the lead; 'Loại nhiệm vụ' first "
        "column (Đề tài KH&CN / Dự án KH&CN); 'Từ ngày'/'Đến ngày' dd/mm/yyyy; total and NSNN in full đồng",
    )


def nukeviet_tuyenchon_quoted_titles():
    rows = [
        E(
            "Nghiên cứu quy trình nhân giống và trồng cây Ba kích tím dưới tán rừng tại huyện Tiên Yên",
            kind=RT,
            org="Viện Dược liệu",
            pi="Phạm Thanh Huyền",
            pt="TS.",
            start="2024-07",
            end="2026-06",
            budget=1150 * TR,
            state=780 * TR,
        ),
        E(
            "Đánh giá nguồn lợi sá sùng và đề xuất giải pháp khai thác bền vững vùng biển Vân Đồn",
            kind=RT,
            org="Viện Nghiên cứu Hải sản",
            pi="Nguyễn Khắc Bát",
            pt="ThS.",
            start="2024-07",
            end="2026-12",
            budget=1460 * TR,
            state=1460 * TR,
        ),
        E(
            "Sản xuất thử nghiệm nước mắm cốt truyền thống Cái Rồng đạt tiêu chuẩn xuất khẩu",
            kind=TP,
            org="Công ty Cổ phần Thủy sản Vân Đồn",
            pi="Đỗ Văn Lực",
            pt="KS.",
            start="2024-08",
            end="2026-07",
            budget=3200 * TR,
            state=950 * TR,
        ),
    ]
    blocks = []
    txt = [
        (
            "1. Đề tài:",
            "24 tháng (từ tháng 7/2024 đến tháng 6/2026)",
            "Tổng kinh phí: 1.150 triệu đồng, trong đó ngân sách tỉnh hỗ trợ 780 triệu đồng",
        ),
        (
            "2. Đề tài:",
            "30 tháng (từ tháng 7/2024 đến tháng 12/2026)",
            "Tổng kinh phí: 1.460 triệu đồng (toàn bộ từ ngân sách tỉnh: 1.460 triệu đồng)",
        ),
        (
            "1. Dự án SXTN:",
            "24 tháng (từ tháng 8/2024 đến tháng 7/2026)",
            "Tổng kinh phí: 3.200 triệu đồng, trong đó ngân sách tỉnh hỗ trợ 950 triệu đồng",
        ),
    ]
    for i, r in enumerate(rows):
        if i == 0:
            blocks.append("<p><strong>I. CÁC ĐỀ TÀI KHOA HỌC</strong></p>")
        if i == 2:
            blocks.append("<p><strong>II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM</strong></p>")
        lab, per, money = txt[i]
        blocks.append(
            f"<p><strong>{lab} “{r['title']}”</strong></p>"
            f"<p>- Tổ chức trúng tuyển chủ trì: {r['host_org']}</p>"
            f"<p>- Cá nhân chủ nhiệm: {r['pi_title']} {r['principal_investigator']}</p>"
            f"<p>- Thời gian: {per}</p><p>- {money}</p>"
        )
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8"><title>Thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN năm 2024 - Sở Khoa học và Công nghệ Quảng Ninh</title>
<meta name="generator" content="NukeViet v4.5"></head><body>
<div id="header">Sở Khoa học và Công nghệ tỉnh Quảng Ninh</div>
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">Thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN năm 2024</h1>
<div class="row margin-bottom-lg"><span class="h5">Thứ năm - 27/06/2024 10:05</span></div>
<div class="hometext m-bottom">Thông báo số 61/TB-SKHCN ngày 26/6/2024 của Sở Khoa học và Công nghệ.</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
<p>Căn cứ Quyết định số 1120/QĐ-UBND ngày 03/6/2024 của UBND tỉnh Quảng Ninh phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đưa ra tuyển chọn năm 2024; căn cứ kết quả làm việc của các Hội đồng tư vấn tuyển chọn, Sở Khoa học và Công nghệ thông báo kết quả tuyển chọn như sau:</p>
{chr(10).join(blocks)}
<p>Các tổ chức trúng tuyển hoàn thiện hồ sơ gửi về Sở trước ngày 15/7/2024 để thẩm định kinh phí.</p>
</div></div></div>
<div id="footer">Bản quyền thuộc Sở KH&amp;CN Quảng Ninh</div></body></html>"""
    write(
        "blind2_html_nukeviet_tuyenchon_quoted_titles",
        "html",
        page.encode(),
        rows,
        "nukeviet",
        [1, 2, 6],
        "tuyển chọn result: '1. Đề tài: “title”' blocks with '- ' label lines, numbering restarts under 'II. DỰ ÁN "
        "SẢN XUẤT THỬ NGHIỆM' ('1. Dự án SXTN:'); only a grounds decision and a TB number: decision null; money as "
        "a sentence with the state part",
    )


def frontpage_tcvn3_acceptance():
    rows = [
        E(
            "Nghiên cứu chọn tạo giống lúa thuần chất lượng cao cho vùng đồng bằng tỉnh Nam Định",
            kind=RT,
            org="Trung tâm Khuyến nông tỉnh",
            pi="Trần Văn Đức",
            pt="TS.",
            start="2021-05",
            end="2023-10",
            grade="good",
        ),
        E(
            "Hoàn thiện quy trình sản xuất nấm sò trên giá thể rơm rạ quy mô hộ gia đình",
            kind=TP,
            org="Công ty TNHH Nấm Hải Hậu",
            pi="Vũ Thị Ngà",
            pt="KS.",
            start="2021-07",
            end="2023-06",
            grade="pass",
        ),
        E(
            "Nghiên cứu giải pháp bảo tồn nghề dệt vải truyền thống làng Cổ Chất",
            kind=RT,
            org="Trường Đại học Điều dưỡng Nam Định",
            pi="Phạm Quang Hưng",
            pt="ThS.",
            start="2022-01",
            end="2023-12",
            grade="excellent",
        ),
    ]
    dec(rows, "88/QĐ-UBND", "2024-01-19")
    kinds = ["Đề tài", "Dự án SXTN", "Đề tài"]
    gr = {"good": "Khá", "pass": "Đạt", "excellent": "Xuất sắc"}
    body = [tr("TT", "Tên nhiệm vụ", "Loại", "Đơn vị chủ trì", "Chủ nhiệm", "Thời gian", "Xếp loại")]
    for i, r in enumerate(rows):
        s, e = r["start_date"].split("-"), r["end_date"].split("-")
        body.append(
            tr(
                str(i + 1),
                r["title"],
                kinds[i],
                r["host_org"],
                f"{r['pi_title']} {r['principal_investigator']}",
                f"{int(s[1])}/{s[0]} - {int(e[1])}/{e[0]}",
                gr[r["acceptance_grade"]],
            )
        )
    uni = f"""<html><head>
<meta name="GENERATOR" content="Microsoft FrontPage 4.0">
<title>Cong nhan ket qua nhiem vu KHCN</title></head>
<body bgcolor="#FFFFFF"><font face=".VnTime" size="3">
<p align="center"><b>Uû ban nh©n d©n tØnh</b></p>
<p>Ngày 19/01/2024, Uỷ ban nhân dân tỉnh đã ký Quyết định số 88/QĐ-UBND về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh (nghiệm thu theo Kế hoạch số 204/KH-SKHCN ngày 08/9/2023). Danh sách gồm:</p>
<table border="1" cellpadding="3" cellspacing="0" width="98%">
{chr(10).join(body)}
</table>
<p>Nơi nhận: các đơn vị chủ trì; lưu VT.</p>
</font></body></html>"""
    # the banner line above is already TCVN3 as typed: keep its bytes; encode the rest
    head, rest = uni.split("<p>Ngày", 1)
    page = head.encode("cp1252") + encode_tcvn3("<p>Ngày" + rest)
    write(
        "blind2_html_frontpage_tcvn3_acceptance",
        "html",
        page,
        rows,
        "frontpage",
        [1, 2, 5],
        "FrontPage page whole in TCVN3 bytes (<font face=.VnTime>), no charset; decision in the lead with a Kế hoạch "
        "number after it; kind column 'Loại' (Đề tài / Dự án SXTN); unpadded periods '5/2021 - 10/2023'; grades",
    )


def wordpress_figure_caption_ty():
    rows = [
        E(
            "Nghiên cứu ứng dụng công nghệ viễn thám giám sát biến động đường bờ biển tỉnh Bến Tre",
            kind=RT,
            org="Viện Khoa học Thủy lợi miền Nam",
            pi="Hoàng Văn Lâm",
            pt="PGS. TS",
            start="2024-01",
            end="2025-12",
            budget=1_200_000_000,
        ),
        E(
            "Xây dựng mô hình nuôi tôm càng xanh luân canh trên ruộng lúa nhiễm mặn",
            kind=TP,
            org="Trung tâm Giống nông nghiệp Bến Tre",
            pi="Nguyễn Thị Bích Tuyền",
            pt="ThS",
            start="2024-03",
            end="2026-02",
            budget=850_000_000,
        ),
        E(
            "Đề án phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Bến Tre đến năm 2030",
            kind=SC,
            org="Trung tâm Ứng dụng tiến bộ KH&CN",
            pi="Lê Minh Trí",
            pt="TS",
            start="2024-01",
            end="2024-12",
            budget=2_050_000_000,
        ),
    ]
    dec(rows, "2750/QĐ-UBND", "2023-12-28")
    kinds = ["Đề tài", "Dự án SXTN", "Đề án"]
    per = ["tháng 1/2024 – tháng 12/2025", "tháng 3/2024 – tháng 2/2026", "tháng 1/2024 – tháng 12/2024"]
    money = ["1,2", "0,85", "2,05"]
    body = []
    for i, r in enumerate(rows):
        body.append(
            tr(
                str(i + 1),
                f"{r['title']}",
                kinds[i],
                r["host_org"],
                f"{r['pi_title']} {r['principal_investigator']}",
                per[i],
                money[i],
            )
        )
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8" />
<title>Danh mục nhiệm vụ KH&amp;CN cấp tỉnh năm 2024 &#8211; Sở Khoa học và Công nghệ Bến Tre</title>
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.4.2' media='all' /></head>
<body class="post-template-default single single-post postid-8812 single-format-standard">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title">Sở KH&amp;CN Bến Tre</p></header>
<main id="main" class="site-main"><article id="post-8812" class="post-8812 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">Danh mục nhiệm vụ KH&amp;CN cấp tỉnh năm 2024</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="2024-01-05T08:30:00+07:00">05/01/2024</time></span></div></header>
<div class="entry-content">
<p>Thực hiện Công văn số 1456/SKHCN-QLKH ngày 20/10/2023 về việc đề xuất nhiệm vụ, sau khi tổng hợp và lấy ý kiến Hội đồng tư vấn xác định nhiệm vụ, danh mục nhiệm vụ KH&amp;CN cấp tỉnh năm 2024 đã được UBND tỉnh phê duyệt như bảng dưới đây.</p>
<figure class="wp-block-table is-style-stripes"><table><thead><tr><th>#</th><th>Tên nhiệm vụ</th><th>Loại hình</th><th>Cơ quan chủ trì</th><th>Chủ nhiệm nhiệm vụ</th><th>Thời gian thực hiện</th><th>Kinh phí (tỷ đồng)</th></tr></thead>
<tbody>{"".join(body)}</tbody></table>
<figcaption class="wp-element-caption">Phụ lục kèm theo Quyết định số 2750/QĐ-UBND ngày 28/12/2023 của UBND tỉnh Bến Tre</figcaption></figure>
<p>Bài viết liên quan: <a href="/?p=8701">Hội nghị tổng kết hoạt động KH&amp;CN năm 2023</a></p>
</div></article></main>
<footer id="colophon" class="site-footer">Proudly powered by WordPress</footer></div></body></html>"""
    write(
        "blind2_html_wordpress_figure_caption_ty",
        "html",
        page.encode(),
        rows,
        "wordpress",
        [1, 2, 3],
        "Gutenberg wp-block-table whose figcaption carries the decision; a Công văn in the lead; '#' number column; "
        "titles 'PGS. TS' / 'ThS' / 'TS' without final dots; 'tháng 1/2024 – tháng 12/2025'; money in tỷ with a "
        "decimal comma",
    )


def liferay_trinhdo_words_two_tables():
    rows = [
        E(
            "Nghiên cứu xây dựng chuỗi liên kết sản xuất và tiêu thụ cà phê đặc sản Khe Sanh",
            kind=None,
            org="Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên",
            pi="Y Nguyễn Hmok",
            pt="Tiến sĩ",
            start="2025",
            end="2026",
            budget=1_380_000_000,
        ),
        E(
            "Nghiên cứu ứng dụng mô hình chuyển đổi số trong quản lý di tích lịch sử cấp tỉnh",
            kind=None,
            org="Bảo tàng tỉnh",
            pi="Đinh Thị Hồng Nhung",
            pt="Thạc sĩ",
            start="2025",
            end="2026",
            budget=690_000_000,
        ),
        E(
            "Dự án ứng dụng tiến bộ kỹ thuật nhân giống cây Sâm dây bằng nuôi cấy mô",
            kind=ST,
            org="Trung tâm Thông tin và Ứng dụng KH&CN",
            pi="Bùi Văn Tiến",
            pt="Kỹ sư",
            start="2025",
            end="2027",
            budget=1_900_000_000,
        ),
    ]
    # the first two titles open with 'Nghiên cứu' and the page calls them 'nhiệm vụ': kind not stated (null)
    dec(rows, "77/QĐ-UBND", "2025-01-15")
    money = ["1.380", "690", "1.900"]
    body = [
        tr(
            "STT",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Chủ nhiệm<br/>nhiệm vụ",
            "Trình độ",
            "Thời gian<br/>thực hiện",
            "Kinh phí<br/>(triệu<br/>đồng)",
            tag="th",
        )
    ]
    for i, r in enumerate(rows):
        body.append(
            tr(
                str(i + 1),
                r["title"],
                r["host_org"],
                r["principal_investigator"],
                r["pi_title"],
                f"{r['start_date']} - {r['end_date']}",
                money[i],
            )
        )
    sched = [
        tr("Thứ", "Ngày", "Lãnh đạo tiếp công dân", "Chức vụ", tag="th"),
        tr("Thứ Ba", "21/01/2025", "TS. Phan Văn Hùng", "Giám đốc Sở"),
        tr("Thứ Năm", "23/01/2025", "ThS. Nguyễn Thị Lan", "Phó Giám đốc Sở"),
    ]
    page = f"""<!DOCTYPE html><html class="ltr" dir="ltr" lang="vi-VN"><head><title>Đặt hàng nhiệm vụ KH&amp;CN cấp tỉnh năm 2025 - Cổng Thông tin điện tử Sở KH&amp;CN</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" /></head>
<body class="controls-visible yui3-skin-sam guest-site signed-out public-page site">
<div id="wrapper"><header id="banner" role="banner">Sở Khoa học và Công nghệ</header>
<section id="content"><div class="portlet-boundary portlet-boundary_56_ portlet-journal-content" id="p_p_id_56_INSTANCE_kT8m_">
<div class="portlet-body"><div class="journal-content-article">
<h3 class="title-article">Đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025</h3>
<p>Ủy ban nhân dân tỉnh vừa ban hành Quyết định số 77/QĐ-UBND ngày 15 tháng 01 năm 2025 về việc đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 giao trực tiếp cho các tổ chức chủ trì:</p>
<table border="1" style="width:100%">{"".join(body)}</table>
<p>&nbsp;</p><p><strong>LỊCH TIẾP CÔNG DÂN THÁNG 01/2025</strong></p>
<table border="1" style="width:60%">{"".join(sched)}</table>
</div></div></div></section>
<footer id="footer">Powered by Liferay Portal</footer></div></body></html>"""
    write(
        "blind2_html_liferay_trinhdo_words_two_tables",
        "html",
        page.encode(),
        rows,
        "liferay",
        [1, 2, 3, 7],
        "ordering list: 'Trình độ' column with spelled-out degrees (Tiến sĩ / Thạc sĩ / Kỹ sư) beside a bare name; "
        "headers broken by <br/>; 'Dự án ứng dụng tiến bộ kỹ thuật …' title; a citizen-reception schedule table "
        "with titled names after it",
    )


def aspnet_vni_codes_acceptance():
    rows = [
        E(
            "Nghiên cứu ứng dụng chế phẩm sinh học xử lý mùi hôi trong chăn nuôi heo quy mô nông hộ",
            code="ĐT.05/2021",
            kind=None,
            level=None,
            org="Chi cục Chăn nuôi và Thú y",
            pi="Nguyễn Hữu Phước",
            pt="ThS.",
            start="2021-06",
            end="2023-05",
            grade="good",
        ),
        E(
            "Đánh giá chất lượng nước ngầm tầng nông phục vụ sinh hoạt tại huyện Đức Hòa",
            code="ĐT.07/2021",
            kind=None,
            level=None,
            org="Trung tâm Quan trắc tài nguyên và môi trường",
            pi="Lê Thanh Sơn",
            pt="TS.",
            start="2021-08",
            end="2023-07",
            grade="pass",
        ),
        E(
            "Sản xuất thử nghiệm giống thanh long ruột đỏ sạch bệnh bằng nuôi cấy mô",
            code="DA.02/2021",
            kind=None,
            level=None,
            org="Trung tâm Giống nông nghiệp",
            pi="Phan Thị Mỹ Dung",
            pt="KS.",
            start="2021-09",
            end="2023-08",
            grade="good",
        ),
    ]
    # nothing on the page states a row's kind (the header says 'đề tài, dự án'; a code prefix is no statement)
    # nor the level (a Sở decision, no 'cấp tỉnh' / 'cấp cơ sở' anywhere): both null
    dec(rows, "645/QĐ-SKHCN", "2023-10-30")
    gr = {"good": "Khá", "pass": "Đạt"}
    body = [
        tr(
            "STT",
            "Mã số",
            "Tên đề tài, dự án",
            "Cơ quan chủ trì",
            "Chủ nhiệm",
            "Thời gian thực hiện",
            "Xếp loại",
            tag="th",
        )
    ]
    for i, r in enumerate(rows):
        s, e = r["start_date"].split("-"), r["end_date"].split("-")
        body.append(
            tr(
                str(i + 1),
                r["code"],
                r["title"],
                r["host_org"],
                f"{r['pi_title']} {r['principal_investigator']}",
                f"Từ {s[1]}/{s[0]} đến {e[1]}/{e[0]}",
                gr[r["acceptance_grade"]],
            )
        )
    uni = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Cong nhan ket qua</title><style>.noidung {{ font-family: 'VNI-Times'; font-size: 13pt }}</style></head>
<body><form name="Form1" method="post" action="ChiTiet.aspx?ID=512" id="Form1">
<div class="noidung"><p><b>Công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ</b></p>
<p>Căn cứ biên bản họp Hội đồng đánh giá, nghiệm thu; Giám đốc Sở Khoa học và Công nghệ ban hành Quyết định số 645/QĐ-SKHCN ngày 30/10/2023 công nhận kết quả thực hiện các nhiệm vụ sau:</p>
<table border="1" cellspacing="0" cellpadding="2">{"".join(body)}</table>
<p>Nơi nhận: Như trên; Lưu: VT, QLKH.</p></div></form></body></html>"""
    write(
        "blind2_html_aspnet_vni_codes_acceptance",
        "html",
        encode_vni(uni),
        rows,
        "aspnet",
        [1, 5],
        "ASP.NET page whole in VNI-Windows bytes declared windows-1252, VNI-Times only in a CSS class; code column "
        "'Mã số' (ĐT.05/2021, DA.02/2021); 'Từ 06/2021 đến 05/2023'; grades; Sở-level acceptance decision",
    )


def drupal_negative_timeline():
    body = [
        tr("TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị chủ trì", tag="th"),
        tr(
            "1",
            "Tiếp nhận phiếu đề xuất nhiệm vụ KH&amp;CN cấp tỉnh năm 2026",
            "Trước ngày 30/6/2025",
            "Phòng Quản lý khoa học",
        ),
        tr("2", "Tổ chức Hội đồng tư vấn xác định nhiệm vụ", "Tháng 7 - 8/2025", "Sở Khoa học và Công nghệ"),
        tr("3", "Trình UBND tỉnh phê duyệt danh mục nhiệm vụ", "Tháng 9/2025", "Sở Khoa học và Công nghệ"),
        tr("4", "Thông báo tuyển chọn, giao trực tiếp", "Tháng 10/2025", "Văn phòng Sở"),
    ]
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"/><title>Kế hoạch xác định nhiệm vụ KH&amp;CN cấp tỉnh năm 2026 | Sở KH&amp;CN Sơn La</title></head>
<body><main><article class="node node--type-tin-tuc"><h1>Kế hoạch xác định nhiệm vụ KH&amp;CN cấp tỉnh năm 2026</h1>
<div class="field field--name-body">
<p>Thực hiện Quyết định số 1320/QĐ-UBND ngày 12/5/2025 của UBND tỉnh, Sở Khoa học và Công nghệ đề nghị các sở, ngành, UBND các huyện đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh (đề tài, dự án sản xuất thử nghiệm, đề án) bắt đầu thực hiện năm 2026. Năm 2025 tỉnh đang triển khai 38 đề tài, dự án với tổng kinh phí trên 42 tỷ đồng.</p>
<p>Tiến độ thực hiện như sau:</p>
<table class="table" border="1">{"".join(body)}</table>
<p>Mẫu phiếu đề xuất tải tại mục Văn bản - Biểu mẫu.</p></div></article></main></body></html>"""
    write(
        "blind2_html_drupal_negative_timeline",
        "html",
        page.encode(),
        [],
        "drupal",
        [7],
        "negative: a call for proposals with a timeline table (TT / Nội dung công việc / Thời gian thực hiện / Đơn "
        "vị chủ trì) and counts of tasks in the lead; no task listed",
    )


def dnn_ul_semicolon_items():
    rows = [
        E(
            "Đề án phát triển nguồn nhân lực khoa học và công nghệ tỉnh Bình Phước giai đoạn 2024-2030",
            kind=SC,
            org="Sở Nội vụ",
            pi="Trương Văn Bảy",
            pt="ThS.",
            start="2024-01",
            end="2025-06",
            budget=450 * TR,
        ),
        E(
            "Nghiên cứu sâu bệnh hại chính trên cây điều và đề xuất biện pháp phòng trừ tổng hợp",
            kind=RT,
            org="Trường Đại học Nông Lâm TP. Hồ Chí Minh",
            pi="Lê Quang Hưng",
            pt="PGS.TS.",
            start="2024-02",
            end="2026-01",
            budget=1_870 * TR,
        ),
        E(
            "Dự án ứng dụng công nghệ sấy lạnh trong chế biến hạt điều nhân xuất khẩu",
            kind=ST,
            org="Công ty Cổ phần Điều Bình Phước",
            pi="Đặng Thị Ngọc Hân",
            pt="KS.",
            start="2024-03",
            end="2025-08",
            budget=2_600 * TR,
        ),
    ]
    dec(rows, "2233/QĐ-UBND", "2023-12-06")
    item = [
        "“{t}”; đơn vị chủ trì: {o}; chủ nhiệm: {p}; thời gian thực hiện 18 tháng (01/2024 - 06/2025); kinh phí 450 triệu đồng.",
        "Đề tài “{t}”; đơn vị chủ trì: {o}; chủ nhiệm: {p}; thời gian thực hiện 24 tháng (02/2024 - 01/2026); kinh phí 1,87 tỷ đồng.",
        "{t}; đơn vị chủ trì: {o}; chủ nhiệm: {p}; thời gian thực hiện 18 tháng (03/2024 - 08/2025); kinh phí 2,6 tỷ đồng.",
    ]
    lis = []
    for i, r in enumerate(rows):
        lis.append(
            "<li>"
            + item[i].format(t=r["title"], o=r["host_org"], p=f"{r['pi_title']} {r['principal_investigator']}")
            + "</li>"
        )
    page = f"""<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8"/><title>Giao nhiệm vụ KH&amp;CN năm 2024 - Sở Khoa học và Công nghệ Bình Phước</title></head>
<body><form id="Form" action="/tin-tuc/ctl/ArticleView/mid/1021/articleId/4410"><div id="dnn_ContentPane">
<div class="DnnModule DnnModule-EasyDNNnews"><div class="edn_articleContent">
<h2 class="edn_articleTitle">Ba nhiệm vụ khoa học và công nghệ cấp tỉnh được giao thực hiện từ năm 2024</h2>
<p>Các nhiệm vụ được giao trực tiếp gồm:</p>
<ul>{"".join(lis)}</ul>
<p><em>(Danh mục ban hành kèm theo Quyết định số 2233/QĐ-UBND ngày 06/12/2023 của UBND tỉnh; các nhiệm vụ chuyển tiếp thực hiện theo Quyết định số 1705/QĐ-UBND năm 2022)</em></p>
</div></div></div></form></body></html>"""
    write(
        "blind2_html_dnn_ul_semicolon_items",
        "html",
        page.encode(),
        rows,
        "dnn",
        [1, 2, 6],
        "tasks as <ul><li> sentences joined by ';' with quoted titles; kind from a quoted title's opening words ('“Đề án …”'), "
        "a word before the quote ('Đề tài “…”') or 'Dự án ứng dụng công nghệ …'; '18 tháng (01/2024 - 06/2025)'; money in triệu and tỷ; "
        "the list's decision only in an italic note after the list beside an older one",
    )


# =========================================================================== Office helpers
def xlsx_book(rows2d, merges=(), formats=None, widths=None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh muc"
    for r, row in enumerate(rows2d, 1):
        for c, v in enumerate(row, 1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if formats and (r, c) in formats:
                cell.number_format = formats[(r, c)]
    for m in merges:
        ws.merge_cells(m)
    wb.properties.creator = "SKHCN"
    fixed = dt.datetime(2024, 12, 20, 8, 0, 0)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_book(rows2d, merges=(), formats=None) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    styles = {}
    merged_cells = set()
    for r0, r1, c0, c1, text in merges:
        ws.write_merge(r0, r1, c0, c1, text)
        merged_cells.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    for r, row in enumerate(rows2d):
        for c, v in enumerate(row):
            if v is None or (r, c) in merged_cells:
                continue
            fmt = (formats or {}).get((r, c))
            if fmt:
                styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
                ws.write(r, c, v, styles[fmt])
            else:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_day_cells_merged_kind():
    rows = [
        E(
            "Nghiên cứu đánh giá tiềm năng và đề xuất giải pháp phát triển cây mắc ca tại huyện Tam Đường",
            kind=RT,
            org="Viện Khoa học Lâm nghiệp Việt Nam",
            pi="Phạm Văn Điển",
            pt="TS.",
            start="2022-03-15",
            end="2024-03-14",
            budget=1_560_000_000,
            state=1_560_000_000,
        ),
        E(
            "Nghiên cứu xây dựng bộ tài liệu song ngữ Việt - Thái cho học sinh tiểu học",
            kind=RT,
            org="Trường Cao đẳng Cộng đồng Lai Châu",
            pi="Lường Thị Pọm",
            pt="ThS.",
            start="2022-05-01",
            end="2024-04-30",
            budget=820_000_000,
            state=820_000_000,
        ),
        E(
            "Sản xuất thử nghiệm giống lúa Séng cù chất lượng cao tại huyện Than Uyên",
            kind=TP,
            org="Công ty Cổ phần Giống cây trồng Lai Châu",
            pi="Lò Văn Pánh",
            pt="KS.",
            start="2022-04-01",
            end="2024-09-30",
            budget=3_450_000_000,
            state=1_200_000_000,
        ),
        E(
            "Ứng dụng tiến bộ kỹ thuật nuôi cá hồi vân thương phẩm tại Sìn Hồ",
            kind=TP,
            org="Hợp tác xã Thủy sản Sìn Hồ",
            pi="Giàng A Chu",
            pt=None,
            start="2022-06-01",
            end="2024-05-31",
            budget=2_900_000_000,
            state=950_000_000,
        ),
    ]
    dec(rows, "1844/QĐ-UBND", "2024-10-09")
    grid = [
        ["DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH KẾT THÚC NĂM 2024"],
        ["(Kèm theo Quyết định số 1844/QĐ-UBND ngày 09/10/2024 của UBND tỉnh Lai Châu)"],
        [],
        [
            "TT",
            "Loại hình",
            "Tên nhiệm vụ",
            "Tổ chức chủ trì",
            "Chủ nhiệm",
            "Ngày bắt đầu",
            "Ngày kết thúc",
            "Tổng kinh phí (đồng)",
            "Trong đó NSNN (đồng)",
        ],
    ]
    fm = {}
    for i, r in enumerate(rows):
        rr = len(grid) + 1
        pi = " ".join(x for x in (r["pi_title"], r["principal_investigator"]) if x)
        grid.append(
            [
                i + 1,
                ("Đề tài" if i == 0 else "Dự án SXTN" if i == 2 else None),
                r["title"],
                r["host_org"],
                pi,
                dt.datetime.fromisoformat(r["start_date"]),
                dt.datetime.fromisoformat(r["end_date"]),
                r["budget_vnd"],
                r["budget_state_vnd"],
            ]
        )
        for c in (6, 7):
            fm[(rr, c)] = "dd/mm/yyyy"
        for c in (8, 9):
            fm[(rr, c)] = "#,##0"
    grid.append(
        [
            None,
            None,
            "Tổng cộng",
            None,
            None,
            None,
            None,
            sum(r["budget_vnd"] for r in rows),
            sum(r["budget_state_vnd"] for r in rows),
        ]
    )
    data = xlsx_book(grid, merges=("A1:I1", "A2:I2", "B5:B6", "B7:B8"), formats=fm)
    write(
        "blind2_xlsx_day_cells_merged_kind",
        "xlsx",
        data,
        rows,
        "office",
        [1, 2, 4],
        "XLSX: title block '(Kèm theo Quyết định số …)'; 'Loại hình' merged down (B5:B6 Đề tài, B7:B8 Dự án SXTN); "
        "'Ngày bắt đầu'/'Ngày kết thúc' date cells 'dd/mm/yyyy'; money numeric in đồng '#,##0'; a 'Tổng cộng' row",
    )


def xlsx_twolevel_hocvi_first():
    rows = [
        E(
            "Nghiên cứu hiện trạng và giải pháp quản lý chất thải rắn sinh hoạt ở nông thôn tỉnh Hưng Yên",
            org="Trung tâm Quan trắc môi trường",
            pi="Nguyễn Thị Hương",
            pt="ThS.",
            start="2023-06",
            end="2025-05",
            budget=650_500_000,
            level="grassroots",
        ),
        E(
            "Xây dựng cơ sở dữ liệu nguồn gen cây nhãn lồng Hưng Yên",
            org="Trung tâm Ứng dụng khoa học và công nghệ",
            pi="Đào Xuân Trường",
            pt="TS.",
            start="2023-07",
            end="2024-12",
            budget=498_000_000,
            level="grassroots",
        ),
        E(
            "Đánh giá hiệu quả mô hình hợp tác xã kiểu mới trong sản xuất rau an toàn",
            org="Chi cục Phát triển nông thôn",
            pi="Bùi Thị Thơm",
            pt="CN.",
            start="2023-06",
            end="2024-11",
            budget=320_750_000,
            level="grassroots",
        ),
    ]
    dec(rows, "95/QĐ-SKHCN", "2024-03-12")
    grid = [
        ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TỈNH HƯNG YÊN", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        ["DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP CƠ SỞ NĂM 2023"],
        [
            "(Ban hành kèm theo Quyết định số 95/QĐ-SKHCN ngày 12 tháng 3 năm 2024 của Giám đốc Sở Khoa học và Công nghệ)"
        ],
        ["Stt", "Tên nhiệm vụ", "Đơn vị chủ trì", "Chủ nhiệm", None, "Thời gian thực hiện", "Kinh phí\n(tr.đồng)"],
        [None, None, None, "Học vị", "Họ tên", None, None],
    ]
    for i, r in enumerate(rows):
        s, e = r["start_date"].split("-"), r["end_date"].split("-")
        grid.append(
            [
                i + 1,
                r["title"],
                r["host_org"],
                r["pi_title"],
                r["principal_investigator"],
                f"{int(s[1])}/{s[0]} đến {int(e[1])}/{e[0]}",
                r["budget_vnd"] / TR,
            ]
        )
    data = xlsx_book(grid, merges=("A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6", "G5:G6", "A3:G3", "A4:G4"))
    write(
        "blind2_xlsx_twolevel_hocvi_first",
        "xlsx",
        data,
        rows,
        "office",
        [1, 3],
        "XLSX grassroots list under a Sở decision (title block 'ngày 12 tháng 3 năm 2024'); two-row header "
        "'Chủ nhiệm' over 'Học vị' | 'Họ tên' with the title column FIRST; '6/2023 đến 5/2025' text periods; "
        "numeric triệu with decimals (650.5); no kind stated",
    )


def xls_month_cells_grades():
    rows = [
        E(
            "Nghiên cứu ứng dụng vi sinh vật đối kháng phòng trừ bệnh vàng lá thối rễ trên cây có múi",
            kind=RT,
            org="Trạm Trồng trọt và Bảo vệ thực vật huyện Hàm Yên",
            pi="Hà Thị Lan",
            pt="ThS.",
            start="2022-04",
            end="2023-09",
            grade="good",
            level="grassroots",
        ),
        E(
            "Xây dựng phần mềm quản lý nhà trọ, lưu trú trên địa bàn thành phố Tuyên Quang",
            kind=RT,
            org="Công an thành phố Tuyên Quang",
            pi="Ma Văn Khải",
            pt="CN.",
            start="2022-07",
            end="2023-06",
            grade="pass",
            level="grassroots",
        ),
        E(
            "Nghiên cứu giải pháp nâng cao chất lượng đội ngũ cán bộ cấp xã huyện Lâm Bình",
            kind=RT,
            org="Huyện ủy Lâm Bình",
            pi="Chẩu Văn Lâm",
            pt=None,
            start="2022-05",
            end="2023-10",
            grade="excellent",
            level="grassroots",
        ),
    ]
    dec(rows, "301/QĐ-SKHCN", "2024-05-20")
    gr = {"good": "Khá", "pass": "Đạt", "excellent": "Xuất sắc"}
    grid = [
        ["DANH SÁCH ĐỀ TÀI KHOA HỌC CẤP CƠ SỞ ĐƯỢC CÔNG NHẬN KẾT QUẢ"],
        ["Kèm theo QĐ số 301/QĐ-SKHCN ngày 20/5/2024 của Sở KH&CN tỉnh Tuyên Quang"],
        [],
        ["STT", "Tên đề tài", "Đơn vị chủ trì", "Chủ nhiệm đề tài", "Bắt đầu", "Kết thúc", "Xếp loại"],
    ]
    fm = {}
    for i, r in enumerate(rows):
        rr = len(grid)
        pi = " ".join(x for x in (r["pi_title"], r["principal_investigator"]) if x)
        y0, m0 = map(int, r["start_date"].split("-"))
        y1, m1 = map(int, r["end_date"].split("-"))
        grid.append(
            [i + 1, r["title"], r["host_org"], pi, dt.date(y0, m0, 1), dt.date(y1, m1, 1), gr[r["acceptance_grade"]]]
        )
        fm[(rr, 4)] = fm[(rr, 5)] = "mm/yyyy"
    data = xls_book(grid, merges=((0, 0, 0, 6, grid[0][0]), (1, 1, 0, 6, grid[1][0])), formats=fm)
    write(
        "blind2_xls_month_cells_grades",
        "xls",
        data,
        rows,
        "office",
        [1, 4],
        "XLS grassroots acceptance list; 'Kèm theo QĐ số … ngày 20/5/2024' in the second title row; 'Bắt đầu' / "
        "'Kết thúc' date cells formatted 'mm/yyyy' (months); kind from the heading 'DANH SÁCH ĐỀ TÀI …'; grades",
    )


def xls_negative_equipment():
    grid = [
        ["DANH MỤC TRANG THIẾT BỊ PHÒNG THỬ NGHIỆM ĐƯỢC ĐẦU TƯ NĂM 2023"],
        ["(Kèm theo Quyết định số 778/QĐ-SKHCN ngày 02/11/2023)"],
        ["STT", "Tên thiết bị", "Model / Hãng sản xuất", "Năm đưa vào sử dụng", "Đơn vị quản lý", "Giá trị (đồng)"],
        [
            1,
            "Máy quang phổ hấp thụ nguyên tử",
            "AA-7000 / Shimadzu",
            2023,
            "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
            2_150_000_000,
        ],
        [
            2,
            "Tủ cấy vi sinh an toàn sinh học cấp II",
            "BSC-1300IIA2 / Biobase",
            2023,
            "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
            185_000_000,
        ],
        [
            3,
            "Cân phân tích 4 số lẻ",
            "XS205 / Mettler Toledo",
            2023,
            "Trung tâm Thông tin và Ứng dụng KH&CN",
            98_500_000,
        ],
    ]
    data = xls_book(grid, merges=((0, 0, 0, 5, grid[0][0]), (1, 1, 0, 5, grid[1][0])))
    write(
        "blind2_xls_negative_equipment",
        "xls",
        data,
        [],
        "office",
        [8],
        "negative: a Sở decision's list of laboratory equipment (name, model, year, managing unit, value in đồng); no task",
    )


def docx_doc(blocks) -> bytes:
    """blocks: str paragraphs (a leading '**' = bold, '>>' = centred) and lists of rows (a table, first row header)."""
    from docx import Document

    d = Document()
    d.core_properties.author = "SKHCN"
    d.core_properties.created = d.core_properties.modified = dt.datetime(2024, 12, 20, 8, 0, 0)
    for b in blocks:
        if isinstance(b, str):
            centre = b.startswith(">>")
            b = b.removeprefix(">>")
            bold = b.startswith("**")
            p = d.add_paragraph()
            p.add_run(b.removeprefix("**")).bold = bold
            if centre:
                p.alignment = 1
        else:
            rows2d, merges = b
            t = d.add_table(rows=len(rows2d), cols=len(rows2d[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows2d):
                for c, v in enumerate(row):
                    if v is not None:
                        t.cell(r, c).text = str(v)
            for r0, c0, r1, c1 in merges:
                a = t.cell(r0, c0)
                keep = a.text
                a.merge(t.cell(r1, c1))
                a.text = keep
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_decision_numbered_paragraphs():
    rows = [
        E(
            "Nghiên cứu quy trình sản xuất giống cá bống bớp bằng phương pháp sinh sản nhân tạo tại Quảng Ngãi",
            kind=RT,
            org="Trường Đại học Nha Trang",
            pi="Lục Minh Diệp",
            pt="TS.",
            start="2023-09",
            end="2025-08",
            budget=1_200_000_000,
            state=900_000_000,
        ),
        E(
            "Nghiên cứu giá trị di sản văn hóa Sa Huỳnh phục vụ phát triển du lịch tỉnh Quảng Ngãi",
            kind=RT,
            org="Viện Khảo cổ học",
            pi="Nguyễn Thị Thu Hà",
            pt="PGS.TS.",
            start="2023-10",
            end="2025-09",
            budget=1_050_000_000,
            state=1_050_000_000,
        ),
        E(
            "Sản xuất thử nghiệm tỏi Lý Sơn đạt chứng nhận VietGAP quy mô 20 ha",
            kind=TP,
            org="Hợp tác xã Nông nghiệp Lý Hải",
            pi="Võ Văn Tâm",
            pt="KS.",
            start="2023-09",
            end="2025-02",
            budget=2_750_000_000,
            state=800_000_000,
        ),
    ]
    dec(rows, "1711/QĐ-UBND", "2023-08-25")
    per = [
        "24 tháng (từ tháng 9/2023 đến tháng 8/2025)",
        "24 tháng (từ tháng 10/2023 đến tháng 9/2025)",
        "18 tháng (từ tháng 9/2023 đến tháng 02/2025)",
    ]
    money = [("1.200.000.000", "900.000.000"), ("1.050.000.000", "1.050.000.000"), ("2.750.000.000", "800.000.000")]
    lab = ["Tên đề tài", "Tên đề tài", "Tên dự án sản xuất thử nghiệm"]
    blocks = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Số: 1711/QĐ-UBND",
        ">>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ">>Độc lập - Tự do - Hạnh phúc",
        ">>Quảng Ngãi, ngày 25 tháng 8 năm 2023",
        ">>**QUYẾT ĐỊNH",
        ">>**Phê duyệt tổ chức, cá nhân trúng tuyển chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh "
        "bắt đầu thực hiện năm 2023",
        ">>**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;",
        "Căn cứ Quyết định số 27/2021/QĐ-UBND ngày 14/7/2021 của UBND tỉnh ban hành Quy định quản lý nhiệm vụ "
        "khoa học và công nghệ cấp tỉnh;",
        "Căn cứ Quyết định số 512/QĐ-UBND ngày 10/4/2023 của Chủ tịch UBND tỉnh phê duyệt danh mục nhiệm vụ "
        "khoa học và công nghệ cấp tỉnh đưa ra tuyển chọn năm 2023;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 95/TTr-SKHCN ngày 18/8/2023.",
        ">>**QUYẾT ĐỊNH:",
        "Điều 1. Phê duyệt tổ chức, cá nhân trúng tuyển chủ trì thực hiện 03 nhiệm vụ khoa học và công nghệ cấp "
        "tỉnh như sau:",
    ]
    for i, r in enumerate(rows):
        blocks += [
            f"{i + 1}. {lab[i]}: {r['title']}",
            f"a) Tổ chức chủ trì: {r['host_org']}",
            f"b) Chủ nhiệm: {r['pi_title']} {r['principal_investigator']}",
            f"c) Thời gian thực hiện: {per[i]}",
            f"d) Tổng kinh phí: {money[i][0]} đồng, trong đó: Ngân sách nhà nước: {money[i][1]} đồng",
        ]
    blocks += [
        "Điều 2. Giao Sở Khoa học và Công nghệ ký hợp đồng với tổ chức chủ trì theo quy định.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Phước Hiền",
    ]
    write(
        "blind2_docx_decision_numbered_paragraphs",
        "docx",
        docx_doc(blocks),
        rows,
        "office",
        [1, 2, 6],
        "DOCX decision: 'Số: 1711/QĐ-UBND' and the date line in the header, grounds citing a normative decision and "
        "the selection list's decision, a Tờ trình; Điều 1 with numbered tasks and lettered a)-d) lines; "
        "'Tên dự án sản xuất thử nghiệm:'; money 'Tổng kinh phí … đồng, trong đó: Ngân sách nhà nước: … đồng'",
    )


def docx_thousand_dong_groups():
    rows = [
        E(
            "Sản xuất thử nghiệm chế phẩm sinh học từ nấm Trichoderma xử lý phụ phẩm mía đường",
            kind=TP,
            org="Công ty Cổ phần Mía đường Lam Sơn",
            pi="Lê Văn Quang",
            pt="TS.",
            start="2024",
            end="2025",
            budget=3_120_000_000,
            state=1_250_000_000,
        ),
        E(
            "Hoàn thiện công nghệ sản xuất nem chua Thanh Hóa bảo quản dài ngày",
            kind=TP,
            org="Công ty TNHH Thực phẩm Thanh Hóa",
            pi="Nguyễn Thị Hằng",
            pt="ThS.",
            start="2024",
            end="2025",
            budget=1_980_000_000,
            state=690_000_000,
        ),
        E(
            "Nghiên cứu giải pháp phát triển kinh tế dưới tán rừng cho đồng bào dân tộc thiểu số miền núi",
            kind=RT,
            org="Trường Đại học Hồng Đức",
            pi="Hoàng Văn Chung",
            pt="PGS.TS.",
            start="2024",
            end="2026",
            budget=1_420_000_000,
            state=1_420_000_000,
        ),
    ]
    dec(rows, "3012/QĐ-UBND", "2023-12-29")
    hdr = [
        "TT",
        "Tên nhiệm vụ",
        "Tổ chức chủ trì",
        "Học hàm, học vị",
        "Chủ nhiệm nhiệm vụ",
        "Thời gian thực hiện",
        "Tổng kinh phí (1.000 đồng)",
        "Trong đó NSNN (1.000 đồng)",
    ]
    tab = [hdr]
    merges = []
    for i, r in enumerate(rows):
        if i == 0:
            tab.append(["A", "DỰ ÁN SẢN XUẤT THỬ NGHIỆM"] + [None] * 6)
            merges.append((len(tab) - 1, 1, len(tab) - 1, 7))
        if i == 2:
            tab.append(["B", "ĐỀ TÀI NGHIÊN CỨU"] + [None] * 6)
            merges.append((len(tab) - 1, 1, len(tab) - 1, 7))
        k = f"{r['budget_vnd'] // 1000:,}".replace(",", ".")
        s = f"{r['budget_state_vnd'] // 1000:,}".replace(",", ".")
        tab.append(
            [
                str(i % 2 + 1 if i < 2 else 1),
                r["title"],
                r["host_org"],
                r["pi_title"],
                r["principal_investigator"],
                f"{r['start_date']} - {r['end_date']}",
                k,
                s,
            ]
        )
    blocks = [
        ">>**PHỤ LỤC",
        ">>**DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG NĂM 2024",
        ">>(Kèm theo Quyết định số 3012/QĐ-UBND ngày 29/12/2023 của UBND tỉnh Thanh Hóa)",
        (tab, merges),
        "Ghi chú: kinh phí được bố trí từ nguồn sự nghiệp khoa học và công nghệ năm 2024 - 2026.",
    ]
    write(
        "blind2_docx_thousand_dong_groups",
        "docx",
        docx_doc(blocks),
        rows,
        "office",
        [1, 2, 3],
        "DOCX annex: group rows 'A | DỰ ÁN SẢN XUẤT THỬ NGHIỆM', 'B | ĐỀ TÀI NGHIÊN CỨU' merged across; 'Học hàm, học "
        "vị' BEFORE 'Chủ nhiệm nhiệm vụ'; money in thousand đồng ('Tổng kinh phí (1.000 đồng)': 3.120.000)",
    )


def doc_heading_kind_codes_two_dates():
    rows = [
        E(
            "Nghiên cứu đánh giá tình trạng xâm nhập mặn và đề xuất giải pháp cấp nước cho vùng ven biển Trà Vinh",
            code="ĐT-2021-03",
            kind=RT,
            org="Viện Kỹ thuật Biển",
            pi="Trịnh Công Văn",
            pt="TS.",
            start="2021-01",
            end="2023-06",
            grade="good",
        ),
        E(
            "Nghiên cứu bảo tồn và phát huy nghệ thuật Rô băm của đồng bào Khmer",
            code="ĐT-2021-05",
            kind=RT,
            org="Trường Đại học Trà Vinh",
            pi="Thạch Sô Phal",
            pt="ThS.",
            start="2021-04",
            end="2023-03",
            grade="excellent",
        ),
        E(
            "Nghiên cứu xây dựng quy trình nuôi cua biển thương phẩm trong ao đất kết hợp rừng ngập mặn",
            code="ĐT-2021-08",
            kind=RT,
            org="Trung tâm Khuyến nông tỉnh",
            pi="Kim Thị Sa Rương",
            pt="KS.",
            start="2021-06",
            end="2023-05",
            grade="pass",
        ),
    ]
    dec(rows, "512/QĐ-UBND", "2024-03-11")
    gr = {"good": "Khá", "pass": "Đạt", "excellent": "Xuất sắc"}
    acc = ["14/11/2023", "20/12/2023", "09/01/2024"]
    tab = [
        ["STT", "Mã số", "Tên nhiệm vụ", "Cơ quan chủ trì", "Chủ nhiệm", "Thời gian", "Ngày họp nghiệm thu", "Xếp loại"]
    ]
    for i, r in enumerate(rows):
        s, e = r["start_date"].split("-"), r["end_date"].split("-")
        tab.append(
            [
                str(i + 1),
                r["code"],
                r["title"],
                r["host_org"],
                f"{r['pi_title']} {r['principal_investigator']}",
                f"{s[1]}/{s[0]}-{e[1]}/{e[0]}",
                acc[i],
                gr[r["acceptance_grade"]],
            ]
        )
    blocks = [
        ">>**DANH SÁCH ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ ĐƯỢC CÔNG NHẬN KẾT QUẢ",
        ">>(Theo Quyết định số 512/QĐ-UBND ngày 11/3/2024 của UBND tỉnh Trà Vinh)",
        (tab, []),
        "Các đề tài trên đã được đánh giá theo Thông báo số 18/TB-SKHCN ngày 25/01/2024 của Sở Khoa học và Công nghệ.",
    ]
    data = to_word97(docx_doc(blocks), "blind2_doc")
    write(
        "blind2_doc_heading_kind_codes_two_dates",
        "doc",
        data,
        rows,
        "office",
        [1, 2],
        "Word 97: kind only in the heading 'DANH SÁCH ĐỀ TÀI …'; '(Theo Quyết định số …)'; code column 'Mã số' "
        "(ĐT-2021-03); period '01/2021-06/2023' without spaces; a 'Ngày họp nghiệm thu' date column; a TB number "
        "below the table",
    )


def doc_ordering_per_year_method():
    rows = [
        E(
            "Đề án xây dựng và phát triển thương hiệu gạo Điện Biên gắn với chỉ dẫn địa lý",
            kind=SC,
            org="Sở Nông nghiệp và Phát triển nông thôn",
            start="2024",
            end="2025",
            budget=1_300_000_000,
        ),
        E(
            "Nghiên cứu chọn lọc cây đầu dòng sơn tra (táo mèo) tại huyện Tủa Chùa",
            kind=RT,
            org="Trung tâm Khuyến nông tỉnh",
            start="2024",
            end="2026",
            budget=1_150_000_000,
        ),
        E(
            "Phát triển vùng nguyên liệu khoai sọ Mường Chà gắn với tiêu thụ sản phẩm",
            kind=None,
            org="Trung tâm Giống cây trồng vật nuôi",
            start="2024",
            end="2025",
            budget=980_000_000,
        ),
    ]
    dec(rows, "456/QĐ-UBND", "2024-04-04")
    tab = [
        [
            "TT",
            "Tên nhiệm vụ",
            "Phương thức",
            "Đơn vị chủ trì",
            "Thời gian",
            "Năm 2024",
            "Năm 2025",
            "Năm 2026",
            "Tổng (triệu đồng)",
        ],
        [
            "1",
            "Đề án khoa học: " + rows[0]["title"].removeprefix("Đề án "),
            "Giao trực tiếp",
            rows[0]["host_org"],
            "2024-2025",
            "700",
            "600",
            "",
            "1.300",
        ],
        [
            "2",
            "Đề tài: " + rows[1]["title"],
            "Tuyển chọn",
            rows[1]["host_org"],
            "2024-2026",
            "450",
            "400",
            "300",
            "1.150",
        ],
        ["3", "Dự án: " + rows[2]["title"], "Tuyển chọn", rows[2]["host_org"], "2024-2025", "500", "480", "", "980"],
    ]
    # (the bare 'Dự án:' row's title opens with no word that could read as 'dự án ứng dụng …')
    # the cells read 'Đề án khoa học: <title>' / 'Đề tài: <title>' / 'Dự án: <title>': the title is what follows
    # the label ('Dự án:' alone is the ambiguous bare word: kind null)
    rows[0]["title"] = rows[0]["title"].removeprefix("Đề án ")
    blocks = [
        ">>**DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG THỰC HIỆN TỪ NĂM 2024",
        ">>(Kèm theo Quyết định số 456/QĐ-UBND ngày 04 tháng 4 năm 2024 của Chủ tịch UBND tỉnh Điện Biên)",
        (tab, []),
        "Ghi chú: Danh mục này thay thế danh mục tại Quyết định số 2109/QĐ-UBND ngày 15/11/2023.",
    ]
    data = to_word97(docx_doc(blocks), "blind2_doc2")
    write(
        "blind2_doc_ordering_per_year_method",
        "doc",
        data,
        rows,
        "office",
        [1, 2],
        "Word 97 ordering list: kind as a label inside the title cell ('Đề án khoa học: …', 'Đề tài: …', bare 'Dự "
        "án: …' = null); a 'Phương thức' column; per-year money columns then 'Tổng (triệu đồng)'; a replaced decision "
        "in a note below",
    )


def P(text: str, style):
    """A reportlab paragraph of plain text ('&' would otherwise start a markup entity)."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def pdf_build(story_fn, portrait: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4 if portrait else landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        invariant=1,
        title="",
        author="",
        creator="",
        producer="",
    )
    doc.build(story_fn())
    return buf.getvalue()


def pdf_styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fd = Path("/usr/share/fonts/truetype/dejavu")
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(fd / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fd / "DejaVuSans-Bold.ttf")))
    base = ParagraphStyle("n", fontName="DejaVu", fontSize=9, leading=11.5)
    return {
        "p": base,
        "b": ParagraphStyle("b", parent=base, fontName="DejaVu-Bold"),
        "c": ParagraphStyle("c", parent=base, fontName="DejaVu-Bold", alignment=1),
        "t": ParagraphStyle("t", parent=base, fontSize=8, leading=10),
    }


def pdf_table(data, widths, spans=(), portrait: bool = False, size: float = 8):
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = pdf_styles()
    avail = (A4 if portrait else landscape(A4))[0] - 3 * cm
    from reportlab.lib.styles import ParagraphStyle

    cell = ParagraphStyle("ts", parent=st["t"], fontSize=size, leading=size * 1.3)
    cells = [[Paragraph(escape(str(v)), cell) for v in row] for row in data]
    t = Table(cells, colWidths=[avail * w / sum(widths) for w in widths], repeatRows=0)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("SPAN", a, b) for a, b in spans]
    t.setStyle(TableStyle(style))
    return t


ORGS = [
    "Viện Nghiên cứu Bông và Phát triển nông nghiệp Nha Hố",
    "Trường Đại học Nông Lâm TP. Hồ Chí Minh",
    "Trung tâm Ứng dụng tiến bộ KH&CN",
    "Bệnh viện Đa khoa tỉnh Ninh Thuận",
    "Hội Nông dân tỉnh",
]
PEOPLE = [
    ("Nguyễn Văn Chương", "TS."),
    ("Đàng Năng Thọ", "ThS."),
    ("Lê Thị Kim Oanh", "ThS."),
    ("Trần Minh Hải", "PGS.TS."),
    ("Phú Văn Huy", "KS."),
    ("Châu Thị Mỹ", "BSCKI."),
]


def pdf_decision_page_state_only_split():
    topics = [
        "Nghiên cứu tuyển chọn giống nho ăn tươi không hạt thích ứng điều kiện khô hạn vùng Phan Rang",
        "Nghiên cứu đặc điểm sinh thái loài rùa biển đẻ trứng tại Vườn quốc gia Núi Chúa",
        "Nghiên cứu giải pháp bảo tồn nghề gốm Bàu Trúc gắn với phát triển du lịch cộng đồng",
        "Nghiên cứu ứng dụng năng lượng mặt trời áp mái cho hộ nuôi tôm giống ven biển",
        "Nghiên cứu thực trạng bệnh đái tháo đường ở người Chăm và giải pháp can thiệp dựa vào cộng đồng",
        "Nghiên cứu chọn tạo giống táo Ninh Thuận chịu hạn, năng suất cao",
        "Nghiên cứu xây dựng bản đồ số hóa tài nguyên du lịch tỉnh Ninh Thuận",
        "Đánh giá chất lượng nước hồ chứa phục vụ cấp nước sinh hoạt mùa khô",
        "Nghiên cứu mô hình sinh kế bền vững cho hộ nghèo vùng bãi ngang ven biển",
        "Nghiên cứu chế biến sản phẩm từ rong sụn có giá trị gia tăng cao",
        "Nghiên cứu ứng dụng trí tuệ nhân tạo dự báo nhu cầu sử dụng nước tưới vùng khô hạn",
        "Nghiên cứu hiện trạng sa mạc hóa vùng cát ven biển và đề xuất giải pháp phục hồi",
        "Nghiên cứu bảo tồn và phát huy giá trị lễ hội Katê của đồng bào Chăm",
        "Nghiên cứu quy trình trồng cây dược liệu Nha đam theo tiêu chuẩn GACP-WHO",
        "Nghiên cứu giải pháp nâng cao hiệu quả hoạt động của hợp tác xã nông nghiệp kiểu mới",
        "Nghiên cứu xây dựng hệ thống cảnh báo sớm cháy rừng trên địa bàn tỉnh",
    ]
    projects = [
        "Sản xuất thử nghiệm dê lai Bách Thảo năng suất cao quy mô nông hộ",
        "Sản xuất thử nghiệm muối sạch bằng công nghệ trải bạt tại Quán Thẻ",
        "Sản xuất thử nghiệm giống măng tây xanh trên đất cát ven biển",
        "Sản xuất thử nghiệm nước mắm cá cơm Cà Ná theo tiêu chuẩn HACCP",
    ]
    rows = []
    for i, t in enumerate(topics + projects):
        name, pt = PEOPLE[i % len(PEOPLE)]
        y0 = 2024
        m0 = 7 + i % 5
        rows.append(
            E(
                t,
                kind=RT if i < len(topics) else TP,
                org=ORGS[i % len(ORGS)],
                pi=name,
                pt=pt,
                start=f"{y0}-{m0:02d}",
                end=f"{y0 + 2}-{m0 - 1:02d}",
                state=(600 + 35 * i) * TR,
            )
        )
    dec(rows, "890/QĐ-UBND", "2024-07-17")

    def story():
        from reportlab.platypus import PageBreak, Spacer

        st = pdf_styles()
        s = [
            P("ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", st["b"]),
            P("Số: 890/QĐ-UBND", st["p"]),
            P("Ninh Thuận, ngày 17 tháng 7 năm 2024", st["p"]),
            Spacer(1, 8),
            P("QUYẾT ĐỊNH", st["c"]),
            P(
                "Về việc phê duyệt danh mục, tổ chức chủ trì, chủ nhiệm và kinh phí hỗ trợ thực hiện nhiệm vụ "
                "khoa học và công nghệ cấp tỉnh năm 2024",
                st["c"],
            ),
            Spacer(1, 8),
            P("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", st["c"]),
            P(
                "Căn cứ Quyết định số 12/2022/QĐ-UBND ngày 28/3/2022 của UBND tỉnh ban hành Quy định quản lý "
                "nhiệm vụ khoa học và công nghệ;",
                st["p"],
            ),
            P(
                "Xét Thông báo số 58/TB-HĐKHCN ngày 02/7/2024 của Hội đồng Khoa học và Công nghệ tỉnh và đề "
                "nghị của Giám đốc Sở Khoa học và Công nghệ,",
                st["p"],
            ),
            P("QUYẾT ĐỊNH:", st["c"]),
            P(
                f"Điều 1. Phê duyệt danh mục {len(rows)} nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (chi tiết tại "
                "Phụ lục kèm theo).",
                st["p"],
            ),
            P(
                "Điều 2. Quyết định này thay thế Quyết định số 605/QĐ-UBND ngày 20/5/2024 của Chủ tịch UBND tỉnh.",
                st["p"],
            ),
            P("KT. CHỦ TỊCH - PHÓ CHỦ TỊCH", st["b"]),
            PageBreak(),
            P("PHỤ LỤC", st["c"]),
            P("DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NĂM 2024", st["c"]),
            Spacer(1, 6),
        ]
        data = [
            [
                "TT",
                "Tên nhiệm vụ",
                "Đơn vị chủ trì",
                "Chủ nhiệm",
                "Thời gian thực hiện",
                "Kinh phí hỗ trợ từ NSNN (triệu đồng)",
            ]
        ]
        spans = []
        n = 0
        for i, r in enumerate(rows):
            if i == 0 or i == len(topics):
                data.append(
                    [
                        "I" if i == 0 else "II",
                        "Đề tài khoa học" if i == 0 else "Dự án sản xuất thử nghiệm",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                spans.append(((1, len(data) - 1), (5, len(data) - 1)))
                n = 0
            n += 1
            s0, e0 = r["start_date"].split("-"), r["end_date"].split("-")
            data.append(
                [
                    str(n),
                    r["title"],
                    r["host_org"],
                    f"{r['pi_title']} {r['principal_investigator']}",
                    f"{s0[1]}/{s0[0]} - {e0[1]}/{e0[0]}",
                    f"{r['budget_state_vnd'] // TR:,}".replace(",", "."),
                ]
            )
        s.append(pdf_table(data, [0.9, 4.6, 3, 2.2, 1.9, 1.7], spans, portrait=True, size=10.5))
        return s

    write(
        "blind2_pdf_decision_page_state_only_split",
        "pdf",
        pdf_build(story, portrait=True),
        rows,
        "pdf",
        [1, 2, 7],
        "PDF: decision page ('Số: 890/QĐ-UBND', date line; grounds cite a normative decision and a Thông báo "
        "…/TB-HĐKHCN; Điều 2 replaces an older decision), annex of 20 rows with section rows I/II restarting numbers, "
        "split over pages without a repeated header; only the state-budget money column",
    )


def pdf_acceptance_ty_strings_signature():
    rows = [
        E(
            "Nghiên cứu ứng dụng công nghệ blockchain truy xuất nguồn gốc sầu riêng Đắk Lắk",
            kind=RT,
            org="Trường Đại học Tây Nguyên",
            pi="Y Moan Niê",
            pt="TS.",
            start="2022-06",
            end="2023-12",
            budget=1_050_000_000,
            grade="good",
        ),
        E(
            "Sản xuất thử nghiệm cà phê Robusta đặc sản lên men tự nhiên",
            kind=TP,
            org="Công ty TNHH Cà phê Buôn Ma Thuột",
            pi="Phan Văn Tân",
            pt="KS.",
            start="2022-03",
            end="2023-12",
            budget=2_340_000_000,
            grade="excellent",
        ),
        E(
            "Nghiên cứu bảo tồn sử thi Ê Đê trong đời sống đương đại",
            kind=RT,
            org="Bảo tàng tỉnh Đắk Lắk",
            pi="H'Linh Niê",
            pt="ThS.",
            start="2022-01",
            end="2023-06",
            budget=780_000_000,
            grade="pass",
        ),
        E(
            "Nghiên cứu giải pháp giảm thiểu tai nạn giao thông trên Quốc lộ 14 đoạn qua tỉnh",
            kind=RT,
            org="Công an tỉnh",
            pi="Lê Đình Phúc",
            pt="PGS.TS.",
            start="2022-04",
            end="2023-09",
            budget=920_000_000,
            grade="fail",
        ),
    ]
    dec(rows, "2041/QĐ-UBND", "2023-12-05")
    gr = {"good": "Khá", "excellent": "Xuất sắc", "pass": "Đạt", "fail": "Không đạt"}
    kinds = ["ĐT", "DA SXTN", "ĐT", "ĐT"]
    money = ["1,05 tỷ", "2,34 tỷ", "780 triệu", "920 triệu"]
    per = ["06/2022-12/2023", "03/2022-12/2023", "01/2022-06/2023", "04/2022-09/2023"]

    def story():
        from reportlab.platypus import Spacer

        st = pdf_styles()
        s = [
            P("Phụ lục", st["b"]),
            P("KẾT QUẢ ĐÁNH GIÁ, NGHIỆM THU NHIỆM VỤ KH&CN CẤP TỈNH NĂM 2023", st["c"]),
            P("Ban hành theo QĐ số 2041/QĐ-UBND ngày 05/12/2023 của UBND tỉnh Đắk Lắk", st["c"]),
            Spacer(1, 6),
            P("Ghi chú: ĐT - đề tài; DA SXTN - dự án sản xuất thử nghiệm.", st["p"]),
            Spacer(1, 4),
        ]
        data = [["STT", "Tên nhiệm vụ", "Loại", "Cơ quan chủ trì", "Chủ nhiệm", "Thời gian", "Kinh phí", "Kết quả"]]
        for i, r in enumerate(rows):
            data.append(
                [
                    str(i + 1),
                    r["title"],
                    kinds[i],
                    r["host_org"],
                    f"{r['pi_title']} {r['principal_investigator']}",
                    per[i],
                    money[i],
                    gr[r["acceptance_grade"]],
                ]
            )
        s.append(pdf_table(data, [0.6, 5, 1, 3, 2.2, 1.8, 1.2, 1.2]))
        s += [
            Spacer(1, 10),
            P("Nơi nhận: Sở KH&CN; các tổ chức chủ trì; Lưu: VT.", st["p"]),
            P("TM. ỦY BAN NHÂN DÂN - KT. CHỦ TỊCH - PHÓ CHỦ TỊCH: Nguyễn Thiên Văn", st["p"]),
        ]
        return s

    write(
        "blind2_pdf_acceptance_ty_strings_signature",
        "pdf",
        pdf_build(story),
        rows,
        "pdf",
        [1, 2],
        "PDF acceptance annex: 'Ban hành theo QĐ số … ngày …' line; kind abbreviations (ĐT / DA SXTN) with a legend; "
        "money as '1,05 tỷ' / '780 triệu' strings in a bare 'Kinh phí' column; a 'Không đạt' grade",
    )


ALL = [
    drupal_views_sections_method_col,
    dnn_grassroots_grade_words,
    aspnet_gridview_loai_dong,
    nukeviet_tuyenchon_quoted_titles,
    frontpage_tcvn3_acceptance,
    wordpress_figure_caption_ty,
    liferay_trinhdo_words_two_tables,
    aspnet_vni_codes_acceptance,
    drupal_negative_timeline,
    dnn_ul_semicolon_items,
    xlsx_day_cells_merged_kind,
    xlsx_twolevel_hocvi_first,
    xls_month_cells_grades,
    xls_negative_equipment,
    docx_decision_numbered_paragraphs,
    docx_thousand_dong_groups,
    doc_heading_kind_codes_two_dates,
    doc_ordering_per_year_method,
    pdf_decision_page_state_only_split,
    pdf_acceptance_ty_strings_signature,
]


def main() -> None:
    only = sys.argv[1:]
    for fn in ALL:
        if only and not any(o in fn.__name__ for o in only):
            continue
        fn()
        print("wrote", fn.__name__)


if __name__ == "__main__":
    main()
