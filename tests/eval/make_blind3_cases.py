"""Third blind batch: 12 documents written without reading the extractor, the transforms or the other cases.

Run: .venv/bin/python tests/eval/make_blind3_cases.py   (DOC needs LibreOffice ``soffice``)
Each case: the document, <id>.expected.jsonl (labels written by hand from what the document shows) and
<id>.meta.json. The expected values and the printed text are written side by side in each builder.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.eval.casekit import CASES, KEYS, T, esc  # noqa: E402

TR = 1_000_000


def save(cid: str, fmt: str, family: str, classes: list[int], note: str, data: bytes, tasks: list[dict]) -> None:
    CASES.mkdir(parents=True, exist_ok=True)
    (CASES / f"{cid}.{fmt}").write_bytes(data)
    lines = []
    for t in tasks:
        e = {k: t["exp"][k] for k in KEYS}
        for k, v in e.items():
            if isinstance(v, str):
                e[k] = " ".join(unicodedata.normalize("NFC", v).split())
        lines.append(json.dumps(e, ensure_ascii=False) + "\n")
    (CASES / f"{cid}.expected.jsonl").write_text("".join(lines), encoding="utf-8")
    meta = {"format": fmt, "family": family, "classes": classes, "note": note, "site": None}
    (CASES / f"{cid}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="{charset}"><title>{title}</title>{head}</head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )


# ------------------------------------------------------------------ 1. Drupal: decision in a field block
def drupal() -> None:
    d, dd = "1025/QĐ-UBND", "2024-06-14"
    ts = [
        T(
            "Nghiên cứu ứng dụng chế phẩm vi sinh xử lý phụ phẩm sau thu hoạch lúa làm phân bón hữu cơ tại huyện Gio Linh",
            "Trung tâm Khuyến nông tỉnh Quảng Trị",
            "Hoàng Thị Lệ Thu",
            "ThS.",
            kind="research_topic",
            start="2024-07",
            end="2026-06",
            budget=1_250_000_000,
            state=980_000_000,
            dno=d,
            ddate=dd,
            k="ĐT",
            per="07/2024-06/2026",
        ),
        T(
            "Sản xuất thử nghiệm giống gà ri lai thả vườn theo chuỗi giá trị tại vùng gò đồi Cam Lộ",
            "Công ty TNHH Chăn nuôi Trường Sơn",
            "Lê Văn Hiếu",
            "KS.",
            kind="trial_production_project",
            start="2024-08",
            end="2026-07",
            budget=2_640_000_000,
            state=1_100_000_000,
            dno=d,
            ddate=dd,
            k="DA SXTN",
            per="08/2024-07/2026",
        ),
        T(
            "Nghiên cứu đặc điểm lâm sàng và kết quả điều trị đột quỵ não cấp bằng tiêu huyết khối tại Bệnh viện đa khoa tỉnh",
            "Bệnh viện đa khoa tỉnh Quảng Trị",
            "Trần Quang Vinh",
            "TS. BS.",
            kind="research_topic",
            start="2024-07",
            end="2025-12",
            budget=845_500_000,
            state=845_500_000,
            dno=d,
            ddate=dd,
            k="ĐT",
            per="07/2024-12/2025",
        ),
        T(
            "Ứng dụng công nghệ IoT giám sát chất lượng nước nuôi tôm thẻ chân trắng trên cát tại Triệu Phong",
            "Viện Nuôi trồng thủy sản miền Trung",
            "Phan Đình Khôi",
            "PGS. TS.",
            kind="st_project",
            start="2024-09",
            end="2026-08",
            budget=3_150_000_000,
            state=2_000_000_000,
            dno=d,
            ddate=dd,
            k="DA KH&CN",
            per="09/2024-08/2026",
        ),
    ]
    rows = "".join(
        f'<tr class="{"odd" if i % 2 else "even"}"><td class="views-field views-field-counter">{i + 1}</td>'
        f'<td class="views-field views-field-title">{esc(t["exp"]["title"])}</td>'
        f'<td class="views-field views-field-field-phan-loai">{esc(t["k"])}</td>'
        f'<td class="views-field views-field-field-chu-tri">{esc(t["exp"]["host_org"])}</td>'
        f'<td class="views-field views-field-field-chu-nhiem">{esc(t["exp"]["pi_title"] + " " + t["exp"]["principal_investigator"])}</td>'
        f'<td class="views-field">{t["per"]}</td>'
        f'<td class="views-field">{format(t["exp"]["budget_vnd"], ",").replace(",", ".")}</td>'
        f'<td class="views-field">{format(t["exp"]["budget_state_vnd"], ",").replace(",", ".")}</td></tr>\n'
        for i, t in enumerate(ts)
    )
    body = f"""<div id="page"><div class="region region-content">
<div id="node-2231" class="node node-van-ban clearfix">
<h1 class="page-title">Danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024</h1>
<div class="field field-name-field-so-hieu field-type-text"><div class="field-label">Số ký hiệu:&nbsp;</div>
<div class="field-items"><div class="field-item even">{d}</div></div></div>
<div class="field field-name-field-ngay-ban-hanh"><div class="field-label">Ngày ban hành:&nbsp;</div>
<div class="field-items"><div class="field-item even"><span class="date-display-single">14/06/2024</span></div></div></div>
<div class="field field-name-field-co-quan"><div class="field-label">Cơ quan ban hành:&nbsp;</div><div class="field-items"><div class="field-item even">UBND tỉnh Quảng Trị</div></div></div>
<div class="field field-name-body"><div class="field-items"><div class="field-item even">
<p>Thực hiện Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh ban hành kèm theo Quyết định số 45/2021/QĐ-UBND ngày 20/12/2021 của UBND tỉnh và trên cơ sở kết quả họp Hội đồng tư vấn tuyển chọn (Thông báo số 118/TB-SKHCN ngày 30/5/2024), UBND tỉnh phê duyệt danh mục như sau:</p>
<p><em>Ký hiệu: ĐT - đề tài; DA SXTN - dự án sản xuất thử nghiệm; DA KH&amp;CN - dự án khoa học và công nghệ.</em></p>
<table class="views-table cols-8"><thead><tr><th>TT</th><th>Tên đề tài/dự án</th><th>Phân loại</th><th>Đơn vị chủ trì</th><th>Chủ nhiệm</th><th>Thời gian</th><th>Tổng kinh phí (đồng)</th><th>Trong đó NSNN (đồng)</th></tr></thead>
<tbody>
{rows}</tbody></table>
</div></div></div></div></div></div>"""
    save(
        "blind3_html_drupal_field_block_decision",
        "html",
        "drupal",
        [1, 2, 3],
        "Drupal node: the decision only in 'Số ký hiệu' / 'Ngày ban hành' field blocks; grounds cite a 2021 normative QĐ and a TB; "
        "'Phân loại' column with abbreviations (ĐT / DA SXTN / DA KH&CN) and a legend; 'TS. BS.' / 'PGS. TS.' with spaces; "
        "periods 'MM/YYYY-MM/YYYY'; đồng with dots",
        page("Danh mục đề tài, dự án", body).encode(),
        ts,
    )


# ------------------------------------------------------------------ 2. DNN: council table before the task table
def dnn() -> None:
    d, dd = "512/QĐ-SKHCN", "2024-04-03"
    g = "grassroots"
    ts = [
        T(
            "Ứng dụng phần mềm quản lý hồ sơ bệnh án điện tử tại Trung tâm Y tế huyện Mường Chà",
            "Trung tâm Y tế huyện Mường Chà",
            "Lò Văn Thành",
            "BSCKI.",
            level=g,
            kind="research_topic",
            start="2024-06",
            end="2025-05",
            budget=85_500_000,
            dno=d,
            ddate=dd,
            per="T6/2024 - T5/2025",
        ),
        T(
            "Đánh giá thực trạng và đề xuất giải pháp bảo tồn nghề dệt thổ cẩm của đồng bào Thái tại xã Mường Phăng",
            "Trường Cao đẳng Sư phạm Điện Biên",
            "Quàng Thị Hoa",
            "ThS.",
            level=g,
            kind="research_topic",
            start="2024-05",
            end="2025-04",
            budget=92_000_000,
            dno=d,
            ddate=dd,
            per="T5/2024 - T4/2025",
        ),
        T(
            "Xây dựng mô hình trồng cà phê chè dưới tán rừng tại huyện Tủa Chùa",
            "Trạm Khuyến nông huyện Tủa Chùa",
            "Giàng A Dơ",
            "KS.",
            level=g,
            kind="research_topic",
            start="2024-06",
            end="2025-11",
            budget=110_250_000,
            dno=d,
            ddate=dd,
            per="T6/2024 - T11/2025",
        ),
    ]
    council = [
        ("1", "PGS.TS.", "Nguyễn Hữu Tâm", "Chủ tịch Hội đồng"),
        ("2", "TS.", "Lường Văn Pọm", "Phó Chủ tịch"),
        ("3", "ThS.", "Bạc Cầm Ly", "Ủy viên thư ký"),
        ("4", "KS.", "Vì Văn Sơn", "Ủy viên phản biện"),
    ]
    ctab = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{e}</td></tr>" for a, b, c, e in council)
    rows = "".join(
        f"<tr><td>{i + 1}</td><td>{esc(t['exp']['title'])}</td><td>{esc(t['exp']['principal_investigator'])}</td>"
        f"<td>{t['exp']['pi_title']}</td><td>{esc(t['exp']['host_org'])}</td><td>{t['per']}</td>"
        f"<td>{format(t['exp']['budget_vnd'] / TR, '.2f').rstrip('0').rstrip('.').replace('.', ',')}</td></tr>"
        for i, t in enumerate(ts)
    )
    body = f"""<div class="DnnModule DnnModule-DNN_HTML"><div class="c_container c_head_grey">
<span id="dnn_ctr1402_dnnTITLE_titleLabel" class="Head">Phê duyệt danh mục đề tài khoa học cấp cơ sở năm 2024 (Quyết định số {d} ngày 03/4/2024)</span>
<div id="dnn_ctr1402_ContentPane" class="contentpane"><div id="dnn_ctr1402_HtmlModule_lblContent" class="Normal">
<p>Ngày 28/3/2024, Sở Khoa học và Công nghệ tỉnh Điện Biên đã tổ chức họp Hội đồng xét duyệt thuyết minh các đề tài khoa học cấp cơ sở năm 2024. Thành phần Hội đồng gồm:</p>
<table border="1" cellpadding="3"><tr><td><b>STT</b></td><td><b>Học hàm, học vị</b></td><td><b>Họ và tên</b></td><td><b>Nhiệm vụ trong Hội đồng</b></td></tr>{ctab}</table>
<p>Căn cứ kết quả làm việc của Hội đồng, Giám đốc Sở phê duyệt danh mục đề tài như sau:</p>
<table border="1" cellpadding="3" style="width:100%">
<tr><td><b>TT</b></td><td><b>Tên đề tài</b></td><td><b>Họ và tên<br>chủ nhiệm</b></td><td><b>Học hàm,<br>học vị</b></td><td><b>Cơ quan<br>chủ trì</b></td><td><b>Thời gian<br>thực hiện</b></td><td><b>Kinh phí<br>(tr.đ)</b></td></tr>
{rows}
</table>
<p>Các đơn vị chủ trì hoàn thiện hồ sơ để ký hợp đồng trước ngày 30/4/2024.</p>
</div></div></div></div>"""
    save(
        "blind3_html_dnn_council_then_tasks",
        "html",
        "dnn",
        [1, 3, 7],
        "DNN: decision in the module title span in brackets; a council-member table (titles, names) BEFORE the task table; "
        "headers broken by <br> ('Họ và tên<br>chủ nhiệm', 'Học hàm,<br>học vị'); 'BSCKI.'; periods 'T6/2024 - T5/2025'; 'Kinh phí (tr.đ)' with decimal commas",
        page("Phê duyệt danh mục", body).encode(),
        ts,
    )


# ------------------------------------------------------------------ 3. ASP.NET: per-row decision and level column
def aspnet() -> None:
    ts = [
        T(
            "Nghiên cứu quy trình nhân giống in vitro cây lan Hoàng thảo kèn tại tỉnh Hòa Bình",
            "Trường Đại học Tây Bắc",
            "Đinh Thị Mai",
            "TS.",
            kind="research_topic",
            start="2021-09",
            end="2023-08",
            budget=980_000_000,
            grade="good",
            dno="215/QĐ-UBND",
            ddate="2024-01-25",
            lv="Tỉnh",
            k="Đề tài",
            g="Khá",
            q="215/QĐ-UBND ngày 25/01/2024",
        ),
        T(
            "Xây dựng mô hình nuôi cá lồng trên hồ thủy điện Hòa Bình theo hướng VietGAP",
            "Hợp tác xã Thủy sản Sông Đà",
            "Bùi Văn Chiến",
            None,
            kind="trial_production_project",
            start="2021-06",
            end="2023-12",
            budget=2_300_000_000,
            grade="pass",
            dno="388/QĐ-UBND",
            ddate="2024-02-19",
            lv="Tỉnh",
            k="Dự án SXTN",
            g="Đạt",
            q="388/QĐ-UBND ngày 19/02/2024",
        ),
        T(
            "Đánh giá hiệu quả can thiệp dinh dưỡng cho trẻ dưới 5 tuổi tại huyện Đà Bắc",
            "Trung tâm Kiểm soát bệnh tật tỉnh",
            "Quách Thị Hằng",
            "ThS.",
            level="grassroots",
            kind="research_topic",
            start="2023-01",
            end="2023-12",
            budget=75_000_000,
            grade="excellent",
            dno="41/QĐ-SKHCN",
            ddate="2024-03-05",
            lv="Cơ sở",
            k="Đề tài",
            g="Xuất sắc",
            q="41/QĐ-SKHCN ngày 05/3/2024",
        ),
        T(
            "Ứng dụng tiến bộ kỹ thuật sản xuất phân hữu cơ vi sinh từ bã mía tại Tân Lạc",
            "Công ty Cổ phần Mía đường Hòa Bình",
            "Nguyễn Đức Long",
            "KS.",
            kind="st_project",
            start="2022-03",
            end="2023-10",
            budget=1_650_000_000,
            grade="good",
            dno="215/QĐ-UBND",
            ddate="2024-01-25",
            lv="Tỉnh",
            k="Dự án ứng dụng",
            g="Khá",
            q="215/QĐ-UBND ngày 25/01/2024",
        ),
    ]
    rows = "".join(
        f'<tr class="{"GridRow" if i % 2 == 0 else "GridAltRow"}"><td align="center">{i + 1}</td><td>{esc(t["exp"]["title"])}</td>'
        f"<td>{t['k']}</td><td>{t['lv']}</td><td>{esc(t['exp']['host_org'])}</td>"
        f"<td>{esc(' '.join(x for x in (t['exp']['pi_title'], t['exp']['principal_investigator']) if x))}</td>"
        f"<td>{t['exp']['start_date'][5:]}/{t['exp']['start_date'][:4]} đến {t['exp']['end_date'][5:]}/{t['exp']['end_date'][:4]}</td>"
        f'<td align="right">{format(t["exp"]["budget_vnd"] // 1000, ",")}</td><td>{t["g"]}</td><td>{t["q"]}</td></tr>\n'
        for i, t in enumerate(ts)
    )
    body = f"""<form name="aspnetForm" method="post" action="./KetQuaNghienCuu.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY3NzE5MjIyMA9kFgJmD2QWAgIDD2QWAgIFDzwrAA0BAA8WBB4LXyFEYXRhQm91bmRnHgtfIUl0ZW1Db3VudAIEZGQYAQ==" />
<div id="ctl00_ContentPlaceHolder1_pnlTitle"><span id="ctl00_ContentPlaceHolder1_lblTieuDe" class="TieuDe">Kết quả thực hiện nhiệm vụ khoa học và công nghệ đã được công nhận (cập nhật quý I/2024)</span></div>
<p>Sở Khoa học và Công nghệ tỉnh Hòa Bình tổng hợp các nhiệm vụ đã được đánh giá, nghiệm thu và công nhận kết quả. Đề nghị các tổ chức chủ trì thực hiện đăng ký, giao nộp kết quả theo Công văn số 95/SKHCN-QLKH ngày 10/01/2024.</p>
<table class="Grid" cellspacing="0" rules="all" border="1" id="ctl00_ContentPlaceHolder1_gvKetQua" style="border-collapse:collapse;">
<tr class="GridHeader"><th scope="col">STT</th><th scope="col">Tên nhiệm vụ</th><th scope="col">Loại</th><th scope="col">Cấp quản lý</th><th scope="col">Cơ quan chủ trì</th><th scope="col">Chủ nhiệm</th><th scope="col">Thời gian thực hiện</th><th scope="col">Kinh phí (nghìn đồng)</th><th scope="col">Kết quả đánh giá</th><th scope="col">QĐ công nhận</th></tr>
{rows}</table></form>"""
    save(
        "blind3_html_aspnet_row_decisions_levels",
        "html",
        "aspnet",
        [1, 2],
        "ASP.NET GridView register: each row names its own 'QĐ công nhận' ('215/QĐ-UBND ngày 25/01/2024'), a Công văn in the lead; "
        "'Cấp quản lý' column (Tỉnh / Cơ sở) sets level per row; 'Loại' with 'Dự án ứng dụng'; money in 'nghìn đồng' with comma grouping; 'MM/YYYY đến MM/YYYY'",
        page("Kết quả nghiên cứu", body).encode(),
        ts,
    )


# ------------------------------------------------------------------ 4. NukeViet in TCVN3 bytes
def tcvn3_bytes(text: str) -> bytes:
    """Unicode -> TCVN3 bytes with the project's byte map, reversed; a capital with a tone mark that has no
    precomposed TCVN3 byte is written as base letter + the TCVN3 combining tone byte (as typists did)."""
    cmap = json.loads((ROOT / "transforms" / "data" / "legacy_charmaps.json").read_text(encoding="utf-8"))["tcvn3"]
    rev = {}
    for b, u in cmap.items():
        rev.setdefault(u, b)

    def enc(c: str) -> bytes:  # the map's keys are the bytes as cp1252 reads them (latin-1 where cp1252 has a hole)
        try:
            return c.encode("cp1252")
        except UnicodeEncodeError:
            return c.encode("latin-1")

    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in rev:
            out += enc(rev[ch])
        elif ord(ch) < 128:
            out += ch.encode("ascii")
        else:
            parts = unicodedata.normalize("NFD", ch)
            base, marks = parts[0], parts[1:]
            # the base may itself carry a shape mark (Ơ, Ư, Â, Ă, Ê, Ô)
            for m in list(marks):
                if unicodedata.normalize("NFC", base + m) in rev and m not in "\u0300\u0301\u0303\u0309\u0323":
                    base = unicodedata.normalize("NFC", base + m)
                    marks = marks.replace(m, "")
            out += enc(rev[base]) if base in rev else base.encode("ascii")
            for m in marks:
                out += enc(rev[m])
    return bytes(out)


def nukeviet() -> None:
    d, dd = "1432/QĐ-UBND", "2023-09-11"
    ts = [
        T(
            "Nghiên cứu chọn lọc và nhân giống cây chè Shan tuyết cổ thụ tại huyện Hoàng Su Phì",
            "Trung tâm Nghiên cứu và Phát triển chè Hà Giang",
            "Vương Thị Thu",
            "ThS.",
            kind="research_topic",
            start="2023-10",
            end="2026-09",
            budget=1_480_000_000,
            state=1_200_000_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Sản xuất thử nghiệm mật ong bạc hà theo tiêu chuẩn hữu cơ tại cao nguyên đá Đồng Văn",
            "Hợp tác xã Ong mật Mèo Vạc",
            "Sùng Mí Vư",
            None,
            kind="trial_production_project",
            start="2023-10",
            end="2025-09",
            budget=2_050_000_000,
            state=900_000_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Nghiên cứu giá trị văn hóa của lễ hội Gầu Tào trong đời sống cộng đồng người Mông",
            "Bảo tàng tỉnh Hà Giang",
            "Nông Văn Tuấn",
            "TS.",
            kind="research_topic",
            start="2023-11",
            end="2025-10",
            budget=760_000_000,
            state=760_000_000,
            dno=d,
            ddate=dd,
        ),
    ]
    sec = {
        0: "I. Đề tài khoa học và công nghệ",
        1: "II. Dự án sản xuất thử nghiệm",
        2: "III. Đề tài khoa học xã hội và nhân văn",
    }
    rows = "".join(
        (f'<tr><td colspan="7"><b>{sec[i]}</b></td></tr>' if i in sec else "")
        + f"<tr><td>{1}</td><td>{t['exp']['title']}</td><td>{t['exp']['host_org']}</td>"
        f"<td>{' '.join(x for x in (t['exp']['pi_title'], t['exp']['principal_investigator']) if x)}</td>"
        f"<td>{t['exp']['start_date'][5:]}/{t['exp']['start_date'][:4]} - {t['exp']['end_date'][5:]}/{t['exp']['end_date'][:4]}</td>"
        f"<td>{format(t['exp']['budget_vnd'] // TR, ',').replace(',', '.')}</td><td>{format(t['exp']['budget_state_vnd'] // TR, ',').replace(',', '.')}</td></tr>\n"
        for i, t in enumerate(ts)
    )
    body = f"""<div id="wraper"><div class="news_column"><div class="panel-body">
<h1 class="title margin-bottom-lg">Danh mục đề tài, dự án năm 2023</h1>
<div class="bodytext margin-bottom-lg" style="font-family:.VnTime, serif">
<p>Ngày 11/9/2023, Ủy ban nhân dân tỉnh Hà Giang ban hành Quyết định số {d} phê duyệt danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh bắt đầu thực hiện từ năm 2023 (thay thế Quyết định số 1190/QĐ-UBND ngày 02/8/2023), cụ thể:</p>
<table border="1" cellspacing="0" width="100%" style="font-family:.VnTime">
<tr><td>TT</td><td>Tên nhiệm vụ</td><td>Tổ chức chủ trì</td><td>Chủ nhiệm nhiệm vụ</td><td>Thời gian thực hiện</td><td>Tổng kinh phí (triệu đồng)</td><td>NS SNKH tỉnh (triệu đồng)</td></tr>
{rows}</table>
<p>Nguồn: Phòng Quản lý khoa học - Sở KH&amp;CN Hà Giang</p>
</div></div></div></div>"""
    html_text = page("Danh muc de tai", body, head='<style>body{font-family:".VnTime"}</style>', charset="windows-1252")
    save(
        "blind3_html_nukeviet_tcvn3_replaced_decision",
        "html",
        "nukeviet",
        [1, 2, 5],
        "NukeViet page whole in TCVN3 bytes declared windows-1252 ('.VnTime' in CSS); decision in the lead with the replaced "
        "decision in brackets; section rows 'I. Đề tài …' / 'II. Dự án sản xuất thử nghiệm' / 'III. Đề tài …' each holding one row numbered 1; "
        "'NS SNKH tỉnh (triệu đồng)' state column",
        tcvn3_bytes(html_text),
        ts,
    )


# ------------------------------------------------------------------ 5. FrontPage: numbered paragraphs
def frontpage() -> None:
    d, dd = "1870/QĐ-UBND", "2023-08-22"
    ts = [
        T(
            "Nghiên cứu sản xuất chế phẩm sinh học phòng trừ bệnh thối rễ trên cây sầu riêng tại Phú Yên",
            "Trường Đại học Phú Yên",
            "Huỳnh Tấn Phát",
            "TS.",
            kind="research_topic",
            start="2023-09",
            end="2025-08",
            budget=1_200_000_000,
            state=950_000_000,
            dno=d,
            ddate=dd,
            txt="từ tháng 9/2023 đến tháng 8/2025",
            money="1,2 tỷ đồng, trong đó ngân sách tỉnh 950 triệu đồng",
        ),
        T(
            "Đánh giá nguồn lợi cá ngừ đại dương vùng biển Phú Yên và đề xuất giải pháp khai thác bền vững",
            "Viện Hải dương học",
            "Võ Văn Quang",
            "PGS.TS.",
            kind="research_topic",
            start="2023-10",
            end="2025-12",
            budget=1_850_000_000,
            state=1_850_000_000,
            dno=d,
            ddate=dd,
            txt="27 tháng (10/2023 – 12/2025)",
            money="1.850 triệu đồng (toàn bộ từ ngân sách sự nghiệp khoa học tỉnh)",
        ),
        T(
            "Ứng dụng công nghệ sấy bơm nhiệt chế biến cá cơm khô xuất khẩu tại thị xã Sông Cầu",
            "Công ty TNHH Thủy sản Vạn Phát",
            "Trần Thị Kim Oanh",
            "ThS.",
            kind="st_project",
            start="2023-09",
            end="2025-02",
            budget=3_400_000_000,
            state=1_500_000_000,
            dno=d,
            ddate=dd,
            txt="18 tháng, từ tháng 9/2023 đến tháng 2/2025",
            money="3.400 triệu đồng, trong đó kinh phí hỗ trợ từ ngân sách nhà nước: 1.500 triệu đồng",
        ),
    ]
    blocks = []
    sec = {0: "A. CÁC ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ", 2: "B. DỰ ÁN ỨNG DỤNG VÀ CHUYỂN GIAO CÔNG NGHỆ"}
    n = 0
    for i, t in enumerate(ts):
        if i in sec:
            blocks.append(f'<p class=MsoNormal><b><font face="Times New Roman" size=3>{sec[i]}</font></b></p>')
            n = 0
        n += 1
        e = t["exp"]
        blocks.append(
            f'<p class=MsoNormal style="text-align:justify"><font face="Times New Roman" size=3><b>{n}. Tên nhiệm vụ:</b> {esc(e["title"])}</font></p>\n'
            f'<p class=MsoNormal style="margin-left:18pt"><font face="Times New Roman" size=3>- Đơn vị chủ trì: {esc(e["host_org"])}</font></p>\n'
            f'<p class=MsoNormal style="margin-left:18pt"><font face="Times New Roman" size=3>- Người chủ trì: {e["pi_title"]} {esc(e["principal_investigator"])}</font></p>\n'
            f'<p class=MsoNormal style="margin-left:18pt"><font face="Times New Roman" size=3>- Thời gian: {t["txt"]}</font></p>\n'
            f'<p class=MsoNormal style="margin-left:18pt"><font face="Times New Roman" size=3>- Tổng kinh phí: {t["money"]}</font></p>'
        )
    body = f"""<p class=MsoNormal align=center style="text-align:center"><b><font face="Times New Roman" size=4>THÔNG BÁO<br>Kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2023</font></b></p>
<p class=MsoNormal><font face="Times New Roman" size=3>Số: 95/TB-SKHCN, ngày 25/8/2023</font></p>
<p class=MsoNormal><font face="Times New Roman" size=3>Sở Khoa học và Công nghệ tỉnh Phú Yên thông báo danh sách tổ chức, cá nhân trúng tuyển chủ trì thực hiện nhiệm vụ như sau:</font></p>
{chr(10).join(blocks)}
<p class=MsoNormal><font face="Times New Roman" size=3>Các tổ chức, cá nhân nêu trên đã được phê duyệt trúng tuyển tại Quyết định số {d} ngày 22/8/2023 của UBND tỉnh Phú Yên. Mọi chi tiết xin liên hệ Phòng Quản lý khoa học, điện thoại 0257.3842.xxx.</font></p>"""
    head = '<meta name="GENERATOR" content="Microsoft FrontPage 4.0"><meta name="ProgId" content="FrontPage.Editor.Document">'
    save(
        "blind3_html_frontpage_paragraphs_decision_after",
        "html",
        "frontpage",
        [1, 2, 6],
        "FrontPage Thông báo (Số 95/TB-SKHCN) of numbered MsoNormal paragraphs restarting under 'A. … ĐỀ TÀI' / 'B. DỰ ÁN ỨNG DỤNG VÀ CHUYỂN GIAO'; "
        "the list's decision stated only AFTER the list; 'Người chủ trì'; periods 'từ tháng 9/2023 đến tháng 8/2025' / '27 tháng (10/2023 – 12/2025)'; money '1,2 tỷ đồng, trong đó …'",
        page("Thong bao", body, head=head).encode(),
        ts,
    )


# ------------------------------------------------------------------ 6. WordPress: classic editor, ordering list, no PI
def wordpress() -> None:
    d, dd = "2734/QĐ-UBND", "2024-11-18"
    ts = [
        T(
            "Nghiên cứu giải pháp phục hồi rừng ngập mặn ven biển bị sạt lở tại huyện Ngọc Hiển",
            None,
            None,
            None,
            kind="research_topic",
            start="2025",
            end="2026",
            budget=1_600_000_000,
            state=1_600_000_000,
            dno=d,
            ddate=dd,
            k="Đề tài KHCN",
            pt_="Tuyển chọn",
        ),
        T(
            "Sản xuất thử nghiệm tôm sú giống sạch bệnh theo quy trình khép kín tại Cà Mau",
            None,
            None,
            None,
            kind="trial_production_project",
            start="2025",
            end="2027",
            budget=4_200_000_000,
            state=1_800_000_000,
            dno=d,
            ddate=dd,
            k="Dự án SXTN",
            pt_="Tuyển chọn",
        ),
        T(
            "Đề án phát triển thương hiệu ba khía Rạch Gốc gắn với chỉ dẫn địa lý",
            None,
            None,
            None,
            kind="scheme",
            start="2025",
            end="2025",
            budget=650_000_000,
            state=650_000_000,
            dno=d,
            ddate=dd,
            k="Đề án KH",
            pt_="Giao trực tiếp",
        ),
        T(
            "Xây dựng cơ sở dữ liệu số về di tích lịch sử văn hóa tỉnh Cà Mau",
            None,
            None,
            None,
            kind=None,
            start="2025",
            end="2026",
            budget=980_000_000,
            state=980_000_000,
            dno=d,
            ddate=dd,
            k="Dự án",
            pt_="Giao trực tiếp",
        ),
    ]

    def m(v):
        return format(v // TR, ",").replace(",", ".")

    rows = "".join(
        f'<tr><td width="40"><p style="text-align:center">{i + 1}</p></td><td><p>{esc(t["exp"]["title"])}</p></td>'
        f"<td><p>{t['k']}</p></td><td><p>{t['pt_']}</p></td>"
        f"<td><p>{t['exp']['start_date'] if t['exp']['start_date'] == t['exp']['end_date'] else t['exp']['start_date'] + '-' + t['exp']['end_date']}</p></td>"
        f'<td><p style="text-align:right">{m(t["exp"]["budget_vnd"])}</p></td><td><p style="text-align:right">{m(t["exp"]["budget_state_vnd"])}</p></td></tr>\n'
        for i, t in enumerate(ts)
    )
    body = f"""<div class="site-content"><article id="post-4412" class="post-4412 post type-post status-publish format-standard hentry category-thong-bao">
<header class="entry-header"><h1 class="entry-title">Danh mục nhiệm vụ KH&amp;CN đặt hàng thực hiện từ năm 2025 (Quyết định số {d} ngày 18/11/2024)</h1>
<div class="entry-meta"><span class="posted-on">Đăng ngày <time class="entry-date published" datetime="2024-11-20T08:15:00+07:00">20/11/2024</time></span></div></header>
<div class="entry-content">
<p>Thực hiện Công văn số 1120/SKHCN-QLKH ngày 02/10/2024 về việc đề xuất đặt hàng nhiệm vụ, Sở Khoa học và Công nghệ đã tổng hợp và trình UBND tỉnh phê duyệt. Danh mục được phê duyệt gồm:</p>
<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none">
<tbody>
<tr><td rowspan="2"><p><strong>TT</strong></p></td><td rowspan="2"><p><strong>Tên nhiệm vụ</strong></p></td><td rowspan="2"><p><strong>Loại hình nhiệm vụ</strong></p></td><td rowspan="2"><p><strong>Phương thức</strong></p></td><td rowspan="2"><p><strong>Thời gian thực hiện (năm)</strong></p></td><td colspan="2"><p><strong>Dự kiến kinh phí (triệu đồng)</strong></p></td></tr>
<tr><td><p><strong>Tổng</strong></p></td><td><p><strong>Ngân sách tỉnh</strong></p></td></tr>
{rows}<tr><td colspan="5"><p><strong>Tổng cộng</strong></p></td><td><p>7.430</p></td><td><p>5.030</p></td></tr>
</tbody></table>
<p>&nbsp;</p><p>Tổ chức, cá nhân quan tâm xem hướng dẫn hồ sơ tại chuyên mục Thủ tục hành chính.</p>
</div></article></div>"""
    save(
        "blind3_html_wordpress_ordering_title_decision",
        "html",
        "wordpress",
        [1, 2],
        "WordPress classic editor table pasted from Word (cells in <p>), decision only in the post title <h1> in brackets; "
        "a Công văn in the lead; 'Loại hình nhiệm vụ' (Đề tài KHCN / Dự án SXTN / Đề án KH / bare 'Dự án' = null); "
        "no host or PI (ordering list); year periods '2025-2026' and a single '2025'; two-level money header; a 'Tổng cộng' row",
        page("Danh muc dat hang", body).encode(),
        ts,
    )


# ------------------------------------------------------------------ 7. Liferay negative: statistics
def liferay_negative() -> None:
    rows = [
        ("Nông nghiệp", 14, 9, "38.450"),
        ("Y - Dược", 8, 1, "9.120"),
        ("Khoa học xã hội và nhân văn", 11, 0, "7.860"),
        ("Kỹ thuật và công nghệ", 6, 5, "21.300"),
    ]
    tr = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{e}</td></tr>" for a, b, c, e in rows)
    body = f"""<div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_101_INSTANCE_aBc3XyZ_">
<div class="portlet-body"><div class="asset-full-content"><h3 class="header-title"><span>Tổng kết hoạt động khoa học và công nghệ giai đoạn 2021-2025</span></h3>
<div class="journal-content-article">
<p>Giai đoạn 2021-2025, tỉnh Vĩnh Long đã triển khai 39 đề tài và 15 dự án khoa học và công nghệ cấp tỉnh, trong đó 31 nhiệm vụ đã được nghiệm thu (chủ yếu xếp loại Khá trở lên). Danh mục nhiệm vụ giai đoạn này được phê duyệt tại các Quyết định số 2210/QĐ-UBND ngày 15/10/2021 và Quyết định số 1544/QĐ-UBND ngày 08/7/2023.</p>
<table border="1" style="width:100%"><tr><th>Lĩnh vực</th><th>Số đề tài</th><th>Số dự án</th><th>Tổng kinh phí (triệu đồng)</th></tr>{tr}</table>
<p>Tiêu biểu là đề tài "Nghiên cứu quy trình canh tác bưởi Năm Roi theo hướng hữu cơ" do TS. Nguyễn Văn Hòa chủ nhiệm, đã chuyển giao cho 3 hợp tác xã.</p>
</div></div></div></div>"""
    save(
        "blind3_html_liferay_negative_statistics",
        "html",
        "liferay",
        [7, 8],
        "negative: Liferay summary article with a per-field statistics table (counts of đề tài/dự án, money) and decisions in the lead; "
        "one task quoted in running prose, no task list",
        page("Tong ket", body).encode(),
        [],
    )


# ------------------------------------------------------------------ 8. XLSX: month cells, title column after name
def xlsx() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    d, dd = "96/QĐ-UBND", "2025-01-15"
    ts = [
        T(
            "Nghiên cứu tuyển chọn giống lúa thơm chịu mặn thích ứng biến đổi khí hậu cho vùng ven biển Sóc Trăng",
            "Viện Lúa đồng bằng sông Cửu Long",
            "Trần Ngọc Thạch",
            "PGS.TS",
            kind="research_topic",
            start="2025-03",
            end="2027-02",
            budget=2_450_000_000,
            state=2_100_000_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Nghiên cứu bảo tồn và phát huy nghệ thuật Rô băm của đồng bào Khmer",
            "Trường Đại học Cần Thơ",
            "Thạch Thị Sa Ri",
            "ThS",
            kind="research_topic",
            start="2025-04",
            end="2026-09",
            budget=890_000_000,
            state=890_000_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Sản xuất thử nghiệm nấm bào ngư xám trên giá thể rơm rạ tại huyện Mỹ Xuyên",
            "Hợp tác xã Nông nghiệp Hòa Tú",
            "Lâm Văn Tư",
            None,
            kind="trial_production_project",
            start="2025-03",
            end="2026-08",
            budget=1_760_000_000,
            state=700_000_000,
            dno=d,
            ddate=dd,
        ),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "PL"
    ws["A1"] = "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"
    ws["A2"] = "PHỤ LỤC"
    ws["A3"] = "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH BẮT ĐẦU THỰC HIỆN NĂM 2025"
    ws["A4"] = "(Kèm theo Quyết định số 96/QĐ-UBND ngày 15 tháng 01 năm 2025 của Chủ tịch UBND tỉnh Sóc Trăng)"
    for r in (2, 3, 4):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
        ws.cell(r, 1).alignment = Alignment(horizontal="center", wrap_text=True)
        ws.cell(r, 1).font = Font(bold=r != 4, italic=r == 4)
    hdr1 = [
        "STT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Chủ nhiệm nhiệm vụ",
        None,
        "Thời gian",
        None,
        "Kinh phí (đồng)",
        None,
    ]
    hdr2 = [None, None, None, "Họ và tên", "Học hàm/\nHọc vị", "Bắt đầu", "Kết thúc", "Tổng số", "Trong đó NSNN"]
    for c, v in enumerate(hdr1, 1):
        ws.cell(6, c, v)
    for c, v in enumerate(hdr2, 1):
        ws.cell(7, c, v)
    for c in (1, 2, 3):
        ws.merge_cells(start_row=6, start_column=c, end_row=7, end_column=c)
    for a, b in ((4, 5), (6, 7), (8, 9)):
        ws.merge_cells(start_row=6, start_column=a, end_row=6, end_column=b)
    r = 8
    groups = {0: ("A", "ĐỀ TÀI"), 2: ("B", "DỰ ÁN SẢN XUẤT THỬ NGHIỆM")}
    n = 0
    for i, t in enumerate(ts):
        if i in groups:
            ws.cell(r, 1, groups[i][0])
            ws.cell(r, 2, groups[i][1])
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=9)
            r += 1
        n += 1
        e = t["exp"]
        ws.cell(r, 1, n)
        ws.cell(r, 2, e["title"])
        ws.cell(r, 3, e["host_org"])
        ws.cell(r, 4, e["principal_investigator"])
        ws.cell(r, 5, e["pi_title"])
        for c, iso in ((6, e["start_date"]), (7, e["end_date"])):
            y, mo = map(int, iso.split("-"))
            ws.cell(r, c, dt.datetime(y, mo, 1)).number_format = "mm/yyyy"
        ws.cell(r, 8, e["budget_vnd"]).number_format = "#,##0"
        ws.cell(r, 9, e["budget_state_vnd"]).number_format = "#,##0"
        r += 1
    buf = io.BytesIO()
    wb.save(buf)
    save(
        "blind3_xlsx_groups_month_cells_title_after_name",
        "xlsx",
        "office",
        [1, 2, 3, 4],
        "XLSX: '(Kèm theo Quyết định số … ngày 15 tháng 01 năm 2025 …)'; group rows 'A | ĐỀ TÀI', 'B | DỰ ÁN SẢN XUẤT THỬ NGHIỆM' with "
        "numbers restarting; two-row header 'Chủ nhiệm nhiệm vụ' over 'Họ và tên' | 'Học hàm/\\nHọc vị' (titles without dots); "
        "'Thời gian' over 'Bắt đầu'/'Kết thúc' date cells 'mm/yyyy'; numeric đồng '#,##0'",
        buf.getvalue(),
        ts,
    )


# ------------------------------------------------------------------ 9. XLS: day cells, tỷ, footnote distractor
def xls() -> None:
    import xlwt

    d, dd = "3012/QĐ-UBND", "2023-12-28"
    ts = [
        T(
            "Nghiên cứu ứng dụng chỉ thị phân tử trong chọn tạo giống lợn Móng Cái thuần",
            "Viện Chăn nuôi",
            "Nguyễn Thị Hải Yến",
            "TS.",
            kind="research_topic",
            start="2021-04-01",
            end="2023-03-31",
            budget=1_850_000_000,
            grade="good",
            dno=d,
            ddate=dd,
            k="Đề tài",
            g="Khá",
        ),
        T(
            "Hoàn thiện quy trình sản xuất rượu Bắc Hà từ men lá truyền thống",
            "Công ty TNHH Rượu Bắc Hà",
            "Hoàng Văn Dũng",
            "KS.",
            kind=None,
            start="2021-07-15",
            end="2023-07-14",
            budget=3_200_000_000,
            grade="pass",
            dno=d,
            ddate=dd,
            k="Dự án",
            g="Đạt",
        ),
        T(
            "Nghiên cứu đánh giá tai biến trượt lở đất tuyến quốc lộ 4D đoạn Sa Pa - Bình Lư",
            "Trường Đại học Mỏ - Địa chất",
            "Lê Hồng Phong",
            "PGS.TS.",
            kind="research_topic",
            start="2021-09-01",
            end="2023-08-31",
            budget=2_750_000_000,
            grade="excellent",
            dno=d,
            ddate=dd,
            k="Đề tài",
            g="Xuất sắc",
        ),
    ]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("KQ2023")
    bold = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    ws.write(0, 0, "DANH SÁCH NHIỆM VỤ KH&CN ĐÃ ĐƯỢC CÔNG NHẬN KẾT QUẢ NĂM 2023", bold)
    ws.write(1, 0, "(Theo Quyết định số 3012/QĐ-UBND ngày 28/12/2023 của UBND tỉnh Lào Cai)")
    heads = [
        "TT",
        "Tên nhiệm vụ",
        "Loại NV",
        "Tổ chức chủ trì",
        "Chủ nhiệm",
        "Ngày bắt đầu\n(HĐ)",
        "Ngày kết thúc\n(HĐ)",
        "Kinh phí\n(tỷ đồng)",
        "Xếp loại",
    ]
    for c, h in enumerate(heads):
        ws.write(3, c, h, bold)
    day = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    money = xlwt.easyxf(num_format_str="0.00")
    for i, t in enumerate(ts):
        e = t["exp"]
        r = 4 + i
        ws.write(r, 0, i + 1)
        ws.write(r, 1, e["title"])
        ws.write(r, 2, t["k"])
        ws.write(r, 3, e["host_org"])
        ws.write(r, 4, f"{e['pi_title']} {e['principal_investigator']}")
        ws.write(r, 5, dt.date.fromisoformat(e["start_date"]), day)
        ws.write(r, 6, dt.date.fromisoformat(e["end_date"]), day)
        ws.write(r, 7, e["budget_vnd"] / 1_000_000_000, money)
        ws.write(r, 8, t["g"])
    ws.write(8, 0, "Ghi chú: Nhiệm vụ số 2 đã được gia hạn theo Quyết định số 1650/QĐ-UBND ngày 12/7/2023.")
    buf = io.BytesIO()
    wb.save(buf)
    save(
        "blind3_xls_day_cells_ty_footnote",
        "xls",
        "office",
        [1, 2, 4],
        "XLS acceptance list '(Theo Quyết định số … ngày 28/12/2023 …)'; 'Loại NV' with a bare 'Dự án' (null); 'Ngày bắt đầu\\n(HĐ)' "
        "day cells 'dd/mm/yyyy'; 'Kinh phí\\n(tỷ đồng)' numeric 1.85 with '0.00'; a footnote naming an extension decision",
        buf.getvalue(),
        ts,
    )


# ------------------------------------------------------------------ 10/11. Word documents
def docx_decision() -> tuple[bytes, list[dict]]:
    from docx import Document

    d, dd = "742/QĐ-SKHCN", "2024-05-09"
    g = "grassroots"
    ts = [
        T(
            "Nghiên cứu ứng dụng chế phẩm EM xử lý mùi hôi chuồng trại chăn nuôi lợn quy mô nông hộ tại Vị Xuyên",
            "Trạm Chăn nuôi và Thú y huyện Vị Xuyên",
            "Đặng Văn Quý",
            "ThS.",
            level=g,
            kind=None,
            start="2024-06",
            end="2025-05",
            state=120_000_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Xây dựng bộ tài liệu giáo dục địa phương về danh thắng cao nguyên đá cho học sinh trung học cơ sở",
            "Trường THCS Đồng Văn",
            "Vàng Thị Mỷ",
            "CN.",
            level=g,
            kind=None,
            start="2024-08",
            end="2025-07",
            state=65_500_000,
            dno=d,
            ddate=dd,
        ),
        T(
            "Đề án thí điểm số hóa hồ sơ thủ tục hành chính lĩnh vực khoa học và công nghệ",
            "Văn phòng Sở Khoa học và Công nghệ",
            "Lục Minh Đức",
            "KS.",
            level=g,
            kind="scheme",
            start="2024-06",
            end="2024-12",
            state=48_000_000,
            dno=d,
            ddate=dd,
        ),
    ]
    doc = Document()
    for line in (
        "UBND TỈNH HÀ GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        f"Số: {d}",
        "Hà Giang, ngày 09 tháng 5 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp cơ sở năm 2024",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Căn cứ Quyết định số 18/2022/QĐ-UBND ngày 06/6/2022 của UBND tỉnh ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ;",
        "Căn cứ Quyết định số 605/QĐ-SKHCN ngày 15/4/2024 về việc thành lập Hội đồng xét duyệt;",
        "Xét Biên bản họp Hội đồng ngày 24/4/2024 và đề nghị của Trưởng phòng Quản lý khoa học,",
        "QUYẾT ĐỊNH:",
        "Điều 1. Phê duyệt danh mục 03 nhiệm vụ khoa học và công nghệ cấp cơ sở năm 2024 (chi tiết tại Phụ lục kèm theo).",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        "PHỤ LỤC",
        "DANH MỤC NHIỆM VỤ KH&CN CẤP CƠ SỞ NĂM 2024",
    ):
        doc.add_paragraph(line)
    tab = doc.add_table(rows=1, cols=6)
    tab.style = "Table Grid"
    for c, h in enumerate(
        [
            "STT",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Chủ nhiệm (học vị, họ tên)",
            "Thời gian thực hiện",
            "Kinh phí từ NSNN (triệu đồng)",
        ]
    ):
        tab.rows[0].cells[c].text = h
    for i, t in enumerate(ts):
        e = t["exp"]
        cells = tab.add_row().cells
        s, en = e["start_date"], e["end_date"]
        vals = [
            str(i + 1),
            e["title"],
            e["host_org"],
            f"{e['pi_title']} {e['principal_investigator']}",
            f"{s[5:]}/{s[:4]} ÷ {en[5:]}/{en[:4]}",
            format(e["budget_state_vnd"] / TR, "g").replace(".", ","),
        ]
        for c, v in enumerate(vals):
            cells[c].text = v
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), ts


def doc_paragraphs() -> tuple[bytes, list[dict]]:
    from docx import Document

    d, dd = "88/QĐ-SKHCN", "2024-02-20"
    g = "grassroots"
    ts = [
        T(
            "Nghiên cứu thực trạng và giải pháp nâng cao chất lượng giáo dục mầm non vùng đồng bào dân tộc thiểu số huyện Na Hang",
            "Phòng Giáo dục và Đào tạo huyện Na Hang",
            "Ma Thị Ngọc",
            "ThS.",
            code="ĐTCS.03/2022",
            level=g,
            kind="research_topic",
            grade="good",
            dno=d,
            ddate=dd,
        ),
        T(
            "Ứng dụng mô hình trồng bưởi Soi Hà theo tiêu chuẩn VietGAP tại xã Xuân Vân",
            "Trung tâm Dịch vụ nông nghiệp huyện Yên Sơn",
            "Hà Văn Khải",
            "KS.",
            code="DACS.01/2022",
            level=g,
            kind="st_project",
            grade="pass",
            dno=d,
            ddate=dd,
        ),
        T(
            "Đánh giá hiệu quả ứng dụng kỹ thuật nội soi trong điều trị sỏi niệu quản tại Bệnh viện đa khoa tỉnh",
            "Bệnh viện đa khoa tỉnh Tuyên Quang",
            "Nguyễn Quốc Hưng",
            "BSCKII.",
            code="ĐTCS.07/2022",
            level=g,
            kind="research_topic",
            grade="excellent",
            dno=d,
            ddate=dd,
        ),
    ]
    doc = Document()
    for line in (
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH TUYÊN QUANG",
        "KẾT QUẢ ĐÁNH GIÁ, NGHIỆM THU NHIỆM VỤ KH&CN CẤP CƠ SỞ NĂM 2023",
        f"(Công nhận tại Quyết định số {d} ngày 20/02/2024 của Giám đốc Sở Khoa học và Công nghệ)",
        "Thực hiện Kế hoạch số 12/KH-SKHCN ngày 05/01/2024, Sở đã tổ chức đánh giá, nghiệm thu các nhiệm vụ sau:",
    ):
        doc.add_paragraph(line)
    words = {"research_topic": "Đề tài", "st_project": "Dự án ứng dụng tiến bộ khoa học và công nghệ"}
    gw = {"good": "Khá", "pass": "Đạt", "excellent": "Xuất sắc"}
    for i, t in enumerate(ts):
        e = t["exp"]
        doc.add_paragraph(
            f"{i + 1}. {words[e['kind']]} “{e['title']}”, mã số {e['code']}; cơ quan chủ trì: {e['host_org']}; "
            f"chủ nhiệm: {e['pi_title']} {e['principal_investigator']}; xếp loại: {gw[e['acceptance_grade']]}."
        )
    doc.add_paragraph("Đề nghị các tổ chức chủ trì nộp báo cáo kết quả theo quy định.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), ts


# ------------------------------------------------------------------ 12. PDF: decision page + split annex
def pdf() -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    fd = Path("/usr/share/fonts/truetype/dejavu")
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(fd / "DejaVuSans.ttf")))
    st = ParagraphStyle("n", fontName="DejaVu", fontSize=10, leading=13)
    cs = ParagraphStyle("c", fontName="DejaVu", fontSize=9, leading=11)
    d, dd = "1566/QĐ-UBND", "2023-10-30"
    subjects = [
        ("Nghiên cứu", None),
        ("Dự án sản xuất thử nghiệm", "trial_production_project"),
        ("Đề án", "scheme"),
        ("Nghiên cứu", None),
    ]
    places = ["Sơn Dương", "Hàm Yên", "Chiêm Hóa", "Lâm Bình", "Yên Sơn", "Na Hang"]
    topics = [
        "quy trình thâm canh cam sành",
        "giống chè Shan",
        "phát triển du lịch cộng đồng",
        "bảo tồn cây gỗ nghiến",
        "cá đặc sản lồng bè",
        "chuyển đổi số hợp tác xã",
        "dược liệu dưới tán rừng",
        "mô hình nuôi ong lấy mật",
        "di sản hát Then",
        "vùng nguyên liệu keo lai",
        "nấm linh chi đỏ",
        "bò thịt chất lượng cao",
    ]
    pis = [
        ("TS.", "Phạm Thị Thu Hà"),
        ("ThS.", "Triệu Văn Hùng"),
        ("KS.", "Nông Thị Mến"),
        ("PGS.TS.", "Đỗ Xuân Trường"),
        ("ThS.", "Hoàng Thị Yến"),
        ("TS.", "Lương Văn Bình"),
    ]
    ts = []
    for i, tp in enumerate(topics):
        w, kind = subjects[i % 4]
        title = (
            f"{w} {tp} tại huyện {places[i % 6]}"
            if w != "Nghiên cứu"
            else f"Nghiên cứu {tp} phục vụ phát triển kinh tế - xã hội huyện {places[i % 6]}"
        )
        pt, pi = pis[i % 6]
        y = 2024 + (i % 2)
        money = (850 + 137 * i) * TR + (500_000 if i % 3 == 0 else 0)
        ts.append(
            T(
                title,
                "Trung tâm Ứng dụng tiến bộ KH&CN tỉnh Tuyên Quang" if i % 2 else "Trường Đại học Tân Trào",
                pi,
                pt,
                kind=kind,
                start=f"{y}-01",
                end=f"{y + 1}-12",
                budget=money,
                dno=d,
                ddate=dd,
            )
        )
    story = [
        Paragraph(x, st)
        for x in (
            "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
            f"Số: {d}",
            "Tuyên Quang, ngày 30 tháng 10 năm 2023",
            "QUYẾT ĐỊNH",
            "Phê duyệt danh mục đề tài, dự án, đề án khoa học và công nghệ cấp tỉnh năm 2024",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
            "Căn cứ Quyết định số 1012/QĐ-UBND ngày 05/6/2023 của UBND tỉnh phê duyệt danh mục nhiệm vụ đề xuất đặt hàng năm 2024;",
            "Xét đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 77/TTr-SKHCN ngày 20/10/2023.",
            "QUYẾT ĐỊNH:",
            "Điều 1. Phê duyệt danh mục 12 nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (có Phụ lục kèm theo).",
            "Điều 2. Giao Sở Khoa học và Công nghệ tổ chức tuyển chọn, giao trực tiếp theo quy định.",
        )
    ]
    story.append(PageBreak())
    story.append(Paragraph("PHỤ LỤC: DANH MỤC NHIỆM VỤ KH&amp;CN CẤP TỈNH NĂM 2024", st))
    data = [
        [
            Paragraph(h, cs)
            for h in (
                "TT",
                "Tên nhiệm vụ",
                "Tổ chức chủ trì",
                "Chủ nhiệm",
                "Thời gian thực hiện",
                "Kinh phí (triệu đồng)",
            )
        ]
    ]
    for i, t in enumerate(ts):
        e = t["exp"]
        data.append(
            [
                Paragraph(x, cs)
                for x in (
                    str(i + 1),
                    esc(e["title"]),
                    esc(e["host_org"]),
                    f"{e['pi_title']} {e['principal_investigator']}",
                    f"01/{e['start_date'][:4]} - 12/{e['end_date'][:4]}",
                    format(e["budget_vnd"] / TR, ",.1f")
                    .replace(",", " ")
                    .replace(".", ",")
                    .replace(" ", ".")
                    .removesuffix(",0"),
                )
            ]
        )
    tab = Table(data, colWidths=[25, 300, 170, 110, 80, 70], repeatRows=0)
    tab.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(tab)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), topMargin=150, bottomMargin=150, invariant=1)
    doc.build(story)
    save(
        "blind3_pdf_decision_page_split_annex",
        "pdf",
        "pdf",
        [1, 2, 7],
        "PDF decision page (Số: 1566/QĐ-UBND; grounds cite the 2023 proposal-list decision; a Tờ trình) then a 12-row annex split over pages "
        "without a repeated header; kind only from titles' opening words ('Dự án sản xuất thử nghiệm …', 'Đề án …'; "
        "'Nghiên cứu …' states no kind: null); money 'triệu đồng' with decimal comma",
        buf.getvalue(),
        ts,
    )


def main() -> None:
    drupal()
    dnn()
    aspnet()
    nukeviet()
    frontpage()
    wordpress()
    liferay_negative()
    xlsx()
    xls()
    data, ts = docx_decision()
    save(
        "blind3_docx_decision_state_only_divide_sign",
        "docx",
        "office",
        [1, 3],
        "DOCX Sở decision: 'Số: 742/QĐ-SKHCN' + date line at top, grounds cite a normative QĐ and the council's QĐ; annex 'Chủ nhiệm (học vị, họ tên)' "
        "with 'CN.'; periods 'MM/YYYY ÷ MM/YYYY'; only 'Kinh phí từ NSNN (triệu đồng)' (total not stated); an 'Đề án …' title, other kinds not stated (null)",
        data,
        ts,
    )
    data, ts = doc_paragraphs()
    if shutil.which("soffice"):
        from demo.make_attachments import to_word97

        save(
            "blind3_doc_numbered_sentences_codes",
            "doc",
            "office",
            [1, 2, 6],
            "Word 97 acceptance result as numbered sentences ('1. Đề tài “…”, mã số ĐTCS.03/2022; cơ quan chủ trì: …; chủ nhiệm: …; xếp loại: Khá.'); "
            "decision in a bracketed line under the heading, a Kế hoạch number in the lead; 'Dự án ứng dụng tiến bộ khoa học và công nghệ' kind word; no dates or money",
            to_word97(data, "blind3"),
            ts,
        )
    pdf()


if __name__ == "__main__":
    main()
