"""`stcat parse` on every task fixture yields the records a reader of the fixture would list.

The expectations below were written by reading each saved page or file (its table rows,
title block and text), not by copying the program's output. Each check is its own test
case so that one wrong field fails one id, named ``<fixture>-r<record>-<field>``.

The command line runs in process (``flows.cli.main``) with stdout and stderr captured;
each fixture is parsed once per test session.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
PORTAL = ROOT / "demo" / "portal"
NEWS = PORTAL / "tin-tuc-su-kien" / "tin-tuc-su-kien"

# docs/ARCHITECTURE.md, canonical table `tasks` (contract: names and key columns).
TASK_COLUMNS = (
    "task_id",
    "code",
    "title",
    "level",
    "kind",
    "host_org",
    "principal_investigator",
    "pi_title",
    "start_date",
    "end_date",
    "budget_vnd",
    "budget_state_vnd",
    "status",
    "acceptance_grade",
    "acceptance_date",
    "decision_no",
    "decision_date",
    "field_code",
    "province_code",
    "province_code_legacy",
    "source_url",
    "fetched_at",
    "record_hash",
)
LEVELS = {"national", "ministry", "provincial", "grassroots"}
KINDS = {"research_topic", "trial_production_project", "st_project", "scheme", "program", "other"}
GRADES = {"excellent", "good", "pass", "fail"}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")

# Which raw column keeps the original text of a normalized field (one of them, when several may).
RAW_OF: dict[str, tuple[str, ...]] = {
    "title": ("title_raw",),
    "code": ("code_raw",),
    "host_org": ("host_org_raw",),
    "principal_investigator": ("principal_investigator_raw",),
    "pi_title": ("principal_investigator_raw",),
    "budget_vnd": ("budget_raw",),
    "budget_state_vnd": ("budget_state_raw",),
    "start_date": ("start_date_raw", "period_raw"),
    "end_date": ("end_date_raw", "period_raw"),
    "decision_no": ("decision_raw",),
    "decision_date": ("decision_date_raw", "decision_raw"),
    "acceptance_grade": ("acceptance_grade_raw",),
    "kind": ("kind_raw",),
    "level": ("level_raw",),
}


@dataclass(frozen=True)
class Contains:
    """A raw text that must contain this phrase (when the original is a whole title or section row)."""

    phrase: str


@dataclass
class Fixture:
    """One saved page or file and what it contains."""

    id: str
    path: Path
    site: str | None
    count: int
    records: dict[int, dict[str, Any]] = field(default_factory=dict)  # record index -> field -> value
    raws: dict[int, dict[str, str | Contains]] = field(default_factory=dict)  # record index -> *_raw -> text


# Bắc Kạn, 8 tasks approved for 2022 (Drupal article; the sample portal carries the same table).
_BACKAN_2022 = dict(
    count=8,
    records={
        0: {
            "title": "Phục tráng giống Bí thơm Ba Bể tại tỉnh Bắc Kạn",
            "host_org": "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
            "principal_investigator": "Hoàng Văn Dũng",
            "pi_title": "ThS.",
            "budget_vnd": 1_250_500_000,
            "start_date": "2022-01",
            "end_date": "2023-12",
            "level": "provincial",
            "confidence": 1.0,
            # lead paragraph: "Ngày 08/04/2022, UBND tỉnh Bắc Kạn ban hành Quyết định số 612/QĐ-UBND phê duyệt danh mục …"
            "decision_no": "612/QĐ-UBND",
            "decision_date": "2022-04-08",
        },
        1: {
            "title": "Ứng dụng tiến bộ kỹ thuật xây dựng mô hình thâm canh cây Hồng không hạt Bắc Kạn",
            # host cell spans rows 1-2 (rowspan=2)
            "host_org": "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
            "principal_investigator": "Nông Thị Thu Huyền",
            "pi_title": "KS.",
            "budget_vnd": 985_000_000,
            "start_date": "2022-01",
            "end_date": "2024-06",
        },
        4: {
            "title": "Nghiên cứu bào chế viên nang cứng từ cây Giảo cổ lam trồng tại Bắc Kạn",
            "host_org": "Trường Đại học Y - Dược, Đại học Thái Nguyên",
            "principal_investigator": "Nguyễn Thị Thu Huyền",
            "pi_title": "TS.DS.",
            "budget_vnd": 1_105_200_000,
            "start_date": "2022-06",
            "end_date": "2024-06",
        },
        7: {
            "title": "Nghiên cứu thực trạng và đề xuất giải pháp phát triển du lịch cộng đồng tại huyện Ba Bể",
            "host_org": "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn",
            "principal_investigator": "Hà Thị Kim Dung",
            "pi_title": "TS.",
            "budget_vnd": 635_400_000,
            "start_date": "2022-04",
            "end_date": "2023-12",
            "level": "provincial",
            "decision_no": "612/QĐ-UBND",
        },
    },
    raws={
        # level "provincial" is read from the page title "Phê duyệt danh mục nhiệm vụ KH&CN cấp tỉnh …"
        0: {
            "title_raw": "Phục tráng giống Bí thơm Ba Bể tại tỉnh Bắc Kạn",
            "decision_raw": "612/QĐ-UBND",
            "level_raw": Contains("cấp tỉnh"),
            "principal_investigator_raw": "ThS. Hoàng Văn Dũng",
            "budget_raw": "1.250,5",
            "period_raw": "01/2022 - 12/2023",
        },
        4: {"principal_investigator_raw": "TS. DS. Nguyễn Thị Thu Huyền", "budget_raw": "1.105,2"},
        7: {"host_org_raw": "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn", "budget_raw": "635,4"},
    },
)

# The same three accepted grassroots topics in a PDF (kontum attachment and documents/).
_GRASSROOTS_2024_PDF = dict(
    count=3,
    records={
        0: {
            "title": "Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn",
            "principal_investigator": "Hoàng Thị Thu Hà",
            "pi_title": "TS.",
            "host_org": "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
            "budget_vnd": 850_500_000,
            "acceptance_grade": "good",
            "level": "grassroots",
            "kind": "research_topic",
        },  # "DANH MỤC ĐỀ TÀI CẤP CƠ SỞ …"
        1: {
            "title": "Ứng dụng công nghệ IoT quản lý nhà lưới trồng rau",
            "acceptance_grade": "excellent",
            "budget_vnd": 620_000_000,
            "principal_investigator": "Nông Văn Hưng",
            "pi_title": "ThS.",
        },
        2: {
            "title": "Đánh giá hiện trạng thủy sản hồ Ba Bể",
            "principal_investigator": "Đỗ Ngọc Mỹ",
            "pi_title": "PGS.TS.",
            "host_org": "Viện Nghiên cứu Nuôi trồng thủy sản I",
            "budget_vnd": 1_120_000_000,
            "acceptance_grade": "pass",
            "level": "grassroots",
        },
    },
    raws={
        0: {
            "host_org_raw": "Trường Đại học Nông Lâm - ĐH Thái Nguyên",
            "budget_raw": "850,5",
            "acceptance_grade_raw": "Khá",
            "principal_investigator_raw": "TS. Hoàng Thị Thu Hà",
        },
        2: {"budget_raw": "1.120", "acceptance_grade_raw": "Đạt"},
    },
)

FIXTURES: list[Fixture] = [
    Fixture("khcnbackan-article_table", FIX / "khcnbackan" / "article_table.html", "drupal_backan", **_BACKAN_2022),
    Fixture("khcnbackan-listing", FIX / "khcnbackan" / "listing.html", "drupal_backan", 0),
    Fixture(
        "dosttn-article",
        FIX / "dosttn" / "article.html",
        "dnn_thainguyen",
        3,
        records={
            0: {
                "title": "Nghiên cứu sản xuất chè xanh chất lượng cao từ giống chè LDP1 tại Đại Từ",
                "principal_investigator": "Nguyễn Văn Toàn",
                "pi_title": "TS.",
                "host_org": "Viện KHSS Thái Nguyên",
                "acceptance_grade": "pass",
                "level": "provincial",
                # page title "Nghiệm thu đề tài cấp tỉnh năm 2018", column "Tên đề tài"
                "kind": "research_topic",
            },
            1: {
                "title": "Ứng dụng công nghệ GIS quản lý đất đai huyện Phú Lương",
                "principal_investigator": "Lê Thị Lan",
                "pi_title": "ThS.",
                "host_org": "Trường Đại học Khoa học",
                "acceptance_grade": "good",
            },
            2: {
                "title": "Đánh giá hiện trạng ô nhiễm nước sông Cầu đoạn qua TP Thái Nguyên",
                "principal_investigator": "Đỗ Ngọc Mỹ",
                "pi_title": "PGS.TS.",
                "host_org": "Trường Đại học Nông Lâm",
                "acceptance_grade": "excellent",
                "level": "provincial",
            },
        },
        raws={
            1: {"host_org_raw": "Trường ĐH Khoa học", "acceptance_grade_raw": "Khá"},
            2: {"principal_investigator_raw": "PGS.TS Đỗ Ngọc Mỹ", "acceptance_grade_raw": "Xuất sắc"},
        },
    ),
    Fixture("dosttn-listing", FIX / "dosttn" / "listing.html", "dnn_thainguyen", 0),
    # The announcement itself has no table: the list is in the attachment ("File đính kèm TẠI ĐÂY").
    Fixture("kontum-article", FIX / "kontum" / "article.html", "aspnet_kontum", 0),
    Fixture("kontum-listing", FIX / "kontum" / "listing.html", "aspnet_kontum", 0),
    Fixture("kontum-DownloadFile-pdf", FIX / "kontum" / "DownloadFile.aspx", "aspnet_kontum", **_GRASSROOTS_2024_PDF),
    Fixture("documents-tasks_table-pdf", FIX / "documents" / "tasks_table.pdf", None, **_GRASSROOTS_2024_PDF),
    Fixture(
        "documents-tasks_ascii_headers-xlsx",
        FIX / "documents" / "tasks_ascii_headers.xlsx",
        None,
        3,
        records={
            # "DANH SACH DE TAI CAP CO SO NAM 2024", unit row "DVT: trieu dong" above the header
            0: {
                "title": "Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn",
                "level": "grassroots",
                "principal_investigator": "Hoàng Thị Thu Hà",
                "pi_title": "TS.",
                "budget_vnd": 850_500_000,
                "acceptance_grade": "good",
            },
            1: {"title": "Ứng dụng công nghệ IoT quản lý nhà lưới trồng rau", "extras": {"Ghi chu": "Đã nộp sản phẩm"}},
            2: {"title": "Đánh giá hiện trạng thủy sản hồ Ba Bể", "acceptance_grade": "pass"},
        },
        raws={0: {"budget_raw": "850,5", "title_raw": "Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn"}},
    ),
    Fixture(
        "documents-tasks_merged_headers-docx",
        FIX / "documents" / "tasks_merged_headers.docx",
        None,
        3,
        records={
            # "Kinh phí (triệu đồng)" over "Tổng số" | "Ngân sách SNKH"; title block says CẤP TỈNH and
            # "(Kèm theo Quyết định số 40/2024/QĐ-UBND ngày 20/3/2024 của UBND tỉnh)"
            0: {
                "title": "Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn",
                "level": "provincial",
                "decision_no": "40/2024/QĐ-UBND",
                "decision_date": "2024-03-20",
                "budget_vnd": 850_500_000,
                "budget_state_vnd": 850_500_000,
                "acceptance_grade": "good",
                "host_org": "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
            },
            2: {
                "title": "Đánh giá hiện trạng thủy sản hồ Ba Bể",
                "budget_vnd": 1_120_000_000,
                "budget_state_vnd": 1_120_000_000,
                "acceptance_grade": "pass",
                "pi_title": "PGS.TS.",
            },
        },
        raws={
            0: {
                "budget_raw": "850,5",
                "budget_state_raw": "850,5",
                "decision_raw": "40/2024/QĐ-UBND",
                "decision_date_raw": "20/3/2024",
            }
        },
    ),
    # Word 97-2003 binary; its content is written out in tests/fixtures/documents/doc/make_doc_fixtures.py:
    # "DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH …", "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/11/2021 …)",
    # "Kinh phí (đồng)" over "Tổng số" | "Ngân sách tỉnh", a section row "I. LĨNH VỰC NÔNG NGHIỆP"
    Fixture(
        "documents-doc-tasks_merged_headers-doc",
        FIX / "documents" / "doc" / "tasks_merged_headers.doc",
        None,
        3,
        records={
            0: {
                "title": "Nghiên cứu ứng dụng công nghệ sinh học trong nhân giống sâm Ngọc Linh",
                "level": "provincial",
                "decision_no": "1234/QĐ-UBND",
                "decision_date": "2021-11-15",
                "principal_investigator": "Nguyễn Thị Hằng",
                "pi_title": "TS.",
                "host_org": "Viện Khoa học Nông nghiệp Việt Nam",  # written as a HYPERLINK field
                "start_date": "2021-12",
                "end_date": "2023-12",
                "budget_vnd": 1_250_000_000,
                "budget_state_vnd": 1_000_000_000,
            },
            1: {
                "title": "Xây dựng mô hình trồng cà phê xứ lạnh tại huyện Kon Plông",
                "principal_investigator": "Phạm Đức Thuận",
                "pi_title": "ThS.",
                "start_date": "2022-01",
                "end_date": "2024-06",
                "budget_vnd": 2_480_500_000,
                "budget_state_vnd": 1_800_000_000,
            },
            2: {
                "title": "Đánh giá chất lượng nước sông Đăk Bla phục vụ cấp nước sinh hoạt",
                "pi_title": "PGS.TS.",
                "principal_investigator": "Lê Quang Vũ",
                "start_date": "2022-03",
                "end_date": "2023-09",
                "budget_vnd": 950_000_000,
            },
        },
        raws={
            0: {
                "principal_investigator_raw": "TS. Nguyễn Thị Hằng",
                "period_raw": "12/2021 - 12/2023",
                "budget_raw": "1.250.000.000 đồng",
                "host_org_raw": "Viện Khoa học Nông nghiệp Việt Nam",
            },
            2: {"host_org_raw": "Trường Đại học Bách khoa - ĐH Đà Nẵng"},
        },
    ),
    Fixture(
        "documents-tasks_two_row_header-xls",
        FIX / "documents" / "tasks_two_row_header.xls",
        None,
        3,
        records={
            # "Thời gian thực hiện" over "Bắt đầu" | "Kết thúc"; "Kinh phí (tr.đ)" over "Tổng" | "NSNN"
            0: {
                "title": "Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn",
                "level": "provincial",
                "start_date": "2021-01",
                "end_date": "2022-12",
                "budget_vnd": 850_500_000,
                "budget_state_vnd": 500_000_000,
                "acceptance_grade": "good",
                "principal_investigator": "Hoàng Thị Thu Hà",
                "pi_title": "TS.",
            },
            2: {
                "title": "Đánh giá hiện trạng thủy sản hồ Ba Bể",
                "budget_vnd": 1_120_000_000,
                "acceptance_grade": "pass",
            },
        },
        raws={0: {"start_date_raw": "01/2021", "end_date_raw": "12/2022", "budget_state_raw": "500"}},
    ),
    Fixture(
        "portal-danh-muc-nghiem-thu-2023-xlsx",
        PORTAL / "sites" / "default" / "files" / "2023-12" / "danh-muc-nghiem-thu-2023.xlsx",
        "drupal_backan",
        10,
        records={
            # Section rows "A | ĐỀ TÀI" (7 rows) and "B | DỰ ÁN SẢN XUẤT THỬ NGHIỆM" (3 rows)
            0: {
                "code": "ĐT.01-2021",
                "title": "Nghiên cứu ứng dụng tiến bộ kỹ thuật trồng thâm canh cây Quýt Bắc Kạn đạt tiêu chuẩn VietGAP",
                "host_org": "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "principal_investigator": "Trần Văn Điền",
                "pi_title": "PGS.TS.",
                "start_date": "2021-01",
                "end_date": "2022-12",
                "budget_vnd": 1_250_500_000,
                "budget_state_vnd": 1_250_500_000,
                "acceptance_grade": "excellent",
                "decision_no": "1856/QĐ-UBND",
                "decision_date": "2023-10-12",
                "level": "provincial",
                "kind": "research_topic",
            },
            4: {
                "code": "ĐT.05-2021",
                "host_org": "Viện Địa lý - Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
                "acceptance_grade": "excellent",
                "decision_no": "1860/QĐ-UBND",
            },
            7: {
                "code": "DA.01-2021",
                "title": "Hoàn thiện quy trình sản xuất miến dong Côn Minh theo hướng hàng hóa",
                "host_org": "Hợp tác xã Nông nghiệp Tiến Phong",
                "principal_investigator": "Hoàng Thị Lệ",
                "pi_title": "KS.",
                "budget_vnd": 3_250_000_000,
                "budget_state_vnd": 1_200_000_000,
                "decision_no": "2013/QĐ-UBND",
                "acceptance_grade": "good",
                "kind": "trial_production_project",
            },
            9: {
                "code": "DA.03-2021",
                "principal_investigator": "Ma Thị Nguyệt",
                "start_date": "2021-03",
                "end_date": "2022-12",
            },
        },
        raws={
            0: {
                "code_raw": "ĐT.01-2021",
                "decision_raw": "1856/QĐ-UBND ngày 12/10/2023",
                "kind_raw": Contains("ĐỀ TÀI"),  # kind read from the section row "A | ĐỀ TÀI"
                "principal_investigator_raw": "PGS.TS. Trần Văn Điền",
                "acceptance_grade_raw": "Xuất sắc",
            },
            4: {"host_org_raw": "Viện Địa lý - Viện Hàn lâm KH&CN Việt Nam"},
        },
    ),
    Fixture(
        "portal-phe-duyet-danh-muc-2022",
        NEWS / "phe-duyet-danh-muc-nhiem-vu-khcn-cap-tinh-2022.html",
        "drupal_backan",
        **_BACKAN_2022,
    ),
    Fixture(
        "portal-ket-qua-du-an-nong-thon-mien-nui",
        NEWS / "ket-qua-du-an-nong-thon-mien-nui-2021-2023.html",
        "drupal_backan",
        5,
        records={
            # "Kinh phí (triệu đồng)" over "Tổng số" | "Trong đó NSTW"; decision cell "2344/QĐ-BKHCN ngày 18/8/2021"
            0: {
                "title": "Ứng dụng tiến bộ khoa học kỹ thuật xây dựng mô hình sản xuất giống và nuôi thương "
                "phẩm cá Chiên tại Bắc Kạn",
                "host_org": "Công ty TNHH Thủy sản Ba Bể",
                "principal_investigator": "Triệu Văn Hùng",
                "pi_title": "KS.",
                "decision_no": "2344/QĐ-BKHCN",
                "decision_date": "2021-08-18",
                "budget_vnd": 4_850_000_000,
                "budget_state_vnd": 2_156_000_000,
                "acceptance_grade": "good",
            },
            1: {"budget_vnd": 3_920_500_000, "budget_state_vnd": 1_980_000_000, "acceptance_grade": "excellent"},
            4: {
                "principal_investigator": "Lý Thị Mai",
                "pi_title": "CN.",
                "decision_no": "1256/QĐ-BKHCN",
                "host_org": "Hợp tác xã Ong mật Pác Nặm",
            },
        },
        raws={
            0: {"decision_raw": "2344/QĐ-BKHCN ngày 18/8/2021", "budget_raw": "4.850", "budget_state_raw": "2.156"},
            1: {"budget_raw": "3.920,5"},
        },
    ),
    Fixture(
        "portal-hoi-thao-bi-thom-mentions",
        NEWS / "hoi-thao-dau-bo-mo-hinh-bi-thom-ba-be.html",
        "drupal_backan",
        2,
        records={
            # "… thuộc đề tài: “Phục tráng …” do ThS. Hoàng Văn Dũng làm chủ nhiệm."
            0: {
                "title": "Phục tráng giống Bí thơm Ba Bể tại tỉnh Bắc Kạn",
                "kind": "research_topic",
                "principal_investigator": "Hoàng Văn Dũng",
                "pi_title": "ThS.",
                "host_org": None,
                "confidence": 0.5,
            },
            # "… thuộc dự án: Xây dựng … Dự án do Hợp tác xã Nông nghiệp Khang Ninh chủ trì thực hiện."
            # A bare "dự án" does not say SXTN or KH&CN: no kind rather than a guess.
            1: {
                "title": "Xây dựng mô hình chăn nuôi gà xương đen theo hướng an toàn sinh học tại huyện Ba Bể",
                "kind": None,
                "host_org": "Hợp tác xã Nông nghiệp Khang Ninh",
                "principal_investigator": None,
                "confidence": 0.5,
            },
        },
        raws={0: {"kind_raw": "đề tài", "principal_investigator_raw": "ThS. Hoàng Văn Dũng"}, 1: {"kind_raw": "dự án"}},
    ),
    # The list of the ten accepted tasks is in the attached XLSX (tested above), not in the article.
    # announcements whose tasks are only in their attachments (a Word 97 list, a results bulletin PDF)
    Fixture("portal-dat-hang-2025", NEWS / "danh-muc-nhiem-vu-dat-hang-tu-nam-2025.html", "drupal_backan", 0),
    Fixture(
        "portal-thong-tin-ket-qua-3-2024", NEWS / "thong-tin-ket-qua-nghien-cuu-so-3-2024.html", "drupal_backan", 0
    ),
    Fixture("portal-nghiem-thu-2023", NEWS / "nghiem-thu-nhiem-vu-khcn-cap-tinh-nam-2023.html", "drupal_backan", 0),
    Fixture(
        "portal-hoi-nghi-tong-ket-2023", NEWS / "hoi-nghi-tong-ket-cong-tac-khcn-nam-2023.html", "drupal_backan", 0
    ),
    Fixture("portal-ngay-khcn-18-5", NEWS / "ngay-khcn-viet-nam-18-5-2023.html", "drupal_backan", 0),
    Fixture("portal-tap-huan-shtt", NEWS / "tap-huan-so-huu-tri-tue-2023.html", "drupal_backan", 0),
    Fixture("portal-kiem-tra-do-luong", NEWS / "kiem-tra-do-luong-xang-dau-2023.html", "drupal_backan", 0),
]

BAD = {  # documents/bad_*: one reject naming the file, with a reason a person can act on
    "bad_encrypted.pdf": "password-protected",
    "bad_encrypted.xls": "password-protected",
    "bad_encrypted.xlsx": "password-protected",
    "bad_scanned.pdf": "scanned",
    "bad_truncated.docx": "truncated or corrupt",
    "bad_truncated.pdf": "truncated",
    "bad_truncated.xls": "truncated or corrupt",
    "bad_truncated.xlsx": "truncated or corrupt",
    "bad_zip_bomb.xlsx": "zip bomb",
}


@dataclass(frozen=True)
class Run:
    """What one `stcat parse` call printed."""

    status: int
    stdout: str
    stderr: str

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines()]


@cache
def parse(path: Path, site: str | None) -> Run:
    """`stcat parse PATH --table tasks [--site SITE]`, once per fixture."""
    argv = ["parse", str(path), "--table", "tasks"] + (["--site", site] if site else [])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return Run(status, out.getvalue(), err.getvalue())


def _run(fx: Fixture) -> Run:
    return parse(fx.path, fx.site)


def _record(fx: Fixture, i: int) -> dict[str, Any]:
    rows = _run(fx).rows
    assert len(rows) > i, f"{fx.id}: no record #{i} (got {len(rows)})"
    return rows[i]


def test_every_fixture_is_covered():
    """A new saved page or file under the task fixture folders needs expectations here."""
    have = {fx.path.resolve() for fx in FIXTURES}
    pages = [
        *(FIX / "khcnbackan").iterdir(),
        *(FIX / "dosttn").iterdir(),
        *(FIX / "kontum").iterdir(),
        *(FIX / "documents").glob("tasks_*"),
        *NEWS.glob("*.html"),
        *(PORTAL / "sites").rglob("*.xlsx"),
    ]
    assert sorted(str(p) for p in pages if p.resolve() not in have) == []


@pytest.mark.parametrize("fx", FIXTURES, ids=[fx.id for fx in FIXTURES])
def test_record_count(fx: Fixture):
    assert len(_run(fx).rows) == fx.count


@pytest.mark.parametrize("fx", FIXTURES, ids=[fx.id for fx in FIXTURES])
def test_clean_fixture_exits_0_without_rejects(fx: Fixture):
    run = _run(fx)
    assert run.status == 0, run.stderr
    assert '"reject"' not in run.stderr and '"stage"' not in run.stderr


@pytest.mark.parametrize("fx", FIXTURES, ids=[fx.id for fx in FIXTURES])
def test_json_lines_follow_the_contract(fx: Fixture):
    """Valid JSON, the ARCHITECTURE column names, enum values, ISO dates, integer VND."""
    for row in _run(fx).rows:
        assert set(TASK_COLUMNS) <= set(row), sorted(set(TASK_COLUMNS) - set(row))
        assert row["task_id"] and re.fullmatch(r"[0-9a-f]{64}", row["record_hash"])
        assert row["title"] and row["title_raw"]
        assert row["level"] in LEVELS | {None}
        assert row["kind"] in KINDS | {None}
        assert row["acceptance_grade"] in GRADES | {None}
        for c in ("start_date", "end_date", "acceptance_date", "decision_date"):
            assert row[c] is None or DATE.match(row[c]), (c, row[c])
        for c in ("budget_vnd", "budget_state_vnd"):
            assert row[c] is None or (isinstance(row[c], int) and not isinstance(row[c], bool)), (c, row[c])
        assert row["source_url"] == fx.path.resolve().as_uri()
        assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", row["fetched_at"])


def _field_cases() -> list[Any]:
    cases = []
    for fx in FIXTURES:
        for i, fields in fx.records.items():
            for name, value in fields.items():
                cases.append(pytest.param(fx, i, name, value, id=f"{fx.id}-r{i}-{name}"))
    return cases


@pytest.mark.parametrize("fx, i, name, expected", _field_cases())
def test_record_field(fx: Fixture, i: int, name: str, expected: Any):
    row = _record(fx, i)
    got = json.loads(row[name]) if name == "extras" and isinstance(row[name], str) else row[name]
    if isinstance(expected, dict):
        assert expected.items() <= (got or {}).items()
    else:
        assert got == expected


def _raw_cases() -> list[Any]:
    cases = []
    for fx in FIXTURES:
        for i, fields in fx.records.items():  # a raw original beside every normalized value
            for name, value in fields.items():
                if name in RAW_OF and value is not None:
                    cases.append(pytest.param(fx, i, name, None, id=f"{fx.id}-r{i}-{name}-has-raw"))
        for i, raws in fx.raws.items():  # and exactly the text published, where read
            for name, text in raws.items():
                cases.append(pytest.param(fx, i, name, text, id=f"{fx.id}-r{i}-{name}"))
    return cases


@pytest.mark.parametrize("fx, i, name, text", _raw_cases())
def test_raw_original_kept(fx: Fixture, i: int, name: str, text: str | Contains | None):
    row = _record(fx, i)
    if text is None:
        assert any(row.get(raw) for raw in RAW_OF[name]), f"no {RAW_OF[name]} beside {name}={row[name]!r}"
    elif isinstance(text, Contains):
        assert text.phrase.casefold() in (row[name] or "").casefold(), (name, row[name])
    else:
        assert row[name] == text


@pytest.mark.parametrize("name", sorted(BAD), ids=sorted(BAD))
def test_bad_document_is_one_reject_and_exit_1(name: str):
    path = FIX / "documents" / name
    run = parse(path, None)
    assert run.status == 1
    assert run.stdout == ""
    rejects = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert len(rejects) == 1, run.stderr
    rj = rejects[0]
    assert rj["reject"] is True and rj["table"] == "tasks" and rj["stage"] == "extract"
    assert name in rj["record_ref"]
    assert BAD[name] in rj["reason"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(Kèm theo Quyết định số 40/2024/QĐ-UBND ngày 20/3/2024 của UBND tỉnh)", ("40/2024/QĐ-UBND", "20/3/2024")),
        ("KÈM THEO QUYẾT ĐỊNH SỐ 12/QĐ-UBND.", ("12/QĐ-UBND", None)),
        (
            "Ngày 08/04/2022, UBND tỉnh Bắc Kạn ban hành Quyết định số 612/QĐ-UBND phê duyệt danh mục nhiệm vụ",
            ("612/QĐ-UBND", "08/04/2022"),
        ),
        ("Căn cứ Quyết định số 586/QĐ-UBND ngày 30/8/2022 của UBND tỉnh Kon Tum, Sở thông báo danh mục", None),
        ("(Kèm theo Báo cáo số 215/BC-SKHCN ngày 25/12/2023 của Sở Khoa học và Công nghệ)", None),
    ],
    ids=["attached-to", "attached-to-upper", "issued-approving-list", "cited-only", "report-not-decision"],
)
def test_list_decision_in_title_block(text: str, expected: tuple[str, str | None] | None):
    from extractors.tables.context import list_decision

    d = list_decision([text])
    assert ((d.number, d.date) if d else None) == expected
