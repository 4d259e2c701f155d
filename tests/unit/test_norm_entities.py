"""Documents, people, organizations, vocabularies, field codes and admin units."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.loader import Merge, Province
from transforms import admin, vocab
from transforms.decisions import doc_id, parse_doc_refs
from transforms.fields import field_code
from transforms.orgs import canonical_org, display_name, org_id
from transforms.people import person_id, split_person

DOCS = [
    ("qd-ubnd", "2344/QĐ-UBND", [("2344/QĐ-UBND", 2344, None, "QĐ", "UBND", None)]),
    ("normative-with-year", "40/2024/QĐ-UBND", [("40/2024/QĐ-UBND", 40, 2024, "QĐ", "UBND", None)]),
    ("ttr-with-unit-and-space", "15/TTr-SKHCN- QLKHCN", [("15/TTr-SKHCN-QLKHCN", 15, None, "TTr", "SKHCN", "QLKHCN")]),
    ("party-resolution", "57 -NQ/TW", [("57-NQ/TW", 57, None, "NQ", "TW", None)]),
    (
        "in-prose",
        "theo Quyết định số 2344/QĐ-UBND ngày 15/10/2021 của UBND tỉnh",
        [("2344/QĐ-UBND", 2344, None, "QĐ", "UBND", None)],
    ),
    ("cong-van", "123/SKHCN-QLKH", [("123/SKHCN-QLKH", 123, None, "CV", "SKHCN", "QLKH")]),
    ("ascii-qd-and-ampersand", "số 12/QD-SKH&CN", [("12/QĐ-SKHCN", 12, None, "QĐ", "SKHCN", None)]),
    ("plan", "Kế hoạch 45/KH-UBND", [("45/KH-UBND", 45, None, "KH", "UBND", None)]),
    ("law", "Luật 93/2025/QH15", [("93/2025/QH15", 93, 2025, "Luật", "QH15", None)]),
    ("leading-zero-kept", "02/2023/TT-BKHCN", [("02/2023/TT-BKHCN", 2, 2023, "TT", "BKHCN", None)]),
    ("period-is-not-a-doc", "01/2021 - 12/2022", []),
]


@pytest.mark.parametrize("raw,expected", [d[1:] for d in DOCS], ids=[d[0] for d in DOCS])
def test_parse_doc_refs(raw, expected):
    got = [(r.number, r.seq, r.year, r.type, r.issuer, r.unit) for r in parse_doc_refs(raw)]
    assert got == expected


@pytest.mark.parametrize(
    "raw", ["1256, 1257, …, 1265/QĐ-BKHCN", "1256, 1257,..., 1265/QĐ-BKHCN"], ids=["unicode-ellipsis", "three-dots"]
)
def test_decision_list_expands_to_ten(raw):
    refs = parse_doc_refs(raw)
    assert [r.seq for r in refs] == list(range(1256, 1266))
    assert {r.issuer for r in refs} == {"BKHCN"}


def test_doc_id_needs_year_for_uniqueness():
    ref = parse_doc_refs("2344/QĐ-UBND")[0]
    assert doc_id(ref, "2021-10-15") != doc_id(ref, "2022-10-15")
    assert doc_id(ref, "2021-10-15") == doc_id(parse_doc_refs("2344/QD-UBND")[0], "2021-01-01")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_doc_parser_never_crashes(s):
    assert isinstance(parse_doc_refs(s), tuple)


PEOPLE = [
    ("pgs-ts", "PGS.TS Đỗ Ngọc Mỹ", "Đỗ Ngọc Mỹ", "PGS.TS."),
    ("ts-bs-spaced", "TS. BS. Viên Quang Mai", "Viên Quang Mai", "TS.BS."),
    ("role-dropped", "ông Lê Văn Thế - Phó Giám đốc", "Lê Văn Thế", None),
    ("ths", "ThS. Nguyễn Thị Hà", "Nguyễn Thị Hà", "ThS."),
    ("gs-tskh", "GS.TSKH Nguyễn Văn An", "Nguyễn Văn An", "GS.TSKH."),
    ("spelled-out", "Tiến sĩ Trần Văn Bình", "Trần Văn Bình", "TS."),
    ("ks-no-dot", "KS Hoàng Văn Cường", "Hoàng Văn Cường", "KS."),
    ("cn", "CN. Lý Thị Dung, Chi cục trưởng", "Lý Thị Dung", "CN."),
    ("lowercase-chain", "Ths.Bs Ma Văn Em", "Ma Văn Em", "ThS.BS."),
    ("caps-name", "NGUYỄN VĂN ĐỨC", "Nguyễn Văn Đức", None),
    ("role-in-parens", "Bà Triệu Thị Mai (Trưởng phòng)", "Triệu Thị Mai", None),
    ("name-like-title-kept", "Cao Văn Tư", "Cao Văn Tư", None),
    ("only-a-role", "Phó Giám đốc", None, None),
]


@pytest.mark.parametrize("raw,name,title", [p[1:] for p in PEOPLE], ids=[p[0] for p in PEOPLE])
def test_split_person(raw, name, title):
    p = split_person(raw)
    assert (p.name, p.title) == (name, title)


def test_person_id_ignores_tone_placement_and_case():
    assert person_id("Nguyễn Thị Thuỷ", "o-1") == person_id("NGUYỄN THỊ THỦY", "o-1")
    assert person_id("Nguyễn Thị Thuỷ", "o-1") != person_id("Nguyễn Thị Thuỷ", "o-2")


SKHCN = "Sở Khoa học và Công nghệ tỉnh Bắc Kạn"
UBND = "Ủy ban nhân dân tỉnh Bắc Kạn"
ORGS = [
    ("so-kh&cn", "Sở KH&CN", SKHCN),
    ("so-khcn", "Sở KHCN", SKHCN),
    ("skhcn", "SKHCN", SKHCN),
    ("so-khoa-hoc-&", "Sở Khoa học & Công nghệ", SKHCN),
    ("full", "Sở Khoa học và Công nghệ tỉnh Bắc Kạn", SKHCN),
    ("ubnd-tinh", "UBND tỉnh", UBND),
    ("uy-ban-full", "Ủy ban nhân dân tỉnh", UBND),
    ("old-tone", "Uỷ ban nhân dân tỉnh Bắc Kạn", UBND),
    ("ubnd-huyen", "UBND huyện Ba Bể", "Ủy ban nhân dân huyện Ba Bể"),
    ("htx", "HTX Dịch vụ nông nghiệp Hoàng Hà", "Hợp tác xã Dịch vụ nông nghiệp Hoàng Hà"),
    ("truong-dh", "Trường ĐH Nông Lâm Thái Nguyên", "Trường Đại học Nông Lâm Thái Nguyên"),
]


@pytest.mark.parametrize("raw,name", [o[1:] for o in ORGS], ids=[o[0] for o in ORGS])
def test_canonical_org(raw, name):
    assert canonical_org(raw, "Tỉnh Bắc Kạn").name == name


def test_org_aliases_share_one_id():
    ids = {org_id(canonical_org(raw, "Tỉnh Bắc Kạn").name) for _, raw, name in ORGS if name == SKHCN}
    assert len(ids) == 1


def test_org_written_without_diacritics_is_the_same_body():
    def oid(raw: str) -> str:
        return org_id(canonical_org(raw, "Tỉnh Bắc Kạn").name)

    assert oid("Truong DH Nong Lam Thai Nguyen") == oid("Trường ĐH Nông Lâm Thái Nguyên")
    assert oid("So KH&CN tinh Bac Kan") == oid("Sở Khoa học và Công nghệ tỉnh Bắc Kạn")
    # different bodies stay apart, including the 2025 merged departments and another province
    assert (
        len(
            {
                oid("Sở Nông nghiệp và Phát triển nông thôn"),
                oid("Sở Nông nghiệp và Môi trường"),
                oid("Sở KH&CN tỉnh Bắc Ninh"),
                oid("Sở KH&CN tỉnh Bắc Kạn"),
            }
        )
        == 4
    )


def test_display_name_prefers_diacritics_then_frequency_whatever_the_order():
    seen = {"Trường Đại học Nong Lam": 1, "Truong Dai hoc Nong Lam": 9, "Trường Đại học Nông Lâm": 2}
    assert display_name(seen) == "Trường Đại học Nông Lâm"
    assert display_name(dict(reversed(list(seen.items())))) == "Trường Đại học Nông Lâm"
    assert display_name({"Viện A": 1, "Viện Á": 1}) == "Viện Á"
    assert display_name({"Trung tâm B": 3, "Trung tâm C": 5}) == "Trung tâm C"


def test_org_kinds():
    assert canonical_org("Sở KH&CN").kind == "agency"
    assert canonical_org("Trường Đại học Nông Lâm").kind == "university"
    assert canonical_org("HTX Hoàng Hà").kind == "cooperative"


VOCAB = [
    ("level", "Cấp tỉnh", "provincial"),
    ("level", "(Đề tài cấp Tỉnh/ Thành phố)", "provincial"),
    ("level", "cap quoc gia", "national"),
    ("level", "cấp Bộ", "ministry"),
    ("level", "Cơ sở", "grassroots"),
    ("level", "Chương trình Nông thôn miền núi", "national"),
    ("kind", "Đề tài", "research_topic"),
    ("kind", "Dự án SXTN", "trial_production_project"),
    ("kind", "Dự án sản xuất thử nghiệm", "trial_production_project"),
    ("kind", "Dự án KH&CN", "st_project"),
    ("kind", "Đề án", "scheme"),
    ("kind", "Chương trình", "program"),
    ("status", "Đã nghiệm thu", "accepted"),
    ("status", "Đang thực hiện", "in_progress"),
    ("status", "Phê duyệt", "approved"),
    ("status", "Đề xuất", "proposed"),
    ("status", "Dừng thực hiện", "terminated"),
    ("grade", "Xuất sắc", "excellent"),
    ("grade", "Loại Khá", "good"),
    ("grade", "Đạt", "pass"),
    ("grade", "Không đạt", "fail"),
    ("grade", "XUẤT SẮC", "excellent"),
]


@pytest.mark.parametrize("fn,raw,expected", VOCAB, ids=[f"{v[0]}-{v[1]}" for v in VOCAB])
def test_vocab(fn, raw, expected):
    assert getattr(vocab, fn)(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [("Có", True), ("Đã ứng dụng", True), ("Chưa", False), ("", None)],
    ids=["co", "da-ung-dung", "chua", "empty"],
)
def test_applied(raw, expected):
    assert vocab.applied(raw) is expected


FIELDS = [
    ("code-5", "10101", "10101"),
    ("code-3", "101", "101"),
    ("code-and-name", "401 - Trồng trọt", "401"),
    ("hoa-new", "Hóa học", "104"),
    ("hoa-old", "Hoá học", "104"),
    ("trailing-space-in-table", "Kỹ thuật dân dụng", "201"),
    ("section-row", "I. LĨNH VỰC NÔNG NGHIỆP", "4"),
    ("section-yduoc", "II. Lĩnh vực Y dược", "3"),
    ("no-diacritics", "Trong trot", "401"),
    ("typo", "Chăn nuoii", "402"),
    (
        "table-typo-side",
        "Tự động hoá (CAD/CAM, v.v..) và các hệ thống điều khiển, giám sát; công nghệ điều khiển số bằng máy tính (CNC),..",
        None,
    ),
]


@pytest.mark.parametrize("raw,code", [f[1:] for f in FIELDS], ids=[f[0] for f in FIELDS])
def test_field_code(raw, code):
    r = field_code(raw)
    if code is None:
        assert r.code is not None and r.code.startswith("2")
    else:
        assert r.code == code


@pytest.mark.parametrize("raw", ["Công nghệ chiến lược", "99999", "xyz"], ids=["2025-field", "bad-code", "garbage"])
def test_field_code_problems(raw):
    r = field_code(raw)
    assert r.code is None and r.problem


BK = Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1)))


@pytest.mark.parametrize(
    "day,expected",
    [(dt.date(2022, 4, 15), ("19", "06")), (dt.date(2025, 6, 30), ("19", "06")), (dt.date(2025, 7, 1), ("19", "19"))],
    ids=["2022", "day-before-merger", "merger-day"],
)
def test_province_codes(day, expected):
    assert admin.province_codes(BK, day, dt.date(2026, 11, 26)) == expected


def test_current_province_name_from_vietnam_provinces():
    assert admin.current_province_name("19") == "Thái Nguyên"
    assert admin.current_province_name("06") is None


def test_commune_conversion_from_nso_rows():
    c = admin.convert_commune("Xã Nông Thượng")
    assert (c.new_name, c.new_code, c.new_province_code) == ("Phường Bắc Kạn", "01843", "19")
    assert admin.convert_commune("01834").new_name == "Phường Đức Xuân"


def test_organizations_table_has_one_row_per_body_named_with_diacritics():
    import pyarrow as pa

    from transforms.pipeline import _organizations

    raws = [
        "Truong DH Nong Lam Thai Nguyen",
        "Truong DH Nong Lam Thai Nguyen",
        "Trường ĐH Nông Lâm Thái Nguyên",
        "Viện Khoa học Nông nghiệp",
        None,
    ]
    names = [canonical_org(r, "Tỉnh Bắc Kạn").name if r else None for r in raws]
    tasks = pa.table(
        {"host_org": names, "host_org_id": [org_id(n) if n else None for n in names], "host_org_raw": raws}
    )
    orgs = _organizations(tasks, None).to_pylist()
    assert [o["name"] for o in orgs] == sorted(
        ["Trường Đại học Nông Lâm Thái Nguyên", "Viện Khoa học Nông nghiệp"], key=lambda n: org_id(n)
    )
    uni = next(o for o in orgs if o["kind"] == "university")
    assert uni["aliases"] == sorted(
        ["Truong DH Nong Lam Thai Nguyen", "Trường Đại học Nong Lam Thai Nguyen", "Trường ĐH Nông Lâm Thái Nguyên"]
    )
