"""What a task list states once for all its rows, and lists that are not tables (issue 11).

Each class is tested with at least two differently worded cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.documents import records_from_bytes, records_from_grids
from extractors.notice_lists import parse_list_items
from extractors.tables.context import list_decision
from extractors.tables.grid import from_matrix
from extractors.tables.headers import match_header, unmapped_columns
from transforms import vocab
from transforms.pipeline import normalize_task

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------- class 1: the list's own decision


@pytest.mark.parametrize(
    "texts, number, date",
    [
        (
            [
                "Căn cứ Quyết định số 100/QĐ-UBND ngày 1/2/2020 của UBND tỉnh; Ngày 08/04/2022, UBND tỉnh ban hành "
                "Quyết định số 612/QĐ-UBND phê duyệt danh mục nhiệm vụ KH&CN cấp tỉnh năm 2023."
            ],
            "612/QĐ-UBND",
            "08/04/2022",
        ),
        (["(Kèm theo Quyết định số 40/2024/QĐ-UBND ngày 20/3/2024 của UBND tỉnh)"], "40/2024/QĐ-UBND", "20/3/2024"),
        (
            [
                "ỦY BAN NHÂN DÂN TỈNH\nSố: 1102/QĐ-UBND\nBắc Kạn, ngày 05 tháng 7 năm 2023\nQUYẾT ĐỊNH\nCăn cứ Quyết định "
                "số 50/2019/QĐ-UBND ngày 3/5/2019 ban hành Quy định quản lý nhiệm vụ KH&CN"
            ],
            "1102/QĐ-UBND",
            "ngày 05 tháng 7 năm 2023",
        ),
        (
            [
                "UBND tỉnh đã có Quyết định số 1234/QĐ-UBND ngày 15/6/2023 về việc đặt hàng nhiệm vụ KH&CN. Trước đó, năm "
                "2021 tỉnh đã ban hành Quyết định số 20/QĐ-UBND về Chương trình KH&CN."
            ],
            "1234/QĐ-UBND",
            "15/6/2023",
        ),
        # nearest text first: the title block wins over the article's lead
        (
            [
                "Danh mục được công nhận kết quả theo Quyết định số 3012/QĐ-UBND ngày 15/11/2022",
                "Quyết định số 2730/QĐ-UBND ngày 12/10/2022 thành lập Hội đồng",
            ],
            "3012/QĐ-UBND",
            "15/11/2022",
        ),
        # a list that replaces an older one: the older decision is not this list's
        (
            [
                "Danh mục dưới đây thay thế danh mục ban hành kèm theo Quyết định số 2011/QĐ-UBND ngày 15/11/2021.",
                "Quyết định số 1123/QĐ-UBND ngày 28/7/2022 của UBND tỉnh về việc phê duyệt danh mục đề tài",
            ],
            "1123/QĐ-UBND",
            "28/7/2022",
        ),
    ],
    ids=["lead-with-grounds", "title-block", "decision-heading", "ordering-and-older", "nearest-first", "replaced"],
)
def test_list_decision(texts: list[str], number: str, date: str) -> None:
    d = list_decision(texts)
    assert d is not None and (d.number, d.date) == (number, date)


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Quyết định số 1256/QĐ-BKHCN ngày 2/6/2021 của Bộ KH&CN về quản lý nhiệm vụ;",
        "Thông báo số 215/TB-SKHCN ngày 10/6/2022 về kết quả tuyển chọn tổ chức chủ trì nhiệm vụ",
        "Thực hiện Quyết định số 45/QĐ-UBND ngày 1/1/2021 phê duyệt Chương trình phát triển KH&CN giai đoạn 2021-2025",
    ],
    ids=["grounds", "announcement", "programme-in-passing"],
)
def test_not_the_lists_decision(text: str) -> None:
    assert list_decision([text]) is None


def _table(rows: list[list[str]], above: list[str] | None = None, context: list[str] | None = None):
    g = from_matrix("table1", rows, above=above or [])
    g.context = context or []
    return g


def test_list_decision_carried_onto_rows_without_their_own() -> None:
    g = _table(
        [
            ["STT", "Tên nhiệm vụ", "Chủ nhiệm", "Số QĐ giao"],
            ["1", "Nghiên cứu giống lúa Bao thai", "TS. Hà Văn An", ""],
            ["2", "Nghiên cứu cây mơ vàng", "ThS. Lý Thị Bình", "77/QĐ-UBND ngày 2/2/2024"],
        ],
        above=["DANH MỤC NHIỆM VỤ CẤP TỈNH", "(Kèm theo Quyết định số 40/QĐ-UBND ngày 20/3/2024 của UBND tỉnh)"],
    )
    recs = list(records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={}))
    rows = [normalize_task(r)[0] for r in recs]
    assert [(r["decision_no"], r["decision_date"]) for r in rows] == [
        ("40/QĐ-UBND", "2024-03-20"),
        ("77/QĐ-UBND", "2024-02-02"),
    ]


# ----------------------------------------------------------------- class 2: kind


@pytest.mark.parametrize("label", ["Hình thức", "Loại hình", "Loại nhiệm vụ", "Hình thức thực hiện", "LOAI HINH"])
def test_kind_column_names(label: str) -> None:
    assert match_header(label).field == "kind"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("II. Dự án sản xuất thử nghiệm", "trial_production_project"),
        ("B. ĐỀ ÁN", "scheme"),
        ("I. Đề tài", "research_topic"),
        ("Danh mục đề tài, dự án cấp tỉnh", None),
        ("Dự án", None),
    ],
)
def test_kind_in_context(text: str, kind: str | None) -> None:
    assert vocab.kind_in_context(text) == kind


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Dự án sản xuất thử nghiệm giống gà xương đen", "trial_production_project"),
        ("Đề án phát triển thương hiệu miến dong Na Rì", "scheme"),
        ("Dự án ứng dụng tiến bộ kỹ thuật nuôi ong", "st_project"),
        ("Dự án xây dựng mô hình trồng cam", None),  # a bare "Dự án": SXTN or KH&CN is not said
        ("Nghiên cứu chọn tạo giống lúa", None),
    ],
)
def test_kind_from_title_words(title: str, kind: str | None) -> None:
    assert vocab.kind_from_title(title) == kind


def test_kind_from_section_rows_and_rowspan() -> None:
    g = _table(
        [
            ["TT", "Tên nhiệm vụ", "Loại hình", "Tổ chức chủ trì"],
            ["I", "Đề tài cấp tỉnh", "", ""],  # a group row in mixed case
            ["1", "Nghiên cứu giống lúa", "", "Viện Lúa"],
            ["II", "Dự án sản xuất thử nghiệm", "", ""],
            ["1", "Sản xuất giống gà", "", "Trung tâm Giống"],
            ["2", "Mô hình nuôi cá", "Dự án", "HTX Ba Bể"],
        ]
    )  # bare "Dự án" under the SXTN group
    recs = list(records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={}))
    assert [normalize_task(r)[0]["kind"] for r in recs] == [
        "research_topic",
        "trial_production_project",
        "trial_production_project",
    ]


# ----------------------------------------------------------------- class 3: academic title column


@pytest.mark.parametrize(
    "title_label, name_label",
    [("Học hàm, học vị", "Họ và tên chủ nhiệm"), ("Hoc ham hoc vi", "Ho ten chu nhiem"), ("Học vị", "Chủ nhiệm")],
)
def test_title_column_joined_to_pi(title_label: str, name_label: str) -> None:
    g = _table(
        [
            ["STT", "Tên đề tài", name_label, title_label, "Kinh phí (triệu đồng)"],
            ["1", "Nghiên cứu cây mơ", "Nguyễn Thị Hoa", "Tiến sĩ", "500"],
            ["2", "Nghiên cứu cây hồi", "Lê Văn Nam", "PGS.TS", "700"],
        ]
    )
    recs = list(records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={}))
    rows = [normalize_task(r)[0] for r in recs]
    assert [(r["principal_investigator"], r["pi_title"]) for r in rows] == [
        ("Nguyễn Thị Hoa", "TS."),
        ("Lê Văn Nam", "PGS.TS."),
    ]
    assert all(r["extras"] is None for r in rows)


# ----------------------------------------------------------------- class 6: lists that are not tables

INLINE = """Sở KH&CN thông báo kết quả tuyển chọn nhiệm vụ KH&CN cấp tỉnh năm 2024:
I. ĐỀ TÀI
1. Tên nhiệm vụ: Nghiên cứu chọn tạo giống lúa chịu hạn – Tổ chức chủ trì: Viện Cây lương thực – Chủ nhiệm: \
TS. Nguyễn Văn An – Thời gian thực hiện: thực hiện trong 30 tháng (06/2023 – 11/2025) – Kinh phí: 870 triệu đồng.
II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM
1. “Sản xuất thử nghiệm giống gà xương đen Pác Nặm”
- Đơn vị chủ trì: Trung tâm Giống vật nuôi
- Chủ nhiệm dự án: ThS. Hoàng Văn Cường
- Tổng kinh phí 870 triệu đồng (ngân sách sự nghiệp KH&CN tỉnh: 650 triệu đồng)
Đề nghị các tổ chức hoàn thiện hồ sơ.
"""
SEMICOLONS = """Danh sách nhiệm vụ được giao trực tiếp:
1) Đề án: Phát triển thương hiệu miến dong Na Rì; đơn vị chủ trì: UBND huyện Na Rì; kinh phí: 1,2 tỷ đồng; \
thời gian: 01/2024 - 12/2025.
2) Đề tài: Bảo tồn nguồn gen cây Dẻ; cơ quan chủ trì: Trường Đại học Nông Lâm; chủ nhiệm: PGS.TS Trần Văn Điền; \
kinh phí: 650 triệu đồng.
"""


def test_numbered_blocks_inline_and_bulleted() -> None:
    items = parse_list_items(INLINE)
    assert [(i.number, i.section) for i in items] == [("1", "I. ĐỀ TÀI"), ("1", "II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM")]
    a, b = (i.fields for i in items)
    assert a["host_org"] == "Viện Cây lương thực" and a["budget"] == "870 triệu đồng"
    assert a["period"].endswith("(06/2023 – 11/2025)")
    assert b["title"] == "Sản xuất thử nghiệm giống gà xương đen Pác Nặm"
    assert (b["budget"], b["budget_state"]) == ("870 triệu đồng", "650 triệu đồng")


def test_numbered_blocks_as_records_of_full_confidence() -> None:
    html = (
        "<html><head><title>Thông báo</title></head><body><h1>Kết quả giao trực tiếp nhiệm vụ cấp tỉnh</h1>"
        "<p>Ngày 3/1/2024, UBND tỉnh ban hành Quyết định số 15/QĐ-UBND phê duyệt danh mục nhiệm vụ.</p>"
        + "".join(f"<p>{ln}</p>" for ln in SEMICOLONS.splitlines())
        + "</body></html>"
    ).encode()
    recs = list(records_from_bytes(html, source="t", url="http://x/a", fetched_at="2026-01-01T00:00:00+00:00"))
    rows = [normalize_task(r)[0] for r in recs]
    assert [r["confidence"] for r in rows] == [1.0, 1.0]
    assert [r["kind"] for r in rows] == ["scheme", "research_topic"]
    assert [r["budget_vnd"] for r in rows] == [1_200_000_000, 650_000_000]
    assert rows[0]["start_date"] == "2024-01" and rows[0]["end_date"] == "2025-12"
    assert rows[1]["principal_investigator"] == "Trần Văn Điền" and rows[1]["pi_title"] == "PGS.TS."
    assert {(r["decision_no"], r["decision_date"], r["level"]) for r in rows} == {
        ("15/QĐ-UBND", "2024-01-03", "provincial")
    }


# ----------------------------------------------------------------- class 7: context across pages and tables


def test_headerless_continuation_keeps_the_header_and_decision() -> None:
    page1 = _table(
        [["STT", "Tên nhiệm vụ", "Chủ nhiệm", "Kinh phí (triệu đồng)"], ["1", "Nghiên cứu cây mơ", "TS. Hà An", "500"]],
        above=["(Kèm theo Quyết định số 9/QĐ-UBND ngày 2/1/2024)"],
    )
    page2 = from_matrix("table2", [["2", "Nghiên cứu cây hồi", "ThS. Lê Bình", "700"]])
    recs = list(
        records_from_grids([page1, page2], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    )
    rows = [normalize_task(r)[0] for r in recs]
    assert [(r["title"], r["budget_vnd"], r["decision_no"]) for r in rows] == [
        ("Nghiên cứu cây mơ", 500_000_000, "9/QĐ-UBND"),
        ("Nghiên cứu cây hồi", 700_000_000, "9/QĐ-UBND"),
    ]


@pytest.mark.parametrize(
    "other",
    [
        [["STT", "Họ và tên", "Chức vụ", "Điện thoại"], ["1", "Nguyễn Văn A", "Phó Giám đốc", "0209 3870 000"]],
        [["Thời gian", "Nội dung", "Địa điểm"], ["8h00", "Khai mạc hội nghị", "Hội trường Sở"]],
    ],
)
def test_unrelated_table_below_gives_no_tasks(other: list[list[str]]) -> None:
    rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kinh phí"], ["1", "Nghiên cứu cây mơ", "Viện A", "500"]]
    g = _table(rows + [["", "", "", ""]] + [c + [""] * (4 - len(c)) for c in other])
    recs = list(records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={}))
    assert [r["fields"]["title"] for r in recs] == ["Nghiên cứu cây mơ"]


# ----------------------------------------------------------------- class 8: no silent zero


def test_task_shaped_table_without_a_mappable_header_is_a_reject(tmp_path: Path) -> None:
    page = (
        "<html><body><table><tr><th>STT</th><th>Nội dung nhiệm vụ đề xuất</th><th>Đơn vị đề xuất chủ trì</th>"
        "<th>Dự kiến kinh phí</th></tr><tr><td>1</td><td>Nghiên cứu cây mơ</td><td>Viện A</td><td>500</td></tr>"
        "<tr><td>2</td><td>Nghiên cứu cây hồi</td><td>Viện B</td><td>700</td></tr></table></body></html>"
    )
    f = tmp_path / "danh-muc.html"
    f.write_text(page, encoding="utf-8")
    recs = list(records_from_bytes(f.read_bytes(), source="t", url=f.as_uri(), fetched_at="2026-01-01T00:00:00Z"))
    assert len(recs) == 1 and recs[0]["reject"] and "header could not be mapped" in recs[0]["reason"]
    assert "Nội dung nhiệm vụ đề xuất" in recs[0]["raw_value"] and recs[0]["record_ref"].endswith("#table1/header")
    run = subprocess.run(
        [sys.executable, "-m", "flows", "parse", str(f), "--table", "tasks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and run.stdout == ""
    assert "header could not be mapped" in run.stderr and "0 records" in run.stderr


def test_unmapped_columns_per_source() -> None:
    recs = [
        {"table": "tasks", "source": "a", "extras": {"Mục tiêu": "x", "Ghi chú": "y"}},
        {"table": "tasks", "source": "a", "extras": {"Mục tiêu": "z"}},
        {"table": "tasks", "source": "b", "extras": {}},
        {"reject": True, "source": "a", "extras": {"X": 1}},
    ]
    assert unmapped_columns(recs) == {"a": {"Mục tiêu": 2, "Ghi chú": 1}}


def test_header_synonyms_live_in_the_vocabulary_file() -> None:
    vocab_file = ROOT / "extractors" / "tables" / "header_vocab.yaml"
    import yaml

    rules = yaml.safe_load(vocab_file.read_text(encoding="utf-8"))
    assert {r["field"] for r in rules} >= {"title", "kind", "pi_title", "principal_investigator", "host_org"}
    assert json.dumps(rules, ensure_ascii=False).count("hinh thuc") >= 1


@pytest.mark.parametrize(
    "lines",
    [
        [
            "1. Tên nhiệm vụ: Nghiên cứu phát triển cây Ba kích tím",
            "- Tổ chức chủ trì: Viện Dược liệu",
            "- Chủ nhiệm: TS. Phạm Thanh Huyền",
            "- Thời gian thực hiện: 24 tháng",
            "- Kinh phí: 1.500 triệu đồng",
        ],
        [
            "Nhiệm vụ 1: Nghiên cứu phát triển cây Ba kích tím (đề tài)",
            "+ Cơ quan chủ trì: Viện Dược liệu",
            "+ Chủ nhiệm nhiệm vụ: TS. Phạm Thanh Huyền",
            "+ Kinh phí thực hiện: 1,5 tỷ đồng",
        ],
    ],
    ids=["numbered", "nhiem-vu-n"],
)
def test_numbered_list_in_a_word_notice(tmp_path: Path, lines: list[str]) -> None:
    import io

    from docx import Document

    d = Document()
    for t in [
        "THÔNG BÁO",
        "Kết quả tuyển chọn nhiệm vụ KH&CN cấp tỉnh năm 2025",
        "Căn cứ Quyết định số 10/2019/QĐ-UBND ngày 2/5/2019 của UBND tỉnh;",
        "Ngày 12/8/2024, UBND tỉnh ban hành Quyết định số 845/QĐ-UBND phê duyệt danh mục nhiệm vụ:",
        *lines,
    ]:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    recs = list(
        records_from_bytes(buf.getvalue(), source="t", url="http://x/tb.docx", fetched_at="2026-01-01T00:00:00+00:00")
    )
    assert [r.get("reject") for r in recs] == [None]
    row, rejects = normalize_task(recs[0])
    assert rejects == []  # "24 tháng" is a length, not a bad date
    assert (row["title"], row["host_org"], row["pi_title"], row["budget_vnd"], row["decision_no"], row["level"]) == (
        "Nghiên cứu phát triển cây Ba kích tím",
        "Viện Dược liệu",
        "TS.",
        1_500_000_000,
        "845/QĐ-UBND",
        "provincial",
    )


@pytest.mark.parametrize(
    "text",
    [
        "1. Tên đề tài\nNghiên cứu cây mơ vàng\nTổ chức chủ trì\nViện A\nChủ nhiệm đề tài\nTS. Hà Văn An\nKinh phí\n500 triệu đồng",
        "1. Tên nhiệm vụ (Đề tài): Nghiên cứu cây mơ vàng – Tổ chức chủ trì: Viện A – Chủ nhiệm: TS. Hà Văn An – "
        "Kinh phí: 500 triệu đồng từ ngân sách sự nghiệp KH&CN tỉnh.",
    ],
    ids=["label-above-value", "bracketed-kind-label"],
)
def test_list_label_wordings(text: str) -> None:
    (item,) = parse_list_items(text)
    f = item.fields
    assert (f["title"], f["host_org"], f["principal_investigator"]) == (
        "Nghiên cứu cây mơ vàng",
        "Viện A",
        "TS. Hà Văn An",
    )
    assert vocab.kind(f.get("kind")) == "research_topic" or vocab.kind_in_context(item.section or "") is None
    assert f["budget"] == "500 triệu đồng"


def test_money_from_the_state_budget_is_the_state_part() -> None:
    (a,) = parse_list_items(
        "1. Tên nhiệm vụ: X cây mơ – Tổ chức chủ trì: Viện A – Kinh phí: 1.072,4 triệu đồng "
        "từ ngân sách sự nghiệp KH&CN tỉnh."
    )
    (b,) = parse_list_items(
        "1. Tên nhiệm vụ: Y cây hồi – Tổ chức chủ trì: Viện B – Kinh phí: 540 triệu đồng, "
        "toàn bộ từ ngân sách nhà nước."
    )
    assert (a.fields["budget"], a.fields["budget_state"]) == ("1.072,4 triệu đồng",) * 2
    assert (b.fields["budget"], b.fields["budget_state"]) == ("540 triệu đồng",) * 2


@pytest.mark.parametrize(
    "name_cell, label", [("Nguyễn Văn Hải, ThS.", "Chủ nhiệm (họ tên, học vị)"), ("Phan Việt Hà, TS.", "Chủ nhiệm")]
)
def test_title_written_after_the_name(name_cell: str, label: str) -> None:
    g = _table([["TT", "Tên gọi nhiệm vụ", label], ["1", "Nghiên cứu cây mơ", name_cell]])
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    row = normalize_task(rec)[0]
    assert row["principal_investigator"] == name_cell.split(",")[0] and row["pi_title"] == name_cell.split(", ")[1]


@pytest.mark.parametrize(
    "label, kind",
    [("Tên đề tài", "research_topic"), ("Tên dự án SXTN", "trial_production_project"), ("Tên đề tài, dự án", None)],
)
def test_title_column_label_names_the_kind(label: str, kind: str | None) -> None:
    g = _table([["TT", label, "Chủ nhiệm"], ["1", "Nghiên cứu cây mơ", "TS. Hà An"]])
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    assert normalize_task(rec)[0]["kind"] == kind


@pytest.mark.parametrize(
    "below",
    [
        "<p>Danh mục trên ban hành kèm theo Quyết định số 2105/QĐ-UBND ngày 18/11/2024 của UBND tỉnh.</p>",
        "<p><em>(Danh mục kèm theo Quyết định số 2105/QĐ-UBND ngày 18/11/2024)</em></p>",
    ],
)
def test_decision_stated_below_the_table(below: str) -> None:
    html = (
        "<html><body><h1>Danh mục đề tài cấp tỉnh năm 2025</h1><table><tr><th>TT</th><th>Tên nhiệm vụ</th>"
        "<th>Chủ nhiệm</th></tr><tr><td>1</td><td>Nghiên cứu cây mơ</td><td>TS. Hà An</td></tr></table>"
        + below
        + "</body></html>"
    ).encode()
    (rec,) = records_from_bytes(html, source="t", url="http://x/a", fetched_at="2026-01-01T00:00:00+00:00")
    row = normalize_task(rec)[0]
    assert (row["decision_no"], row["decision_date"]) == ("2105/QĐ-UBND", "2024-11-18")


@pytest.mark.parametrize(
    "rows",
    [
        [
            ["Tên nhiệm vụ", "Nghiên cứu cây mơ vàng"],
            ["Loại hình", "Đề tài"],
            ["Tổ chức chủ trì", "Viện A"],
            ["Chủ nhiệm", "TS. Hà Văn An"],
            ["Kinh phí (triệu đồng)", "720"],
        ],
        [
            ["Tên đề tài:", "Nghiên cứu cây mơ vàng"],
            ["Cơ quan chủ trì:", "Viện A"],
            ["Chủ nhiệm đề tài:", "TS. Hà Văn An"],
            ["Tổng kinh phí (triệu đồng):", "720"],
        ],
    ],
    ids=["label-value", "label-colon-value"],
)
def test_task_as_a_label_value_table(rows: list[list[str]]) -> None:
    (rec,) = records_from_grids([_table(rows)], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    row = normalize_task(rec)[0]
    assert (row["title"], row["host_org"], row["principal_investigator"], row["budget_vnd"], row["kind"]) == (
        "Nghiên cứu cây mơ vàng",
        "Viện A",
        "Hà Văn An",
        720_000_000,
        "research_topic",
    )


@pytest.mark.parametrize("cell", ["Viện A\nPGS.TS. Nguyễn Thanh Hà", "Viện A - PGS.TS. Nguyễn Thanh Hà"])
def test_host_and_pi_in_one_cell(cell: str) -> None:
    g = _table([["TT", "Tên nhiệm vụ", "Cơ quan chủ trì/Chủ nhiệm"], ["1", "Nghiên cứu cây mơ", cell]])
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    row = normalize_task(rec)[0]
    assert (row["host_org"], row["principal_investigator"], row["pi_title"]) == ("Viện A", "Nguyễn Thanh Hà", "PGS.TS.")


@pytest.mark.parametrize("label", ["Tổng kinh phí (1.000 đồng)", "Kinh phí (1000đ)"])
def test_amounts_counted_in_thousands(label: str) -> None:
    g = _table([["TT", "Tên nhiệm vụ", label], ["1", "Nghiên cứu cây mơ", "3.120.000"]])
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    assert normalize_task(rec)[0]["budget_vnd"] == 3_120_000_000


@pytest.mark.parametrize("subs", [["Học vị", "Họ tên"], ["Học hàm, học vị", "Họ và tên"]])
def test_sub_label_says_which_part_of_the_person(subs: list[str]) -> None:
    g = from_matrix(
        "t",
        [
            ["TT", "Tên nhiệm vụ", "Chủ nhiệm", ""],
            ["", "", subs[0], subs[1]],
            ["1", "Nghiên cứu cây mơ", "TS.", "Hà Văn An"],
        ],
        merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3)],
    )
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    row = normalize_task(rec)[0]
    assert (row["principal_investigator"], row["pi_title"]) == ("Hà Văn An", "TS.")


@pytest.mark.parametrize("tag", ["ol", "ul"])
def test_list_items_without_written_numbers(tag: str) -> None:
    items = "".join(
        f"<li>{t}; đơn vị chủ trì: Viện {c}; chủ nhiệm: TS. Hà Văn {c}; kinh phí 500 triệu đồng.</li>"
        for t, c in (("Đề tài “Nghiên cứu cây mơ vàng”", "A"), ("“Đề án phát triển thương hiệu miến”", "B"))
    )
    html = (
        f"<html><body><h1>Nhiệm vụ KH&CN cấp tỉnh giao trực tiếp</h1><{tag}>{items}</{tag}>"
        "<p>(Danh mục ban hành kèm theo Quyết định số 2233/QĐ-UBND ngày 06/12/2023.)</p></body></html>"
    ).encode()
    recs = list(records_from_bytes(html, source="t", url="http://x/a", fetched_at="2026-01-01T00:00:00+00:00"))
    rows = [normalize_task(r)[0] for r in recs]
    assert [(r["title"], r["kind"], r["host_org"], r["decision_no"]) for r in rows] == [
        ("Nghiên cứu cây mơ vàng", "research_topic", "Viện A", "2233/QĐ-UBND"),
        ("Đề án phát triển thương hiệu miến", "scheme", "Viện B", "2233/QĐ-UBND"),
    ]


@pytest.mark.parametrize(
    "above, level",
    [
        ("(Kèm theo Quyết định số 3012/QĐ-UBND ngày 28/12/2023 của UBND tỉnh Lào Cai)", "provincial"),
        ("(Ban hành kèm theo Quyết định số 77/QĐ-UBND ngày 2/2/2024 của Ủy ban nhân dân tỉnh)", "provincial"),
        ("(Kèm theo Quyết định số 15/QĐ-UBND ngày 2/2/2024 của UBND huyện Ba Bể)", None),  # a district's list
    ],
)
def test_level_from_the_issuing_peoples_committee(above: str, level: str | None) -> None:
    g = _table([["TT", "Tên nhiệm vụ", "Chủ nhiệm"], ["1", "Nghiên cứu cây mơ", "TS. Hà An"]], above=[above])
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    assert normalize_task(rec)[0]["level"] == level


@pytest.mark.parametrize(
    "context",
    [
        ["Hội đồng gồm các thành viên sau.", "Sở tổ chức họp xét duyệt các đề tài khoa học cấp cơ sở năm 2024."],
        ["Danh sách đề tài cấp cơ sở được giao năm 2024:"],
    ],
)
def test_level_from_the_text_around_the_table(context: list[str]) -> None:
    g = _table([["TT", "Tên nhiệm vụ", "Chủ nhiệm"], ["1", "Nghiên cứu cây mơ", "TS. Hà An"]], context=context)
    (rec,) = records_from_grids([g], source="t", url="u", fetched_at="2026-01-01T00:00:00+00:00", hints={})
    assert normalize_task(rec)[0]["level"] == "grassroots"


@pytest.mark.parametrize(
    "text, number, date",
    [
        (
            "Số ký hiệu:\n1025/QĐ-UBND\nNgày ban hành:\n14/06/2024\nThực hiện Quy định quản lý nhiệm vụ ban hành kèm theo "
            "Quyết định số 45/2021/QĐ-UBND ngày 20/12/2021 của UBND tỉnh, UBND tỉnh phê duyệt danh mục như sau:",
            "1025/QĐ-UBND",
            "14/06/2024",
        ),
        (
            "Số hiệu văn bản:\n88/QĐ-UBND\nNgày ký: 03/03/2025\nTheo Quy chế ban hành kèm theo Quyết định số 12/2020/QĐ-UBND, "
            "danh mục nhiệm vụ gồm:",
            "88/QĐ-UBND",
            "03/03/2025",
        ),
    ],
)
def test_decision_field_box_beats_a_regulation_issued_with_a_decision(text: str, number: str, date: str) -> None:
    d = list_decision([text])
    assert d is not None and (d.number, d.date) == (number, date)


@pytest.mark.parametrize(
    "cell, unit, vnd", [("980,000", "nghìn đồng", 980_000_000), ("1,250", "triệu đồng", 1_250_000)]
)
def test_a_single_grouping_comma_in_small_units(cell: str, unit: str, vnd: int) -> None:
    from transforms import money

    assert money.parse_money(cell, unit_hint=unit).value == vnd
