"""(Re)generate the binary attachments of the bundled sample portal.

The portal itself is static HTML; its attachments are easier to review as code than as
binaries. Run from the repository root:

    python -m demo.make_attachments

The XLSX is byte-for-byte reproducible (fixed document dates and zip timestamps). The Word
97-2003 list is written as DOCX here and converted by LibreOffice (``soffice``, needed only to
regenerate it), which stamps the time into the file, so its bytes change on every run. The
results-bulletin PDF is the invented bulletin of tests/fixtures/documents/bulletin (made by
make_bulletin.py there), copied.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

log = logging.getLogger(__name__)

PORTAL = Path(__file__).resolve().parent / "portal"
ROOT = PORTAL.parents[1]  # the repository (the results bulletin is copied from its tests/fixtures)
FIXED = dt.datetime(2023, 12, 25, 8, 0, 0)

# (code, title, host, PI, start, end, total budget, state budget, grade, decision, note)
TOPICS = [
    (
        "ĐT.01-2021",
        "Nghiên cứu ứng dụng tiến bộ kỹ thuật trồng thâm canh cây Quýt Bắc Kạn đạt tiêu chuẩn VietGAP",
        "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
        "PGS.TS. Trần Văn Điền",
        "01/2021",
        "12/2022",
        1250.5,
        1250.5,
        "Xuất sắc",
        "1856/QĐ-UBND ngày 12/10/2023",
        "",
    ),
    (
        "ĐT.02-2021",
        "Nghiên cứu bảo tồn và phát triển nguồn gen gà xương đen tại huyện Pác Nặm",
        "Viện Chăn nuôi",
        "TS. Phạm Công Thiếu",
        "03/2021",
        "12/2022",
        1480,
        1400,
        "Khá",
        "1857/QĐ-UBND ngày 12/10/2023",
        "Gia hạn 06 tháng",
    ),
    (
        "ĐT.03-2021",
        "Đánh giá thực trạng và đề xuất giải pháp nâng cao chất lượng nguồn nhân lực ngành y tế tỉnh Bắc Kạn",
        "Sở Y tế tỉnh Bắc Kạn",
        "BSCKII. Hoàng Văn Phong",
        "01/2021",
        "06/2022",
        620.8,
        620.8,
        "Khá",
        "1858/QĐ-UBND ngày 12/10/2023",
        "",
    ),
    (
        "ĐT.04-2021",
        "Nghiên cứu xây dựng bộ tài liệu dạy tiếng Tày cho cán bộ, công chức tỉnh Bắc Kạn",
        "Trường Chính trị tỉnh Bắc Kạn",
        "ThS. Nông Thị Hồng",
        "04/2021",
        "12/2022",
        540,
        540,
        "Đạt",
        "1859/QĐ-UBND ngày 12/10/2023",
        "",
    ),
    (
        "ĐT.05-2021",
        "Nghiên cứu ứng dụng ảnh viễn thám giám sát biến động rừng tỉnh Bắc Kạn",
        "Viện Địa lý - Viện Hàn lâm KH&CN Việt Nam",
        "TS. Đỗ Thị Vân Hương",
        "01/2021",
        "12/2022",
        1105.2,
        1105.2,
        "Xuất sắc",
        "1860/QĐ-UBND ngày 12/10/2023",
        "",
    ),
    (
        "ĐT.06-2021",
        "Nghiên cứu tuyển chọn giống lúa chất lượng cao phù hợp với điều kiện huyện Na Rì",
        "Viện Khoa học Nông nghiệp Việt Nam",
        "TS. Nguyễn Văn Khoa",
        "01/2021",
        "12/2022",
        890,
        890,
        "Khá",
        "2011/QĐ-UBND ngày 03/11/2023",
        "",
    ),
    (
        "ĐT.07-2021",
        "Nghiên cứu đặc điểm sinh học và kỹ thuật nhân giống cây Thạch xương bồ tại Bắc Kạn",
        "Trường Đại học Khoa học - Đại học Thái Nguyên",
        "PGS.TS. Lê Thị Thanh Hương",
        "06/2021",
        "06/2023",
        975.4,
        975.4,
        "Khá",
        "2012/QĐ-UBND ngày 03/11/2023",
        "",
    ),
]
PROJECTS = [
    (
        "DA.01-2021",
        "Hoàn thiện quy trình sản xuất miến dong Côn Minh theo hướng hàng hóa",
        "Hợp tác xã Nông nghiệp Tiến Phong",
        "KS. Hoàng Thị Lệ",
        "01/2021",
        "12/2022",
        3250,
        1200,
        "Khá",
        "2013/QĐ-UBND ngày 03/11/2023",
        "",
    ),
    (
        "DA.02-2021",
        "Sản xuất thử nghiệm giống khoai môn Bắc Kạn sạch bệnh bằng công nghệ nuôi cấy mô",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
        "ThS. Lương Thị Hạnh",
        "01/2021",
        "12/2022",
        2150,
        1050.5,
        "Đạt",
        "2014/QĐ-UBND ngày 03/11/2023",
        "",
    ),
    (
        "DA.03-2021",
        "Hoàn thiện công nghệ sản xuất chè Shan tuyết Bằng Phúc theo tiêu chuẩn hữu cơ",
        "Hợp tác xã Chè Bằng Phúc",
        "ThS. Ma Thị Nguyệt",
        "03/2021",
        "12/2022",
        2780,
        1180,
        "Khá",
        "2015/QĐ-UBND ngày 03/11/2023",
        "",
    ),
]

HEADER_TOP = [
    "STT",
    "Tên nhiệm vụ",
    "Mã số",
    "Cơ quan chủ trì",
    "Chủ nhiệm nhiệm vụ",
    "Thời gian thực hiện",
    None,
    "Kinh phí",
    None,
    "Xếp loại",
    "Quyết định công nhận kết quả",
    "Ghi chú",
]
HEADER_SUB = [None, None, None, None, None, "Bắt đầu", "Kết thúc", "Tổng số", "Trong đó NSNN", None, None, None]


def build_acceptance_xlsx() -> bytes:
    """The 2023 acceptance list: title block, a header over two rows, section rows, a total row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "NT 2023"
    bold = Font(bold=True)
    ws["A1"], ws["E1"] = "UBND TỈNH BẮC KẠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["E2"] = "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("A1:C1")
    ws.merge_cells("E1:L1")
    ws.merge_cells("A2:C2")
    ws.merge_cells("E2:L2")
    ws["A4"] = "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ NGHIỆM THU NĂM 2023"
    ws.merge_cells("A4:L4")
    ws["A5"] = "(Kèm theo Báo cáo số 215/BC-SKHCN ngày 25/12/2023 của Sở Khoa học và Công nghệ)"
    ws.merge_cells("A5:L5")
    ws["K6"] = "Đơn vị tính: triệu đồng"
    for c in ("A1", "E1", "A2", "E2", "A4"):
        ws[c].font = bold
    r0 = 7
    for i, (top, sub) in enumerate(zip(HEADER_TOP, HEADER_SUB), start=1):
        if top is not None:
            ws.cell(r0, i, top).font = bold
        if sub is not None:
            ws.cell(r0 + 1, i, sub).font = bold
    for col in "ABCDEJKL":
        ws.merge_cells(f"{col}{r0}:{col}{r0 + 1}")
    ws.merge_cells(f"F{r0}:G{r0}")
    ws.merge_cells(f"H{r0}:I{r0}")
    for i in range(1, 13):
        ws.cell(r0 + 2, i, f"({i})")
        ws.cell(r0, i).alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    r = r0 + 3
    total = state = 0.0
    for letter, label, rows in (("A", "ĐỀ TÀI", TOPICS), ("B", "DỰ ÁN SẢN XUẤT THỬ NGHIỆM", PROJECTS)):
        ws.cell(r, 1, letter).font = bold
        ws.cell(r, 2, label).font = bold
        r += 1
        for n, row in enumerate(rows, start=1):
            ws.cell(r, 1, n)
            for j, v in enumerate(row):
                col = (3, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12)[j]
                if v != "":
                    ws.cell(r, col, v)
            total += row[6]
            state += row[7]
            r += 1
    ws.cell(r, 2, "Tổng cộng").font = bold
    ws.cell(r, 8, round(total, 1))
    ws.cell(r, 9, round(state, 1))
    ws.cell(r + 2, 2, "Người lập biểu")
    ws.cell(r + 2, 10, "GIÁM ĐỐC")
    ws.cell(r + 5, 2, "Nguyễn Thị Hoa")
    ws.cell(r + 5, 10, "Đỗ Thị Minh Hoa")
    ws.column_dimensions["B"].width = 60
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "Sở KH&CN Bắc Kạn"
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_zip(buf.getvalue())


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so regenerated files are identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            dst.writestr(fixed, data)
    return out.getvalue()


# STT, title, PI, host, period, total budget, state budget (đồng): tasks ordered for 2025
ORDERED_2025 = [
    (
        "1",
        "Nghiên cứu phát triển chuỗi giá trị sản phẩm Miến dong Na Rì theo hướng hữu cơ",
        "TS. Hoàng Thị Bích Ngọc",
        "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
        "01/2025 - 12/2026",
        "1.650.000.000",
        "1.500.000.000",
    ),
    (
        "2",
        "Ứng dụng công nghệ viễn thám giám sát biến động rừng tỉnh Bắc Kạn giai đoạn 2025 - 2027",
        "ThS. Ma Văn Tùng",
        "Chi cục Kiểm lâm tỉnh Bắc Kạn",
        "03/2025 - 12/2027",
        "2.120.000.000",
        "2.000.000.000",
    ),
    (
        "3",
        "Xây dựng mô hình nuôi cá Anh vũ thương phẩm trong lồng tại hồ Ba Bể",
        "KS. Triệu Văn Lâm",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
        "06/2025 - 06/2027",
        "980.500.000",
        "900.000.000",
    ),
]


def build_ordered_docx() -> bytes:
    """The 2025 ordered-task list as DOCX (converted to Word 97 by :func:`to_word97`)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("UBND TỈNH BẮC KẠN")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG THỰC HIỆN TỪ NĂM 2025")
    doc.add_paragraph("(Kèm theo Quyết định số 2145/QĐ-UBND ngày 18/11/2024 của UBND tỉnh Bắc Kạn)")
    t = doc.add_table(rows=1 + len(ORDERED_2025), cols=7)
    t.style = "Table Grid"
    for c, h in enumerate(
        (
            "STT",
            "Tên nhiệm vụ",
            "Chủ nhiệm",
            "Tổ chức chủ trì",
            "Thời gian thực hiện",
            "Tổng kinh phí (đồng)",
            "Ngân sách SNKH (đồng)",
        )
    ):
        t.cell(0, c).text = h
    for r, row in enumerate(ORDERED_2025, 1):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    doc.add_paragraph("Giao Sở Khoa học và Công nghệ tổ chức tuyển chọn, giao trực tiếp theo quy định.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_word97(docx: bytes, name: str) -> bytes:
    """DOCX -> Word 97-2003 with LibreOffice, in a throw-away profile (also used by
    tests/fixtures/documents/doc/make_doc_fixtures.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}.docx"
        src.write_bytes(docx)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / f"{name}.doc").read_bytes()


def main() -> None:
    """Write every attachment of the portal."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    files = PORTAL / "sites" / "default" / "files"
    target = files / "2023-12" / "danh-muc-nghiem-thu-2023.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_acceptance_xlsx())
    log.info("wrote %s", target.relative_to(PORTAL))
    bulletin = ROOT / "tests" / "fixtures" / "documents" / "bulletin" / "bulletin_2024_3.pdf"
    target = files / "2024-06" / "thong-tin-ket-qua-nghien-cuu-so-3-2024.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bulletin, target)
    log.info("copied %s", target.relative_to(PORTAL))
    if shutil.which("soffice") is None:
        log.warning("soffice (LibreOffice) not found: the Word 97 list is left as it is")
        return
    target = files / "2024-11" / "danh-muc-dat-hang-2025.doc"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(to_word97(build_ordered_docx(), "danh-muc-dat-hang-2025"))
    log.info("wrote %s", target.relative_to(PORTAL))


if __name__ == "__main__":
    main()
