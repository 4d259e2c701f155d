"""Attachments of every supported format, and every kind of bad input, through parse_document."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.documents import parse_document, records_from_bytes
from tests.fixtures.documents import make_fixtures

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
TITLES = [r[1] for r in make_fixtures.ROWS]


@pytest.mark.parametrize("name", sorted(make_fixtures.FIXTURES), ids=lambda n: n)
def test_committed_fixture_matches_its_generator(name):
    assert (DOCS / name).read_bytes() == make_fixtures.FIXTURES[name](), "re-run make_fixtures.py"


@pytest.mark.parametrize(
    "name, fmt, unit, section, level",
    [
        ("tasks_ascii_headers.xlsx", "xlsx", "trieu dong", None, "grassroots"),
        ("tasks_two_row_header.xls", "xls", "tr.đ", "I. LĨNH VỰC NÔNG NGHIỆP", "provincial"),
        ("tasks_merged_headers.docx", "docx", "triệu đồng", "I. LĨNH VỰC NÔNG NGHIỆP, THUỶ SẢN", "provincial"),
        ("tasks_table.pdf", "pdf", "triệu đồng", None, "grassroots"),
    ],
    ids=["xlsx-no-diacritics", "xls-two-row-header", "docx-merged-nfd", "pdf-ruled-table"],
)
def test_task_rows_from_each_format(name, fmt, unit, section, level):
    recs = list(parse_document(str(DOCS / name)))
    assert [r.get("reject") for r in recs] == [None] * 3
    assert [r["fields"]["title"] for r in recs] == TITLES
    first = recs[0]
    assert first["fields"]["principal_investigator"] == "TS. Hoàng Thị Thu Hà"
    assert first["hints"]["file_format"] == fmt
    assert first["hints"]["money_unit"] == unit
    assert first["hints"].get("section") == section
    assert first["hints"]["level"] == level
    assert first["hints"]["row_no"] == "1"
    assert first["record_ref"].startswith(first["source_url"] + "#")


def test_two_row_header_maps_children_of_merged_labels():
    recs = list(parse_document(str(DOCS / "tasks_two_row_header.xls")))
    f = recs[0]["fields"]
    assert (f["start_date"], f["end_date"], f["budget"], f["budget_state"]) == ("01/2021", "12/2022", "850.5", "500")
    assert recs[0]["hints"]["machine_numbers"] == ["budget", "budget_state"]


def test_unknown_columns_kept_in_extras():
    recs = list(parse_document(str(DOCS / "tasks_ascii_headers.xlsx")))
    assert recs[1]["extras"] == {"Ghi chu": "Đã nộp sản phẩm"}


@pytest.mark.parametrize(
    "name, reason",
    [
        ("bad_truncated.xlsx", "truncated or corrupt XLSX"),
        ("bad_truncated.docx", "truncated or corrupt DOCX"),
        ("bad_truncated.xls", "truncated or corrupt XLS"),
        ("bad_truncated.pdf", "truncated PDF"),
        ("bad_zip_bomb.xlsx", "zip bomb"),
        ("bad_encrypted.xlsx", "password-protected Office document"),
        ("bad_encrypted.xls", "password-protected XLS"),
        ("bad_encrypted.pdf", "password-protected PDF"),
        ("bad_scanned.pdf", "scanned PDF without a text layer"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("bad_") else "",
)
def test_bad_file_becomes_one_reject(name, reason):
    recs = list(parse_document(str(DOCS / name)))
    assert len(recs) == 1 and recs[0]["reject"] is True
    assert reason in recs[0]["reason"]
    assert recs[0]["stage"] == "extract" and recs[0]["field"] == "document"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty document"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t"
            + bytes(600),
            "Word 97-2003",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported or unrecognised format"),
    ],
    ids=["empty", "legacy-doc", "png-image"],
)
def test_unsupported_bytes_become_rejects(content, reason):
    recs = list(records_from_bytes(content, source="s", url="http://x/f", fetched_at="t"))
    assert len(recs) == 1 and reason in recs[0]["reason"]
