"""Vietnamese text normalization: NFC, entities, tone keys, legacy encodings, quarantine."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.text import (
    TextResult,
    canonical_tone,
    clean,
    is_vietnamese_syllable,
    match_key,
    repair,
    fold,
)


def cp1258_bytes(s: str) -> bytes:
    """Encode like Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    for ch in s:
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in "\u0300\u0301\u0303\u0309\u0323"]
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in tones)) + "".join(tones))
    return "".join(out).encode("cp1258")


CLEAN = [
    ("nfd", unicodedata.normalize("NFD", "Việt Nam"), "Việt Nam"),
    ("nbsp", "Sở\u00a0KH&CN\u00a0 tỉnh", "Sở KH&CN tỉnh"),
    ("entity", "Khoa học v&agrave; Công nghệ", "Khoa học và Công nghệ"),
    ("ampersand-kept", "Sở KH&CN", "Sở KH&CN"),
    ("zero-width", "Bắc\u200bKạn", "BắcKạn"),
    ("newlines", "Đề tài\n  cấp\ttỉnh ", "Đề tài cấp tỉnh"),
    ("empty", "   ", None),
]


@pytest.mark.parametrize("raw,expected", [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean(raw, expected):
    assert clean(raw) == expected


REPAIR = [
    ("tcvn3-bao-thang", "B¶o Th¾ng", "Bảo Thắng", "tcvn3"),
    ("tcvn3-soft-hyphen-u", "Tr\u00adêng §¹i häc", "Trường Đại học", "tcvn3"),
    ("tcvn3-name", "¤ng Lª V¨n ThÕ", "Ông Lê Văn Thế", "tcvn3"),
    ("tcvn3-mixed-with-unicode", "Sở KH&CN tØnh B¾c K¹n", "Sở KH&CN tỉnh Bắc Kạn", "tcvn3"),
    ("vni-xin-chao", "Xin chaøo", "Xin chào", "vni"),
    ("vni-viet-nam", "Vieät Nam", "Việt Nam", "vni"),
    ("utf8-as-cp1252", "Khoa há»\x8dc", "Khoa học", "utf8"),
    ("utf8-twice", "Khoa hÃ¡Â»Â\x8dc", "Khoa học", "utf8"),
    ("cp1258-combining", cp1258_bytes("Tiếng Việt và Khoa học").decode("cp1252"), "Tiếng Việt và Khoa học", "cp1258"),
    (
        "cp1258-decoded-properly",
        cp1258_bytes("Ứng dụng tiến bộ kỹ thuật").decode("cp1258"),
        "Ứng dụng tiến bộ kỹ thuật",
        None,
    ),
    ("unicode-untouched", "Phục tráng giống Bí thơm Ba Bể", "Phục tráng giống Bí thơm Ba Bể", None),
    ("degree-sign-kept", "Nhiệt độ 25°C, © 2022", "Nhiệt độ 25°C, © 2022", None),
    ("half-kept", "Phát triển ½ diện tích", "Phát triển ½ diện tích", None),
    ("foreign-name-kept", "José Müller", "José Müller", None),
    ("ocr-hqc", "KHOA HQC", "KHOA HỌC", None),
    ("dropped-char", "cấp quc gia", "cấp quốc gia", None),
    ("spaced-letters", "K H O A  H Ọ C", "KHOA HỌC", None),
    ("spaced-and-ocr", "K H O A   H Q C", "KHOA HỌC", None),
    ("short-words-kept", "Đề tài A B", "Đề tài A B", None),
    ("one-letter-words-kept", "à à à", "à à à", None),
    ("spaced-capitals", "B Á O  C Á O", "BÁO CÁO", None),
]


@pytest.mark.parametrize("raw,expected,encoding", [c[1:] for c in REPAIR], ids=[c[0] for c in REPAIR])
def test_repair(raw, expected, encoding):
    r = repair(raw)
    assert r.problem is None
    assert r.value == expected
    assert (encoding in r.encodings) if encoding else r.encodings == ()


# Bytes from glibc iconv's own code pages (recorded here so the test needs no iconv).
def test_repair_viscii():
    viscii = bytes.fromhex("5469aa6e67205669ae74206b686f612068f763")  # "Tiếng Việt khoa học"
    assert repair(viscii.decode("latin-1")).value == "Tiếng Việt khoa học"


QUARANTINE = [
    ("garble", "xyz¶¶q"),
    ("half-garbled", "B¶o Th¾ng zzq¶"),
]


@pytest.mark.parametrize("raw", [c[1] for c in QUARANTINE], ids=[c[0] for c in QUARANTINE])
def test_unidentifiable_is_quarantined_not_fixed(raw):
    r = repair(raw)
    assert r.value is None and r.problem


TONES = [
    ("hoa", "hóa", "hoá"),
    ("thuy", "thủy", "thuỷ"),
    ("uy", "Ủy ban", "Uỷ ban"),
    ("khoe", "khỏe", "khoẻ"),
    ("case", "Thủy lợi", "THUỶ LỢI"),
    ("nfd", unicodedata.normalize("NFD", "Hóa học"), "Hoá học"),
]


@pytest.mark.parametrize("a,b", [t[1:] for t in TONES], ids=[t[0] for t in TONES])
def test_match_key_meets_both_tone_placements(a, b):
    assert match_key(a) == match_key(b)


def test_values_keep_published_tone_placement():
    assert repair("Hoá học").value == "Hoá học"
    assert clean("Uỷ ban") == "Uỷ ban"


def test_match_key_ascii():
    assert match_key("Sở Khoa học & Công nghệ", ascii=True) == "so khoa hoc cong nghe"
    assert fold("Đắk Lắk") == "Dak Lak"


@pytest.mark.parametrize(
    "word,ok",
    [
        ("nghiệm", True),
        ("thuyết", True),
        ("Kạn", True),
        ("tửnh", False),
        ("KỰn", False),
        ("cát", True),
        ("càt", False),
        ("xyz", False),
    ],
)
def test_syllable_grammar(word, ok):
    assert is_vietnamese_syllable(word) is ok


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_repair_never_crashes(s):
    r = repair(s)
    assert isinstance(r, TextResult)
    assert (r.value is None) or r.problem is None


SYLLABLES = (
    "Việt Nam khoa học công nghệ tỉnh Bắc Kạn đề tài dự án nghiên cứu ứng dụng giống cây "
    "trồng Bảo Thắng Ông Lê Văn Thế trường đại hoá hóa thuỷ thủy Uỷ Ủy ban nhân dân kết quả "
    "nghiệm thu xuất sắc khá đạt à á ê ô ở ạ"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=12))
def test_unicode_vietnamese_is_never_reencoded(words):
    s = " ".join(words)
    r = repair(s)
    assert r.encodings == () and r.value == s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "))
def test_letter_soup_never_crashes(s):
    assert isinstance(repair(s), TextResult)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_canonical_tone_is_idempotent_and_case_stable(s):
    once = canonical_tone(s)
    assert canonical_tone(once) == once
    assert match_key(s) == match_key(match_key(s))


@pytest.mark.parametrize(
    "text",
    ["diện tích 2 ha (20.000 m²)", "nhà xưởng 120 m² và bể 30 m³.", "mật độ 5 cây/m², nhiệt độ 28°C"],
)
def test_square_and_cubic_metres_in_a_unicode_text_are_left_alone(text):
    """m², m³ are units, not legacy bytes: a Unicode text that uses them is not 'repaired'."""
    r = repair(text)
    assert r.value == text and r.encodings == ()
