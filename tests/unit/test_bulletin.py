"""Results bulletins (NASATI "Thông tin kết quả nghiên cứu"): records re-joined across line and
page breaks, split into raw task fields, routed from `extractors.documents` and `stcat parse`.

The fixtures (tests/fixtures/documents/bulletin/, written by make_bulletin.py) hold one invented
bulletin, issue 3/2024, as wrapped text with page numbers and running headers between pages, as a
DOCX and as the PDF LibreOffice prints from it (which wraps and breaks pages elsewhere). The
expectations below are what the bulletin says, not the program's output.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from extractors.bulletin import SplitError, looks_like_bulletin, parse_bulletin, pdf_text, split_record
from extractors.documents import parse_document, records_from_bytes
from flows.cli import main

DIR = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "bulletin"
TXT, PDF, DOCX = (DIR / f"bulletin_2024_3.{ext}" for ext in ("txt", "pdf", "docx"))

CODES = [
    "ĐT-2021-41305-ĐT",
    "ĐT-2022-44718-ĐT",
    "ĐT-2020-38842-ĐT",
    "ĐT-2016-30218-ĐT",
    "ĐT-2023-52104-ĐT",
    "ĐT-2022-47390-ĐT",
    "DA-2021-43025-DA",
    "ĐT-2023-53377-ĐT",
    "ĐA-2020-37116-ĐA",
    "DA-2023-51842-DA",
]
BAD = "ĐT-2022-50961-ĐT"  # names no principal investigator

# code -> (title, PI as written, host, kind, level, field heading, archive number)
EXPECTED = {
    "ĐT-2021-41305-ĐT": (
        "Đánh giá chất lượng nước và đề xuất giải pháp bảo vệ môi trường hồ Ba Bể trong bối cảnh biến đổi khí hậu",
        "TS. Lương Văn Hòa",
        "Viện Địa lý, Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        "Đề tài",
        "cấp Tỉnh/ Thành phố",
        "105. Các khoa học trái đất và môi trường liên quan",
        "12/KQNC-SKHCN",
    ),
    "ĐT-2020-38842-ĐT": (  # host wraps over the first page break of the .txt
        "Nghiên cứu đa dạng di truyền và bảo tồn nguồn gen loài Trà hoa vàng (Camellia sp.) tại Vườn quốc gia Ba Bể",
        "ThS. Triệu Thị Mai",
        "Trung tâm Nghiên cứu và Phát triển nông lâm nghiệp Bắc Kạn",
        "Đề tài",
        "cấp Tỉnh/ Thành phố",
        "106. Sinh học",
        "09/KQNC-SKHCN",
    ),
    "ĐT-2016-30218-ĐT": (
        "Nghiên cứu thực trạng và giải pháp nâng cao hiệu quả điều trị tăng huyết áp tại tuyến y tế cơ sở tỉnh Bắc Kạn",
        "TS. BS. Nông Văn Thắng",
        "Sở Y tế tỉnh Bắc Kạn",
        "Đề tài",
        "cấp Tỉnh/ Thành phố",
        "302. Y học lâm sàng",
        "20/KQNC-SKHCN",
    ),
    "ĐT-2023-52104-ĐT": (
        "Ứng dụng kỹ thuật can thiệp động mạch vành qua da trong cấp cứu nhồi máu cơ tim cấp tại Bệnh viện Đa "
        "khoa tỉnh Bắc Kạn",
        "BSCKII. Hoàng Thị Ngọc Lan",
        "Bệnh viện Đa khoa tỉnh Bắc Kạn",
        "Đề tài",
        "cấp Cơ sở",
        "302. Y học lâm sàng",
        "27/KQNC-SKHCN",
    ),
    "ĐT-2022-47390-ĐT": (  # the parenthesis wraps: "(Đề tài cấp Tỉnh/ Thành" / "phố)"
        "Nghiên cứu bào chế và đánh giá tác dụng chống viêm của cao chiết lá Khôi nhung (Ardisia silvestris) trên "
        "mô hình thực nghiệm",
        "PGS. TS. DS. Nguyễn Thị Thu Huyền",
        "Trường Đại học Y - Dược, Đại học Thái Nguyên",
        "Đề tài",
        "cấp Tỉnh/ Thành phố",
        "30231. Y học dân tộc; y học cổ truyền",
        "18/KQNC-SKHCN",
    ),
    "DA-2021-43025-DA": (  # the title wraps over the second page break; "tấn/ha" is not the PI separator
        "Ứng dụng tiến bộ kỹ thuật xây dựng mô hình sản xuất giống và thâm canh cây Dong riềng đỏ đạt năng suất "
        "trên 80 tấn/ha",
        "KS. Ma Văn Thịnh",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
        "Dự án",
        "cấp Tỉnh/ Thành phố",
        "401 Trồng trọt",
        "11/KQNC-SKHCN",
    ),
    "ĐT-2023-53377-ĐT": (  # " - " inside the title; in the PDF the host wraps over a page break
        "Nghiên cứu tuyển chọn giống lúa chất lượng cao thích hợp với điều kiện sinh thái vùng núi phía Bắc giai "
        "đoạn 2021 - 2025",
        "TS. Hà Văn Chiến",
        "Viện Khoa học Kỹ thuật Nông Lâm nghiệp miền núi phía Bắc",
        "Đề tài",
        "cấp Tỉnh/ Thành phố",
        "401 Trồng trọt",
        "31/KQNC-SKHCN",
    ),
    "ĐA-2020-37116-ĐA": (
        "Đề án phát triển vùng trồng Quế hữu cơ gắn với chế biến tinh dầu tại huyện Ngân Sơn",
        "ThS. Dương Văn Khang",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Kạn",
        "Đề án",
        "cấp Tỉnh/ Thành phố",
        "404 Lâm nghiệp",
        "07/KQNC-SKHCN",
    ),
}


def _parse(text: str) -> list[dict]:
    return list(parse_bulletin(text, source="s", ref="file:///b.txt", fetched_at="2024-10-02T00:00:00+00:00"))


@pytest.fixture(scope="module")
def txt_recs() -> list[dict]:
    return _parse(TXT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pdf_recs() -> list[dict]:
    return _parse(pdf_text(PDF.read_bytes()))


def _good(recs: list[dict]) -> list[dict]:
    return [r for r in recs if not r.get("reject")]


def _comparable(recs: list[dict]) -> list[tuple]:
    """What must agree between formats (a reject's reason names its line, which differs)."""
    return [
        (r["record_ref"], r["field"], r["raw_value"])
        if r.get("reject")
        else (r["record_ref"], r["fields"], r["hints"], r["extras"])
        for r in recs
    ]


# --------------------------------------------------------------------------- the parser on the .txt
def test_every_record_in_order_with_one_reject(txt_recs):
    assert [r["fields"]["code"] for r in _good(txt_recs)] == CODES
    assert [r["record_ref"].split("#")[1] for r in txt_recs] == CODES[:7] + [BAD] + CODES[7:]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_record_fields(txt_recs, code):
    title, pi, host, kind, level, heading, archive = EXPECTED[code]
    (rec,) = [r for r in _good(txt_recs) if r["fields"]["code"] == code]
    assert rec["fields"] == {
        "code": code,
        "title": title,
        "principal_investigator": pi,
        "host_org": host,
        "kind": kind,
        "level": level,
        "field": heading,
    }
    assert rec["extras"] == {"Số hồ sơ lưu": archive}
    assert rec["hints"]["section"] == heading
    assert rec["hints"]["field_code"] == heading.split(".")[0].split()[0]
    assert rec["table"] == "tasks" and rec["source"] == "s" and rec["source_url"] == "file:///b.txt"
    assert rec["record_ref"] == f"file:///b.txt#{code}" and 0 < rec["confidence"] < 1


def test_section_paths_follow_the_headings(txt_recs):
    paths = {r["fields"]["code"]: r["hints"]["section_path"] for r in _good(txt_recs)}
    assert paths["ĐT-2022-44718-ĐT"] == ["1. KHOA HỌC TỰ NHIÊN", "105. Các khoa học trái đất và môi trường liên quan"]
    assert paths["ĐT-2020-38842-ĐT"] == ["1. KHOA HỌC TỰ NHIÊN", "106. Sinh học"]
    assert paths["ĐT-2022-47390-ĐT"] == [
        "3. KHOA HỌC Y, DƯỢC",
        "302. Y học lâm sàng",
        "30231. Y học dân tộc; y học cổ truyền",
    ]
    # "4. KHOA HỌC NÔNG NGHIỆP / 401 Trồng trọt" is two headings on one line; "404 Lâm nghiệp" replaces 401
    assert paths["DA-2021-43025-DA"] == ["4. KHOA HỌC NÔNG NGHIỆP", "401 Trồng trọt"]
    assert paths["DA-2023-51842-DA"] == ["4. KHOA HỌC NÔNG NGHIỆP", "404 Lâm nghiệp"]


def test_malformed_record_is_a_reject_naming_record_and_field(txt_recs):
    (rej,) = [r for r in txt_recs if r.get("reject")]
    assert rej["record_ref"] == f"file:///b.txt#{BAD}" and rej["stage"] == "extract"
    assert rej["field"] == "principal_investigator"
    assert BAD in rej["reason"] and "chủ nhiệm" in rej["reason"]
    assert rej["raw_value"] == (
        f"{BAD}. Xây dựng mô hình trồng cây dược liệu Giảo cổ lam dưới tán rừng tại huyện "
        "Chợ Đồn/ Hợp tác xã Nông nghiệp Thanh Bình, (Đề tài cấp Tỉnh/ Thành phố)"
    )


def test_page_furniture_is_dropped(txt_recs):
    text = TXT.read_text(encoding="utf-8")
    assert text.count("Thông tin kết quả nghiên cứu KH&CN - Số 3/2024") == 2 and "\f" in text
    for rec in _good(txt_recs):
        values = " | ".join(rec["fields"].values())
        assert "Thông tin kết quả" not in values and "Số 3/2024" not in values
        assert "  " not in values and " 1 " not in values and " 2 " not in values
    assert all(r["hints"]["bulletin_issue"] == "3/2024" for r in _good(txt_recs))


# --------------------------------------------------------------------------- formats agree
def test_pdf_gives_the_same_records_as_the_txt(txt_recs, pdf_recs):
    pdf = pdf_text(PDF.read_bytes())
    assert "(Đề tài cấp Tỉnh/\nThành phố)" in pdf  # LibreOffice wrapped elsewhere than the .txt
    assert pdf.count("Thông tin kết quả nghiên cứu KH&CN - Số 3/2024") == 3  # page header on each page
    assert _comparable(pdf_recs) == _comparable(txt_recs)
    assert len(_good(pdf_recs)) == 10


def test_docx_and_pdf_route_through_records_from_bytes(txt_recs):
    for path in (PDF, DOCX, TXT):
        recs = list(
            records_from_bytes(
                path.read_bytes(), source="s", url="file:///b.txt", fetched_at="2024-10-02T00:00:00+00:00"
            )
        )
        assert [(r["record_ref"], r["fields"], r["extras"]) for r in _good(recs)] == [
            (r["record_ref"], r["fields"], r["extras"]) for r in _good(txt_recs)
        ], path.name
        assert [r["field"] for r in recs if r.get("reject")] == ["principal_investigator"]
        fmt = {"pdf": "pdf", "docx": "docx", "txt": "txt"}[path.suffix[1:]]
        assert all(r["hints"]["file_format"] == fmt and r["hints"]["date_order"] == "dmy" for r in _good(recs))


def _cli(path: Path) -> tuple[int, list[dict], list[dict]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["parse", str(path), "--table", "tasks"])
    return (
        status,
        [json.loads(x) for x in out.getvalue().splitlines()],
        [json.loads(x) for x in err.getvalue().splitlines()],
    )


def test_stcat_parse_prints_the_bulletin_records_of_the_pdf():
    status, rows, errs = _cli(PDF)
    assert status == 1  # finished, one record set aside
    assert [r["code"] for r in rows] == CODES
    by = {r["code"]: r for r in rows}
    r = by["ĐT-2016-30218-ĐT"]
    assert (r["principal_investigator"], r["pi_title"]) == ("Nông Văn Thắng", "TS.BS.")
    assert r["principal_investigator_raw"] == "TS. BS. Nông Văn Thắng"
    assert (r["level"], r["kind"], r["field_code"]) == ("provincial", "research_topic", "302")
    assert r["host_org"] == "Sở Y tế tỉnh Bắc Kạn" and json.loads(r["extras"]) == {"Số hồ sơ lưu": "20/KQNC-SKHCN"}
    assert r["source_url"] == PDF.resolve().as_uri()
    assert (by["ĐT-2023-52104-ĐT"]["level"], by["ĐT-2023-52104-ĐT"]["pi_title"]) == ("grassroots", "BSCKII.")
    # "(Dự án cấp Tỉnh)": a bare "dự án" does not say SXTN or KH&CN, so no kind rather than a guess
    assert (by["DA-2021-43025-DA"]["kind"], by["DA-2021-43025-DA"]["field_code"]) == (None, "401")
    assert (by["ĐA-2020-37116-ĐA"]["kind"], by["ĐA-2020-37116-ĐA"]["field_code"]) == ("scheme", "404")
    assert by["ĐT-2022-47390-ĐT"]["field_code"] == "30231"
    assert by["ĐT-2022-47390-ĐT"]["principal_investigator"] == "Nguyễn Thị Thu Huyền"
    assert {r["level"] for r in rows} == {"provincial", "grassroots"}
    assert len(errs) == 1 and errs[0]["record_ref"].endswith(f"#{BAD}") and errs[0]["field"] == "principal_investigator"


def test_parse_document_on_the_txt():
    recs = list(parse_document(str(TXT)))
    assert [r["fields"]["code"] for r in _good(recs)] == CODES and len(recs) == 11


# --------------------------------------------------------------------------- routing is conservative
def _bytes(recs_text: str, url: str = "http://x/f.txt") -> list[dict]:
    return list(records_from_bytes(recs_text.encode("utf-8"), source="s", url=url, fetched_at="t"))


REC_A = "ĐT-2019-20011-ĐT. Nghiên cứu chọn tạo giống ngô lai/ TS. Lý Văn Nam - Viện Ngô, (Đề tài cấp Bộ)"
REC_B = "DA-2019-20012-DA. Sản xuất thử giống ngô lai/ KS. Hà Thị Lê - Công ty Giống Bắc Hà, (Dự án cấp Bộ)"


def test_text_without_two_records_is_not_a_bulletin():
    assert not looks_like_bulletin(REC_A + "\nSố hồ sơ lưu: 1/KQNC")  # one record only
    assert not looks_like_bulletin("Đề tài ĐT-2019-20011-ĐT và ĐT-2019-20012-ĐT đã được nghiệm thu.")
    assert not looks_like_bulletin("ĐT-2019-20011-ĐT. Một\nĐT-2019-20012-ĐT. Hai")  # nothing closes a record
    assert looks_like_bulletin(REC_A + "\n" + REC_B)
    recs = _bytes("Biên bản họp hội đồng\n" + REC_A)
    assert len(recs) == 1 and recs[0]["reject"] and "unsupported or unrecognised format" in recs[0]["reason"]


def test_plain_text_bulletin_is_routed():
    recs = _bytes("2. KHOA HỌC KỸ THUẬT VÀ CÔNG NGHỆ\n" + REC_A + "\n" + REC_B)
    assert [r["fields"]["code"] for r in recs] == ["ĐT-2019-20011-ĐT", "DA-2019-20012-DA"]
    assert recs[1]["fields"]["level"] == "cấp Bộ" and recs[1]["fields"]["field"] == "2. KHOA HỌC KỸ THUẬT VÀ CÔNG NGHỆ"


def test_html_page_with_bulletin_records_and_no_table():
    html = (
        "<html><body><article><h1>Kết quả nghiên cứu đăng ký quý III/2024</h1>"
        "<p><b>4. KHOA HỌC NÔNG NGHIỆP</b></p><p>402. Chăn nuôi</p>"
        f"<p>{REC_A}</p><p>Số hồ sơ lưu: <b>5/KQNC-SKHCN</b></p><p>{REC_B}</p>"
        "<p>Số hồ sơ lưu: 6/KQNC-SKHCN</p></article></body></html>"
    )
    recs = _bytes(html, url="http://x/tin-tuc/ket-qua.html")
    assert [r["record_ref"] for r in recs] == [
        "http://x/tin-tuc/ket-qua.html#ĐT-2019-20011-ĐT",
        "http://x/tin-tuc/ket-qua.html#DA-2019-20012-DA",
    ]
    assert [r["extras"] for r in recs] == [{"Số hồ sơ lưu": "5/KQNC-SKHCN"}, {"Số hồ sơ lưu": "6/KQNC-SKHCN"}]
    assert all(r["fields"]["field"] == "402. Chăn nuôi" and r["confidence"] < 1 for r in recs)


# --------------------------------------------------------------------------- splitting details
def test_pi_without_academic_title_and_comma_before_the_paren():
    assert split_record(
        "Nuôi thử nghiệm cá Rầm xanh/ Nguyễn Văn An - Trung tâm Thủy sản Bắc Kạn (Đề tài cấp Cơ sở)"
    ) == {
        "title": "Nuôi thử nghiệm cá Rầm xanh",
        "principal_investigator": "Nguyễn Văn An",
        "host_org": "Trung tâm Thủy sản Bắc Kạn",
        "kind": "Đề tài",
        "level": "cấp Cơ sở",
    }


@pytest.mark.parametrize(
    "body, field",
    [
        ("Nghiên cứu giống chè/ TS. Lê Văn Hải - Viện Chè", "level"),  # no (… cấp …)
        ("Nghiên cứu giống chè/ TS. Lê Văn Hải, (Đề tài cấp Tỉnh/ Thành phố)", "host_org"),  # no host
        ("Nghiên cứu giống chè/ TS. lê văn hải - Viện Chè, (Đề tài cấp Tỉnh)", "principal_investigator"),
        ("Chè/ TS. Lê Văn Hải - Viện Chè, (Đề tài cấp Tỉnh)", "title"),
    ],
)
def test_unsplittable_bodies_name_the_field(body, field):
    with pytest.raises(SplitError) as e:
        split_record(body)
    assert e.value.field == field


def test_wrapped_archive_number_heading_like_continuation_and_duplicate_codes():
    text = "\n".join(
        [
            "1. KHOA HỌC TỰ NHIÊN",
            "ĐT-2018-11111-ĐT. Điều tra hiện trạng sử dụng đất của",
            "106 Hộ gia đình tại xã Nam Cường/ ThS. Ma Thị Hoa - Trường Đại học Nông Lâm,",
            "(Đề tài cấp Tỉnh/ Thành phố)",
            "Số hồ sơ lưu:",
            "44/KQNC-SKHCN",
            "- 7 -",
            "ĐT-2018-11111-ĐT. Điều tra lại hiện trạng sử dụng đất/ ThS. Ma Thị Hoa - Trường Đại học",
            "Nông Lâm, (Đề tài cấp Tỉnh/ Thành phố)",
            "Trang 8",
            "DT-2018-11112-DT: Khảo sát nguồn nước ngầm xã Nam Cường/ KS. Hoàng Văn Tú - Công ty",
            "Cấp nước Bắc Kạn, (Đề tài cấp Tỉnh/ Thành phố)",
        ]
    )
    recs = _parse(text)
    assert [r["record_ref"].split("#")[1] for r in recs] == [
        "ĐT-2018-11111-ĐT",
        "ĐT-2018-11111-ĐT~2",
        "DT-2018-11112-DT",
    ]
    first = recs[0]
    assert first["fields"]["title"] == ("Điều tra hiện trạng sử dụng đất của 106 Hộ gia đình tại xã Nam Cường")
    assert first["fields"]["field"] == "1. KHOA HỌC TỰ NHIÊN" and first["extras"] == {"Số hồ sơ lưu": "44/KQNC-SKHCN"}
    assert recs[1]["fields"]["host_org"] == "Trường Đại học Nông Lâm" and recs[1]["extras"] == {}
    assert recs[2]["fields"]["host_org"] == "Công ty Cấp nước Bắc Kạn"
