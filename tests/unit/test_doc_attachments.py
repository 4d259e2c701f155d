"""Word 97-2003 (.doc) attachments: tables as grids, task records through `stcat parse`, rejects.

The fixtures (tests/fixtures/documents/doc/, see its README.md) are real .doc files written by
LibreOffice; the expectations below are what those documents contain as written by
make_doc_fixtures.py, not the program's output.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import struct
from pathlib import Path

import pytest

from extractors.documents import parse_document, records_from_bytes
from extractors.tables.doc import grids_from_doc, read_doc
from extractors.tables.sniff import UnreadableDocument, sniff
from flows.cli import main

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "doc"
TASKS = DOCS / "tasks_merged_headers.doc"

TITLE = "DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH THỰC HIỆN TỪ NĂM 2022"
DECISION = "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/11/2021 của UBND tỉnh Kon Tum)"
SECTION = "I. LĨNH VỰC NÔNG NGHIỆP"
HEADER_TOP = [
    "STT",
    "Tên nhiệm vụ",
    "Chủ nhiệm",
    "Cơ quan chủ trì",
    "Thời gian thực hiện",
    "Kinh phí\n(đồng)",
    "Kinh phí\n(đồng)",
]
HEADER_SUB = ["STT", "Tên nhiệm vụ", "Chủ nhiệm", "Cơ quan chủ trì", "Thời gian thực hiện", "Tổng số", "Ngân sách tỉnh"]
TASK_ROWS = [
    [
        "1",
        "Nghiên cứu ứng dụng công nghệ sinh học trong nhân giống sâm Ngọc Linh",
        "TS. Nguyễn Thị Hằng",
        "Viện Khoa học Nông nghiệp Việt Nam",
        "12/2021 - 12/2023",
        "1.250.000.000 đồng",
        "1.000.000.000 đồng",
    ],
    [
        "2",
        "Xây dựng mô hình trồng cà phê xứ lạnh tại huyện Kon Plông",
        "ThS. Phạm Đức Thuận",
        "Trung tâm Ứng dụng tiến bộ KH&CN Kon Tum",
        "01/2022 - 06/2024",
        "2.480.500.000 đồng",
        "1.800.000.000 đồng",
    ],
    [
        "3",
        "Đánh giá chất lượng nước sông Đăk Bla phục vụ cấp nước sinh hoạt",
        "PGS.TS. Lê Quang Vũ",
        "Trường Đại học Bách khoa - ĐH Đà Nẵng",
        "03/2022 - 09/2023",
        "950.000.000 đồng",
        "950.000.000 đồng",
    ],
]


@pytest.fixture(scope="module")
def grid():
    grids = grids_from_doc(TASKS.read_bytes())
    assert [g.name for g in grids] == ["table1"]
    return grids[0]


# --------------------------------------------------------------------------- the reader
def test_fixtures_are_word_binary_files():
    for name in ("tasks_merged_headers.doc", "nested_table.doc", "bad_truncated.doc", "bad_encrypted.doc"):
        data = (DOCS / name).read_bytes()
        assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and len(data) < 100_000
        assert sniff(data, name) == "doc"


def test_table_cells_and_row_count(grid):
    assert len(grid.rows) == 6 and grid.width == 7
    assert grid.rows[0] == HEADER_TOP
    assert grid.rows[1] == HEADER_SUB
    assert grid.rows[2] == [SECTION] * 7
    assert grid.rows[3:] == TASK_ROWS


def test_merged_cells_point_at_their_origin(grid):
    # vertical merges: row 1 repeats the labels of row 0 in columns 0-4
    assert [grid.origin[1][c] for c in range(5)] == [(0, c) for c in range(5)]
    assert all(grid.is_copy(1, c) for c in range(5)) and not grid.is_copy(1, 5)
    # "Kinh phí (đồng)" spans columns 5-6; the section row spans the whole table
    assert grid.origin[0][5:] == [(0, 5), (0, 5)]
    assert grid.origin[2] == [(2, 0)] * 7
    assert grid.origin[3] == [(3, c) for c in range(7)]


def test_field_result_kept_instruction_dropped(grid):
    raw = TASKS.read_bytes()
    assert 'HYPERLINK "https://vaas.vn/"'.encode("utf-16-le") in raw  # the field is in the file
    assert grid.rows[3][3] == "Viện Khoa học Nông nghiệp Việt Nam"
    assert not any("HYPERLINK" in cell for row in grid.rows for cell in row)


def test_paragraphs_and_title_block():
    body = read_doc(TASKS.read_bytes())
    assert body.paragraphs == [
        "UBND TỈNH KON TUM",
        TITLE,
        DECISION,
        "Tổng kinh phí: 4.680.500.000 đồng (Bốn tỷ sáu trăm tám mươi triệu năm trăm nghìn đồng).",
        "Giao Sở Khoa học và Công nghệ hướng dẫn các tổ chức, cá nhân triển khai thực hiện.",
    ]
    assert len(body.tables) == 1
    assert body.tables[0].above == ["UBND TỈNH KON TUM", TITLE, DECISION]


def test_nested_table_is_flattened_into_its_cell():
    grids = grids_from_doc((DOCS / "nested_table.doc").read_bytes())
    assert len(grids) == 1
    assert grids[0].rows == [["Nội dung", "Chi tiết:\nô 1.1\nô 1.2\nô 2.1\nô 2.2"], ["Ghi chú", "Hết"]]
    assert grids[0].above == ["Bảng lồng nhau"]
    assert read_doc((DOCS / "nested_table.doc").read_bytes()).paragraphs == ["Bảng lồng nhau", "Cuối văn bản."]


# --------------------------------------------------------------------------- task records
def test_task_records_like_docx():
    recs = list(parse_document(str(TASKS)))
    assert [r.get("reject") for r in recs] == [None] * 3
    assert [r["fields"]["title"] for r in recs] == [row[1] for row in TASK_ROWS]
    first = recs[0]
    assert first["fields"] == {
        "title": TASK_ROWS[0][1],
        "principal_investigator": "TS. Nguyễn Thị Hằng",
        "host_org": "Viện Khoa học Nông nghiệp Việt Nam",
        "period": "12/2021 - 12/2023",
        "budget": "1.250.000.000 đồng",
        "budget_state": "1.000.000.000 đồng",
        "decision": "1234/QĐ-UBND",
        "decision_date": "15/11/2021",
    }
    h = first["hints"]
    assert (h["file_format"], h["money_unit"], h["section"], h["level"], h["row_no"]) == (
        "doc",
        "đồng",
        SECTION,
        "provincial",
        "1",
    )
    assert h["table_title"] == TITLE
    assert first["record_ref"] == first["source_url"] + "#table1/row4"
    assert first["source_url"] == TASKS.resolve().as_uri()


def _cli(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["parse", str(path), "--table", "tasks"])
    return status, out.getvalue(), err.getvalue()


def test_stcat_parse_normalises_doc_tasks():
    status, out, err = _cli(TASKS)
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    got = [
        {
            k: r[k]
            for k in (
                "title",
                "level",
                "principal_investigator",
                "pi_title",
                "host_org",
                "start_date",
                "end_date",
                "budget_vnd",
                "budget_state_vnd",
                "decision_no",
                "decision_date",
            )
        }
        for r in rows
    ]
    common = {"level": "provincial", "decision_no": "1234/QĐ-UBND", "decision_date": "2021-11-15"}
    assert got == [
        {
            "title": TASK_ROWS[0][1],
            "principal_investigator": "Nguyễn Thị Hằng",
            "pi_title": "TS.",
            "host_org": "Viện Khoa học Nông nghiệp Việt Nam",
            "start_date": "2021-12",
            "end_date": "2023-12",
            "budget_vnd": 1_250_000_000,
            "budget_state_vnd": 1_000_000_000,
            **common,
        },
        {
            "title": TASK_ROWS[1][1],
            "principal_investigator": "Phạm Đức Thuận",
            "pi_title": "ThS.",
            "host_org": "Trung tâm Ứng dụng tiến bộ Khoa học và Công nghệ Kon Tum",
            "start_date": "2022-01",
            "end_date": "2024-06",
            "budget_vnd": 2_480_500_000,
            "budget_state_vnd": 1_800_000_000,
            **common,
        },
        {
            "title": TASK_ROWS[2][1],
            "principal_investigator": "Lê Quang Vũ",
            "pi_title": "PGS.TS.",
            "host_org": "Trường Đại học Bách khoa - Đại học Đà Nẵng",
            "start_date": "2022-03",
            "end_date": "2023-09",
            "budget_vnd": 950_000_000,
            "budget_state_vnd": 950_000_000,
            **common,
        },
    ]
    assert rows[0]["budget_raw"] == "1.250.000.000 đồng" and rows[0]["period_raw"] == "12/2021 - 12/2023"
    assert rows[1]["host_org_raw"] == "Trung tâm Ứng dụng tiến bộ KH&CN Kon Tum"  # as published
    assert all(r["source_url"] == TASKS.resolve().as_uri() for r in rows)


def test_document_without_task_table_gives_no_records():
    status, out, _err = _cli(DOCS / "nested_table.doc")
    assert status == 0 and out == ""


# --------------------------------------------------------------------------- rejects
BAD = {
    "bad_truncated.doc": "truncated or corrupt DOC (Word 97-2003): sector",
    "bad_encrypted.doc": "password-protected DOC (Word 97-2003)",
    "bad_not_word.doc": "not a Word document: OLE compound file without a WordDocument stream (streams: Workbook)",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_doc_is_one_reject_and_exit_1(name):
    recs = list(parse_document(str(DOCS / name)))
    assert len(recs) == 1 and recs[0]["reject"] is True
    assert BAD[name] in recs[0]["reason"]
    assert recs[0]["stage"] == "extract" and recs[0]["field"] == "document"
    status, out, err = _cli(DOCS / name)
    rejects = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert status == 1 and out == "" and len(rejects) == 1
    assert name in rejects[0]["record_ref"] and BAD[name] in rejects[0]["reason"]


def test_encrypted_fixture_really_is_encrypted():
    plain, enc = TASKS.read_bytes(), (DOCS / "bad_encrypted.doc").read_bytes()
    word = "Tên nhiệm vụ".encode("utf-16-le")
    assert word in plain and word not in enc


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl} Danh muc}", "RTF document saved as .doc"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t"
            + bytes(600),
            "truncated or corrupt DOC (Word 97-2003): bad compound file header",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "truncated or corrupt DOC (Word 97-2003)"),
        (b"plain text named .doc", "not a DOC (Word 97-2003) file"),
    ],
    ids=["rtf", "ole-garbage", "ole-header-only", "text"],
)
def test_non_word_bytes_named_doc_become_rejects(content, reason):
    recs = list(records_from_bytes(content, source="s", url="http://x/danh-muc.doc", fetched_at="t"))
    assert len(recs) == 1 and recs[0]["reject"] is True
    assert reason in recs[0]["reason"]


def _patched_fib(flags_or: int = 0, n_fib: int | None = None) -> bytes:
    """The task fixture with FIB fields changed in place (the WordDocument stream's first sector)."""
    data = bytearray(TASKS.read_bytes())
    at = data.find(b"\xec\xa5")  # wIdent of the FIB, at the start of WordDocument
    assert at > 0 and at % 512 == 0
    if flags_or:
        data[at + 10] |= flags_or & 0xFF
        data[at + 11] |= flags_or >> 8
    if n_fib is not None:
        data[at + 2 : at + 4] = n_fib.to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize(
    "content, reason",
    [
        (_patched_fib(flags_or=0x8000), "password-protected DOC (Word 97-2003)"),  # fObfuscated (XOR)
        (_patched_fib(n_fib=0x65 - 1), "Word 6.0/95 document"),
    ],
    ids=["obfuscated", "word95"],
)
def test_fib_flags_refused(content, reason):
    with pytest.raises(UnreadableDocument, match=reason.replace("(", r"\(").replace(")", r"\)")):
        grids_from_doc(content)


def test_damaged_copies_never_crash():
    """Truncations at every sector boundary and random byte changes: grids or UnreadableDocument only."""
    base = TASKS.read_bytes()
    variants = [base[:n] for n in range(0, len(base), 512)]
    rng = random.Random(20240301)
    for _ in range(400):
        b = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            pos = rng.choice((rng.randrange(512), rng.randrange(512, 4096), rng.randrange(len(b))))
            b[pos] = rng.randrange(256)
        variants.append(bytes(b))
    for v in variants:
        try:
            grids_from_doc(v)
        except UnreadableDocument as e:
            assert str(e)


def test_compressed_piece_is_cp1252_and_unicode_piece_utf16():
    """The two text encodings of a piece (LibreOffice writes only UTF-16, so checked on the helper)."""
    from extractors.tables.doc_format import Piece as _Piece, piece_text as _piece_text

    wd = b"xx" + b"Ph\x92o \x81\x80" + "Kinh phí đồng".encode("utf-16-le")
    assert _piece_text(wd, _Piece(0, 7, 2, True, 0), 0, 7) == "Ph\u2019o \x81\u20ac"
    assert _piece_text(wd, _Piece(0, 13, 9, False, 0), 5, 13) == "phí đồng"
    with pytest.raises(Exception, match="beyond the WordDocument stream"):
        _piece_text(wd, _Piece(0, 50, 9, False, 0), 0, 50)


def _ole_variant(change: str) -> bytes:
    """The task fixture with its compound file damaged in place: a chain loop, a stream size, a header count."""
    b = bytearray(TASKS.read_bytes())
    first_dir = struct.unpack_from("<I", b, 48)[0]
    fat_at = 512 + 512 * struct.unpack_from("<I", b, 76)[0]
    name = "WordDocument\0".encode("utf-16-le")
    entry = b.find(name)
    while (entry - 512) % 128:
        entry = b.find(name, entry + 1)
    if change == "dir-loop":
        struct.pack_into("<I", b, fat_at + 4 * first_dir, first_dir)
    elif change == "stream-loop":
        start = struct.unpack_from("<I", b, entry + 116)[0]
        struct.pack_into("<I", b, fat_at + 4 * start, start)
    elif change == "stream-size":
        struct.pack_into("<I", b, entry + 120, 1 << 30)
    elif change == "fat-count":
        struct.pack_into("<I", b, 44, 0xFFFFFFF0)
    return bytes(b)


@pytest.mark.parametrize(
    "change, reason",
    [
        ("dir-loop", "compound file: duplicate OLE root entry"),
        ("stream-loop", "sector chain of WordDocument loops"),
        ("stream-size", "stream WordDocument claims 1073741824 bytes"),
        ("fat-count", "header claims more sectors than the file's"),
    ],
)
def test_broken_compound_file_is_a_reject_naming_the_document(change, reason):
    recs = list(records_from_bytes(_ole_variant(change), source="s", url="http://x/danh-muc.doc", fetched_at="t"))
    assert len(recs) == 1 and recs[0]["reject"] is True
    assert f"truncated or corrupt DOC (Word 97-2003): {reason}" in recs[0]["reason"]
    assert "danh-muc.doc" in recs[0]["record_ref"]
