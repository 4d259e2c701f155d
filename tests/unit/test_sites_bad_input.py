"""Bad HTML input: malformed markup, wrong or missing charsets, legacy encodings, junk bytes."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.documents import records_from_bytes
from extractors.sites.adapter import load_adapter
from extractors.sites.page import PageProblem, decode_html

TABLE = (
    "<table><tr><td>TT</td><td>Tên đề tài</td><td>Chủ nhiệm</td></tr>"
    "<tr><td>1</td><td>Nghiên cứu giống lúa Bao thai</td><td>TS. Hà Văn Thắng</td></tr>"
)
PAGE = "<html><head><meta charset='{cs}'></head><body><h1>Danh mục</h1><article>{body}</article></body></html>"


def cp1258(text: str) -> bytes:
    """Encode the way Windows-1258 pages are written: precomposed base vowels plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base, marks = d[0], list(d[1:])
            for m in marks:  # keep â/ê/ô/ă/ơ/ư precomposed, tone marks combining
                comp = unicodedata.normalize("NFC", base + m)
                if len(comp) == 1 and comp.encode("cp1258", errors="ignore"):
                    base = comp
                    marks.remove(m)
                    break
            out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return bytes(out)


def _recs(content: bytes, content_type: str = ""):
    return list(
        records_from_bytes(
            content,
            source="s",
            url="http://x/p.html",
            fetched_at="t",
            adapter=load_adapter(None),
            content_type=content_type,
        )
    )


def test_malformed_html_unclosed_table_still_parses():
    content = PAGE.format(cs="utf-8", body=TABLE + "<tr><td>2<td>Đề tài thứ hai dài<td>ThS. B").encode()
    recs = _recs(content)
    assert [r["fields"]["title"] for r in recs] == ["Nghiên cứu giống lúa Bao thai", "Đề tài thứ hai dài"]


@pytest.mark.parametrize(
    "content, content_type, charset, note",
    [
        (PAGE.format(cs="utf-8", body=TABLE).encode("utf-8"), "", "utf-8", ""),
        (PAGE.format(cs="iso-8859-1", body=TABLE).encode("utf-8"), "", "utf-8", "declared iso8859-1, decoded as utf-8"),
        (cp1258(PAGE.format(cs="windows-1258", body=TABLE)), "", "cp1258", ""),
        (b"<html><meta charset='utf-8'><p>caf\xe9</p></html>", "text/html; charset=ISO-8859-1", "iso8859-1", ""),
    ],
    ids=["utf8", "utf8-declared-latin1", "windows-1258", "http-header-wins"],
)
def test_decoding(content, content_type, charset, note):
    d = decode_html(content, content_type)
    assert d.charset == charset and d.note == note


def test_legacy_tcvn3_passes_through_for_transforms():
    # TCVN3 bytes declared as windows-1252 decode without error; conversion is transforms/text.py's job.
    d = decode_html(b"<html><meta charset='windows-1252'><p>B\xb6o Th\xber</p></html>")
    assert "B¶o" in d.text


@pytest.mark.parametrize(
    "content",
    [
        cp1258(PAGE.format(cs="utf-8", body="Khoa h\u1ecdc v\u00e0 c\u00f4ng ngh\u1ec7 " * 40)),
        b"<html><body>" + bytes(range(128, 256)) * 4 + b"</body></html>",
    ],
    ids=["cp1258-declared-utf8", "random-high-bytes"],
)
def test_wrong_declared_charset_is_rejected(content):
    with pytest.raises(PageProblem, match="undecodable bytes"):
        decode_html(content)
    recs = _recs(content)
    assert len(recs) == 1 and recs[0]["reject"] and "undecodable bytes" in recs[0]["reason"]


def test_binary_junk_labelled_html_is_rejected():
    recs = _recs(b"<html>\x00\x01\x02" + bytes(5000), "text/html")
    assert len(recs) == 1 and recs[0]["reject"]


def test_a_few_stray_bytes_are_tolerated():
    content = PAGE.format(cs="utf-8", body=TABLE).encode() + b"<!-- \xff -->"
    d = decode_html(content)
    assert d.note == "1 undecodable byte(s) replaced"


def test_absolute_links():
    """page.absolute_url: links resolved against the page (urljoin), fragments dropped, links that
    name no fetchable URL (script, mail, phone, in-page, other schemes) give None."""
    from extractors.sites import page

    base = "https://h.vn/x/y.html?p=2"
    assert page.absolute_url(base, "/files/ds.xlsx") == "https://h.vn/files/ds.xlsx"
    assert page.absolute_url(base, " ../a/b.pdf#p3 ") == "https://h.vn/a/b.pdf"
    assert page.absolute_url(base, "z.html?q=1") == "https://h.vn/x/z.html?q=1"
    assert page.absolute_url(base, "//cdn.h.vn/f.doc") == "https://cdn.h.vn/f.doc"
    assert page.absolute_url("file:///tmp/a.html", "b.html") == "file:///tmp/b.html"
    for href in (None, "", "#top", "javascript:void(0)", "mailto:a@h.vn", "tel:0209", "ftp://h.vn/f.pdf"):
        assert page.absolute_url(base, href) is None, href
