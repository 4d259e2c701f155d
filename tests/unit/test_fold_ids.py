"""Ids and keys pinned on Vietnamese inputs (NFC, NFD, đ/Đ, TCVN3 text repaired on the way in).

The expected values were computed before the diacritic folds were merged into ``transforms.text.fold``:
one fold must not move any published id.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.tables.headers import fold as header_fold
from tests.unit.hostile_files import encode_legacy
from transforms.orgs import org_id
from transforms.pipeline import normalize_task
from transforms.publications import author_key, pub_id_for
from transforms.text import ascii_key, fold, match_key, word_key


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


TITLE = "Nghiên cứu ứng dụng công nghệ thuỷ lợi tại huyện Đồng Hỷ, tỉnh Thái Nguyên"
HOST = "Trường Đại học Nông Lâm"
PI = "TS. Đặng Văn Đức"
MIXED = "ĐÁNH GIÁ – Hoá học (2016–2020)"


def _tcvn3(s: str) -> str:
    return encode_legacy(s, "tcvn3").decode("cp1252")


def _rec(**fields: str) -> dict:
    return {"table": "tasks", "source": "s", "record_ref": "r", "fields": fields, "hints": {}}


@pytest.mark.parametrize(
    "fields",
    [
        {"title": TITLE, "host_org": HOST, "principal_investigator": PI, "period": "2020-2022"},
        {"title": _nfd(TITLE), "host_org": _nfd(HOST), "principal_investigator": _nfd(PI), "period": "2020-2022"},
        {"title": _tcvn3(TITLE), "host_org": _tcvn3(HOST), "principal_investigator": PI, "period": "2020-2022"},
    ],
    ids=["nfc", "nfd", "tcvn3"],
)
def test_task_org_person_ids_are_pinned(fields):
    assert fields["title"] != TITLE or fields["host_org"] == HOST
    row, _ = normalize_task(_rec(**fields))
    assert row["title"] == TITLE
    assert (row["task_id"], row["host_org_id"], row["person_id"]) == (
        "t-7338a18a0dd9830f",
        "o-357a1b67dba89557",
        "p-4ec5f1b37d6fe254",
    )


def test_code_and_title_keyed_task_ids_are_pinned():
    assert normalize_task(_rec(title="Đề tài", code="ĐT-2016-30218-ĐT"))[0]["task_id"] == "t-518f3dedb5ec96ce"
    assert normalize_task(_rec(title=MIXED))[0]["task_id"] == "t-6567d5946e015e94"


def test_org_ids_are_pinned():
    name = "Sở Khoa học và Công nghệ tỉnh Bắc Kạn"
    assert org_id(name) == org_id(_nfd(name)) == "o-dfaf4124e54d0a9e"
    assert org_id("UBND huyện Đắk Lắk") == "o-5e28cb8044fa4485"


def test_publication_keys_and_ids_are_pinned():
    key = "nghien cuu ung dung cong nghe thuy loi tai huyen dong hy tinh thai nguyen"
    assert word_key(TITLE) == word_key(_nfd(TITLE)) == key
    assert author_key("Nguyễn Văn Đức") == author_key(_nfd("Nguyễn Văn Đức")) == "duc nguyen van"
    assert pub_id_for(None, key, 2021, "duc nguyen van") == "p-f43796a7ebf3a85b"
    assert word_key(MIXED) == "danh gia hoa hoc 2016 2020"
    assert author_key("Đỗ Thị Hoà") == "do hoa thi"
    assert pub_id_for(None, word_key(MIXED), None, author_key("Đỗ Thị Hoà")) == "p-1ec4f8a7b86386ac"
    assert pub_id_for("10.1234/abc", "x", 2020, "y") == "p-38df94429740cadb"


def test_header_and_match_keys_are_pinned():
    labels = ["Tên đề tài", "TÊN ĐỀ TÀI", _nfd("Tên  đề\ntài"), "Kinh phí (triệu đồng) %", "Hoá/Hóa"]
    assert [header_fold(x) for x in labels] == [
        "ten de tai",
        "ten de tai",
        "ten de tai",
        "kinh phi trieu dong %",
        "hoa hoa",
    ]
    assert match_key("Sở KH&CN tỉnh Bắc Kạn", ascii=True) == "so kh cn tinh bac kan"
    assert match_key(_nfd("Đắk Lắk"), ascii=True) == "dak lak"
    assert ascii_key(MIXED) == "danh gia hoa hoc 20162020"  # the task-id key drops non-ASCII punctuation


_VIET = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéẹếềểễệíìịóòọốồổỗộớờởỡợúùụứừửữựýỳĐÁƠƯ ,.-–()/&", max_size=30
)


@settings(max_examples=300, deadline=None)
@given(_VIET)
def test_every_key_reads_nfc_and_nfd_alike(s):
    d = _nfd(s)
    assert fold(s) == fold(d) and fold(s).replace("–", "-").isascii()
    assert ascii_key(s) == ascii_key(d)
    assert word_key(s) == word_key(d)
    assert header_fold(s) == header_fold(d)
