"""Pure policy pieces of the HTTP session: Retry-After, domains, private addresses, decoding, rate limit."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, strategies as st

from extractors.http import (
    FetchError,
    Headers,
    RateLimiter,
    decode_body,
    host_allowed,
    is_private_host,
    is_public_ip,
    make_session,
    parse_retry_after,
    sniff_encoding,
)
from extractors.http.policy import parse_robots
from tests.clock import Clock

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode like a Windows-1258 page does: precomposed base letter + a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out += (base + tones).encode("cp1258")
    return bytes(out)


SENTENCE = "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh Thái Nguyên năm 2023"
NOW = dt.datetime(2026, 11, 26, 2, 0, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("Thu, 26 Nov 2026 02:00:30 GMT", 30.0),
        ("Thu, 26 Nov 2026 01:59:00 GMT", 0.0),  # in the past: go now
        ("Thursday, 26-Nov-26 02:01:00 GMT", 60.0),  # RFC 850 form
        ("", None),
        (None, None),
        ("soon", None),
        ("-5", None),
    ],
    ids=[
        "seconds",
        "spaces",
        "zero",
        "fraction",
        "http-date",
        "past-date",
        "rfc850",
        "empty",
        "absent",
        "garbage",
        "negative",
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


@given(st.text(max_size=40))
def test_parse_retry_after_never_raises(value):
    result = parse_retry_after(value, now=NOW)
    assert result is None or result >= 0


@pytest.mark.parametrize(
    "host, allowed, ok",
    [
        ("khcnbackan.gov.vn", ["khcnbackan.gov.vn"], True),
        ("www.khcnbackan.gov.vn", ["khcnbackan.gov.vn"], True),
        ("KHCNBACKAN.GOV.VN.", ["khcnbackan.gov.vn"], True),
        ("a.b.khcnbackan.gov.vn", [".khcnbackan.gov.vn"], True),
        ("evilkhcnbackan.gov.vn", ["khcnbackan.gov.vn"], False),
        ("khcnbackan.gov.vn.evil.com", ["khcnbackan.gov.vn"], False),
        ("gov.vn", ["khcnbackan.gov.vn"], False),
        ("example.org", [], True),
        ("127.0.0.1", ["127.0.0.1"], True),
        ("10.127.0.0.1", ["127.0.0.1"], False),
        ("sở.vn", ["xn--s-lym.vn"], True),
        ("khcnbackan.gov.vn", ["https://khcnbackan.gov.vn/path"], True),
    ],
    ids=lambda v: str(v),
)
def test_host_allowed(host, allowed, ok):
    assert host_allowed(host, allowed) is ok


@pytest.mark.parametrize(
    "ip, public",
    [
        ("8.8.8.8", True),
        ("203.113.131.1", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.0.0.5", False),
        ("172.16.3.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("[::1]", False),
    ],
)
def test_is_public_ip(ip, public):
    assert is_public_ip(ip) is public


def test_private_host_uses_every_resolved_address():
    fake = {"mixed.example": ["8.8.8.8", "10.0.0.1"], "public.example": ["8.8.4.4"], "nx.example": []}
    assert is_private_host("mixed.example", fake.__getitem__)
    assert not is_private_host("public.example", fake.__getitem__)
    assert not is_private_host("nx.example", fake.__getitem__)  # unresolvable: the connect fails later
    assert is_private_host("127.0.0.1")  # literal, no DNS
    assert is_private_host("localhost")


def test_check_url_refuses_before_any_network():
    s = make_session(
        user_agent="stcat-test",
        allowed_domains=["khcnbackan.gov.vn"],
        respect_robots=False,
        resolver=lambda h: ["10.1.2.3"] if h == "intranet.khcnbackan.gov.vn" else ["203.113.131.1"],
    )
    with s:
        with pytest.raises(FetchError) as e:
            s.check_url("https://dosttn.gov.vn/x")
        assert e.value.kind == "off_domain" and "dosttn.gov.vn" in str(e.value)
        with pytest.raises(FetchError) as e:
            s.check_url("https://intranet.khcnbackan.gov.vn/x")
        assert e.value.kind == "private_address"
        with pytest.raises(FetchError) as e:
            s.check_url("ftp://khcnbackan.gov.vn/x")
        assert e.value.kind == "bad_url"
        s.check_url("https://www.khcnbackan.gov.vn/tin-tuc")
        assert s.allows("https://www.khcnbackan.gov.vn/a.pdf") and not s.allows("https://facebook.com/x")


@pytest.mark.parametrize(
    "content, ctype, expected",
    [
        ("Bảo Thắng".encode("utf-8"), "text/html; charset=utf-8", "Bảo Thắng"),
        ("Bảo Thắng".encode("utf-8"), "text/html", "Bảo Thắng"),
        (cp1258("<meta charset='windows-1258'>Bảo"), "text/html", "<meta charset='windows-1258'>Bảo"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">Hà'.encode(),
            None,
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">Hà',
        ),
        # undeclared legacy bytes: read as Vietnamese by the legacy layer (two words are too few to judge)
        (cp1258(SENTENCE), "text/html", SENTENCE),
        (b"\xef\xbb\xbfS\xe1\xbb\x9f", "text/html; charset=iso-8859-1", "Sở"),  # BOM beats the header
        ("Sở".encode("utf-8"), "text/html; charset=bogus-9", "Sở"),  # unknown charset ignored
        ("Sở KH&CN".encode("utf-8"), "text/html; charset=ISO-8859-1", "Sở KH&CN"),  # server default label
        ("café".encode("latin-1"), "text/html; charset=ISO-8859-1", "café"),  # a real Latin-1 body stays
    ],
    ids=[
        "http-charset",
        "utf8-undeclared",
        "meta-cp1258",
        "meta-http-equiv",
        "cp1258-fallback",
        "bom",
        "bogus",
        "latin1-label-on-utf8",
        "latin1-real",
    ],
)
def test_decode_body(content, ctype, expected):
    assert decode_body(content, ctype) == expected


def test_encoding_override_and_sniff():
    raw = cp1258("Thái Nguyên")
    assert sniff_encoding(raw, "text/html; charset=UTF-8") == "utf-8"
    assert decode_body(raw, "text/html; charset=UTF-8", encoding_override="windows-1258") == "Thái Nguyên"


def test_headers_are_a_case_insensitive_dict():
    h = Headers({"Content-Type": "text/html", "ETag": '"x"'})
    assert isinstance(h, dict) and h["content-type"] == "text/html" and h.get("ETAG") == '"x"' and "Etag" in h


def test_rate_limiter_spaces_requests_per_host():
    clock = Clock(start=100.0, ndigits=6)
    lim = RateLimiter(2.0, {"slow.gov.vn": 0.5, "fast.slow.gov.vn": 0}, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        lim.wait("a.gov.vn")
    assert clock.sleeps == [0.5, 0.5]
    clock.sleeps.clear()
    lim.wait("b.gov.vn")  # another host is not held back
    assert clock.sleeps == []
    lim.wait("www.slow.gov.vn")
    lim.wait("www.slow.gov.vn")
    assert clock.sleeps == [2.0]
    clock.sleeps.clear()
    for _ in range(5):
        lim.wait("fast.slow.gov.vn")  # most specific entry wins: 0 = off
    assert clock.sleeps == []


def test_rate_limiter_does_not_sleep_when_time_passed():
    clock = Clock(start=100.0, ndigits=6)
    lim = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    lim.wait("h")
    clock.now += 5
    lim.wait("h")
    assert clock.sleeps == []


def test_robots_rules_semantics():
    rules = parse_robots("https://x.vn", 200, "User-agent: *\nDisallow: /admin\nCrawl-delay: 3\n")
    assert rules.allows("https://x.vn/tin-tuc", "stcat/0.1") and not rules.allows("https://x.vn/admin/a", "stcat/0.1")
    assert rules.crawl_delay("stcat/0.1") == 3.0
    assert parse_robots("https://x.vn", 404, "").allows("https://x.vn/admin", "stcat")
    assert parse_robots("https://x.vn", 403, "").allows("https://x.vn/admin", "stcat")
    assert not parse_robots("https://x.vn", 503, "").allows("https://x.vn/", "stcat")
    assert not parse_robots("https://x.vn", 429, "").allows("https://x.vn/", "stcat")  # rate limited: back off
    own = parse_robots("https://x.vn", 200, "User-agent: stcat\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not own.allows("https://x.vn/a", "stcat/0.1 (+mailto:a@b.vn)") and own.allows("https://x.vn/a", "other")


def test_make_session_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        make_session(user_agent="")
    with pytest.raises(ValueError):
        make_session(user_agent="x", rate_limit=-1)
    with pytest.raises(ValueError):
        make_session(user_agent="x", offline=True)
    with pytest.raises(ValueError):
        make_session(user_agent="x", archive_dir=tmp_path, run_id="../evil")


_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12).filter(
    lambda s: not s.startswith("-") and not s.endswith("-")
)


@given(st.lists(_label, min_size=0, max_size=3), _label)
def test_subdomains_allowed_lookalikes_refused(prefix, glue):
    base = "khcnbackan.gov.vn"
    assert host_allowed(".".join([*prefix, base]), [base])
    assert not host_allowed(glue + base, [base])  # evilkhcnbackan.gov.vn
    assert not host_allowed(f"{base}.{glue}.com", [base])  # khcnbackan.gov.vn.evil.com
