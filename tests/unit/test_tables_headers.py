"""The Vietnamese header dictionary and table layout rules, on small hand-made grids."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.tables.grid import SpanCell, expand, from_matrix
from extractors.tables.headers import EXTRA, SEQ, fold, match_header
from extractors.tables.understand import RowProblem, TableRow, rows_from_grid


@pytest.mark.parametrize(
    "label, field",
    [
        ("Tên nhiệm vụ", "title"),
        ("TÊN ĐỀ TÀI", "title"),
        ("Ten de tai", "title"),
        ("Tên đề tài, dự án", "title"),
        (unicodedata.normalize("NFD", "Tên đề tài"), "title"),
        ("Tên\nđề tài", "title"),
        ("Chủ nhiệm\nnhiệm vụ", "principal_investigator"),
        ("Chu nhiem de tai", "principal_investigator"),
        ("Tổ chức chủ trì", "host_org"),
        ("Cơ quan chủ trì", "host_org"),
        ("Đơn vị thực hiện", "host_org"),
        ("Thời gian thực hiện", "period"),
        ("Thời gian thực hiện Bắt đầu", "start_date"),
        ("Kết thúc", "end_date"),
        ("Kinh phí\n(triệu đồng)", "budget"),
        ("Tổng kinh phí", "budget"),
        ("Kinh phí từ NSNN", "budget_state"),
        ("Kinh phí Nguồn khác", EXTRA),
        ("Số, ngày QĐ", "decision"),
        ("Quyết định phê duyệt", "decision"),
        ("Ngày quyết định", "decision_date"),
        ("Kết quả nghiệm thu", "acceptance_grade"),
        ("Xếp loại", "acceptance_grade"),
        ("Thời gian nghiệm thu", "acceptance_date"),
        ("Mã số", "code"),
        ("Lĩnh vực", "field"),
        ("Tình trạng", "status"),
        ("Cấp quản lý", "level"),
        ("Loại nhiệm vụ", "kind"),
        ("Địa chỉ ứng dụng", "applied"),
        ("TT", SEQ),
        ("STT", SEQ),
        ("S.TT", SEQ),
        ("Số TT", SEQ),
        ("Ghi chú", None),
        ("Phương thức", EXTRA),
        ("Mục tiêu", None),
    ],
    ids=lambda v: v.replace("\n", "\\n") if isinstance(v, str) else str(v),
)
def test_header_dictionary(label, field):
    assert match_header(label).field == field


@pytest.mark.parametrize(
    "old, new", [("Hoá học", "Hóa học"), ("Thuỷ sản", "Thủy sản"), ("Uỷ ban", "Ủy ban")], ids=["hoa", "thuy", "uy"]
)
def test_fold_ignores_tone_placement(old, new):
    assert fold(old) == fold(new) == fold(unicodedata.normalize("NFD", new))


@pytest.mark.parametrize(
    "label, unit",
    [
        ("Kinh phí (triệu đồng)", "triệu đồng"),
        ("Kinh phí (tr.đ)", "tr.đ"),
        ("Tổng kinh phí (ĐVT: 1.000 đồng)", "1.000 đồng"),
        ("Kinh phí [tỷ đồng]", "tỷ đồng"),
        ("Thời gian thực hiện (tháng)", None),
    ],
    ids=["trieu", "tr.d", "dvt-inside", "brackets", "months-not-money"],
)
def test_units_in_headers(label, unit):
    assert match_header(label).unit == unit


def test_combined_host_and_pi_column():
    m = match_header("Tổ chức chủ trì/Chủ nhiệm")
    assert m.field == "host_org" and m.includes_pi


def _rows(grid):
    return [r for r in rows_from_grid(grid) if isinstance(r, TableRow)]


def test_not_a_task_table_yields_nothing():
    g = from_matrix("t", [["Họ tên", "Chức vụ"], ["Nguyễn Văn A", "Giám đốc"]])
    assert list(rows_from_grid(g)) == []


def test_rowspan_colspan_sections_and_total():
    g = expand(
        "table1",
        [
            [SpanCell("STT"), SpanCell("Tên đề tài"), SpanCell("Chủ nhiệm"), SpanCell("Kinh phí (triệu đồng)")],
            [SpanCell("I. LĨNH VỰC NÔNG NGHIỆP", colspan=4)],
            [SpanCell("1"), SpanCell("Đề tài A dài"), SpanCell("TS. X", rowspan=2), SpanCell("100")],
            [SpanCell("2"), SpanCell("Đề tài B dài"), SpanCell("200")],
            [SpanCell("II"), SpanCell("LĨNH VỰC Y DƯỢC"), SpanCell(""), SpanCell("")],
            [SpanCell("3"), SpanCell("Đề tài C dài"), SpanCell("BS. Y"), SpanCell("300")],
            [SpanCell("Tổng cộng", colspan=3), SpanCell("600")],
        ],
    )
    rows = _rows(g)
    assert [r.fields["title"] for r in rows] == ["Đề tài A dài", "Đề tài B dài", "Đề tài C dài"]
    assert [r.fields["principal_investigator"] for r in rows] == ["TS. X", "TS. X", "BS. Y"]
    assert [r.hints["section"] for r in rows] == ["I. LĨNH VỰC NÔNG NGHIỆP"] * 2 + ["II. LĨNH VỰC Y DƯỢC"]
    assert rows[0].hints["money_unit"] == "triệu đồng" and rows[1].fields["budget"] == "200"


def test_nested_sections_keep_a_path():
    g = from_matrix(
        "s",
        [
            ["TT", "Tên nhiệm vụ", "Chủ trì"],
            ["A", "ĐỀ TÀI", ""],
            ["I", "Lĩnh vực nông nghiệp", ""],
            ["1", "Nhiệm vụ một dài", "Viện X"],
        ],
    )
    r = _rows(g)[0]
    assert r.hints["section"] == "I. Lĩnh vực nông nghiệp"
    assert r.hints["section_path"] == ["A. ĐỀ TÀI", "I. Lĩnh vực nông nghiệp"]


def test_title_block_header_over_two_rows_and_column_numbers():
    g = from_matrix(
        "sheet1",
        [
            ["DANH MỤC NHIỆM VỤ CẤP TỈNH NĂM 2024", "", "", ""],
            ["", "", "", "Đơn vị tính: triệu đồng"],
            ["STT", "Tên nhiệm vụ", "Kinh phí", ""],
            ["", "", "Tổng số", "Trong đó: NSNN"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1", "Nhiệm vụ một dài", "1.250,5", "1.000"],
        ],
        merges=[(0, 0, 0, 3), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3)],
    )
    rows = _rows(g)
    assert len(rows) == 1
    r = rows[0]
    assert r.fields == {"title": "Nhiệm vụ một dài", "budget": "1.250,5", "budget_state": "1.000"}
    assert r.hints["money_unit"] == "triệu đồng" and r.hints["budget_state_unit"] == "triệu đồng"
    assert r.hints["level"] == "provincial" and r.hints["table_title"].startswith("DANH MỤC")


def test_unknown_and_duplicate_columns_go_to_extras():
    g = from_matrix(
        "t",
        [
            ["TT", "Tên đề tài", "Ghi chú", "Tên đề tài", "Sản phẩm"],
            ["1", "Đề tài một dài", "gia hạn", "trùng", "Quy trình"],
        ],
    )
    r = _rows(g)[0]
    assert r.extras == {"Ghi chú": "gia hạn", "Tên đề tài": "trùng", "Sản phẩm": "Quy trình"}


def test_numbered_row_without_title_is_a_problem_and_footer_ends_table():
    g = from_matrix(
        "t",
        [
            ["TT", "Tên đề tài", "Chủ nhiệm"],
            ["1", "", "TS. A"],
            ["2", "Đề tài hai dài", "TS. B"],
            ["", "Người lập biểu", ""],
            ["3", "Không phải nhiệm vụ", "x"],
        ],
    )
    out = list(rows_from_grid(g))
    assert isinstance(out[0], RowProblem) and "without a task title" in out[0].reason
    assert [r.fields["title"] for r in out if isinstance(r, TableRow)] == ["Đề tài hai dài"]


def test_second_header_in_same_grid_restarts():
    g = from_matrix(
        "t",
        [
            ["TT", "Tên đề tài", "Chủ nhiệm"],
            ["1", "Đề tài một dài", "TS. A"],
            ["", "", ""],
            ["TT", "Tên dự án", "Cơ quan chủ trì"],
            ["1", "Dự án một dài", "Viện B"],
        ],
    )
    rows = _rows(g)
    assert [sorted(r.fields) for r in rows] == [["principal_investigator", "title"], ["host_org", "title"]]
